import Foundation
import Testing
@testable import Scorecard

/// `<`, `<=`, `>`, `>=` between two text fields once compared the ids text was interned
/// under (first-seen order), not the text: over the pairs (13:36, 08:08), (08:08, 13:36),
/// (b, a), (zz, aa), `x < y` held for 3 of 4 instead of 1 — a wrong figure with no error.
/// Text has no order the engine can honour for every council (collation, case, times
/// typed as text), so the checker refuses the comparison and says what to declare instead.
@Suite struct TextOrderTests {
    static let definitions = MiniCouncil.framework + """
    record pair {
      key    id
      column area
      id     text
      x      text
      y      text
      who    person
      whom   person
      date   date
      area   area
    }
    source pairs {
      file      "pairs.csv"
      encoding  utf8
      delimiter ","
      header    yes
      into      pair
      id   = "id"
      x    = "x"
      y    = "y"
      who  = "x" system "A"
      whom = "y" system "A"
      date = "date" format "yyyy-mm-dd" required
      area = "area"
    }
    """

    static func measure(_ condition: String) -> String {
        "measure T1 {\n  name    \"ordered\"\n  section main\n  of      pair\n  when    date in period\n  where   \(condition)\n  count\n}\n"
    }

    static let rows = "id,x,y,date,area\n1,13:36,08:08,2017-04-03,North\n2,08:08,13:36,2017-04-04,North\n3,b,a,2017-04-05,North\n4,zz,aa,2017-04-06,North\n"

    /// Loads the definitions with `condition`; if they load, evaluates April 2017.
    static func outcome(_ condition: String) throws -> (errors: [Diagnostic], count: Double?) {
        let folder = NSTemporaryDirectory() + "scorecard-textorder-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder + "/data", withIntermediateDirectories: true)
        try Data(rows.utf8).write(to: URL(fileURLWithPath: folder + "/data/pairs.csv"))
        do {
            let checked = try DefinitionLoader.check([("t.framework", definitions), ("T1.metric", measure(condition))])
            let run = try Pipeline.run(definitions: checked, dataFolder: folder + "/data", asAt: Day.parseISO("2017-07-01")!)
            return ([], run.value("T1", "2017-04", "All"))
        } catch {
            return (error.diagnostics, nil)
        }
    }

    @Test(arguments: ["x < y", "x <= y", "x > y", "x >= y", "who < whom"])
    func orderingTwoTextOrPersonFieldsIsRefusedWhereItIsWritten(condition: String) throws {
        let (errors, count) = try Self.outcome(condition)
        // Never a figure from interned ids: before the fix, 'x < y' counted 3 rows of 4.
        #expect(count == nil, "'\(condition)' was evaluated to \(String(describing: count))")
        let error = try #require(errors.first)
        #expect(error.location?.file == "T1.metric" && error.location?.line == 6, "\(error)")
        #expect(error.message.contains("has no order"), "\(error.message)")
    }

    @Test func equalityOfTextStillCounts() throws {
        // The pairs differ in every row; x = y holds for none, x != y for all four.
        #expect(try Self.outcome("x = y").count == 0)
        #expect(try Self.outcome("x != y").count == 4)
    }
}
