import Testing
@testable import Scorecard

/// RAG at the tolerance boundary in both polarities, and direction of travel at
/// displayed precision (FRAMEWORK.md "Targets, baselines, comparisons").
@Suite struct ReportRAGTests {
    @Test(arguments: [
        // higher is better: target 80, tolerance 5
        (80.0, RAG.green), (80.0001, .green), (79.9999, .amber), (75.0, .amber), (74.9999, .red), (0.0, .red),
    ])
    func higherIsBetter(value: Double, expected: RAG) {
        #expect(RAG.rate(value: value, target: 80, tolerance: 5, better: .high) == expected)
    }

    @Test(arguments: [
        // lower is better: target 12.4, tolerance 2. 14.4 − 12.4 is 2.0000000000000018 in doubles: still amber.
        (12.4, RAG.green), (12.3999, .green), (12.4001, .amber), (14.4, .amber), (14.4001, .red), (100.0, .red),
    ])
    func lowerIsBetter(value: Double, expected: RAG) {
        #expect(RAG.rate(value: value, target: 12.4, tolerance: 2, better: .low) == expected)
    }

    /// Decided on unrounded values: 74.96 shows as 75.0 but misses 80 by more than 5.
    @Test func decidedOnUnroundedValues() {
        #expect(ReportCell.number(74.96, .percent).text == "75.0%")
        #expect(RAG.rate(value: 74.96, target: 80, tolerance: 5, better: .high) == .red)
        #expect(RAG.rate(value: 80.04, target: 80, tolerance: 0, better: .low) == .red)
    }

    @Test func noBetterDirectionNoRAG() {
        #expect(RAG.rate(value: 50, target: 50, tolerance: 5, better: .none) == nil)
    }

    /// The sample targets (metrics/how-well, metrics/impact) rate as the data says;
    /// a measure without a target says so.
    @Test func sampleMeasures() throws {
        let model = try Reports.model(Repo.sampleRun, period: nil, publish: false)
        let measures = Dictionary(uniqueKeysWithValues: model.sections.flatMap(\.measures).map { ($0.id, $0) })
        #expect(measures["HW1"]?.headline?.city.text == "75.0%")  // 186 of 248: exactly on the target
        #expect(measures["HW1"]?.rag == .rated(.green))
        #expect(measures["HW2"]?.rag == .rated(.amber))          // 16.1% against 15, tolerance 2, lower is better
        #expect(measures["HW6"]?.rag == .rated(.red))            // 11.8% against 8, tolerance 2
        #expect(measures["HM1"]?.rag == .noTarget)
        #expect(measures["HM1"]?.rag.text.contains("no RAG") == true)
        // A year without a target: targets exist for 2017-18 only.
        let earlier = try Reports.model(Repo.sampleRun, period: "2016-17 Q4", publish: false)
        #expect(earlier.sections.flatMap(\.measures).first { $0.id == "HW1" }?.rag == .noTargetForYear("2016-17"))
        // Published: a suppressed City figure is not rated (a RAG would hint at it).
        let published = try Reports.model(Repo.sampleRun, period: nil, publish: true)
        let hw3 = published.sections.flatMap(\.measures).first { $0.id == "HW3" }
        #expect(hw3?.headline?.city.symbol == .suppressed)
        #expect(hw3?.rag == .notRated("the City figure is suppressed"))
    }
}

@Suite struct ReportDirectionTests {
    /// Equal at displayed precision is no change, whatever the unrounded values.
    @Test func equalDisplayedValuesAreNoChange() {
        let now = ReportCell.number(66.66, .percent), before = ReportCell.number(66.74, .percent)
        #expect(now.text == before.text)
        #expect(DirectionOfTravel.between(now, before, better: .high) == .noChange)
        #expect(DirectionOfTravel.between(now, before, better: .low) == .noChange)
        #expect(DirectionOfTravel.between(now, before, better: .none) == .noChange)
    }

    @Test func differentDisplayedValuesFollowTheBetterDirection() {
        let higher = ReportCell.number(12.35, .percent)   // 12.4 (half away from zero)
        let lower = ReportCell.number(12.34, .percent)    // 12.3
        #expect(higher.text == "12.4%" && lower.text == "12.3%")
        #expect(DirectionOfTravel.between(higher, lower, better: .high) == .better)
        #expect(DirectionOfTravel.between(higher, lower, better: .low) == .worse)
        #expect(DirectionOfTravel.between(lower, higher, better: .low) == .better)
        #expect(DirectionOfTravel.between(higher, lower, better: .none) == .up)
        #expect(DirectionOfTravel.between(lower, higher, better: .none) == .down)
    }

    @Test func countsCompareWhole() {
        #expect(DirectionOfTravel.between(.number(5, .count, whole: true), .number(5, .count, whole: true), better: .high) == .noChange)
        #expect(DirectionOfTravel.between(.number(6, .count, whole: true), .number(5, .count, whole: true), better: .low) == .worse)
    }

    /// A symbol on either side gives no direction; a suppressed side says `c`.
    @Test func symbolsAreNotComparable() {
        let n = ReportCell.number(50, .percent)
        #expect(DirectionOfTravel.between(n, .symbol(.suppressed, .percent), better: .high) == .notComparable(.suppressed))
        #expect(DirectionOfTravel.between(.symbol(.notApplicable, .percent), .symbol(.suppressed, .percent), better: .high) == .notComparable(.suppressed))
        #expect(DirectionOfTravel.between(n, .symbol(.notAvailable, .percent), better: .high) == .notComparable(.notAvailable))
        #expect(DirectionOfTravel.between(.symbol(.notApplicable, .percent), n, better: .high) == .notComparable(.notApplicable))
    }

    /// The first period of the run has no previous period: `x`, not a crash or a blank.
    @Test func firstPeriodHasNothingToCompare() throws {
        let model = try Reports.model(Repo.sampleRun, period: "2014-15 Q1", publish: false)
        #expect(model.period.previous == nil && model.period.yearBefore == nil)
        let row = try #require(model.sections.first?.measures.first?.rows.first)
        #expect(row.previous.symbol == .notAvailable)
        #expect(row.changeOnPrevious == .notComparable(.notAvailable))
    }
}

/// One rounding policy: half away from zero at the displayed precision, the same as NumberFormat.
@Suite struct ReportNumberTests {
    @Test(arguments: [0.05, 0.15, 0.25, 1.45, 2.675, 12.35, 66.666, 99.95, -0.25, -12.35, 0.04, -0.04])
    func oneDecimalMatchesNumberFormat(value: Double) {
        #expect(ReportCell.number(value, .percent).plain == NumberFormat.oneDecimal(value))
    }

    @Test func spelling() {
        #expect(ReportCell.number(0.25, .rate).plain == "0.3")
        #expect(ReportCell.number(-0.25, .rate).plain == "-0.3")
        #expect(ReportCell.number(189800, .pounds, whole: true).text == "£189,800")
        #expect(ReportCell.number(-94900, .pounds, whole: true).text == "-£94,900")
        #expect(ReportCell.number(-94900, .pounds, whole: true).plain == "-94900")
        #expect(ReportCell.number(0.5, .pounds).plain == "1")
        #expect(ReportCell.number(1234, .count, whole: true).text == "1,234")
        #expect(ReportCell.symbol(.notApplicable, .percent).text == "z")
    }
}
