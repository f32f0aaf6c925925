/// Dates the way they go wrong in hand-kept systems: text that looks like a date in
/// the file's layout but names no day, or is in another layout, or a mistyped year.
enum FaultyDate {
    /// Bytes near `day` that the layout cannot read (FRAMEWORK.md: "dates match their
    /// layout exactly; anything else is unreadable").
    static func unreadable<R: RandomSource>(_ day: Int32, _ layout: DateLayout, _ dates: DateTextTable, _ rng: inout R) -> [UInt8] {
        let (y, m, d) = Day.civil(day)
        let year = Array(String(y).utf8)
        func two(_ n: Int) -> [UInt8] { Array((n < 10 ? "0\(n)" : "\(n)").utf8) }
        let impossibleDay: (month: Int, day: Int) = [(2, 30), (2, 31), (4, 31), (6, 31), (9, 31), (11, 31)][rng.below(6)]
        let slash = UInt8(ascii: "/"), dash = UInt8(ascii: "-")
        switch (layout, rng.below(3)) {
        case (.compact, 0): return Array(dates.text(day, .compact).dropLast())              // 2015031
        case (.compact, 1): return year + two(impossibleDay.month) + two(impossibleDay.day) // 20150230
        case (.compact, _): return dates.text(day, .slashed)                                  // 30/03/2015
        case (.slashed, 0): return two(impossibleDay.day) + [slash] + two(impossibleDay.month) + [slash] + year // 31/02/2015
        case (.slashed, 1): return dates.text(day, .iso)                                      // 2015-03-30
        case (.slashed, _): return two(d) + [slash] + two(m) + [slash] + two(y % 100)        // 30/03/15
        case (.iso, 0): return year + [dash] + two(impossibleDay.month) + [dash] + two(impossibleDay.day) // 2015-02-30
        case (.iso, 1): return dates.text(day, .slashed)
        case (.iso, _): return year + [slash] + two(m) + [slash] + two(d)                    // 2015/03/30
        case (.named, 0): return two(impossibleDay.day) + [dash] + Array(["Feb", "Feb", "Apr", "Jun", "Sep", "Nov"][[2, 2, 4, 6, 9, 11].firstIndex(of: impossibleDay.month)!].utf8) + [dash] + year
        case (.named, 1): return two(d) + [dash] + two(m) + [dash] + year                    // 30-03-2015
        case (.named, _): return Array(dates.text(day, .named).dropLast(2))                  // 30-Mar-20
        }
    }

    /// The year with its last two digits swapped (2016 → 2061), a day long after any
    /// as-at date; if the swap does not move it past `asAt`, a century later.
    static func mistypedYear(_ day: Int32, after asAt: Int32) -> Int32 {
        let (y, m, d) = Day.civil(day)
        var year = (y / 100) * 100 + (y % 10) * 10 + (y / 10) % 10
        if Day.number(year: year, month: m, day: 1) <= asAt { year = y + 100 }
        return Day.number(year: year, month: m, day: min(d, Day.daysIn(year: year, month: m)))
    }
}
