/// How an extract writes numbers: its decimal mark, its thousands separator (if any) and
/// whether a trailing `%` may follow (`45%` reads as 45). Declared per mapping
/// (`decimal ","`, `thousands "."`, `percent`); the default is plain `1234.5`.
struct NumberLayout: Sendable, Equatable {
    var decimalMark: UInt8 = UInt8(ascii: ".")
    var thousands: UInt8 = 0
    var percent = false
    /// Money only: the currency symbol's bytes (up to four, first byte lowest) and how
    /// many; packed so the row loop's step stays a trivial value.
    var currency: UInt32 = 0
    var currencyLength: UInt8 = 0

    static let plain = NumberLayout()
}

/// Reads a number's text strictly into the plain form Swift parses (`-1234.5`,
/// `1e-3`): digits with at most one decimal mark, thousands separators only between
/// groups of three, a sign only in front, an exponent only as `e` digits. Hex, `inf`,
/// `nan`, stray separators and anything else are unreadable — never half-read.
enum NumberText {
    /// The plain bytes of `field` in `out` (cleared first), or false when unreadable.
    static func normalise(_ field: UnsafeBufferPointer<UInt8>, _ layout: NumberLayout, into out: inout [UInt8]) -> Bool {
        out.removeAll(keepingCapacity: true)
        var end = field.count
        if layout.percent, end > 0, field[end - 1] == UInt8(ascii: "%") {
            end -= 1
            while end > 0, field[end - 1] == 0x20 { end -= 1 }
        }
        var i = 0
        if i < end, field[i] == UInt8(ascii: "-") || field[i] == UInt8(ascii: "+") {
            out.append(field[i])
            i += 1
        }
        // Integer part, with its groups checked when a separator is declared.
        var digits = 0, groupDigits = 0, groups = 0
        while i < end {
            let b = field[i]
            if b >= 48 && b <= 57 {
                out.append(b)
                digits += 1
                groupDigits += 1
            } else if layout.thousands != 0, b == layout.thousands {
                // The first group has 1–3 digits and does not start with 0 ("0,250" is a
                // decimal comma, not 250), every later one exactly 3.
                guard groupDigits >= 1, groupDigits <= 3, groups == 0 || groupDigits == 3 else { return false }
                if groups == 0, field[i - groupDigits] == UInt8(ascii: "0") { return false }
                groups += 1
                groupDigits = 0
            } else {
                break
            }
            i += 1
        }
        if groups > 0, groupDigits != 3 { return false }
        guard digits > 0 else { return false }
        if i < end, field[i] == layout.decimalMark {
            out.append(UInt8(ascii: "."))
            i += 1
            var fraction = 0
            while i < end, field[i] >= 48, field[i] <= 57 { out.append(field[i]); fraction += 1; i += 1 }
            guard fraction > 0 else { return false }
        }
        if i < end, field[i] == UInt8(ascii: "e") || field[i] == UInt8(ascii: "E") {
            out.append(UInt8(ascii: "e"))
            i += 1
            if i < end, field[i] == UInt8(ascii: "-") || field[i] == UInt8(ascii: "+") { out.append(field[i]); i += 1 }
            var exponent = 0
            while i < end, field[i] >= 48, field[i] <= 57 { out.append(field[i]); exponent += 1; i += 1 }
            guard exponent > 0 else { return false }
        }
        return i == end
    }
}
