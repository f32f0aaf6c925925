import Foundation
import Testing
@testable import Scorecard

/// Comparators taken from an extract — England's figure each month — not only literals
/// per year: the report shows the value for its period, or `x` when the extract has none.
@Suite struct ComparatorLookupTests {
    static let definitions = [
        "records/england.record": """
        # England's published figure per month: a look-up, so no column.
        record england {
          month decimal_month
          rate  decimal
        }
        """.replacingOccurrences(of: "decimal_month", with: "date"),
        "sources/england.source": """
        source england {
          file      "england.csv"
          encoding  utf8
          delimiter ","
          header    yes
          into      england
          month = "month" format "yyyy-mm-dd" required
          rate  = "rate"
        }
        """,
        "impact/IM5E.metric": """
        measure IM5E {
          name       "Children looked after per 10,000, against England each month"
          section    impact
          of         csc_episode
          when       open at period end
          where      type = "CLA"
          count      distinct child
          per        10000 population.children matching year = year(fy_start(period.end))
          comparator "England" from england.rate matching month = month_start(period.end)
        }
        """,
    ]

    @Test func theReportShowsTheExtractsValueForItsPeriod() throws {
        let metrics = NSTemporaryDirectory() + "scorecard-comparator-" + UUID().uuidString
        let data = NSTemporaryDirectory() + "scorecard-comparator-data-" + UUID().uuidString
        let out = NSTemporaryDirectory() + "scorecard-comparator-out-" + UUID().uuidString
        defer { for f in [metrics, data, out] { try? FileManager.default.removeItem(atPath: f) } }
        try FileManager.default.copyItem(atPath: Repo.metrics, toPath: metrics)
        for (path, text) in Self.definitions { try text.write(toFile: metrics + "/" + path, atomically: true, encoding: .utf8) }
        try FileManager.default.copyItem(atPath: Repo.sampleData, toPath: data)
        // March 2018 is there (the end of 2017-18 Q4); December 2017 is not.
        try "month,rate\n2018-02-01,60.5\n2018-03-01,61.25\n2018-03-01,99\n".write(toFile: data + "/england.csv", atomically: true, encoding: .utf8)

        let q4 = try BinaryRunner.run(["run", "--data", data, "--as-at", "2018-04-06", "--out", out, "--metrics", metrics, "--period", "2017-18 Q4"])
        #expect(q4.code == 0, "\(q4.err)")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/report.json"))) as? [String: Any]
        let measures = (json?["sections"] as? [[String: Any]])?.flatMap { ($0["measures"] as? [[String: Any]]) ?? [] } ?? []
        let im5e = try #require(measures.first { $0["id"] as? String == "IM5E" })
        let comparators = try #require(im5e["comparators"] as? [[String: Any]])
        // The first matching row stands (the repeated March row is ignored); shown to one decimal place.
        #expect(comparators.count == 1)
        #expect(comparators.first?["name"] as? String == "England" && comparators.first?["year"] as? String == "2017-18 Q4")
        let shown = String(describing: comparators.first.map { $0["value"] ?? "" } ?? "")
        #expect(shown.contains("61.3"), "\(comparators)")
        // A period the extract does not cover shows x.
        let q3 = try BinaryRunner.run(["run", "--data", data, "--as-at", "2018-04-06", "--out", out, "--metrics", metrics, "--period", "2017-18 Q3"])
        #expect(q3.code == 0, "\(q3.err)")
        let markdown = try String(contentsOfFile: out + "/report.md", encoding: .utf8)
        #expect(markdown.contains("England 2017-18 Q3: x"), "\(markdown.split(separator: "\n").filter { $0.contains("Comparators") })")
        // The look-up extract is never "unplaced".
        let quality = try String(contentsOfFile: out + "/data-quality.csv", encoding: .utf8)
        #expect(quality.contains("england,england.csv,3,3,0,0,0"), "\(quality)")
    }

    @Test func aComparatorMustBeANumberMatchedByTheRightType() {
        let bad = """
        measure BAD {
          name       "b"
          section    impact
          of         csc_episode
          when       open at period end
          count
          comparator "England" from england.month matching month = year(period.end)
        }
        """
        var files = Self.definitions
        files["impact/IM5E.metric"] = bad
        do {
            _ = try Repo.definitions(adding: files)
            Issue.record("accepted")
        } catch {
            let text = String(describing: error)
            #expect(text.contains("a comparator is a number field of 'england'; did you mean 'rate'?") || text.contains("a comparator is a number field of 'england'"), "\(text)")
        }
    }
}
