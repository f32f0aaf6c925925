import Foundation
import Testing
@testable import Scorecard

/// A derived `value` that divides: its two sides are the figure's numerator and
/// denominator, and a zero denominator gives `z` (not applicable), not `x`.
@Suite struct DerivedValueTests {
    nonisolated(unsafe) static let run: Evaluation = {
        let definitions = try! Repo.definitions(adding: ["impact/DV.metric": """
        # Requests per case closed: a ratio of two counted measures.
        measure DV1 {
          name    "Requests per case closed"
          section impact
          unit    ratio
          value   HM1.count / HM7.count
        }
        # A denominator that is always zero.
        measure DV2 {
          name    "Always divided by zero"
          section impact
          unit    ratio
          value   HM1.count / (HM1.count - HM1.count)
        }
        # A division by zero inside other arithmetic is not applicable too.
        measure DV3 {
          name    "Nested"
          section impact
          unit    number
          value   HM1.count / 0 + 1
        }
        """])
        return try! Pipeline.run(definitions: definitions, dataFolder: Repo.sampleData, asAt: Repo.sampleAsAt)
    }()

    @Test func aDivisionShowsItsNumeratorAndDenominator() throws {
        for period in ["2017-18 Q4", "2016-17", "2017-11"] {
            for column in ["Coalfields", "City"] {
                let requests = try #require(Self.run.figure("HM1", period, column)?.numerator?.double)
                let closed = try #require(Self.run.figure("HM7", period, column)?.numerator?.double)
                let figure = try #require(Self.run.figure("DV1", period, column))
                #expect(figure.numerator?.double == requests)
                #expect(figure.denominator?.double == closed)
                if closed == 0 {
                    #expect(figure.value == .notApplicable)
                } else {
                    #expect(figure.value == .number(.double(requests / closed)))
                }
            }
        }
    }

    @Test func aZeroDenominatorIsNotApplicableNotUnavailable() throws {
        let figure = try #require(Self.run.figure("DV2", "2017-18 Q4", "City"))
        #expect(figure.value == .notApplicable)
        #expect(figure.denominator?.double == 0)
        #expect(figure.numerator?.double == Self.run.figure("HM1", "2017-18 Q4", "City")?.numerator?.double)
        #expect(Self.run.figure("DV3", "2017-18 Q4", "City")?.value == .notApplicable)
        // The long table writes z with both sides filled.
        let row = try #require(LongTable.rows(Self.run).first { $0.measure == "DV2" && $0.period == "2017-18 Q4" && $0.column == "City" })
        #expect(row.value == "z" && row.denominator == "0" && !row.numerator.isEmpty, "\(row)")
    }
}
