import Foundation

/// Small text helpers for the drafted definitions.
enum Render {
    /// A value for a comment: on one line, at most 30 characters, quotes shown as `\"`.
    static func short(_ s: String) -> String {
        var out = ""
        for ch in s {
            if out.count >= 30 { out += "…"; break }
            switch ch {
            case "\n", "\r", "\r\n": out += "⏎"
            case "\"": out += "\\\""
            case "\t": out += "⇥"
            default: out.append(ch)
            }
        }
        return out
    }

    /// A string literal of the definition language (`\"` and `\\` are its only escapes;
    /// a line break cannot be written, so it becomes a space).
    static func literal(_ s: String) -> String {
        var out = "\""
        for ch in s {
            switch ch {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n", "\r", "\r\n": out += " "
            default: out.append(ch)
            }
        }
        return out + "\""
    }

    static func number(_ d: Double) -> String {
        if d == d.rounded(), abs(d) < 1e15 { return String(Int64(d)) }
        return String(format: "%g", d)
    }

    /// Words a field may not be called, as the parser reads them as statements or operators.
    static let reserved: Set<String> = [
        "key", "span", "column", "group", "file", "encoding", "delimiter", "header", "into", "supersede", "identity",
        "reject", "empty", "stale", "shrink", "rejected", "and", "or", "not", "is", "blank", "in", "as_at", "this",
        "period", "true", "false", "when", "where", "let", "count", "share",
    ]

    /// An identifier from a column or file name: lower case, runs of anything but letters
    /// and digits as `_`, never starting with a digit, never a reserved word.
    static func identifier(_ name: String, fallback: String, reservedSuffix: String = "_field") -> String {
        var out = ""
        var pendingUnderscore = false
        for scalar in name.unicodeScalars {
            let v = scalar.value
            let isAlnum = (v >= 48 && v <= 57) || (v >= 65 && v <= 90) || (v >= 97 && v <= 122)
            if isAlnum {
                if pendingUnderscore, !out.isEmpty { out += "_" }
                pendingUnderscore = false
                out.unicodeScalars.append(v >= 65 && v <= 90 ? Unicode.Scalar(v + 32)! : scalar)
            } else {
                pendingUnderscore = true
            }
        }
        if out.isEmpty { out = fallback }
        if let first = out.utf8.first, first >= 48 && first <= 57 { out = fallback + "_" + out }
        if reserved.contains(out) { out += reservedSuffix }
        return out
    }

    /// Pads `s` with spaces to `width` characters.
    static func pad(_ s: String, _ width: Int) -> String { s.count >= width ? s : s + String(repeating: " ", count: width - s.count) }
}
