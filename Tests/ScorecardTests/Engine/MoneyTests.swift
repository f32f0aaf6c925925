import Foundation
import Testing
@testable import Scorecard

/// Money read exactly (issue #11): finance's `£1,234.56`, `-£5.00`, `(£1,234.00)`,
/// `1234.5`, `£0.10` through the real intake into whole pence; sums, least, greatest and
/// averages exact to the penny; money arithmetic typed; the long table in pounds and
/// pence, reports in whole pounds. Figures worked out by hand from the rows below.
@Suite struct MoneyTests {
    static let definitions = MiniCouncil.framework + """
    record payment {
      key    id
      column area
      id     text
      paid   date
      amount money
      area   area
    }
    source payments {
      file      "payments.csv"
      encoding  utf8
      delimiter ","
      header    yes
      into      payment
      id     = "id"
      paid   = "paid" format "dd/mm/yyyy" required
      amount = "amount" currency "£" thousands ","
      area   = "area"
      rejected 90 percent error
    }
    measure SPEND {
      name    "Spend"
      section main
      of      payment
      when    paid in period
      sum     amount
    }
    measure LEAST {
      name    "Least"
      section main
      of      payment
      when    paid in period
      min     amount
    }
    measure MOST {
      name    "Most"
      section main
      of      payment
      when    paid in period
      max     amount
    }
    measure MEAN {
      name    "Mean"
      section main
      of      payment
      when    paid in period
      average amount
    }
    measure BIG {
      name    "Payments over £100"
      section main
      of      payment
      when    paid in period
      where   amount > 100 and amount * 2 >= amount + amount and -amount < 0
      count
    }
    measure JOINED {
      name    "A payment of exactly £10 exists"
      section main
      of      payment
      when    paid in period
      where   exists payment q where q.amount = 10
      count
    }
    measure TWICE {
      name    "Twice the spend"
      section main
      value   SPEND.value * 2 - SPEND.numerator
    }
    measure PER {
      name    "Spend per payment"
      section main
      unit    pounds
      value   SPEND.value / BIG.count
    }
    """

    // April: a 1234.56, b -5.00, c -1234.00, d 1234.50, e 0.10, g 1.23 (h … k rejected).
    // All: 1231.39; North (a, b, e, g): 1230.89; South (c, d): 0.50.
    static let rows = """
    id,paid,amount,area
    a,03/04/2017,"£1,234.56",North
    b,04/04/2017,-£5.00,North
    c,05/04/2017,"(£1,234.00)",South
    d,06/04/2017,1234.5,South
    e,07/04/2017,£0.10,North
    g,08/04/2017,£1.230,North
    h,09/04/2017,£1.234,North
    i,10/04/2017,$5.00,North
    j,11/04/2017,"£1,23.00",North
    k,12/04/2017,£,North

    """

    static func run(_ rows: String = rows) throws -> Evaluation {
        try MiniCouncil.evaluate([("m.framework", definitions)], extracts: ["payments.csv": Data(rows.utf8)])
    }

    @Test func amountsAreReadToThePennyAndNoOtherWay() throws {
        let run = try Self.run()
        let rejected = run.rejects.filter { $0.source == "payments" }.map { "\($0.line):\($0.reason)" }
        // A third decimal place that is not zero is refused, never rounded; naming the column.
        #expect(rejected == ["8:more than 2 decimal places in amount", "9:unreadable amount", "10:unreadable amount", "11:unreadable amount"], "\(rejected)")
        #expect(run.figure("SPEND", "2017-04", "All")?.value == .number(.money(123_139)))
        #expect(run.figure("SPEND", "2017-04", "North")?.value == .number(.money(123_089)))
        #expect(run.figure("SPEND", "2017-04", "South")?.value == .number(.money(50)))
        #expect(run.figure("LEAST", "2017-04", "All")?.value == .number(.money(-123_400)))
        #expect(run.figure("MOST", "2017-04", "All")?.value == .number(.money(123_456)))
        // The average divides once, at the end: 123,139 pence over 6 payments.
        let mean = try #require(run.figure("MEAN", "2017-04", "All"))
        #expect(mean.value == .number(.double(123_139.0 / 600.0)) && mean.numerator == .money(123_139) && mean.denominator == .int(6))
        #expect(run.figure("SPEND", "2017-05", "All")?.value == .number(.money(0)))
        #expect(run.figure("LEAST", "2017-05", "All")?.value == .notApplicable)
    }

    @Test func moneyArithmeticStaysExactWhereItIsMoney() throws {
        let run = try Self.run()
        // a and d are over £100 (c is minus £1,234).
        #expect(run.figure("BIG", "2017-04", "All")?.value == .number(.int(2)))
        #expect(run.figure("TWICE", "2017-04", "All")?.value == .number(.money(123_139)))
        // £10 is 1,000 pence: e's 10 pence is no match (an equi-join on the raw pence would say it is).
        #expect(run.figure("JOINED", "2017-04", "All")?.value == .number(.int(0)))
        let per = try #require(run.figure("PER", "2017-04", "All"))
        #expect(per.value == .number(.double(1231.39 / 2)) && per.numerator == .money(123_139) && per.denominator == .int(2))
        #expect(run.figure("PER", "2017-05", "All")?.value == .notApplicable)
    }

    @Test func theLongTableShowsPoundsAndPenceAndReportsWholePounds() throws {
        let run = try Self.run()
        let rows = LongTable.rows(run).filter { $0.period == "2017-04" && $0.column == "All" }
        func row(_ id: String) -> LongTable.Row? { rows.first { $0.measure == id } }
        #expect(row("SPEND")?.value == "1231.39" && row("SPEND")?.numerator == "1231.39")
        #expect(row("LEAST")?.value == "-1234.00")
        #expect(row("MEAN")?.numerator == "1231.39" && row("MEAN")?.denominator == "6")
        #expect(row("PER")?.numerator == "1231.39" && row("PER")?.denominator == "2")
        #expect(LongTable.rows(run).first { $0.measure == "SPEND" && $0.period == "2017-04" && $0.column == "South" }?.value == "0.50")
        // Whole pounds, half away from zero, where people read it.
        let spend = try #require(run.figure("SPEND", "2017-04", "All"))
        #expect(ReportCell.from(spend, .pounds).text == "£1,231")
        #expect(ReportCell.from(Figure(numerator: nil, denominator: nil, value: .number(.money(50))), .pounds).text == "£1")
        #expect(ReportCell.from(Figure(numerator: nil, denominator: nil, value: .number(.money(-250))), .pounds).text == "-£3")
        #expect(run.definitions.measures.first { $0.id == "SPEND" }?.unit == .pounds)
        #expect(MarkdownTables.display(spend, run.definitions.measures.first { $0.id == "SPEND" }!) == "£1231")
    }

    /// Amounts that drift when added as doubles add up exactly as money.
    @Test func sumsDoNotDrift() throws {
        let amounts = ["0.10", "0.20", "0.07", "1234.56", "0.01", "19.99"]
        var rows = "id,paid,amount,area\n"
        var pence: Int64 = 0
        var asDouble = 0.0
        for i in 0..<6000 {
            let a = amounts[i % amounts.count]
            rows += "p\(i),15/04/2017,£\(a),North\n"
            pence += Int64(a.replacingOccurrences(of: ".", with: ""))!
            asDouble += Double(a)!
        }
        // The test bites: the same amounts as doubles are off.
        #expect(asDouble != Double(pence) / 100)
        let run = try Self.run(rows)
        #expect(run.figure("SPEND", "2017-04", "All")?.value == .number(.money(pence)))
        #expect(LongTable.rows(run).first { $0.measure == "SPEND" && $0.period == "2017-04" && $0.column == "All" }?.value == Money.text(pence))
    }

    @Test func aSumPastWhatPenceHoldIsNotAvailable() throws {
        var rows = "id,paid,amount,area\n"
        for i in 0..<100 { rows += "p\(i),15/04/2017,999999999999999.99,North\n" }
        let run = try Self.run(rows)
        #expect(run.figure("SPEND", "2017-04", "All")?.value == .notAvailable)
        #expect(run.figure("MOST", "2017-04", "All")?.value == .number(.money(99_999_999_999_999_999)))
    }

    @Test(arguments: [
        ("  amount   = \"amount\" currency \"£\" percent", "'percent' is for number fields; 'amount' is money"),
        ("  id = \"id\" currency \"£\"", "'currency' is for money fields"),
        ("  amount = \"amount\" currency \"1\"", "a currency symbol is one to four bytes"),
    ])
    func misdeclaredMoneyIsADefinitionError(statement: String, words: String) {
        let base = Self.definitions.components(separatedBy: "source payments")[0]
        let source = "source odd {\n  file \"odd.csv\"\n  into payment\n\(statement)\n}\n"
        do {
            _ = try DefinitionLoader.check([("m.framework", base), ("odd.source", source)])
            Issue.record("accepted: \(statement)")
        } catch {
            #expect(error.description.contains(words) && error.description.contains("odd.source:4:"), "\(error.description)")
        }
    }

    @Test(arguments: [
        ("where amount + 1 > 0", "money adds to money only"),
        ("where amount in (1, 2)", "a list item here must be a money"),
        ("where amount = paid", "cannot compare a money with a date"),
    ])
    func moneyMixedWithWhatIsNotMoneyIsRefused(clause: String, words: String) {
        let measure = "measure ODD {\n  name \"Odd\"\n  section main\n  of payment\n  when paid in period\n  \(clause)\n  count\n}\n"
        do {
            _ = try DefinitionLoader.check([("m.framework", Self.definitions), ("ODD.metric", measure)])
            Issue.record("accepted: \(clause)")
        } catch {
            #expect(error.description.contains(words) && error.description.contains("ODD.metric:6:"), "\(error.description)")
        }
    }
}
