import Foundation
import Testing
@testable import Scorecard

/// A measure that looks forward declares when a period's figure is due; before that
/// the period shows `x` in the long table, the reports and the quarterly return.
@Suite struct NotYetDueTests {
    static let measures = """
    # Requests, reported only once three months have passed (as a "no re-referral
    # within 3 months" measure would be).
    measure DUE1 {
      name      "Requests, after three months"
      section   how_much
      of        case
      when      received in period
      count
      breakdown route including "Not recorded"
      available 3 months after period end
    }
    measure DUE2 {
      name    "Twice the delayed requests"
      section how_much
      value   DUE1.count * 2
    }
    """

    @Test func periodsNotYetDueAreUnavailableEverywhere() throws {
        let metrics = NSTemporaryDirectory() + "scorecard-due-" + UUID().uuidString
        let out = NSTemporaryDirectory() + "scorecard-due-out-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: metrics); try? FileManager.default.removeItem(atPath: out) }
        try FileManager.default.copyItem(atPath: Repo.metrics, toPath: metrics)
        try Self.measures.write(toFile: metrics + "/how-much/DUE.metric", atomically: true, encoding: .utf8)
        let result = try BinaryRunner.run(["run", "--data", Repo.sampleData, "--as-at", "2018-04-06", "--out", out, "--metrics", metrics,
                                           "--period", "2017-18 Q4"])
        #expect(result.code == 0, "\(result.err)")
        let table = try Revisions.read(out + "/long-table.csv")
        func value(_ measure: String, _ period: String, _ column: String = "City", _ breakdown: String = "") -> String? {
            table.first { $0.measure == measure && $0.period == period && $0.column == column && $0.breakdown == breakdown }?.value
        }
        // As at 2018-04-06: December's figure was due on 31 March; January's is due on 30 April.
        for (period, due) in [("2017-12", true), ("2018-01", false), ("2018-03", false), ("2017-18 Q3", true), ("2017-18 Q4", false),
                              ("2016-17", true), ("2017-18", false)] {
            let hm1 = try #require(value("HM1", period))
            #expect(value("DUE1", period) == (due ? hm1 : "x"), "\(period)")
            #expect(value("DUE1", period, "Coalfields", "Self") == (due ? value("HM1", period, "Coalfields", "Self") : "x"), "\(period)")
            #expect((value("DUE2", period) == "x") == !due, "\(period)")
        }
        // The quarterly return for 2017-18 Q4 shows the symbol, not a count.
        let quarterly = try String(contentsOfFile: out + "/quarterly-return.csv", encoding: .utf8)
        let row = try #require(quarterly.split(whereSeparator: \.isNewline).first { $0.hasPrefix("DUE1,") && $0.contains(",,count,") })
        #expect(row.contains(",x,"), "\(row)")
        let report = try String(contentsOfFile: out + "/report.md", encoding: .utf8)
        #expect(report.contains("DUE1"))
    }

    @Test func availableTakesADuration() {
        let bad = "measure BAD {\n  name \"b\"\n  section how_much\n  of case\n  when received in period\n  count\n  available 3 after period end\n}\n"
        #expect(throws: DiagnosticError.self) { _ = try Repo.definitions(adding: ["how-much/BAD.metric": bad]) }
    }
}
