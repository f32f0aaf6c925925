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

/// A date layout such as `yyyymmdd`, `dd/mm/yyyy`, `dd-Mon-yyyy`, `yyyy-mm-dd`, a
/// date-time such as `dd/mm/yyyy hh:mm` or `yyyy-mm-ddThh:mm:ss.fff`, or a month label
/// such as `Mon-yy`, `Mon yyyy`, `yyyy-mm` or `mm/yyyy` (read as the month's first day).
/// Values match their layout exactly; anything else is unreadable. A date-time layout
/// checks the time of day and reads the date (a value with no time is unreadable).
///
/// Tokens: `yyyy`, `yy` (two digits, read through a pivot), `mm` (month; minutes after
/// `hh`), `dd`, `Mon` (English three-letter month, any case), `hh` (00–23), `ss`, `f`…
/// (fractions of a second, one `f` per digit), and the separators `/ - . : , _`,
/// space and `T`. Anything else in a layout is refused, so a typo cannot silently
/// become a literal every value must contain.
public struct DateFormat: Sendable {
    enum Piece: Sendable, Equatable {
        case year, year2, month, day, monthName, hour, minute, second, fraction(Int), literal(UInt8)
        /// `Pnn` / `nn`: a financial period of a year label, 01–13 (13, the year-end
        /// adjustments, falls in the year's last month); `P` read in any case when written.
        case period(letter: Bool)
        /// `Qn`: a quarter of a year label, 1–4 (`Q` in any case).
        case quarter
        /// Not read from the text: the value is the last day of the span the label names
        /// (a month, a quarter, a period's month, a year), for a mapping's end field.
        case spanEnd
        /// Not read from the text: the value is the label's period number (1–13), for a
        /// mapping's whole-number field. Why: P12 and P13 both fall in the year's last
        /// month, so only the number tells a ledger's P13 line from its P12 line.
        case periodNumber
    }
    let pieces: [Piece]
    public let text: String
    /// Two-digit years below this are 20yy, the rest 19yy (only for `yy` layouts).
    public var pivot = 50
    /// No day in the layout: a month label, read as the month's first day.
    public var isMonthLabel: Bool { !pieces.contains(.day) }
    /// A time of day in the layout.
    public var hasTime: Bool { pieces.contains(.hour) }
    public var hasTwoDigitYear: Bool { pieces.contains(.year2) && !isYearLabel }
    /// A year label such as `2015/16` (`yyyy/yy`): read as the first day of the year that
    /// starts in `yearStartMonth` (April for a financial year, September for an academic one).
    public var isYearLabel: Bool { pieces.contains(.year) && pieces.contains(.year2) && !pieces.contains(.month) && !pieces.contains(.monthName) }
    /// A year label with a period (`Pnn`, `nn`) or a quarter (`Qn`) of the year.
    public var isPeriodLabel: Bool { pieces.contains { $0 == .quarter || $0 == .period(letter: true) || $0 == .period(letter: false) } }
    /// The same layout read as the last day of the span its label names, for an end field.
    /// Nil for a layout with a day (it names a day, not a span).
    public var spanEnd: DateFormat? {
        guard isMonthLabel, !pieces.contains(.spanEnd) else { return nil }
        var end = DateFormat(text: text, pieces: pieces + [.spanEnd])
        end.pivot = pivot
        return end
    }
    /// The same layout read as its period number (1–13), for a whole-number field beside
    /// the date (`month, period = "Year" + "Period" format "yyyy/yy" + "Pnn" …`). Nil for
    /// a layout without a period (`Pnn`, `nn`).
    public var periodNumber: DateFormat? {
        guard pieces.contains(where: { $0 == .period(letter: true) || $0 == .period(letter: false) }),
              !pieces.contains(.spanEnd), !pieces.contains(.periodNumber) else { return nil }
        var number = DateFormat(text: text, pieces: pieces + [.periodNumber])
        number.pivot = pivot
        return number
    }
    /// Two layouts read over two columns (`format "yyyy/yy" + "Pnn"`): the first's pieces,
    /// a NUL joiner (never in a value the first layout reads), the second's. The row loop
    /// joins the two values the same way; `splitAt` is the first layout's piece count.
    public func joined(with second: DateFormat) -> DateFormat {
        var both = DateFormat(text: text + "\" + \"" + second.text, pieces: pieces + [.literal(0)] + second.pieces)
        both.pivot = pivot
        return both
    }
    var pieceCount: Int { pieces.count }
    /// The month a labelled year starts in (from the mapping's `starts`), 0 until declared.
    /// Kept in `pivot` as 100 + the month — a year label has no two-digit year to pivot —
    /// so the row loop hands the parser one number either way.
    public var yearStartMonth: Int {
        get { pivot > 100 ? pivot - 100 : 0 }
        set { pivot = 100 + newValue }
    }

    public init?(_ text: String) {
        guard case .success(let format) = Self.compile(text) else { return nil }
        self = format
    }

    private init(text: String, pieces: [Piece]) {
        self.text = text
        self.pieces = pieces
    }

    static let separators: Set<UInt8> = Set("/-.:,_ T".utf8)

    /// The layout, or why it cannot be honoured exactly (for a definition error).
    public static func compile(_ text: String) -> Result<DateFormat, FormatError> {
        var pieces: [Piece] = []
        let bytes = Array(text.utf8)
        var i = 0
        func has(_ token: String) -> Bool {
            let t = Array(token.utf8)
            return i + t.count <= bytes.count && Array(bytes[i..<i + t.count]) == t
        }
        while i < bytes.count {
            let column = i + 1
            if has("yyyy") { pieces.append(.year); i += 4 }
            else if has("yy") { pieces.append(.year2); i += 2 }
            else if has("mm") { pieces.append(pieces.contains(.hour) ? .minute : .month); i += 2 }
            else if has("dd") { pieces.append(.day); i += 2 }
            else if has("Mon") { pieces.append(.monthName); i += 3 }
            else if has("Pnn") { pieces.append(.period(letter: true)); i += 3 }
            else if has("nn") { pieces.append(.period(letter: false)); i += 2 }
            else if has("Qn") { pieces.append(.quarter); i += 2 }
            else if bytes[i] == UInt8(ascii: "P") || bytes[i] == UInt8(ascii: "Q") {
                let what = bytes[i] == UInt8(ascii: "P") ? "a period is written Pnn (read P01 to P13)" : "a quarter is written Qn (read Q1 to Q4)"
                return .failure(FormatError(column: column, message: what))
            }
            else if has("hh") { pieces.append(.hour); i += 2 }
            else if has("ss") { pieces.append(.second); i += 2 }
            else if bytes[i] == UInt8(ascii: "f") {
                var n = 0
                while i < bytes.count, bytes[i] == UInt8(ascii: "f") { n += 1; i += 1 }
                guard n <= 9 else { return .failure(FormatError(column: column, message: "at most nine 'f's (fractions of a second)")) }
                pieces.append(.fraction(n))
            } else if separators.contains(bytes[i]) { pieces.append(.literal(bytes[i])); i += 1 }
            else {
                let shown = String(decoding: bytes[i...].prefix(1), as: UTF8.self)
                return .failure(FormatError(column: column, message: "'\(shown)' is not part of a date layout; use yyyy, yy, mm, dd, Mon, hh, mm (minutes after hh), ss, f…, a year label's Pnn, nn or Qn, and the separators / - . : , _ space T"))
            }
        }
        func count(_ p: Piece) -> Int { pieces.filter { $0 == p }.count }
        let years = count(.year) + count(.year2), months = count(.month) + count(.monthName)
        let isLabel = count(.year) == 1 && count(.year2) == 1 && months == 0 && count(.day) == 0 && count(.hour) == 0
        let parts = count(.period(letter: true)) + count(.period(letter: false)) + count(.quarter)
        if parts > 0 {
            // A period or quarter counts from the start of a labelled year: without one it would be a guess.
            let at = (pieces.firstIndex { $0 == .quarter || $0 == .period(letter: true) || $0 == .period(letter: false) } ?? 0)
            let column = text.utf8.count > 0 ? Self.column(ofPiece: at, in: pieces) : 1
            if !isLabel, pieces[at] == .period(letter: false) {
                return .failure(FormatError(column: column, message: "'n' is not part of a date layout; nn is a year label's period (yyyy/yy nn)"))
            }
            guard isLabel else { return .failure(FormatError(column: column, message: "a period (Pnn, nn) or quarter (Qn) counts within a year label: the layout needs yyyy/yy (or yyyy-yy) and no month or day")) }
            guard parts == 1 else { return .failure(FormatError(column: column, message: "a layout has one period (Pnn, nn) or one quarter (Qn)")) }
        }
        if isLabel { return .success(DateFormat(text: text, pieces: pieces)) }
        guard years == 1 else { return .failure(FormatError(column: 1, message: years == 0 ? "a date layout needs a year (yyyy or yy)" : "a date layout has one year, or is a year label yyyy/yy")) }
        guard months == 1 else { return .failure(FormatError(column: 1, message: months == 0 ? "a date layout needs a month (mm or Mon)" : "a date layout has one month")) }
        guard count(.day) <= 1, count(.hour) <= 1, count(.minute) <= 1, count(.second) <= 1 else {
            return .failure(FormatError(column: 1, message: "each of dd, hh, mm and ss appears once at most"))
        }
        let fractions = pieces.filter { if case .fraction = $0 { true } else { false } }.count
        if count(.hour) == 1, count(.minute) == 0 { return .failure(FormatError(column: 1, message: "a time needs minutes: hh:mm")) }
        if count(.second) == 1, count(.hour) == 0 { return .failure(FormatError(column: 1, message: "seconds need a time: hh:mm:ss")) }
        if fractions > 0, count(.second) == 0 || fractions > 1 { return .failure(FormatError(column: 1, message: "fractions of a second (f…) follow the seconds: hh:mm:ss.fff")) }
        if count(.day) == 0, count(.hour) == 1 { return .failure(FormatError(column: 1, message: "a time needs a day: dd/mm/yyyy hh:mm")) }
        return .success(DateFormat(text: text, pieces: pieces))
    }

    /// The 1-based column in a layout's text where piece `index` starts.
    private static func column(ofPiece index: Int, in pieces: [Piece]) -> Int {
        pieces[..<index].reduce(1) { at, piece in
            switch piece {
            case .year: return at + 4
            case .monthName, .period(letter: true): return at + 3
            case .literal, .spanEnd, .periodNumber: return at + 1
            case .fraction(let n): return at + n
            default: return at + 2
            }
        }
    }

    /// `format "yyyy/yy" + "Pnn"`: a year label in one column and its period (or quarter)
    /// in the next, read as one label (`joined(with:)`). The failure says which of the two
    /// layouts is wrong (0 or 1) and where.
    public static func compile(_ first: String, plus second: String) -> Result<DateFormat, FormatError> {
        func inSecond(_ column: Int, _ message: String) -> Result<DateFormat, FormatError> {
            .failure(FormatError(column: column, message: message, part: 1))
        }
        let year: DateFormat
        switch compile(first) {
        case .success(let f) where f.isYearLabel && !f.isPeriodLabel: year = f
        case .success: return .failure(FormatError(column: 1, message: "the first of two columns holds a year label, as \"yyyy/yy\" or \"yyyy-yy\"; \"\(first)\" is not one"))
        case .failure(let problem): return .failure(problem)
        }
        // The second layout is checked as it reads: after the year label, with a separator.
        switch compile(first + " " + second) {
        case .failure(let problem):
            let offset = first.utf8.count + 1
            return problem.column > offset ? inSecond(problem.column - offset, problem.message) : inSecond(1, problem.message)
        case .success(let both):
            let rest = Array(both.pieces[(year.pieces.count + 1)...])
            guard !rest.contains(where: { [.year, .year2, .month, .monthName, .day, .hour, .minute, .second].contains($0) }) else {
                return inSecond(1, "the second of two columns holds the year's period or quarter: Pnn, nn or Qn, with separators")
            }
            guard both.isPeriodLabel else { return inSecond(1, "the second of two columns holds the year's period (Pnn, nn) or quarter (Qn); \"\(second)\" has neither") }
            return .success(year.joined(with: DateFormat(text: second, pieces: rest)))
        }
    }

    /// Why a layout was refused, with the 1-based column in the layout's text.
    public struct FormatError: Error, Sendable {
        public var column: Int
        public var message: String
        /// Which of two layouts (`format "yyyy/yy" + "Pnn"`) is wrong: 0 the first, 1 the second.
        public var part = 0
    }

    static let packedMonthNames: [UInt32] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"].map {
        $0.utf8.reduce(0) { $0 << 8 | UInt32($1) }
    }

    /// The day number, or nil when the bytes do not match the layout or name no real day.
    public func parse(_ bytes: ArraySlice<UInt8>) -> Int32? {
        bytes.withUnsafeBufferPointer { parse($0) }
    }

    /// The day number, or nil when the bytes do not match the layout or name no real day.
    public func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32? {
        pieces.withUnsafeBufferPointer { Self.parse(bytes, pieces: $0, pivot: pivot) }
    }

    /// The day and the second of the day (0 for a layout without a time), or nil.
    public func parseDateTime(_ bytes: ArraySlice<UInt8>) -> (day: Int32, second: Int32)? {
        var second: Int32 = 0
        let day = bytes.withUnsafeBufferPointer { b in pieces.withUnsafeBufferPointer { Self.parse(b, pieces: $0, pivot: pivot, secondOfDay: &second) } }
        return day.map { ($0, second) }
    }

    /// As `parse(_:)`, with the layout in a buffer the caller's row loop holds.
    @inline(__always)
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>, pieces: UnsafeBufferPointer<Piece>, pivot: Int = 50) -> Int32? {
        var second: Int32 = 0
        return parse(bytes, pieces: pieces, pivot: pivot, secondOfDay: &second)
    }

    @inline(__always)
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>, pieces: UnsafeBufferPointer<Piece>, pivot: Int, secondOfDay: inout Int32) -> Int32? {
        var i = 0
        let end = bytes.count
        var year = 0, month = 0, day = 1, hour = 0, minute = 0, second = 0, labelEnd = -1
        var quarter = 0, period = 0, toEnd = false, wantPeriod = false
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
            case .year2:
                guard let v = digits(2) else { return nil }
                // In a year label (yyyy/yy) the second year is the first's next, as written.
                if year > 0 { labelEnd = v } else { year = v < pivot ? 2000 + v : 1900 + v }
            case .month: guard let v = digits(2) else { return nil }; month = v
            case .day: guard let v = digits(2) else { return nil }; day = v
            case .hour: guard let v = digits(2), v <= 23 else { return nil }; hour = v
            case .minute: guard let v = digits(2), v <= 59 else { return nil }; minute = v
            case .second: guard let v = digits(2), v <= 59 else { return nil }; second = v
            case .fraction(let n): guard digits(n) != nil else { return nil }
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
            case .period(let letter):
                if letter {
                    guard i < end, bytes[i] | 0x20 == UInt8(ascii: "p") else { return nil }
                    i += 1
                }
                guard let v = digits(2), v >= 1, v <= 13 else { return nil }
                period = v
            case .quarter:
                guard i < end, bytes[i] | 0x20 == UInt8(ascii: "q") else { return nil }
                i += 1
                guard let v = digits(1), v >= 1, v <= 4 else { return nil }
                quarter = v
            case .spanEnd: toEnd = true
            case .periodNumber: wantPeriod = true
            }
        }
        if labelEnd >= 0 {
            // A year label: "2015/16" is the year starting in the declared month of 2015;
            // its period P01 is that month, P12 and P13 the year's last; Q1 its first three.
            guard i == end, labelEnd == (year + 1) % 100, pivot >= 101, pivot <= 112 else { return nil }
            secondOfDay = 0
            if wantPeriod { return Int32(period) }
            let offset = quarter > 0 ? (quarter - 1) * 3 : period > 0 ? min(period, 12) - 1 : 0
            let first = pivot - 101 + offset
            let start = Day.number(year: year + first / 12, month: first % 12 + 1, day: 1)
            guard toEnd else { return start }
            let months = quarter > 0 ? 3 : period > 0 ? 1 : 12
            return Day.addMonths(start, months) - 1
        }
        guard i == end, month >= 1, month <= 12, day >= 1, day <= Day.daysIn(year: year, month: month) else { return nil }
        secondOfDay = Int32(hour * 3600 + minute * 60 + second)
        if toEnd { return Day.number(year: year, month: month, day: Day.daysIn(year: year, month: month)) }
        return Day.number(year: year, month: month, day: day)
    }
}

extension DateFormat {
    /// A plain fixed-width date layout: a four-digit year, a month (two digits or a `Mon`
    /// name) and a two-digit day at fixed offsets, with at most two literal separators
    /// (`yyyy-mm-dd`, `dd/mm/yyyy`, `yyyymmdd`, `dd-Mon-yyyy`…), read by direct offsets.
    ///
    /// Why it exists: nearly every extract's dates use such a layout, and the general loop
    /// over pieces (which also reads times, two-digit years, year labels, periods and
    /// quarters) costs roughly twice as much per value in the intake's row loop. The row
    /// loop chooses it once per mapping (`RowSteps.Step.fixedDate`). It accepts and
    /// refuses exactly what `parse(_:pieces:pivot:)` does for the same layout: the same
    /// total length, the same bytes at the same offsets, the same month and day checks.
    struct FixedLayout: Sendable, Equatable {
        /// The value's exact length in bytes.
        var length = 0
        var yearAt = 0
        var monthAt = 0
        /// The month is a three-letter English name (`Mon`), not two digits.
        var monthIsName = false
        var dayAt = 0
        /// The separators' offsets (-1: none) and bytes.
        var literal1At = -1
        var literal1: UInt8 = 0
        var literal2At = -1
        var literal2: UInt8 = 0

        /// The fixed layout of `pieces`, or nil when they hold anything beyond one year
        /// (`yyyy`), one month, one day and up to two literals.
        init?(_ pieces: [Piece]) {
            var years = 0, months = 0, days = 0, literals = 0
            var at = 0
            for piece in pieces {
                switch piece {
                case .year: yearAt = at; at += 4; years += 1
                case .month: monthAt = at; at += 2; months += 1
                case .monthName: monthAt = at; monthIsName = true; at += 3; months += 1
                case .day: dayAt = at; at += 2; days += 1
                case .literal(let b):
                    literals += 1
                    if literals == 1 { (literal1At, literal1) = (at, b) } else { (literal2At, literal2) = (at, b) }
                    at += 1
                default: return nil
                }
            }
            guard years == 1, months == 1, days == 1, literals <= 2 else { return nil }
            length = at
        }

        /// Two ASCII digits at `at` as a number, or nil.
        @inline(__always)
        private static func twoDigits(_ bytes: UnsafeBufferPointer<UInt8>, _ at: Int) -> Int? {
            let a = bytes[at] &- UInt8(ascii: "0"), b = bytes[at + 1] &- UInt8(ascii: "0")
            guard a < 10, b < 10 else { return nil }
            return Int(a) * 10 + Int(b)
        }

        /// The day number, or nil when the bytes do not match the layout or name no real day.
        @inline(__always)
        func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32? {
            guard bytes.count == length else { return nil }
            if literal1At >= 0, bytes[literal1At] != literal1 { return nil }
            if literal2At >= 0, bytes[literal2At] != literal2 { return nil }
            guard let century = Self.twoDigits(bytes, yearAt), let years = Self.twoDigits(bytes, yearAt + 2),
                  let day = Self.twoDigits(bytes, dayAt) else { return nil }
            let month: Int
            if monthIsName {
                // Three letters, any case, packed into one word, as the general loop does.
                let name = UInt32(bytes[monthAt] | 0x20) << 16 | UInt32(bytes[monthAt + 1] | 0x20) << 8 | UInt32(bytes[monthAt + 2] | 0x20)
                guard let index = DateFormat.packedMonthNames.firstIndex(of: name) else { return nil }
                month = index + 1
            } else {
                guard let m = Self.twoDigits(bytes, monthAt) else { return nil }
                month = m
            }
            let year = century * 100 + years
            guard month >= 1, month <= 12, day >= 1, day <= Day.daysIn(year: year, month: month) else { return nil }
            return Day.number(year: year, month: month, day: day)
        }
    }

    /// The layout's fixed-offset reader, when it is a plain year/month/day layout.
    var fixedLayout: FixedLayout? { FixedLayout(pieces) }
}
