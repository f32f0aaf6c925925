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

    /// A table as `Suppression` sees it: one row of counts (localities, not recorded,
    /// City) adding up, every cell printed. Returns which cells are hidden.
    static func row(_ values: [Int64]) -> [Bool] {
        var problem = Suppression()
        let vars = values.indices.map { problem.addVar(value: values[$0], isCity: $0 == values.count - 1) }
        problem.addSum(parts: Array(vars.dropLast()), total: vars.last!)
        let cells = vars.map { problem.addCell(.count($0), primary: Suppression.isSensitive(problem.values[$0])) }
        let hidden = problem.solve().hidden
        return cells.map(hidden.contains)
    }

    /// One suppressed cell would be City minus the rest: the smallest other is suppressed too.
    @Test func secondarySuppressesTheSmallestOther() {
        #expect(Self.row([3, 10, 20, 12, 7, 52]) == [true, false, false, false, true, false])
    }

    /// A true zero is never the second cell: the next smallest number above zero is.
    @Test func secondarySkipsTrueZeros() {
        #expect(Self.row([0, 4, 15, 9, 0, 28]) == [false, true, false, true, false, false])
    }

    @Test func secondaryTiesGoLeftmost() {
        #expect(Self.row([8, 8, 2, 30, 8, 56]) == [true, false, true, false, false, false])
    }

    @Test func secondaryNotNeededWithTwoOrNone() {
        #expect(Self.row([1, 2, 9, 9, 9, 30]) == [true, true, false, false, false, false])
        #expect(Self.row([7, 8, 9, 9, 9, 42]) == [false, false, false, false, false, false])
    }

    /// Localities 3, 0, 12, 20, not recorded 0, City 35.
    @Test func rowWithSecondaryAndZeros() {
        #expect(Self.row([3, 0, 12, 20, 0, 35]) == [true, false, true, false, false, false])
    }

    /// The attack: the City of a breakdown row hidden, every other breakdown's
    /// City and the headline shown. The column sum needs a second hidden City, and that
    /// one's row then needs a second hidden locality.
    @Test func breakdownColumnsAndRowsTogether() {
        var problem = Suppression()
        // Two breakdown rows over two localities and the City: a = [6, 3 | 9], b = [20, 30 | 50]; headline [26, 33 | 59].
        let a = [Int64(6), 3, 9].enumerated().map { problem.addVar(value: $0.element, isCity: $0.offset == 2) }
        let b = [Int64(20), 30, 50].enumerated().map { problem.addVar(value: $0.element, isCity: $0.offset == 2) }
        let h = [Int64(26), 33, 59].enumerated().map { problem.addVar(value: $0.element, isCity: $0.offset == 2) }
        for row in [a, b, h] { problem.addSum(parts: Array(row.prefix(2)), total: row[2]) }
        for c in 0..<3 { problem.addSum(parts: [a[c], b[c]], total: h[c]) }
        var cells: [Int] = []
        for v in a + b + h { cells.append(problem.addCell(.count(v), primary: Suppression.isSensitive(problem.values[v]))) }
        let hidden = problem.solve().hidden
        let shown = cells.map { !hidden.contains($0) }
        // The 3 and the 6 beside it (row a), then the 30 and 20 under them (columns): a 2 × 2 block; totals stay.
        #expect(shown == [false, false, true, false, false, true, true, true, true])
    }

    /// No one sum pins anything, but together they do: (a + b) + (c + d) − (a + c + e)
    /// leaves b + d − e, and b + d + e is printed, so 2e is known. The smaller of the two
    /// totals naming e is hidden, and then nothing is pinned.
    @Test func sumsTogetherPinWhatNoneDoesAlone() {
        var problem = Suppression()
        let (a, b, c, d, e) = (problem.addVar(value: 1, isCity: false), problem.addVar(value: 5, isCity: false),
                               problem.addVar(value: 2, isCity: false), problem.addVar(value: 5, isCity: false),
                               problem.addVar(value: 4, isCity: false))
        let totals = [Int64(6), 7, 7, 14].map { problem.addVar(value: $0, isCity: false) }
        problem.addSum(parts: [a, b], total: totals[0])
        problem.addSum(parts: [c, d], total: totals[1])
        problem.addSum(parts: [a, c, e], total: totals[2])
        problem.addSum(parts: [b, d, e], total: totals[3])
        let shown = totals.map { problem.addCell(.count($0), primary: false) }
        for v in [a, b, c, d, e] { _ = problem.addCell(.count(v), primary: true) }
        var known = [Bool](repeating: false, count: 9)
        for t in totals { known[t] = true }
        #expect(SumElimination(sums: problem.sums, known: known, protected: [a, b, c, d, e]).determined() == [e])
        let (hidden, protected) = problem.solve()
        #expect(shown.map(hidden.contains) == [false, false, true, false], "protected \(protected.sorted())")
    }

    /// A percentage whose denominator is printed gives its numerator away: built on a
    /// protected count it is hidden, and so is a computed value reading one.
    @Test func sharesAndComputedValuesOnProtectedCounts() {
        var problem = Suppression()
        let numerator = problem.addVar(value: 4, isCity: false)
        let denominator = problem.addVar(value: 40, isCity: false)
        let other = problem.addVar(value: 57, isCity: false)
        let share = problem.addCell(.ratio(numerator: numerator, denominator: denominator), primary: false)
        let count = problem.addCell(.count(denominator), primary: false)
        let computed = problem.addCell(.combination([numerator, other]), primary: false)
        let free = problem.addCell(.combination([denominator, other]), primary: false)
        let hidden = problem.solve().hidden
        #expect(hidden.contains(share) && hidden.contains(computed))
        #expect(!hidden.contains(count) && !hidden.contains(free))
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
                    let city = publishedRow.cells[inner]
                    // For counts that add up, a lone c is City minus the rest (distinct counts do not add
                    // up; percentages and computed values are left to the attacker's audit).
                    if publishedRow.style == .count, Repo.definitions.measures.first(where: { $0.id == measure.id })?.distinct == nil, city.isNumber {
                        #expect(cs != 1 || others == 0, "\(label): a lone c could be recovered from the City: \(publishedRow.cells.map(\.text))")
                    }
                }
            }
        }
        #expect(suppressedCells > 50)
    }
}
