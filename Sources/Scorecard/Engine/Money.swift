/// Money held exactly: whole pence in an Int64, never a binary fraction. Finance's
/// figures must add up to the penny however many rows are summed (0.10 + 0.20 is not
/// 0.30 in a Double), so a money field, a sum of money and a money figure are integers
/// until a person reads them.
enum Money {
    /// Pence in a pound: money holds two decimal places, no more.
    static let scale: Int64 = 100

    /// Pounds and pence exactly, as the long table shows them (full precision, no
    /// grouping, no symbol): `1234.56`, `-5.00`, `0.10`.
    static func text(_ pence: Int64) -> String {
        let magnitude = pence.magnitude
        let pounds = magnitude / UInt64(scale), rest = magnitude % UInt64(scale)
        return (pence < 0 ? "-" : "") + "\(pounds)." + (rest < 10 ? "0" : "") + "\(rest)"
    }

    /// The amount as a number of pounds: exact below 2^53 pence (£90 trillion), and the
    /// nearest double always, so a half penny's pound (x.50) is exact for rounding.
    static func pounds(_ pence: Int64) -> Double { Double(pence) / Double(scale) }
}

/// A date with its time of day: seconds since 1970-01-01 00:00, local time with no
/// zone (as extracts write it; the clocks' changes are not the engine's to guess).
/// Seconds, because the layouts read go no finer than seconds that matter to a
/// measure: a fraction of a second (`.fff`) is read and dropped, never rounded up,
/// so a time never moves past a boundary such as the close of business.
enum DateTime {
    static let secondsPerDay: Int64 = 86_400

    static func seconds(day: Int32, second: Int32) -> Int64 { Int64(day) * secondsPerDay + Int64(second) }

    /// The day number of a date-time (days before 1970 floor, not truncate).
    static func day(_ seconds: Int64) -> Int32 {
        Int32(seconds >= 0 ? seconds / secondsPerDay : (seconds - secondsPerDay + 1) / secondsPerDay)
    }

    /// The second of its day, 0 to 86,399.
    static func secondOfDay(_ seconds: Int64) -> Int64 { seconds - Int64(day(seconds)) * secondsPerDay }

    /// `2017-04-03T10:30:00`, as people and machines read it.
    static func iso(_ seconds: Int64) -> String {
        let s = secondOfDay(seconds)
        func two(_ n: Int64) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return Day.iso(day(seconds)) + "T" + two(s / 3600) + ":" + two(s / 60 % 60) + ":" + two(s % 60)
    }

    /// `"17:00"` or `"17:30:15"` as the second of the day, or nil.
    static func parseTime(_ text: String) -> Int32? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3, parts.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isASCII) }),
              let h = Int32(parts[0]), let m = Int32(parts[1]), h >= 0, h <= 23, m >= 0, m <= 59 else { return nil }
        let s = parts.count == 3 ? Int32(parts[2]) : 0
        guard let s, s >= 0, s <= 59 else { return nil }
        return h * 3600 + m * 60 + s
    }
}
