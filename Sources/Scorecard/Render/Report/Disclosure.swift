/// Disclosure control for published reports, as FRAMEWORK.md "Published mode" sets
/// it, so that no figure about fewer than six children or families can be read, or
/// worked back, from a report that leaves the council. This is the primary rule, cell
/// by cell; `DisclosurePlan` and `Suppression` then choose the complementary cells
/// over everything the report publishes at once (rows, breakdowns, comparison
/// periods, trend, shares, rates and computed measures).
enum Disclosure {
    /// Counts from 1 to 5 are suppressed; a true zero stays `0`.
    static let smallCounts: ClosedRange<Int64> = 1...5

    /// The primary rule for one figure shown in `style`:
    /// - a count of 1 to 5;
    /// - a percentage or rate whose numerator or denominator is 1 to 5. An average
    ///   (a ratio, HM8's open cases per FTE) follows the same rule, but only counts
    ///   are tested: a decimal denominator such as worker FTE is a measurement, not
    ///   a count of people, and would otherwise suppress every locality's caseload.
    /// Money and other computed values carry no counts and are not suppressed.
    static func isPrimary(_ figure: Figure, _ style: CellStyle) -> Bool {
        guard case .number(let value) = figure.value else { return false }
        switch style {
        case .count:
            return isSmallCount(value)
        case .percent, .rate, .ratio:
            return figure.numerator.map(isSmallCount) == true || figure.denominator.map(isSmallCount) == true
        case .pounds, .number:
            return false
        }
    }

    private static func isSmallCount(_ n: Number) -> Bool {
        if case .int(let i) = n { return smallCounts.contains(i) }
        return false
    }
}
