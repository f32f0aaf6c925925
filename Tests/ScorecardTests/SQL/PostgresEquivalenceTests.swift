import CSV
import Foundation
import XCTest
@testable import Scorecard

/// The declared measures, compiled to SQL (`scorecard sql --dialect postgres`), run on a
/// real PostgreSQL over the records `scorecard export` writes, give Scorecard's own long
/// table byte for byte: on the samples, on generated sets of several seeds, and at
/// another as-at date. Skipped, saying so, when PostgreSQL is not installed (`.ci/run`
/// installs it); a server that is installed but will not start is a failure.
final class PostgresEquivalenceTests: XCTestCase {
    nonisolated(unsafe) static var server: PostgresServer?
    nonisolated(unsafe) static var startFailure: String?
    nonisolated(unsafe) static var databases = 0

    override class func setUp() {
        super.setUp()
        guard let bin = PostgresServer.installedBin else { return }
        do { server = try PostgresServer(bin: bin) } catch { startFailure = "\(error)" }
    }

    override class func tearDown() {
        server?.stop()
        server = nil
        super.tearDown()
    }

    func requireServer() throws -> PostgresServer {
        if let failure = Self.startFailure { XCTFail("PostgreSQL is installed but did not start: \(failure)") }
        guard let server = Self.server else {
            let message = "SKIPPED PostgresEquivalenceTests: PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb); .ci/run installs it"
            print(message)
            throw XCTSkip(message)
        }
        return server
    }

    /// Exports `data` as at `asAt`, loads it into a new database, runs the compiled SQL and
    /// compares its long table with Scorecard's, byte for byte.
    func assertSameLongTable(data: String, asAt: Int32, _ name: String, definitions: Definitions = Repo.definitions) throws {
        let server = try requireServer()
        let run = try Pipeline.run(definitions: definitions, dataFolder: data, asAt: asAt)
        let expected = LongTable.csv(LongTable.rows(run))

        let folder = NSTemporaryDirectory() + "scorecard-export-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var intake = Intake(definitions: definitions, dataFolder: data, asAt: asAt)
        intake.keepEveryTable = true
        for file in Export.files(try intake.run().dataset) {
            try Data(file.bytes).write(to: URL(fileURLWithPath: folder + "/" + file.name))
        }
        let script: String
        do { script = try SQLCompiler(definitions: definitions, dialect: .postgres, asAt: asAt).script() } catch {
            throw error
        }
        try Data(script.utf8).write(to: URL(fileURLWithPath: folder + "/measures.sql"))

        Self.databases += 1
        let database = "t\(Self.databases)"
        try server.createDatabase(database)
        try server.psql(database, ["-f", "schema.sql", "-f", "load.psql", "-c", "ANALYZE"], directory: folder)
        let started = Date()
        let output = try server.psql(database, ["--csv", "-f", "measures.sql"], directory: folder)
        let seconds = Date().timeIntervalSince(started)
        print("PostgresEquivalenceTests \(name): \(run.periods.count) periods, query \(String(format: "%.2f", seconds)) s")

        var reader = CSVReader(bytes: Array(output.utf8), dialect: Dialect(hasHeader: true))
        var record = ByteRecord()
        var rows: [LongTable.Row] = []
        while case .record = reader.read(into: &record) {
            XCTAssertEqual(record.count, 7)
            guard record.count == 7 else { break }
            rows.append(LongTable.Row(measure: record.string(0), breakdown: record.string(1), period: record.string(2), column: record.string(3),
                                      numerator: record.string(4), denominator: record.string(5), value: record.string(6)))
        }
        let actual = LongTable.csv(rows)
        if actual != expected {
            let e = String(decoding: expected, as: UTF8.self).split(separator: "\r\n", omittingEmptySubsequences: false)
            let a = String(decoding: actual, as: UTF8.self).split(separator: "\r\n", omittingEmptySubsequences: false)
            let first = zip(e, a).enumerated().first { $0.element.0 != $0.element.1 }
            XCTFail("\(name): PostgreSQL's long table differs from Scorecard's (\(a.count) lines, expected \(e.count))"
                    + (first.map { "; first at line \($0.offset + 1): expected \($0.element.0), PostgreSQL \($0.element.1)" } ?? ""))
        }
    }

    func testSamples() throws {
        try assertSameLongTable(data: Repo.sampleData, asAt: Repo.sampleAsAt, "samples")
    }

    func testGeneratedSets() throws {
        _ = try requireServer()
        for seed: UInt64 in [1, 7] {
            let set = try GeneratedSet(scale: 0.5, seed: seed)
            defer { set.remove() }
            try assertSameLongTable(data: set.folder, asAt: GeneratedSet.asAt, "generated scale 0.5, seed \(seed)")
        }
    }

    func testAnotherAsAtDate() throws {
        _ = try requireServer()
        let asAt = Day.number(year: 2017, month: 9, day: 30)
        let set = try GeneratedSet(scale: 0.5, seed: 42, asAt: asAt)
        defer { set.remove() }
        try assertSameLongTable(data: set.folder, asAt: asAt, "generated scale 0.5, seed 42, as at 2017-09-30")
    }

    /// Every figure example of the language reference (metrics/README.md): its measures,
    /// with the example council, on the reference's extracts: every one compiles, and gives
    /// the engine's long table.
    func testLanguageReferenceExamples() throws {
        _ = try requireServer()
        let folder = NSTemporaryDirectory() + "scorecard-reference-sql-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for csv in LanguageReferenceTests.blocks("csv") { try Data(csv.text.utf8).write(to: URL(fileURLWithPath: folder + "/" + csv.argument)) }
        let asAt = Day.parseISO(LanguageReferenceTests.asAt)!
        var compared = 0
        var refused: [String] = []
        var refusedBlocks = 0
        // Figure examples that show a run stopping (`# error:` lines) have no long table to compare.
        let figureBlocks = LanguageReferenceTests.blocks("scorecard-figure").filter { !$0.text.contains("# error:") }
        for block in figureBlocks {
            guard case .success(let definitions) = LanguageReferenceTests.check(block) else {
                XCTFail("\(block) does not load")
                continue
            }
            do {
                _ = try SQLCompiler(definitions: definitions, dialect: .postgres, asAt: asAt).script()
            } catch {
                refused += error.errors.map { "\($0.measure): \($0.construct)" }
                refusedBlocks += 1
                continue
            }
            try assertSameLongTable(data: folder, asAt: asAt, "\(block)", definitions: definitions)
            compared += 1
        }
        print("PostgresEquivalenceTests: \(compared) language reference examples identical on PostgreSQL; refused: \(refused.joined(separator: "; "))")
        // Only money and date-times (exact pence, times of day, the close of business) are
        // refused, by name; the rest of the language compiles and gives the same figures.
        XCTAssertEqual(refused.filter { !$0.contains("money") && !$0.contains("date-time") }, [])
        XCTAssertEqual(compared + refusedBlocks, figureBlocks.count)
        XCTAssertGreaterThan(compared, 20)
    }

    /// `min`/`max` of decimals in a derived value where one side is `z` (a division by
    /// zero, NaN inside): the engine keeps a NaN that comes first and passes over a later
    /// one; SQL's LEAST/GREATEST would rank NaN above every number.
    func testMinAndMaxBesideNotApplicable() throws {
        _ = try requireServer()
        let folder = NSTemporaryDirectory() + "scorecard-min-max-z-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for csv in LanguageReferenceTests.blocks("csv") { try Data(csv.text.utf8).write(to: URL(fileURLWithPath: folder + "/" + csv.argument)) }
        let measures = """
        measure MZ0 {
          name    "Started"
          section how_much
          of      case
          when    start in period
          count
        }
        measure MZ1 {
          name    "z first, min"
          section how_much
          value   min(MZ0.count / (MZ0.count - MZ0.count), 2.5)
        }
        measure MZ2 {
          name    "z second, min"
          section how_much
          value   min(2.5, MZ0.count / (MZ0.count - MZ0.count))
        }
        measure MZ3 {
          name    "z first, max"
          section how_much
          value   max(MZ0.count / (MZ0.count - MZ0.count), 2.5, MZ0.count / 4)
        }
        measure MZ4 {
          name    "z second, max"
          section how_much
          value   max(MZ0.count / 4, MZ0.count / (MZ0.count - MZ0.count), 0.5)
        }
        """
        let definitions = try DefinitionLoader.check(LanguageReferenceTests.context + [("min-max-z.metric", measures)])
        try assertSameLongTable(data: folder, asAt: Day.parseISO(LanguageReferenceTests.asAt)!, "min and max beside z", definitions: definitions)
    }

    /// Working-day arithmetic both ways, past weekends and the example council's bank
    /// holidays, and whole numbers past BIGINT's range (blank in arithmetic, `x` for a
    /// sum), on the example council's extracts.
    func testWorkingDaysAndWholeNumberLimits() throws {
        _ = try requireServer()
        let folder = NSTemporaryDirectory() + "scorecard-working-days-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for csv in LanguageReferenceTests.blocks("csv") { try Data(csv.text.utf8).write(to: URL(fileURLWithPath: folder + "/" + csv.argument)) }
        let measures = """
        measure WD1 {
          name    "Working days"
          section how_much
          of      case
          when    start in period
          part    back7   = share add_working_days(start, -7) >= start - 9 days
          part    ahead12 = share add_working_days(start, 12) <= start + 16 days
          part    zero    = share add_working_days(start, 0) = start
          part    span    = share working_days(start, end) > 10
          part    reverse = share working_days(end, start) < -10
          part    endday  = share is_working_day(end)
          part    far     = share add_working_days(start, 300) > start + 400 days
        }
        measure WD2 {
          name    "Days to a deadline"
          section how_much
          of      case
          when    start in period
          max     days_between(start, add_working_days(start, visits * 3 - 5))
        }
        measure BIG1 {
          name    "Past the whole numbers"
          section how_much
          of      case
          when    start in period
          part    fits     = share visits * 999999999999 * 3000000 > 0
          part    overflow = share visits * 999999999999 * 9999999 is blank
        }
        measure BIG2 {
          name    "A sum past the whole numbers"
          section how_much
          of      case
          when    start in period
          sum     visits * 999999999999 * 3000000
        }
        """
        let definitions = try DefinitionLoader.check(LanguageReferenceTests.context + [("working-days.metric", measures)])
        try assertSameLongTable(data: folder, asAt: Day.parseISO(LanguageReferenceTests.asAt)!, "working days", definitions: definitions)
    }
}
