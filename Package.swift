// swift-tools-version:6.0
import PackageDescription

/// Scorecard: a declared-metric reporting engine for Early Help performance frameworks.
/// Foundation only, by decision: council IT deploys one self-contained binary.
let package = Package(
    name: "Scorecard",
    products: [
        .library(name: "CSV", targets: ["CSV"]),
        .library(name: "Scorecard", targets: ["Scorecard"]),
        .executable(name: "scorecard", targets: ["scorecard"]),
    ],
    targets: [
        .target(name: "CSV"),
        .target(
            name: "Scorecard", dependencies: ["CSV"],
            // Hot loops read columns of classes; dynamic exclusivity checks there cost
            // several times the work itself (PERFORMANCE-NOTES.md). Access is single-owner by design.
            swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked"])]),
        .executableTarget(name: "scorecard", dependencies: ["Scorecard"]),
        .testTarget(name: "CSVTests", dependencies: ["CSV"]),
        .testTarget(name: "ScorecardTests", dependencies: ["Scorecard", "CSV"], exclude: ["Fixtures"]),
    ],
    swiftLanguageModes: [.v6]
)
