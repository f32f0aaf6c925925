/// An exact rational number for the disclosure audit's simplex: an attacker's
/// bounds must be computed without rounding, or a cell pinned to one value could
/// look as if it had room to move. 128-bit parts, always in lowest terms with a
/// positive denominator; any overflow stops the test rather than give a wrong answer
/// (the audit's tables are small, so their tableaux stay far from the limit).
struct Rational: Hashable, Comparable, CustomStringConvertible, Sendable {
    private(set) var num: Int128
    private(set) var den: Int128

    static let zero = Rational(0)
    static let one = Rational(1)

    init(_ n: Int128, _ d: Int128 = 1) {
        precondition(d != 0, "rational with a zero denominator")
        let g = Rational.gcd(n.magnitude, d.magnitude)
        var n = n / Int128(g), d = d / Int128(g)
        if d < 0 { n = -n; d = -d }
        num = n
        den = d
    }

    init(_ n: Int64) { self.init(Int128(n), 1) }
    init(_ n: Int) { self.init(Int128(n), 1) }

    /// A decimal as written (`79.3`, `-94900`, `1.25`), exactly.
    init?(decimal text: String) {
        var digits = text
        var negative = false
        if digits.hasPrefix("-") { negative = true; digits.removeFirst() }
        let parts = digits.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, let whole = Int128(parts[0].isEmpty ? "0" : String(parts[0])) else { return nil }
        var n = whole, d: Int128 = 1
        if parts.count == 2 {
            for ch in parts[1] {
                guard let digit = ch.wholeNumberValue else { return nil }
                n = n * 10 + Int128(digit)
                d *= 10
            }
        }
        self.init(negative ? -n : n, d)
    }

    /// A double exactly as `Double.description` prints it (shortest round trip).
    init(_ d: Double) {
        var text = "\(d)"
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            let exponent = Int(text[text.index(after: e)...])!
            var r = Rational(decimal: String(text[..<e]))!
            let ten = Rational(10)
            for _ in 0..<abs(exponent) { r = exponent > 0 ? r * ten : r / ten }
            self = r
            return
        }
        if text.hasSuffix(".0") { text.removeLast(2) }
        self = Rational(decimal: text)!
    }

    static func gcd(_ a: UInt128, _ b: UInt128) -> UInt128 {
        var (a, b) = (a, b)
        while b != 0 { (a, b) = (b, a % b) }
        return a == 0 ? 1 : a
    }

    private static func checked(_ r: (partialValue: Int128, overflow: Bool)) -> Int128 {
        precondition(!r.overflow, "rational overflow in the disclosure audit")
        return r.partialValue
    }

    static func + (a: Rational, b: Rational) -> Rational {
        if a.den == b.den { return Rational(checked(a.num.addingReportingOverflow(b.num)), a.den) }
        let g = Int128(gcd(a.den.magnitude, b.den.magnitude))
        let da = a.den / g, db = b.den / g
        let n = checked(checked(a.num.multipliedReportingOverflow(by: db)).addingReportingOverflow(checked(b.num.multipliedReportingOverflow(by: da))))
        return Rational(n, checked(a.den.multipliedReportingOverflow(by: db)))
    }

    static prefix func - (a: Rational) -> Rational { Rational(-a.num, a.den) }
    static func - (a: Rational, b: Rational) -> Rational { a + (-b) }

    static func * (a: Rational, b: Rational) -> Rational {
        if a.num == 0 || b.num == 0 { return .zero }
        let g1 = Int128(gcd(a.num.magnitude, b.den.magnitude)), g2 = Int128(gcd(b.num.magnitude, a.den.magnitude))
        return Rational(checked((a.num / g1).multipliedReportingOverflow(by: b.num / g2)),
                        checked((a.den / g2).multipliedReportingOverflow(by: b.den / g1)))
    }

    static func / (a: Rational, b: Rational) -> Rational {
        precondition(b.num != 0, "division by zero in the disclosure audit")
        return a * Rational(b.den, b.num)
    }

    static func < (a: Rational, b: Rational) -> Bool { (a - b).num < 0 }

    var isZero: Bool { num == 0 }
    var isNegative: Bool { num < 0 }
    var isPositive: Bool { num > 0 }

    /// The greatest integer not above, and the least not below.
    var floor: Int128 { num >= 0 ? num / den : -((-num + den - 1) / den) }
    var ceiling: Int128 { -(Rational(-num, den).floor) }

    var description: String { den == 1 ? "\(num)" : "\(num)/\(den)" }
}
