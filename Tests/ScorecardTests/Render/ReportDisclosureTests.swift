import Foundation
import Testing
@testable import Scorecard

/// Disclosure control as FRAMEWORK.md "Published mode" sets it.
@Suite struct ReportDisclosureTests {
    static func pct(_ n: Int64, _ d: Int64) -> Figure { .percent(n, d) }

    @Test func countsOneToFiveAreSuppressedTrueZerosStay() {
        #expect(!Disclosure.isPrimary(.count(0), .count))
        for n in Int64(1)...5 { #expect(Disclosure.isPrimary(.count(n), .count)) }
        #expect(!Disclosure.isPrimary(.count(6), .count))
    }

    @Test func percentagesOnSmallNumeratorsOrDenominators() {
        #expect(Disclosure.isPrimary(Self.pct(3, 40), .percent))    // numerator 3
        #expect(Disclosure.isPrimary(Self.pct(0, 4), .percent))     // denominator 4: 0% of 4 is still about 4 people
        #expect(Disclosure.isPrimary(Self.pct(4, 4), .percent))
        #expect(!Disclosure.isPrimary(Self.pct(0, 40), .percent))   // a true zero stays 0.0%
        #expect(!Disclosure.isPrimary(Self.pct(6, 40), .percent))
        #expect(!Disclosure.isPrimary(Self.pct(0, 0), .percent))    // z stays z
    }

    @Test func ratesAndAverages() {
        let rate = Figure(numerator: .int(3), denominator: .int(1838), value: .number(.double(16.3)))
        #expect(Disclosure.isPrimary(rate, .rate))
        let tinyPopulation = Figure(numerator: .int(40), denominator: .int(5), value: .number(.double(80000)))
        #expect(Disclosure.isPrimary(tinyPopulation, .rate))
        // An average over worker FTE: the decimal denominator is not a count of people.
        let caseload = Figure(numerator: .int(64), denominator: .double(1.5), value: .number(.double(42.7)))
        #expect(!Disclosure.isPrimary(caseload, .ratio))
        let smallCaseload = Figure(numerator: .int(4), denominator: .double(1.5), value: .number(.double(2.7)))
        #expect(Disclosure.isPrimary(smallCaseload, .ratio))
        // Money carries no counts.
        #expect(!Disclosure.isPrimary(Figure(numerator: nil, denominator: nil, value: .number(.int(94900))), .pounds))
    }

    /// One suppressed cell would be City minus the rest: the smallest other is suppressed too.
    @Test func secondarySuppressesTheSmallestOther() {
        #expect(Disclosure.secondary(primary: [true, false, false, false, false], sizes: [3, 10, 20, 12, 7])
                == [true, false, false, false, true])
    }

    /// A true zero is never the second cell: the next smallest number above zero is.
    @Test func secondarySkipsTrueZerosAndSymbols() {
        #expect(Disclosure.secondary(primary: [false, true, false, false, false], sizes: [0, 4, 15, nil, 9])
                == [false, true, false, false, true])
    }

    @Test func secondaryTiesGoLeftmost() {
        #expect(Disclosure.secondary(primary: [false, false, true, false, false], sizes: [8, 8, 2, 30, 8])
                == [true, false, true, false, false])
    }

    @Test func secondaryNotNeededWithTwoOrNone() {
        #expect(Disclosure.secondary(primary: [true, true, false, false, false], sizes: [1, 2, 9, 9, 9]) == [true, true, false, false, false])
        #expect(Disclosure.secondary(primary: [false, false, false, false, false], sizes: [7, 8, 9, 9, 9]) == [false, false, false, false, false])
    }

    /// A whole row as published: localities 3, 0, 12, 20, not recorded 0, City 35.
    @Test func rowWithSecondaryAndZeros() {
        let figures = [Int64(3), 0, 12, 20, 0, 35].map(Figure.count)
        let suppressed = Disclosure.suppressRow([figures], styles: [.count], localityAndNotRecorded: 5)
        #expect(suppressed == [true, false, true, false, false, false])
    }

    /// A rate and the count beside it are suppressed together.
    @Test func rateAndCountTogether() {
        let rates = [(Int64(76), Int64(1880)), (4, 1900), (74, 1900), (75, 1927)].map {
            Figure(numerator: .int($0.0), denominator: .int($0.1), value: .number(.double(Double($0.0) * 10000 / Double($0.1))))
        } + [Figure(numerator: .int(0), denominator: nil, value: .notApplicable),
             Figure(numerator: .int(229), denominator: .int(7607), value: .number(.double(301.0)))]
        let counts = rates.map { f -> Figure in if case .int(let n)? = f.numerator { return .count(n) }; return f }
        let suppressed = Disclosure.suppressRow([rates, counts], styles: [.rate, .count], localityAndNotRecorded: 5)
        // The 4 is suppressed; the smallest other count (74, Coalfields) goes with it; the not-recorded 0 stays.
        #expect(suppressed == [false, true, true, false, false, false])
    }

    /// Over the samples: no published count of 1 to 5, no true zero hidden in a count
    /// row, and never exactly one `c` among a row's locality and not-recorded cells
    /// where another number could have been suppressed with it.
    @Test func publishedSampleHoldsTheRules() throws {
        let unpublished = try Reports.model(Repo.sampleRun, period: nil, publish: false)
        let published = try Reports.model(Repo.sampleRun, period: nil, publish: true)
        let inner = unpublished.columns.count - 1
        var suppressedCells = 0
        for (section, publishedSection) in zip(unpublished.sections, published.sections) {
            for (measure, publishedMeasure) in zip(section.measures, publishedSection.measures) {
                for (row, publishedRow) in zip(measure.rows, publishedMeasure.rows) {
                    let label = "\(measure.id) \(row.label)"
                    for (cell, shown) in zip(row.cells, publishedRow.cells) {
                        if row.style == .count, let v = shown.scaled { #expect(!(1...5).contains(v), "\(label): count \(v) published") }
                        if row.style == .count, cell.scaled == 0 { #expect(shown.scaled == 0, "\(label): a true zero was hidden") }
                        if shown.symbol == .suppressed { suppressedCells += 1; #expect(cell.isNumber, "\(label): c replaced a symbol") }
                        if cell.symbol != nil { #expect(shown.symbol == cell.symbol, "\(label): symbol changed") }
                    }
                    // A rate's cells go with its count row, checked there.
                    guard publishedRow.style != .rate, publishedRow.style != .ratio else { continue }
                    let cs = publishedRow.cells.prefix(inner).filter { $0.symbol == .suppressed }.count
                    let others = publishedRow.cells.prefix(inner).filter { ($0.scaled ?? 0) > 0 }.count
                    #expect(cs != 1 || others == 0, "\(label): a lone c could be recovered from the City")
                }
            }
        }
        #expect(suppressedCells > 50)
    }
}
