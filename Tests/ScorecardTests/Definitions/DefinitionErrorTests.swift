import Foundation
import Testing
@testable import Scorecard

/// Definition errors point at file:line:column, suggest the nearest name, and every
/// error in every file is reported at once.
@Suite struct DefinitionErrorTests {
    /// The shipped definition texts, so a test can add one broken file beside them.
    static func shipped() throws -> [(file: String, text: String)] {
        let folder = Repo.metrics
        let paths = (FileManager.default.enumerator(atPath: folder)?.allObjects as? [String] ?? [])
            .filter { DefinitionLoader.extensions.contains(($0 as NSString).pathExtension) }.sorted()
        return try paths.map { ("metrics/" + $0, try String(contentsOfFile: folder + "/" + $0, encoding: .utf8)) }
    }

    static func errors(adding text: String, as file: String = "metrics/broken.metric") throws -> [String] {
        let texts = try shipped() + [(file, text)]
        do throws(DiagnosticError) {
            _ = try DefinitionLoader.check(texts)
            return []
        } catch {
            return error.diagnostics.map(\.description)
        }
    }

    @Test func shippedDefinitionsHaveEveryFrameworkMeasure() {
        let ids = Set(Repo.definitions.measures.map(\.id))
        let expected = (1...8).map { "HM\($0)" } + (1...8).map { "HW\($0)" } + (1...7).map { "IM\($0)" } + ["PF1"]
        #expect(ids == Set(expected))
    }

    @Test func everyErrorInAFileIsReportedWithItsPositionAndASuggestion() throws {
        let errors = try Self.errors(adding: """
        measure X1 {
          name      "Broken"
          section   how_much
          of        case
          when      recieved in period
          share     end_reson = "Outcomes met"
          breakdown rout
        }
        """)
        #expect(errors == [
            "metrics/broken.metric:5:13: error: unknown name 'recieved'; did you mean 'received'?",
            "metrics/broken.metric:6:13: error: unknown name 'end_reson'; did you mean 'end_reason'?",
            "metrics/broken.metric:7:13: error: breakdowns are by a code field of 'case'; did you mean 'route'?",
        ])
    }

    @Test func unknownCodeValuesStatementsAndRecordsAreNamed() throws {
        let errors = try Self.errors(adding: """
        measure X2 {
          nme     "Typo"
          section how_much
          of      cases
          count
        }
        measure X3 {
          section how_wel
          of      case
          when    received in period
          share   route = "Scool"
        }
        """)
        #expect(errors == [
            "metrics/broken.metric:2:3: error: unknown statement 'nme'; did you mean 'name'?",
            "metrics/broken.metric:4:11: error: unknown record 'cases'; did you mean 'case'?",
            "metrics/broken.metric:8:11: error: unknown section 'how_wel'; did you mean 'how_well'?",
            "metrics/broken.metric:11:19: error: \"Scool\" is not a value of 'route'; did you mean 'School'?",
        ])
    }

    @Test func typeErrorsAndSyntaxErrors() throws {
        let errors = try Self.errors(adding: """
        measure X4 {
          of    case
          when  received in period and
          count
        }
        measure X5 {
          of    case
          when  received < 3
          share person
        }
        """)
        // A trailing `and` carries the condition onto the next line, so `count` is read as a name.
        #expect(errors == [
            "metrics/broken.metric:1:9: error: measure 'X4' needs 'count', 'count distinct …', 'share …' or parts",
            "metrics/broken.metric:4:3: error: unknown name 'count'",
            "metrics/broken.metric:8:18: error: cannot compare a date with a whole number",
            "metrics/broken.metric:9:9: error: expected a condition, found a person",
        ])
    }

    @Test func errorsAcrossFilesAreAllReported() throws {
        var texts = try Self.shipped()
        texts.append(("metrics/a.metric", "measure A1 {\n  of nothing\n}\n"))
        texts.append(("metrics/b.source", "source b {\n  file \"b.csv\"\n  into case\n  idd = \"X\"\n}\n"))
        #expect(throws: DiagnosticError.self) { try DefinitionLoader.check(texts) }
        do throws(DiagnosticError) {
            _ = try DefinitionLoader.check(texts)
        } catch {
            let messages = error.diagnostics.map(\.description)
            #expect(messages.contains("metrics/a.metric:2:6: error: unknown record 'nothing'"))
            #expect(messages.contains("metrics/b.source:4:3: error: record 'case' has no field 'idd'; did you mean 'id'?"))
        }
    }

    @Test func badSizeAndRangeDeclarationsAreErrorsAtTheirPositions() throws {
        let errors = try Self.errors(adding: """
        record bounded {
          column where
          where  locality
          count  int range 10 to 0
          name   text range 0 to 5
          fte    decimal range "2000-01-01" to 3
          day    date range 0 to 5
          half   int range 0 to 2.5
          seen   date range "2000-01-01" to "2000-02-30"
        }
        source bounded_a {
          file       "a.csv"
          into       bounded
          max record -1 MB
          max field  2 MB
          max line   3 KB
          max record 4 MiB
        }
        """, as: "metrics/broken.record")
        #expect(errors == [
            "metrics/broken.record:4:20: error: the range of 'count' runs from a higher value to a lower one",
            "metrics/broken.record:5:21: error: a range applies to int, decimal, money, date and datetime fields; 'name' is none of these",
            "metrics/broken.record:6:24: error: 'fte' is a number: its range runs between numbers, as 0 to 100",
            "metrics/broken.record:7:21: error: 'day' is a date: its range runs between dates in quotes, as \"2000-01-01\"",
            "metrics/broken.record:8:25: error: 'half' is an int: its range needs whole numbers",
            "metrics/broken.record:9:37: error: \"2000-02-30\" is not a date written YYYY-MM-DD",
            "metrics/broken.record:14:14: error: 'max record' must be a whole number of bytes from 1 byte to 1 GB",
            "metrics/broken.record:15:14: error: 'max field' (2097152 bytes) is more than the largest record (1048576 bytes, the default); declare 'max record' too",
            "metrics/broken.record:16:7: error: expected 'record' or 'field' after 'max' ('max record 1 MB', 'max field 64 KB'), found 'line'",
            "metrics/broken.record:17:16: error: expected a unit (bytes, KB, MB or GB) after the size, found 'MiB'; did you mean 'MB'?",
        ])
    }

    @Test func badPlausibleDatesAreErrors() throws {
        var texts = try Self.shipped()
        let i = try #require(texts.firstIndex { $0.file.hasSuffix("kestrel.framework") })
        texts[i].text = texts[i].text.replacingOccurrences(of: #"dates from   "2000-01-01" to "2099-12-31""#, with: #"dates from "2099-01-01" to "2000-12-31""#)
        do throws(DiagnosticError) {
            _ = try DefinitionLoader.check(texts)
            Issue.record("reversed plausible dates were accepted")
        } catch {
            #expect(error.diagnostics.map(\.description).contains { $0.contains("kestrel.framework") && $0.contains("the plausible dates run from 2099-01-01 to an earlier 2000-12-31") })
        }
    }
}
