import Foundation
import Testing
@testable import Scorecard

/// Date-times and month labels in any fixed layout, through the real intake: each file
/// below holds one value its layout reads and one it must not (a date-only value where a
/// time is declared, an hour of 24, a thirteenth month…), and every unreadable value
/// is a rejected row, never a guess.
@Suite struct DateLayoutTests {
    static let layouts: [(format: String, pivot: String, good: String, bad: String, day: String)] = [
        ("dd/mm/yyyy hh:mm", "", "03/04/2017 09:30", "03/04/2017", "2017-04-03"),
        ("dd/mm/yyyy hh:mm:ss", "", "04/04/2017 23:59:59", "04/04/2017 24:00:00", "2017-04-04"),
        ("yyyy-mm-ddThh:mm:ss", "", "2017-04-05T00:00:00", "2017-04-05 00:00:00", "2017-04-05"),
        ("yyyy-mm-dd hh:mm:ss.fff", "", "2017-04-06 13:36:08.123", "2017-04-06 13:36:08", "2017-04-06"),
        ("Mon-yy", "pivot 50", "Apr-17", "Apr-2017", "2017-04-01"),
        ("Mon-yyyy", "", "apr-2017", "Apx-2017", "2017-04-01"),
        ("Mon yyyy", "", "Apr 2017", "April 2017", "2017-04-01"),
        ("yyyy-mm", "", "2017-04", "2017-13", "2017-04-01"),
        ("mm/yyyy", "", "04/2017", "4/2017", "2017-04-01"),
        ("dd/mm/yy", "pivot 30", "07/04/17", "07/04/2017", "2017-04-07"),
        // Year labels: an academic year (September to August) and a financial year (April to March).
        ("yyyy/yy", #"starts "September""#, "2016/17", "2016/18", "2016-09-01"),
        ("yyyy-yy", #"starts "April""#, "2017-18", "2017-2018", "2017-04-01"),
    ]

    static func definitions() -> String {
        var text = MiniCouncil.framework + """
        record event {
          key    id
          column area
          id     text
          day    date
          area   area
        }
        measure E1 {
          name    "Events"
          section main
          of      event
          when    day in period
          count
        }

        """
        for (k, layout) in layouts.enumerated() {
            text += """
            source layout\(k) {
              file      "layout\(k).csv"
              encoding  utf8
              delimiter ","
              header    yes
              into      event
              id   = "id"
              day  = "day" format "\(layout.format)" \(layout.pivot) required
              area = "area"
              rejected 60 percent error
            }

            """
        }
        return text
    }

    @Test func everyLayoutReadsWhatItSaysAndRejectsTheRest() throws {
        let folder = NSTemporaryDirectory() + "scorecard-layouts-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for (k, layout) in Self.layouts.enumerated() {
            try "id,day,area\ng\(k),\(layout.good),North\nb\(k),\(layout.bad),North\n".write(toFile: folder + "/layout\(k).csv", atomically: true, encoding: .utf8)
        }
        let checked = try DefinitionLoader.check([("layouts.framework", Self.definitions())])
        let run = try Pipeline.run(definitions: checked, dataFolder: folder, asAt: Day.parseISO("2017-07-01")!)
        for (k, layout) in Self.layouts.enumerated() {
            let report = try #require(run.reports.first { $0.source == "layout\(k)" })
            #expect(report.accepted == 1 && report.rejectedCount == 1, "\(layout.format): \(report.accepted) accepted, \(report.rejected)")
            let rejected = run.rejects.filter { $0.source == "layout\(k)" }
            #expect(rejected.first?.line == 3 && rejected.first?.reason.hasPrefix("unreadable date") == true, "\(layout.format): \(rejected.map(\.reason))")
            // The good value's day, as the layout says.
            let table = run.dataset.tables[0]
            let row = try #require((0..<table.count).first { Explain.text(run, record: 0, field: 0, row: $0) == "g\(k)" })
            #expect(Explain.text(run, record: 0, field: 1, row: row) == layout.day, "\(layout.format)")
        }
        // Every good value but the academic year's (September 2016) falls in April 2017.
        #expect(run.value("E1", "2017-04", "All") == Double(Self.layouts.count - 1))
    }

    @Test(arguments: [
        (#"day = "day" format "dd/mm/yyyy *""#, 34, "'*' is not part of a date layout"),
        (#"day = "day" format "dd/mm/yyyy hh:nn""#, 37, "'n' is not part of a date layout"),
        (#"day = "day" format "dd/mm/yy""#, 22, "a two-digit year (yy) needs 'pivot YY'"),
        (#"day = "day" format "dd/mm/yyyy" pivot 50"#, 41, "'pivot' is for layouts with a two-digit year"),
        (#"day = "day" format "hh:mm""#, 23, "a date layout needs a year"),
        (#"day = "day" format "dd/mm/yyyy hh""#, 23, "a time needs minutes"),
        (#"id = "id" format "dd/mm/yyyy""#, 20, "'format' is for date fields; 'id' is a text field"),
        (#"day = "day" format "yyyy/yy""#, 22, "a year label (\"yyyy/yy\") needs 'starts \"MONTH\"'"),
        (#"day = "day" format "dd/mm/yyyy" starts "April""#, 42, "'starts' is for year labels"),
    ])
    func aLayoutTheReaderCannotHonourIsADefinitionErrorWhereItIsWritten(mapping: String, column: Int, words: String) {
        let source = """
        source odd {
          file      "odd.csv"
          encoding  utf8
          delimiter ","
          header    yes
          into      event
          \(mapping)
        }
        """
        let base = Self.definitions().components(separatedBy: "source layout0")[0]
        do {
            _ = try DefinitionLoader.check([("layouts.framework", base), ("odd.source", source)])
            Issue.record("accepted: \(mapping)")
        } catch {
            let hit = error.diagnostics.first { $0.message.contains(words) }
            #expect(hit != nil, "\(error.description)")
            #expect(hit?.location?.file == "odd.source" && hit?.location?.line == 7 && hit?.location?.column == column, "\(String(describing: hit))")
        }
    }
}
