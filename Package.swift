// swift-tools-version:6.0
import PackageDescription

/// Scorecard: a declared-metric reporting engine for Early Help performance frameworks.
/// Foundation only, by decision: council IT deploys one self-contained binary.

/// Hot loops read columns of classes; dynamic exclusivity checks there cost several
/// times the work itself (PERFORMANCE-NOTES.md), and access is single-owner by design,
/// so the library is built without them. SCORECARD_CHECK_EXCLUSIVITY=1 builds it with
/// them (`make sanitize` runs the suite so, in its own scratch path), so a conflicting
/// access, undefined behaviour when unchecked, is caught.
let exclusivity: [SwiftSetting] = Context.environment["SCORECARD_CHECK_EXCLUSIVITY"] == "1"
    ? [] : [.unsafeFlags(["-enforce-exclusivity=unchecked"])]

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
            swiftSettings: exclusivity),
        .executableTarget(name: "scorecard", dependencies: ["Scorecard"]),
        .testTarget(name: "CSVTests", dependencies: ["CSV"]),
        .testTarget(name: "ScorecardTests", dependencies: ["Scorecard", "CSV"], exclude: ["Fixtures"]),
    ],
    swiftLanguageModes: [.v6]
)
