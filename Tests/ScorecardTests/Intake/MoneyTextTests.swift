import Testing
@testable import Scorecard

/// `MoneyText`: every way finance writes an amount, read to whole pence or refused —
/// never rounded, never half-read.
@Suite struct MoneyTextTests {
    static func layout(currency: String = "£", thousands: String = ",", decimal: String = ".") -> NumberLayout {
        var l = NumberLayout()
        l.decimalMark = decimal.utf8.first!
        l.thousands = thousands.utf8.first ?? 0
        for (k, b) in currency.utf8.enumerated() { l.currency |= UInt32(b) << (8 * k) }
        l.currencyLength = UInt8(currency.utf8.count)
        return l
    }

    static func read(_ text: String, _ layout: NumberLayout = layout()) -> MoneyText.Outcome {
        Array(text.utf8).withUnsafeBufferPointer { MoneyText.parse($0, layout) }
    }

    @Test(arguments: [
        ("£1,234.56", 123_456), ("-£5.00", -500), ("£-5.00", -500), ("(£1,234.00)", -123_400), ("(1234)", -123_400),
        ("1234.5", 123_450), ("£0.10", 10), ("0", 0), ("+£7", 700), ("£1.230", 123), ("12.000000", 1200),
        ("£999,999,999,999,999.99", 99_999_999_999_999_999),
    ] as [(String, Int64)])
    func read(_ text: String, pence: Int64) {
        #expect(Self.read(text) == .pence(pence), "\(text)")
    }

    @Test(arguments: ["£1.234", "0.001", "(£0.105)"])
    func aThirdPlaceIsRefusedNotRounded(_ text: String) {
        #expect(Self.read(text) == .tooManyPlaces, "\(text)")
    }

    @Test(arguments: ["", "£", "$5", "£1,23.00", "1,2345", "£ 5", "5£", "1e3", "--5", "(-5)", "(5", "5.", ".5", "0,250", "£5.0.0", "99999999999999999999"])
    func unreadable(_ text: String) {
        #expect(Self.read(text) == .unreadable, "\(text)")
    }

    @Test func euroWithADecimalComma() {
        let euro = Self.layout(currency: "€", thousands: ".", decimal: ",")
        #expect(Self.read("€1.234,5", euro) == .pence(123_450))
        #expect(Self.read("-€0,07", euro) == .pence(-7))
    }

    @Test func penceAsTheLongTableShowsThem() {
        #expect(Money.text(123_456) == "1234.56" && Money.text(-500) == "-5.00" && Money.text(10) == "0.10" && Money.text(-7) == "-0.07" && Money.text(0) == "0.00")
        #expect(Money.text(.min) == "-92233720368547758.08")
    }
}
