// swift-tools-version:6.0
import PackageDescription

/// Scorecard: a declared-metric reporting engine for Early Help performance frameworks.
/// Foundation only, by decision: council IT deploys one self-contained binary.

/// Exclusivity checks stay on everywhere (Swift's default), so a conflicting access traps
/// rather than being undefined behaviour, in every build and every `make test`.
/// Until issue #12 the library was built with `-enforce-exclusivity=unchecked`: hot loops
/// paid a dynamic check on each access to a class's `var`, or to a variable that a local
/// function captures. Those loops now read `let`s (`Dataset.tables`, `GroupIndex`,
/// `ColumnPointers`), take a table's columns once per row rather than once per field
/// (`Table.append(raw:)`), and parse chunks without local functions capturing their
/// state (`Intake.parseChunk`). Callgrind, `scorecard run` on a scale-20 set (two runs
/// each): the old unchecked build 8,353 and 8,365 M instructions, this code with the
/// checks 8,429 and 8,440 M (+0.9%); before these changes the checks cost 6% (8,852 M
/// against 8,355 M). The checks
/// left are in in-order intake steps (interning, appending rows to a table), where a
/// class's state is written and has to be; moving that code into a target of its own
/// to keep the flag would move most of the intake, for under 1%.

let package = Package(
    name: "Scorecard",
    products: [
        .library(name: "CSV", targets: ["CSV"]),
        .library(name: "Scorecard", targets: ["Scorecard"]),
        .executable(name: "scorecard", targets: ["scorecard"]),
    ],
    targets: [
        .target(name: "CSV"),
        .target(name: "Scorecard", dependencies: ["CSV"]),
        .executableTarget(name: "scorecard", dependencies: ["Scorecard"]),
        .testTarget(name: "CSVTests", dependencies: ["CSV"]),
        .testTarget(name: "ScorecardTests", dependencies: ["Scorecard", "CSV"], exclude: ["Fixtures"]),
    ],
    swiftLanguageModes: [.v6]
)
