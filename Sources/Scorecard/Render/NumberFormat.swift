/// The one formatting policy every renderer shares.
public enum NumberFormat {
    /// Full precision, as the long table shows it: whole numbers as integers, others
    /// as the shortest text that reads back to the same double.
    public static func full(_ n: Number) -> String {
        switch n {
        case .int(let i): return String(i)
        case .double(let d): return d.description
        case .money(let p): return Money.text(p)
        }
    }

    /// The value field: the number, or the DfE symbol in its place.
    public static func value(_ v: Figure.Value) -> String {
        switch v {
        case .number(let n): return full(n)
        case .notApplicable: return "z"
        case .notAvailable: return "x"
        }
    }

    /// One decimal place, rounding half away from zero, for people to read.
    public static func oneDecimal(_ d: Double) -> String {
        let scaled = (abs(d) * 10).rounded(.toNearestOrAwayFromZero)
        let whole = Int64(scaled) / 10
        let tenth = Int64(scaled) % 10
        let sign = d < 0 && scaled != 0 ? "-" : ""
        return "\(sign)\(whole).\(tenth)"
    }
}
