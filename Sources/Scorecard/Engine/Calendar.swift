#if canImport(Glibc)
import Glibc
#endif

/// Dates as day numbers (days since 1970-01-01), by arithmetic: no `DateFormatter`,
/// no `Calendar`, so hot loops stay on integers and every run gives the same answer.
public enum Day {
    /// The day number of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
    @inlinable
    public static func number(year: Int, month: Int, day: Int) -> Int32 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return Int32(era * 146097 + doe - 719468)
    }

    /// The civil date of a day number.
    public static func civil(_ n: Int32) -> (year: Int, month: Int, day: Int) {
        let z = Int(n) + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    public static func isLeap(_ year: Int) -> Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }

    public static func daysIn(year: Int, month: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Calendar-month arithmetic clamped to month end: 31 May − 3 months is 28 (or 29) February.
    public static func addMonths(_ n: Int32, _ months: Int) -> Int32 {
        let (y, m, d) = civil(n)
        let total = y * 12 + (m - 1) + months
        let ny = total >= 0 ? total / 12 : (total - 11) / 12
        let nm = total - ny * 12 + 1
        return number(year: ny, month: nm, day: min(d, daysIn(year: ny, month: nm)))
    }

    /// 1 April of the financial year containing the day.
    public static func financialYearStart(_ n: Int32) -> Int32 {
        let (y, m, _) = civil(n)
        return number(year: m >= 4 ? y : y - 1, month: 4, day: 1)
    }

    /// The last day of the financial-year quarter containing the day.
    public static func quarterEnd(_ n: Int32) -> Int32 {
        let (y, m, _) = civil(n)
        let endMonth = ((m - 1) / 3) * 3 + 3
        return number(year: y, month: endMonth, day: daysIn(year: y, month: endMonth))
    }

    /// 1 September of the academic year (September to August) holding `n`.
    public static func academicYearStart(_ n: Int32) -> Int32 {
        let (y, m, _) = civil(n)
        return number(year: m >= 9 ? y : y - 1, month: 9, day: 1)
    }

    public static func monthStart(_ n: Int32) -> Int32 {
        let (y, m, _) = civil(n)
        return number(year: y, month: m, day: 1)
    }

    /// The first day of the financial-year quarter holding `n` (April, July, October, January).
    public static func quarterStart(_ n: Int32) -> Int32 {
        monthStart(addMonths(monthStart(quarterEnd(n)), -2))
    }

    public static func monthEnd(_ n: Int32) -> Int32 {
        let (y, m, _) = civil(n)
        return number(year: y, month: m, day: daysIn(year: y, month: m))
    }

    /// ISO text, for messages and outputs.
    public static func iso(_ n: Int32) -> String {
        let (y, m, d) = civil(n)
        return "\(y)-\(m < 10 ? "0" : "")\(m)-\(d < 10 ? "0" : "")\(d)"
    }

    /// Today's date on this machine's clock, in its time zone.
    public static func today() -> Int32 {
        var now = time(nil)
        var parts = tm()
        localtime_r(&now, &parts)
        return number(year: Int(parts.tm_year) + 1900, month: Int(parts.tm_mon) + 1, day: Int(parts.tm_mday))
    }

    /// Parses `yyyy-mm-dd` (the command line's as-at date).
    public static func parseISO(_ text: String) -> Int32? {
        DateFormat("yyyy-mm-dd")?.parse(Array(text.utf8)[...])
    }
}

/// A date layout such as `yyyymmdd`, `dd/mm/yyyy`, `dd-Mon-yyyy` or `yyyy-mm-dd`.
/// Dates match their layout exactly; anything else is unreadable.
public struct DateFormat: Sendable {
    enum Piece: Sendable { case year, month, day, monthName, literal(UInt8) }
    let pieces: [Piece]
    public let text: String

    public init?(_ text: String) {
        self.text = text
        var pieces: [Piece] = []
        var rest = Substring(text)
        while !rest.isEmpty {
            if rest.hasPrefix("yyyy") { pieces.append(.year); rest = rest.dropFirst(4) }
            else if rest.hasPrefix("mm") { pieces.append(.month); rest = rest.dropFirst(2) }
            else if rest.hasPrefix("dd") { pieces.append(.day); rest = rest.dropFirst(2) }
            else if rest.hasPrefix("Mon") { pieces.append(.monthName); rest = rest.dropFirst(3) }
            else if let b = rest.utf8.first, b < 0x80, !(b >= 97 && b <= 122) && !(b >= 65 && b <= 90) {
                pieces.append(.literal(b)); rest = rest.dropFirst()
            } else { return nil }
        }
        guard pieces.contains(where: { if case .year = $0 { true } else { false } }),
              pieces.contains(where: { if case .day = $0 { true } else { false } }) else { return nil }
        self.pieces = pieces
    }

    private static let packedMonthNames: [UInt32] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"].map {
        $0.utf8.reduce(0) { $0 << 8 | UInt32($1) }
    }

    /// The day number, or nil when the bytes do not match the layout or name no real day.
    public func parse(_ bytes: ArraySlice<UInt8>) -> Int32? {
        bytes.withUnsafeBufferPointer { parse($0) }
    }

    /// The day number, or nil when the bytes do not match the layout or name no real day.
    public func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32? {
        pieces.withUnsafeBufferPointer { Self.parse(bytes, pieces: $0) }
    }

    /// As `parse(_:)`, with the layout in a buffer the caller's row loop holds.
    @inline(__always)
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>, pieces: UnsafeBufferPointer<Piece>) -> Int32? {
        var i = 0
        let end = bytes.count
        var year = 0, month = 0, day = 0
        @inline(__always) func digits(_ count: Int) -> Int? {
            guard end - i >= count else { return nil }
            var value = 0
            for k in 0..<count {
                let d = bytes[i + k] &- UInt8(ascii: "0")
                guard d < 10 else { return nil }
                value = value * 10 + Int(d)
            }
            i += count
            return value
        }
        for piece in pieces {
            switch piece {
            case .year: guard let v = digits(4) else { return nil }; year = v
            case .month: guard let v = digits(2) else { return nil }; month = v
            case .day: guard let v = digits(2) else { return nil }; day = v
            case .monthName:
                guard end - i >= 3 else { return nil }
                // Three letters, any case, packed into one word: no array per date.
                let name = UInt32(bytes[i] | 0x20) << 16 | UInt32(bytes[i + 1] | 0x20) << 8 | UInt32(bytes[i + 2] | 0x20)
                guard let index = Self.packedMonthNames.firstIndex(of: name) else { return nil }
                month = index + 1
                i += 3
            case .literal(let b):
                guard i < end, bytes[i] == b else { return nil }
                i += 1
            }
        }
        guard i == end, month >= 1, month <= 12, day >= 1, day <= Day.daysIn(year: year, month: month) else { return nil }
        return Day.number(year: year, month: month, day: day)
    }
}
