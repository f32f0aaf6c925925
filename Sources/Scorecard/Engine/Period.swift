/// A reporting period: a month (`2016-11`), a financial-year quarter (`2016-17 Q3`)
/// or a financial year (`2016-17`).
public struct Period: Sendable, Hashable {
    public enum Kind: String, Sendable { case month, quarter, year }
    public var kind: Kind
    public var label: String
    public var window: Window

    /// Every period from the framework's first month whose end is on or before the
    /// as-at date, grouped by financial year: the year, its quarters, its months.
    public static func spine(firstMonth: (year: Int, month: Int), asAt: Int32) -> [Period] {
        var periods: [Period] = []
        let first = Day.number(year: firstMonth.year, month: firstMonth.month, day: 1)
        var fy = Day.civil(Day.financialYearStart(first)).year
        while Day.number(year: fy, month: 4, day: 1) <= asAt {
            let fyStart = Day.number(year: fy, month: 4, day: 1)
            let fyEnd = Day.addMonths(fyStart, 12) - 1
            let fyLabel = "\(fy)-\(String(format2((fy + 1) % 100)))"
            if fyStart >= first, fyEnd <= asAt {
                periods.append(Period(kind: .year, label: fyLabel, window: Window(start: fyStart, end: fyEnd)))
            }
            for q in 0..<4 {
                let start = Day.addMonths(fyStart, q * 3)
                let end = Day.addMonths(start, 3) - 1
                if start >= first, end <= asAt {
                    periods.append(Period(kind: .quarter, label: "\(fyLabel) Q\(q + 1)", window: Window(start: start, end: end)))
                }
            }
            for m in 0..<12 {
                let start = Day.addMonths(fyStart, m)
                let end = Day.addMonths(start, 1) - 1
                let c = Day.civil(start)
                if start >= first, end <= asAt {
                    periods.append(Period(kind: .month, label: "\(c.year)-\(format2(c.month))", window: Window(start: start, end: end)))
                }
            }
            fy += 1
        }
        return periods
    }
}

func format2(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
