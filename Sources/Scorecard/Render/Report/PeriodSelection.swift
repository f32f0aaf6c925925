/// The reporting period a report is about, with the periods it is compared with:
/// the previous period of the same kind, the same period a year before, and the
/// quarters its trend chart draws.
struct PeriodSelection: Sendable {
    /// Index into `Evaluation.periods` (which is also the figures' window index).
    var index: Int
    var period: Period
    var previous: Int?
    var yearBefore: Int?
    /// The last eight quarters ending on or before the period's end, oldest first.
    var trend: [Int]
    /// The financial year whose target applies, as `2017-18`.
    var financialYear: String

    static let trendLength = 8

    /// Finds a period by its exact label, or the latest complete quarter when none is given.
    static func resolve(_ label: String?, in run: Evaluation) throws(ReportError) -> PeriodSelection {
        let periods = run.periods
        let index: Int
        if let label {
            guard let found = periods.firstIndex(where: { $0.label == label }) else {
                throw ReportError(unknownPeriodMessage(label, run))
            }
            index = found
        } else {
            let quarters = periods.indices.filter { periods[$0].kind == .quarter }
            guard let latest = quarters.max(by: { periods[$0].window.end < periods[$1].window.end }) else {
                throw ReportError("no quarter is complete at the as-at date \(Day.iso(run.asAt)); give --period with a month label such as '\(periods.last?.label ?? "2014-04")'")
            }
            index = latest
        }
        let period = periods[index]
        let sameKind = periods.indices.filter { periods[$0].kind == period.kind }
        let previous = sameKind.first { periods[$0].window.end == period.window.start - 1 }
        let yearStart = Day.addMonths(period.window.start, -12)
        let yearBefore = sameKind.first { periods[$0].window.start == yearStart }
        let trend = periods.indices
            .filter { periods[$0].kind == .quarter && periods[$0].window.end <= period.window.end }
            .sorted { periods[$0].window.start < periods[$1].window.start }
            .suffix(trendLength)
        return PeriodSelection(
            index: index, period: period, previous: previous, yearBefore: yearBefore, trend: Array(trend),
            financialYear: financialYearLabel(containing: period.window.start))
    }

    /// `2017-18` for any day from 1 April 2017 to 31 March 2018.
    static func financialYearLabel(containing day: Int32) -> String {
        let year = Day.civil(Day.financialYearStart(day)).year
        return "\(year)-\(format2((year + 1) % 100))"
    }

    /// Says which labels exist and suggests the nearest, so a typo costs one retry.
    private static func unknownPeriodMessage(_ label: String, _ run: Evaluation) -> String {
        let labels = run.periods.map(\.label)
        var message = "unknown period '\(label)'"
        if let nearest = Suggestion.closest(to: label, in: labels) { message += "; did you mean '\(nearest)'?" }
        func latest(_ kind: Period.Kind) -> Period? {
            run.periods.filter { $0.kind == kind }.max { $0.window.end < $1.window.end }
        }
        func earliest(_ kind: Period.Kind) -> Period? {
            run.periods.filter { $0.kind == kind }.min { $0.window.start < $1.window.start }
        }
        var kinds: [String] = []
        if let a = earliest(.month), let b = latest(.month) { kinds.append("months '\(a.label)' to '\(b.label)'") }
        if let a = earliest(.quarter), let b = latest(.quarter) { kinds.append("quarters '\(a.label)' to '\(b.label)'") }
        if let a = earliest(.year), let b = latest(.year) { kinds.append("financial years '\(a.label)' to '\(b.label)'") }
        if !kinds.isEmpty {
            message += " (the run at \(Day.iso(run.asAt)) holds \(kinds.joined(separator: ", ")))"
        }
        return message
    }
}
