import Foundation
import Testing
@testable import Scorecard

/// The SQL every shipped measure compiles to, per dialect, against
/// `Fixtures/golden-sql/DIALECT/MEASURE.sql` (and the whole script at the samples' as-at
/// date in `script.sql`), so a change to the compiler shows as a reviewable diff.
/// Re-record after an intended change with `RECORD_GOLDEN=1 swift test --filter
/// SQLGoldenTests` (or `make golden`).
@Suite struct SQLGoldenTests {
    static let recording = ProcessInfo.processInfo.environment["RECORD_GOLDEN"] == "1"
    static var folder: String { Repo.fixtures + "/golden-sql" }

    static func compare(_ given: String, _ path: String) throws {
        // Messages name definition files by the path given; the golden files by the repository's.
        let text = given.replacingOccurrences(of: Repo.root + "/", with: "")
        if recording {
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            return
        }
        guard let expected = FileManager.default.contents(atPath: path) else {
            Issue.record("no golden file \(path); record with RECORD_GOLDEN=1 swift test --filter SQLGoldenTests")
            return
        }
        if String(decoding: expected, as: UTF8.self) != text {
            let e = String(decoding: expected, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            let a = text.split(separator: "\n", omittingEmptySubsequences: false)
            let line = zip(e, a).enumerated().first { $0.element.0 != $0.element.1 }.map { $0.offset + 1 } ?? min(e.count, a.count) + 1
            Issue.record("\(path) differs from the compiler's output at line \(line). Re-record with RECORD_GOLDEN=1 swift test --filter SQLGoldenTests if the change is intended.")
        }
    }

    @Test(arguments: SQLDialect.allCases)
    func everyShippedMeasureMatchesItsGoldenSQL(dialect: SQLDialect) throws {
        let compiler = SQLCompiler(definitions: Repo.definitions, dialect: dialect, asAt: Repo.sampleAsAt)
        let measures = compiler.perMeasure()
        #expect(measures.count == Repo.definitions.measures.count)
        for (id, sql) in measures {
            try Self.compare(sql, "\(Self.folder)/\(dialect.rawValue)/\(id).sql")
        }
        if let script = try? compiler.script() {
            try Self.compare(script, "\(Self.folder)/\(dialect.rawValue)/script.sql")
        }
    }

    /// PostgreSQL compiles every shipped measure.
    @Test func everyShippedMeasureCompilesForPostgres() throws {
        let script = try SQLCompiler(definitions: Repo.definitions, dialect: .postgres, asAt: Repo.sampleAsAt).script()
        for measure in Repo.definitions.measures { #expect(script.contains("-- \(measure.id)\n")) }
    }

    /// The same definitions and date give the same bytes.
    @Test func compilingIsDeterministic() throws {
        let a = try SQLCompiler(definitions: Repo.definitions, dialect: .postgres, asAt: Repo.sampleAsAt).script()
        let b = try SQLCompiler(definitions: Repo.definitions, dialect: .postgres, asAt: Repo.sampleAsAt).script()
        #expect(a == b)
    }
}

/// What the compiler refuses, it refuses by name: the measure, where it is declared, and
/// the construct — through `scorecard sql`'s exit code 8, never a silent gap.
@Suite struct SQLRefusalTests {
    static let council = MiniCouncil.framework.replacingOccurrences(of: "  section main \"Main\"", with: "  section main \"Main\"\n  holidays none") + """
    record case {
      key    id
      column area
      id     text
      area   area
      start  date
    }
    source cases {
      file "cases.csv"
      into case
      id    = "Case" required
      area  = "Area"
      start = "Start" format "yyyy-mm-dd" required
    }
    measure OK1 {
      name    "Started"
      of      case
      when    start in period
      count
    }
    measure DUE {
      name    "Due within five working days"
      of      case
      when    add_working_days(start, 5) in period
      count
    }

    """

    @Test func anUntranslatableConstructNamesTheMeasureAndTheConstruct() throws {
        let definitions = try DefinitionLoader.check([("council.metric", Self.council)])
        do {
            _ = try SQLCompiler(definitions: definitions, dialect: .spark, asAt: Day.parseISO("2017-07-01")!).script()
            Issue.record("add_working_days compiled for Spark; the refusal test needs another untranslatable construct")
        } catch {
            #expect(error.errors.count == 1)
            #expect(error.errors.first?.measure == "DUE")
            #expect(error.description.contains("council.metric:"))
            #expect(error.description.contains("measure DUE: 'add_working_days' (a search over days, written with PostgreSQL's generate_series) has no SQL translation"))
        }
        // PostgreSQL has every construct.
        #expect((try? SQLCompiler(definitions: definitions, dialect: .postgres, asAt: Day.parseISO("2017-07-01")!).script()) != nil)
    }

    /// Money and date-time fields have no SQL form yet: a measure reading one is refused
    /// by name, in both dialects, never compiled to a figure that could differ.
    @Test func moneyAndDateTimeMeasuresAreRefusedByName() throws {
        let council = Self.council.replacingOccurrences(of: "  start  date\n}", with: "  start  date\n  cost   money\n  at     datetime\n}")
            .replacingOccurrences(of: "  start = \"Start\" format \"yyyy-mm-dd\" required\n", with: "  start = \"Start\" format \"yyyy-mm-dd\" required\n  cost  = \"Cost\" currency \"£\"\n  at    = \"At\" format \"yyyy-mm-dd hh:mm\"\n")
            + """
            measure SPEND {
              name "Spend"
              of   case
              when start in period
              sum  cost
            }
            measure LATE {
              name  "Arrived after five"
              of    case
              when  start in period
              where hour(at) >= 17
              count
            }

            """
        let definitions = try DefinitionLoader.check([("council.metric", council)])
        for dialect in SQLDialect.allCases {
            do {
                _ = try SQLCompiler(definitions: definitions, dialect: dialect, asAt: Day.parseISO("2017-07-01")!).script()
                Issue.record("a money or date-time measure compiled for \(dialect)")
            } catch {
                let named = error.errors.map { "\($0.measure): \($0.construct)" }
                #expect(named.contains { $0.hasPrefix("SPEND:") && $0.contains("money") })
                #expect(named.contains { $0.hasPrefix("LATE:") && $0.contains("date-time") })
            }
        }
    }

    @Test func theCommandExitsWithCode8() throws {
        let folder = NSTemporaryDirectory() + "scorecard-sql-refusal-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try Self.council.write(toFile: folder + "/council.metric", atomically: true, encoding: .utf8)
        let result = try BinaryRunner.run(["sql", "--dialect", "spark", "--metrics", folder, "--as-at", "2017-07-01"])
        #expect(result.code == ExitCode.untranslatable.rawValue)
        #expect(result.err.contains("council.metric:"))
        #expect(result.err.contains("measure DUE: 'add_working_days'"))
        #expect(result.err.contains("1 measure(s) cannot be compiled to SQL; nothing was written"))
        #expect(result.out.isEmpty, "nothing is written when a measure cannot be compiled")
    }

    @Test func anUnknownDialectIsAUsageError() throws {
        let result = try BinaryRunner.run(["sql", "--dialect", "postgre"])
        #expect(result.code == ExitCode.usage.rawValue)
        #expect(result.err.contains("did you mean 'postgres'"))
    }
}
