import Foundation
import Testing
@testable import Scorecard

/// `explain` lists the records behind a figure: the counts it gives are the figure's.
@Suite struct ExplainTests {
    @Test(arguments: [("HW2", "2016-17 Q3", "Coalfields", nil), ("HM1", "2015-16", "City", "CSC"), ("HM6", "2017-03", "East/West", nil),
                      ("IM1", "2016-17", "City", nil), ("PF1", "2017-18", "City", "ASB")])
    func recordsAddUpToTheFigure(measure: String, period: String, column: String, breakdown: String?) throws {
        let e = try Explain.explain(Repo.sampleRun, measure: measure, period: period, column: column, breakdown: breakdown)
        if e.measure.distinct != nil {
            #expect(e.figure.numerator == .int(Int64(Set(e.records.compactMap(\.distinctValue)).count)))
        } else {
            #expect(e.figure.numerator == .int(Int64(e.records.filter { $0.numerator[0] }.count)))
            if e.figure.denominator != nil {
                #expect(e.figure.denominator == .int(Int64(e.records.count)))
            }
        }
        #expect(!e.records.isEmpty)
        let text = Explain.render(e)
        for line in e.measure.declaration.split(separator: "\n") { #expect(text.contains("#   " + line)) }
    }

    /// Every counted measure, not just the examples: the records explain the figure, and
    /// a distinct value is shown as people read it (a date as a date, never a day number).
    @Test func everyCountedMeasureIsExplained() throws {
        let definitions = Repo.sampleRun.definitions
        for (m, measure) in definitions.measures.enumerated() where measure.record != nil {
            // The headline, or the first breakdown row of a measure that has only rows.
            let rows = try #require(Repo.sampleRun.results.first { $0.measure == m }).rows
            let row = rows.contains(where: { $0 == nil }) ? nil : rows.first!
            for (period, column) in [("2017-18", "City"), ("2016-17 Q3", "Coalfields")] {
                let e = try Explain.explain(Repo.sampleRun, measure: measure.id, period: period, column: column, breakdown: row)
                if e.measure.distinct != nil {
                    let values = Set(e.records.filter { $0.numerator.first ?? true }.compactMap(\.distinctValue))
                    #expect(e.figure.numerator == .int(Int64(values.count)), "\(measure.id) \(period) \(column)")
                    if case .date? = e.measure.distinct?.type {
                        #expect(values.allSatisfy { Day.parseISO($0) != nil }, "\(measure.id): \(values.prefix(3))")
                    }
                } else {
                    #expect(e.figure.numerator == .int(Int64(e.records.filter { $0.numerator.first ?? true }.count)), "\(measure.id) \(period) \(column)")
                }
            }
        }
    }

    @Test func unknownNamesAreExplainedToo() {
        #expect(throws: DiagnosticError.self) { try Explain.explain(Repo.sampleRun, measure: "HW22", period: "2016-17", column: "City") }
        do {
            _ = try Explain.explain(Repo.sampleRun, measure: "HW2", period: "2016-17 Q5", column: "Colfields")
        } catch {
            #expect(error.description.contains("unknown period '2016-17 Q5'; did you mean"))
        }
    }

    @Test func writtenExplanationIsReadableByItsOwnerOnly() throws {
        let file = NSTemporaryDirectory() + "explain-" + UUID().uuidString + ".csv"
        defer { try? FileManager.default.removeItem(atPath: file) }
        let code = ScorecardCommand.main(["explain", "HW2", "--period", "2016-17 Q3", "--column", "Coalfields",
                                          "--data", Repo.sampleData, "--as-at", "2018-04-06", "--metrics", Repo.metrics, "--out", file])
        #expect(code == 0)
        let permissions = try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int
        #expect(permissions == 0o600)
        #expect(try String(contentsOfFile: file, encoding: .utf8).contains("figure: numerator 4, denominator 27"))
    }
}
