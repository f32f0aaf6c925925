/// The SQL engines the compiler writes for, and the spelling of everything that differs
/// between them. Everything else the compiler writes is standard SQL both accept.
public enum SQLDialect: String, Sendable, CaseIterable {
    case postgres
    case spark

    /// A date constant.
    func date(_ day: Int32) -> String { "DATE '\(Day.iso(day))'" }

    /// A text constant: standard SQL doubles a quote; Spark reads `''` as two literals
    /// run together, so there a quote and a backslash are escaped with a backslash.
    func text(_ s: String) -> String {
        if self == .spark {
            return "'" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
        }
        return "'" + s.replacingOccurrences(of: "'", with: "''") + "'"
    }

    var doubleType: String { self == .postgres ? "DOUBLE PRECISION" : "DOUBLE" }
    var bigintType: String { "BIGINT" }
    var textType: String { self == .postgres ? "TEXT" : "STRING" }

    /// A whole number in exact arithmetic (no overflow, no rounding).
    func exact(_ sql: String) -> String { self == .postgres ? "CAST(\(sql) AS NUMERIC)" : "CAST(\(sql) AS DECIMAL(38, 0))" }
    /// Whether an exact whole number fits a BIGINT (a Swift Int64).
    func fitsBigint(_ sql: String) -> String { "\(sql) BETWEEN -9223372036854775808 AND 9223372036854775807" }

    func double(_ sql: String) -> String { "CAST(\(sql) AS \(doubleType))" }
    func bigint(_ sql: String) -> String { "CAST(\(sql) AS BIGINT)" }
    func toText(_ sql: String) -> String { "CAST(\(sql) AS \(textType))" }

    /// A decimal constant, exactly the double the definitions' number reads as.
    func doubleConstant(_ d: Double) -> String {
        if d.isNaN { return self == .postgres ? "CAST('NaN' AS DOUBLE PRECISION)" : "CAST('NaN' AS DOUBLE)" }
        return double(d.description)
    }

    /// NULL of a type, where a bare NULL would leave a column's type unknown.
    func nullDouble() -> String { "CAST(NULL AS \(doubleType))" }
    func nullBigint() -> String { "CAST(NULL AS BIGINT)" }
    func nullDate() -> String { "CAST(NULL AS DATE)" }
    func nullText() -> String { "CAST(NULL AS \(textType))" }

    // MARK: Dates

    func year(_ d: String) -> String { self == .postgres ? "CAST(EXTRACT(YEAR FROM \(d)) AS BIGINT)" : "CAST(year(\(d)) AS BIGINT)" }
    func month(_ d: String) -> String { self == .postgres ? "CAST(EXTRACT(MONTH FROM \(d)) AS BIGINT)" : "CAST(month(\(d)) AS BIGINT)" }
    func day(_ d: String) -> String { self == .postgres ? "CAST(EXTRACT(DAY FROM \(d)) AS BIGINT)" : "CAST(dayofmonth(\(d)) AS BIGINT)" }
    func makeDate(_ y: String, _ m: String, _ d: String) -> String {
        self == .postgres ? "make_date(CAST(\(y) AS INTEGER), CAST(\(m) AS INTEGER), CAST(\(d) AS INTEGER))"
            : "make_date(CAST(\(y) AS INT), CAST(\(m) AS INT), CAST(\(d) AS INT))"
    }
    /// A date plus a whole number of days (negative to go back).
    func addDays(_ d: String, _ n: String) -> String {
        self == .postgres ? "(\(d) + CAST(\(n) AS INTEGER))" : "date_add(\(d), CAST(\(n) AS INT))"
    }
    /// Calendar months, keeping the day and clamping it to the month's last day.
    func addMonths(_ d: String, _ n: String) -> String {
        self == .postgres ? "CAST(\(d) + make_interval(months => CAST(\(n) AS INTEGER)) AS DATE)" : "add_months(\(d), CAST(\(n) AS INT))"
    }
    /// Whole days from `a` to `b`.
    func daysBetween(_ a: String, _ b: String) -> String {
        self == .postgres ? "CAST(\(b) - \(a) AS BIGINT)" : "CAST(datediff(\(b), \(a)) AS BIGINT)"
    }
    /// 1 for Monday to 7 for Sunday.
    func isoWeekday(_ d: String) -> String {
        self == .postgres ? "CAST(EXTRACT(ISODOW FROM \(d)) AS BIGINT)" : "CAST(MOD(dayofweek(\(d)) + 5, 7) + 1 AS BIGINT)"
    }
    /// Whole-number division of non-negative numbers.
    func intDiv(_ a: String, _ b: String) -> String { self == .postgres ? "(\(a) / \(b))" : "(\(a) DIV \(b))" }

    // MARK: Logic

    /// `a` equal to `b`, blanks equal to each other (the per-rate keys' equality).
    func nullSafeEqual(_ a: String, _ b: String) -> String {
        self == .postgres ? "(\(a) IS NOT DISTINCT FROM \(b))" : "(\(a) <=> \(b))"
    }

    func isNaN(_ x: String) -> String { self == .postgres ? "(\(x) = CAST('NaN' AS DOUBLE PRECISION))" : "isnan(\(x))" }

    /// A derived row from a lateral subquery: `CROSS JOIN LATERAL (SELECT … AS v) AS name`.
    func lateral(_ select: String, as name: String) -> String { "CROSS JOIN LATERAL (\(select)) AS \(name)" }

    /// A CTE's name and `AS`, computed once and kept (PostgreSQL would otherwise fold a
    /// CTE read once into the query, and plan the look-ups before the filter).
    func materialized(_ name: String) -> String { self == .postgres ? "\(name) AS MATERIALIZED" : "\(name) AS" }

    /// The script with its identifiers quoted as the dialect quotes them: the compiler
    /// writes standard double quotes; Spark quotes with backticks (a double-quoted word is
    /// a string there). Text constants and comments are left as they are.
    func identifiers(_ script: String) -> String {
        guard self == .spark else { return script }
        var out: [UInt8] = []
        let bytes = Array(script.utf8)
        var i = 0
        var inText = false, inComment = false
        while i < bytes.count {
            let b = bytes[i]
            if inComment {
                if b == UInt8(ascii: "\n") { inComment = false }
            } else if inText {
                if b == UInt8(ascii: "\\"), i + 1 < bytes.count {
                    out.append(b); out.append(bytes[i + 1]); i += 2; continue
                }
                if b == UInt8(ascii: "'") { inText = false }
            } else if b == UInt8(ascii: "'") {
                inText = true
            } else if b == UInt8(ascii: "-"), i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "-") {
                inComment = true
            } else if b == UInt8(ascii: "\"") {
                out.append(UInt8(ascii: "`")); i += 1; continue
            }
            out.append(b)
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The first row of an ordered subquery.
    func limitOne() -> String { "LIMIT 1" }
}
