/// How a row's numbers read: the style decides decimal places and the unit sign.
enum CellStyle: String, Sendable {
    case count, percent, rate, ratio, pounds, number

    /// FRAMEWORK.md "Numbers on the page": percentages, rates and averages to one
    /// decimal place; counts and money whole. A computed `number` keeps one place
    /// unless it is whole by construction.
    func decimals(whole: Bool) -> Int {
        switch self {
        case .count, .pounds: return 0
        case .percent, .rate, .ratio: return 1
        case .number: return whole ? 0 : 1
        }
    }
}

/// One number as every report format shows it: rounded once, here, to its displayed
/// precision (half away from zero), or a DfE symbol in its place. Renderers only
/// choose how to spell it, so no two formats can round differently.
struct ReportCell: Sendable, Equatable {
    /// DfE symbols: never a blank, 0 or NaN in a figure's place.
    enum Symbol: String, Sendable, CaseIterable {
        case notApplicable = "z"
        case notAvailable = "x"
        case suppressed = "c"

        var meaning: String {
            switch self {
            case .notApplicable: return "not applicable (a zero denominator, or a column where the measure does not apply)"
            case .notAvailable: return "not available (no data for the period)"
            case .suppressed: return "suppressed to protect confidentiality (published reports only)"
            }
        }
    }

    var style: CellStyle
    /// The value in units of its last displayed digit (tenths at one decimal place).
    var scaled: Int64?
    var decimals: Int
    var symbol: Symbol?
    /// Full precision, for RAG only (decided on unrounded values); no renderer prints it.
    var unrounded: Double?

    static func symbol(_ symbol: Symbol, _ style: CellStyle) -> ReportCell {
        ReportCell(style: style, scaled: nil, decimals: style.decimals(whole: false), symbol: symbol, unrounded: nil)
    }

    static func number(_ value: Double, _ style: CellStyle, whole: Bool = false) -> ReportCell {
        let decimals = style.decimals(whole: whole)
        let factor = decimals == 0 ? 1.0 : 10.0
        // A value no report can show exactly (beyond 9 × 10^17, or not finite) is not available.
        let scaledMagnitude = (abs(value) * factor).rounded(.toNearestOrAwayFromZero)
        guard scaledMagnitude.isFinite, scaledMagnitude < 9.0e18 else { return .symbol(.notAvailable, style) }
        // The same rounding as NumberFormat.oneDecimal: scale the magnitude, round half away from zero.
        let magnitude = Int64(scaledMagnitude)
        return ReportCell(style: style, scaled: value < 0 ? -magnitude : magnitude, decimals: decimals, symbol: nil, unrounded: value)
    }

    /// The cell for an engine figure, before any disclosure control.
    static func from(_ figure: Figure, _ style: CellStyle) -> ReportCell {
        switch figure.value {
        case .notApplicable: return .symbol(.notApplicable, style)
        case .notAvailable: return .symbol(.notAvailable, style)
        case .number(.int(let i)): return .number(Double(i), style, whole: true)
        case .number(.double(let d)): return .number(d, style)
        // Pounds to the penny, rounded only here, as the style says (whole pounds for `pounds`).
        case .number(.money(let p)): return .number(Money.pounds(p), style)
        }
    }

    var isNumber: Bool { scaled != nil }

    /// For machines (CSV value fields, JSON numbers): `79.3`, `94900`, `-94900`; the symbol otherwise.
    var plain: String {
        guard let scaled else { return symbol?.rawValue ?? "x" }
        return Self.digits(scaled, decimals: decimals, grouped: false)
    }

    /// For people: `79.3%`, `£94,900`, `1,234`, or the symbol.
    var text: String {
        guard let scaled else { return symbol?.rawValue ?? "x" }
        let body = Self.digits(abs(scaled), decimals: decimals, grouped: true)
        let sign = scaled < 0 ? "-" : ""
        switch style {
        case .percent: return sign + body + "%"
        case .pounds: return sign + "£" + body
        default: return sign + body
        }
    }

    private static func digits(_ scaled: Int64, decimals: Int, grouped: Bool) -> String {
        let sign = scaled < 0 ? "-" : ""
        let magnitude = scaled.magnitude
        let whole = decimals == 0 ? magnitude : magnitude / 10
        var wholeText = String(whole)
        if grouped, wholeText.count > 3 {
            var out = ""
            for (i, ch) in wholeText.enumerated() {
                if i > 0, (wholeText.count - i) % 3 == 0 { out.append(",") }
                out.append(ch)
            }
            wholeText = out
        }
        return decimals == 0 ? sign + wholeText : sign + wholeText + "." + String(magnitude % 10)
    }
}
