/// Reads money as finance writes it — `£1,234.56`, `-£5.00`, `£-5.00`, `(£1,234.00)`,
/// `1234.5`, `£0.10` — into whole pence, exactly: no Double on the way, so nothing is
/// rounded. The currency symbol and thousands separator are the mapping's
/// (`currency "£" thousands ","`), the decimal mark `.` unless `decimal ","` says
/// otherwise; brackets are a negative amount (the accounting convention). A third
/// decimal place that is not zero is refused, not rounded: money holds pence.
enum MoneyText {
    enum Outcome: Equatable {
        case pence(Int64)
        case unreadable
        /// More decimal places than money holds (a non-zero digit past the pence).
        case tooManyPlaces
    }

    static func parse(_ field: UnsafeBufferPointer<UInt8>, _ layout: NumberLayout) -> Outcome {
        var i = 0, end = field.count
        var negative = false, signed = false
        if end >= 2, field[0] == UInt8(ascii: "("), field[end - 1] == UInt8(ascii: ")") {
            negative = true
            signed = true
            i = 1
            end -= 1
        }
        func sign() {
            guard !signed, i < end, field[i] == UInt8(ascii: "-") || field[i] == UInt8(ascii: "+") else { return }
            negative = field[i] == UInt8(ascii: "-")
            signed = true
            i += 1
        }
        sign()
        if layout.currencyLength > 0, end - i >= Int(layout.currencyLength) {
            var matches = true
            for k in 0..<Int(layout.currencyLength) where field[i + k] != UInt8(truncatingIfNeeded: layout.currency >> (8 * k)) { matches = false }
            if matches { i += Int(layout.currencyLength); sign() }
        }
        var pounds: Int64 = 0
        var digits = 0, groupDigits = 0, groups = 0, groupStart = i
        while i < end {
            let b = field[i]
            if b >= 48 && b <= 57 {
                let (times, o1) = pounds.multipliedReportingOverflow(by: 10)
                let (plus, o2) = times.addingReportingOverflow(Int64(b - 48))
                if o1 || o2 { return .unreadable }
                pounds = plus
                digits += 1
                groupDigits += 1
            } else if layout.thousands != 0, b == layout.thousands {
                // As NumberText: a first group of 1–3 digits not starting with 0, then groups of 3.
                guard groupDigits >= 1, groupDigits <= 3, groups == 0 || groupDigits == 3 else { return .unreadable }
                if groups == 0, field[groupStart] == UInt8(ascii: "0") { return .unreadable }
                groups += 1
                groupDigits = 0
            } else {
                break
            }
            i += 1
        }
        if groups > 0, groupDigits != 3 { return .unreadable }
        guard digits > 0 else { return .unreadable }
        var pence: Int64 = 0, places = 0, tooMany = false
        if i < end, field[i] == layout.decimalMark {
            i += 1
            while i < end, field[i] >= 48, field[i] <= 57 {
                let d = Int64(field[i] - 48)
                if places < 2 { pence = pence * 10 + d } else if d != 0 { tooMany = true }
                places += 1
                i += 1
            }
            guard places > 0 else { return .unreadable }
        }
        guard i == end else { return .unreadable }
        if tooMany { return .tooManyPlaces }
        if places == 1 { pence *= 10 }
        let (scaled, o1) = pounds.multipliedReportingOverflow(by: Money.scale)
        let (total, o2) = scaled.addingReportingOverflow(pence)
        if o1 || o2 { return .unreadable }
        return .pence(negative ? -total : total)
    }
}
