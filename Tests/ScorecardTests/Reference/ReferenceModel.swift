import Foundation

// A naive reference for the definition language, written from the README alone and
// independent of the engine (no TypeChecker or Lowering, no Evaluator, no Day): its own
// expression tree, its own calendar, its own CSV decoding, and figures computed the
// obvious way — every record tested in every period. The differential test
// (ReferenceFuzzTests) runs random measures through both and compares every figure.

/// The static types of the fuzzed language.
enum RefType: Equatable, CustomStringConvertible {
    case bool, int, dec, date, text, person
    case code(String)
    case row(String)

    var isNumeric: Bool { self == .int || self == .dec }
    var description: String {
        switch self {
        case .bool: "bool"
        case .int: "int"
        case .dec: "dec"
        case .date: "date"
        case .text: "text"
        case .person: "person"
        case .code(let c): "code(\(c))"
        case .row(let r): "row(\(r))"
        }
    }
}

/// A value: blanks are `.null`; dates are day numbers of the reference's own calendar.
enum RefValue: Equatable {
    case null
    case bool(Bool)
    case int(Int64)
    case dec(Double)
    case date(Int)
    case code(Int)
    case text(String)
    case person(String)
    case row(Int)

    var isTrue: Bool { self == .bool(true) }
    var number: Double? {
        switch self {
        case .int(let i): Double(i)
        case .dec(let d): d
        default: nil
        }
    }
    /// For ordering and `min`/`max`: numbers, dates and codes as one scale.
    var ordinal: Double? {
        switch self {
        case .int(let i): Double(i)
        case .dec(let d): d
        case .date(let d): Double(d)
        case .code(let c): Double(c)
        default: nil
        }
    }

    var display: String {
        switch self {
        case .null: "blank"
        case .bool(let b): "\(b)"
        case .int(let i): "\(i)"
        case .dec(let d): "\(d)"
        case .date(let d): RefCalendar.iso(d)
        case .code(let c): "code#\(c)"
        case .text(let t): "'\(t)'"
        case .person(let p): p
        case .row(let r): "row \(r)"
        }
    }
}

/// The proleptic Gregorian calendar by plain counting, for the reference only.
enum RefCalendar {
    static func isLeap(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }
    static func daysIn(_ y: Int, _ m: Int) -> Int {
        [31, isLeap(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
    }
    /// Days since 1970-01-01 (years from 1900 to 2100 are all the fuzz uses).
    static func day(_ y: Int, _ m: Int, _ d: Int) -> Int {
        var n = 0
        if y >= 1970 { for yy in 1970..<y { n += isLeap(yy) ? 366 : 365 } } else { for yy in y..<1970 { n -= isLeap(yy) ? 366 : 365 } }
        for mm in 1..<m { n += daysIn(y, mm) }
        return n + d - 1
    }
    static func civil(_ n: Int) -> (y: Int, m: Int, d: Int) {
        var y = 1970, rest = n
        while rest < 0 { y -= 1; rest += isLeap(y) ? 366 : 365 }
        while rest >= (isLeap(y) ? 366 : 365) { rest -= isLeap(y) ? 366 : 365; y += 1 }
        var m = 1
        while rest >= daysIn(y, m) { rest -= daysIn(y, m); m += 1 }
        return (y, m, rest + 1)
    }
    static func iso(_ n: Int) -> String {
        let c = civil(n)
        return String(format: "%04d-%02d-%02d", c.y, c.m, c.d)
    }
    static func parse(_ s: String) -> Int? {
        let p = s.split(separator: "-").compactMap { Int($0) }
        guard p.count == 3 else { return nil }
        return day(p[0], p[1], p[2])
    }
    /// Calendar months, clamped to the month's end: 31 May − 3 months = 28 February.
    static func addMonths(_ n: Int, _ k: Int) -> Int {
        let c = civil(n)
        var y = c.y, m = c.m + k
        while m > 12 { m -= 12; y += 1 }
        while m < 1 { m += 12; y -= 1 }
        return day(y, m, min(c.d, daysIn(y, m)))
    }
    static func fyStart(_ n: Int) -> Int {
        let c = civil(n)
        return day(c.m >= 4 ? c.y : c.y - 1, 4, 1)
    }
    static func quarterStart(_ n: Int) -> Int {
        let c = civil(n)
        return day(c.y, (c.m - 1) / 3 * 3 + 1, 1)
    }
    static func quarterEnd(_ n: Int) -> Int {
        let c = civil(n)
        let m = (c.m - 1) / 3 * 3 + 3
        return day(c.y, m, daysIn(c.y, m))
    }
}

/// An expression of the fuzzed language: printed as definition text for the engine,
/// evaluated directly by the reference.
indirect enum RefExpr {
    /// A field of the record being counted.
    case field(String)
    /// A field of the record a row value points at (an alias, a let, a ref field, a pick).
    case member(RefExpr, record: String, field: String)
    case alias(String)
    case letRef(String)
    case this
    case int(Int64)
    case dec(Double)
    /// A quoted code, only ever compared with (or listed against) a code of its category.
    case code(String, Int, text: String)
    case period(String)
    case asAt
    case arith(String, RefExpr, RefExpr, RefType)
    case negate(RefExpr)
    case duration(RefExpr, plus: Bool, count: Int, months: Bool)
    case compare(String, RefExpr, RefExpr)
    case and(RefExpr, RefExpr)
    case or(RefExpr, RefExpr)
    case not(RefExpr)
    case isBlank(RefExpr, negated: Bool)
    case inList(RefExpr, [RefExpr])
    case inPeriod(RefExpr, toDate: Bool)
    case open(duringYear: Bool)
    case call(String, [RefExpr], RefType)
    case exists(record: String, alias: String, other: Bool, condition: RefExpr?)
    case pick(last: Bool, record: String, alias: String, condition: RefExpr?, order: [RefExpr])

    var text: String {
        switch self {
        case .field(let f): return f
        case .member(let base, _, let f):
            switch base {
            case .alias, .letRef, .field: return "\(base.text).\(f)"
            default: return "(\(base.text)).\(f)"
            }
        case .alias(let a), .letRef(let a): return a
        case .this: return "this"
        case .int(let i): return i < 0 ? "(-\(-i))" : "\(i)"
        case .dec(let d): return d < 0 ? "(-\(Self.decimal(-d)))" : Self.decimal(d)
        case .code(_, _, let t): return "\"\(t)\""
        case .period(let p): return "period.\(p)"
        case .asAt: return "as_at"
        case .arith(let op, let a, let b, _): return "(\(a.text) \(op) \(b.text))"
        case .negate(let a): return "(-\(a.text))"
        case .duration(let a, let plus, let n, let months):
            return "(\(a.text) \(plus ? "+" : "-") \(n) \(months ? (n == 1 ? "month" : "months") : (n == 1 ? "day" : "days")))"
        case .compare(let op, let a, let b): return "(\(a.text) \(op) \(b.text))"
        case .and(let a, let b): return "(\(a.text) and \(b.text))"
        case .or(let a, let b): return "(\(a.text) or \(b.text))"
        case .not(let a): return "(not \(a.text))"
        case .isBlank(let a, let negated): return "(\(a.text) is \(negated ? "not " : "")blank)"
        case .inList(let a, let items): return "(\(a.text) in (\(items.map(\.text).joined(separator: ", "))))"
        case .inPeriod(let a, let toDate): return "(\(a.text) in \(toDate ? "year to date" : "period"))"
        case .open(let y): return y ? "(open during year to date)" : "(open at period end)"
        case .call(let name, let args, _): return "\(name)(\(args.map(\.text).joined(separator: ", ")))"
        case .exists(let r, let a, let other, let c):
            return "(exists \(other ? "other " : "")\(r) \(a)\(c.map { " where \($0.text)" } ?? ""))"
        case .pick(let last, let r, let a, let c, let order):
            return "(\(last ? "last" : "first") \(r) \(a)\(c.map { " where \($0.text)" } ?? "")\(order.isEmpty ? "" : " order by " + order.map(\.text).joined(separator: ", ")))"
        }
    }

    static func decimal(_ d: Double) -> String {
        var s = String(format: "%.4f", d)
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s += "0" }
        return s
    }
}
