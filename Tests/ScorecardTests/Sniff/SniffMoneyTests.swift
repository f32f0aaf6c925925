import Foundation
import Testing
@testable import Scorecard

/// Money and date-time columns: a finance extract with `£1,234.56`, `(£1,234.00)`,
/// `-£5.00` and date-times is drafted as `money` and `datetime`, the drafts pass `check`,
/// and a run reads every row with no rejects, to the penny and to the minute.
@Suite(.serialized) struct SniffMoneyTests {
    static let amounts = ["£1,234.56", "(£1,234.00)", "-£5.00", "£-5.00", "£0.10", "£12.50", "£2,000.00", "£7"]
    static let nets = ["1,234.56", "765.50", "2,000.00", "12.00", "0.10", "(1,234.00)"]

    /// 24 payments: a reference, when paid (dd/mm/yyyy hh:mm), the amount with £ and
    /// brackets, a net figure in brackets without a symbol, hours (plain decimals) and when
    /// logged (yyyy-mm-ddThh:mm:ss).
    static func payments() -> (text: String, pence: Int64) {
        var text = "Payment,Paid At,Amount,Net,Hours,Logged\n"
        var pence: Int64 = 0
        let values: [String: Int64] = ["£1,234.56": 123_456, "(£1,234.00)": -123_400, "-£5.00": -500, "£-5.00": -500,
                                       "£0.10": 10, "£12.50": 1_250, "£2,000.00": 200_000, "£7": 700]
        for i in 0..<24 {
            let amount = amounts[i % amounts.count]
            pence += values[amount]!
            let day = 3 + i, hour = 8 + i % 9
            text += "PAY\(1000 + i),\(two(day % 28 + 1))/04/2017 \(two(hour)):\(two(i * 7 % 60)),\"\(amount)\",\"\(nets[i % nets.count])\",\(i % 4).\(i % 3 == 0 ? "5" : "25"),2017-05-\(two(i % 28 + 1))T\(two(hour)):30:\(two(i))\n"
        }
        return (text, pence)
    }

    static func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }

    @Test func financeExtractDraftsMoneyAndDateTimesThatCheckAndReadEveryRow() throws {
        let folder = SniffSupport.temporaryFolder("money")
        let data = folder + "/data"
        try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
        let (text, pence) = Self.payments()
        try text.write(toFile: data + "/payments.csv", atomically: true, encoding: .utf8)
        // Windows-1252 (€ is 0x80), semicolons, euros written 1.234,56 and a budget column in
        // the finance layout with no symbol: two places throughout, thousands separators.
        var euro = Array("Ref;Spend;Budget\r\n".utf8)
        for (i, v) in ["1.234,56", "-5,00", "12,50", "2.000,00"].enumerated() {
            euro += Array("E\(i);".utf8) + [0x80] + Array("\(v);\(["1,500.00", "250.00", "3,000.00", "75.25"][i])\r\n".utf8)
        }
        try Data(euro).write(to: URL(fileURLWithPath: data + "/grants.csv"))

        let out = folder + "/sniffed"
        #expect(SniffSupport.sniff([data + "/payments.csv", data + "/grants.csv"], out: out) == 0)
        let source = try SniffSupport.text(out + "/sources/payments.source")
        let record = try SniffSupport.text(out + "/records/payments.record")
        // Money with its symbol, brackets and separators: how sure, and the exact options.
        #expect(source.contains("# \"Amount\": money written currency \"£\" thousands \",\": 24 of 24 non-blank values (100%) read to the penny (24 with £, 3 in brackets (negative), 9 with a thousands separator, 21 with exactly two decimal places), -1234.00 to 2000.00"), "\(source)")
        #expect(source.contains("amount  = \"Amount\" currency \"£\" thousands \",\" required\n"))
        // Brackets without a symbol are money too; no currency option is needed.
        #expect(source.contains("net     = \"Net\" thousands \",\" required\n"))
        // Plain decimals of at most two places stay decimal, with the question asked.
        #expect(source.contains("hours   = \"Hours\" required\n"))
        #expect(source.contains("# TODO money? No value has more than two decimal places: if this is an amount of money, type it 'money'"))
        // Date-times keep their time, with date named as the choice when no rule needs it.
        #expect(source.contains("# \"Paid At\": date-time dd/mm/yyyy hh:mm: 24 of 24 non-blank values (100%)"))
        #expect(source.contains("paid_at = \"Paid At\" format \"dd/mm/yyyy hh:mm\" required\n"))
        #expect(source.contains("logged  = \"Logged\" format \"yyyy-mm-ddThh:mm:ss\" required\n"))
        #expect(source.contains("# TODO datetime keeps the time of day, to the second; if no rule needs the time"))
        // 'stale' needs a date: the draft says so rather than suggest it on a date-time.
        #expect(source.contains("'stale' needs a date field: with paid_at typed 'date'"))
        #expect(record.contains("  paid_at datetime\n") && record.contains("  logged  datetime\n"))
        #expect(record.contains("  amount  money\n") && record.contains("  net     money\n") && record.contains("  hours   decimal\n"))

        let grants = try SniffSupport.text(out + "/sources/grants.source")
        #expect(grants.contains("encoding  windows1252\n"))
        #expect(grants.contains("spend  = \"Spend\" currency \"€\" decimal \",\" thousands \".\" required\n"), "\(grants)")
        #expect(grants.contains("budget = \"Budget\" thousands \",\" required\n"))
        #expect(grants.contains("# TODO money? No value carries a currency symbol: if this is not an amount of money, type it 'decimal'"))

        // The drafts pass check as written, and a run reads every row, none rejected.
        let metrics = try SniffSupport.metricsFolder(from: out)
        #expect(ScorecardCommand.main(["check", "--data", data, "--as-at", "2017-07-01", "--metrics", metrics]) == 0)
        let run = try Pipeline.run(metrics: metrics, dataFolder: data, asAt: Day.parseISO("2017-07-01")!)
        let reports = Dictionary(uniqueKeysWithValues: run.reports.map { ($0.source, $0) })
        #expect(reports["payments"]?.rowsRead == 24 && reports["payments"]?.rejectedCount == 0)
        #expect(reports["grants"]?.rowsRead == 4 && reports["grants"]?.rejectedCount == 0)
        #expect(run.rejects.isEmpty, "\(run.rejects.map { "\($0.source):\($0.line) \($0.reason)" })")

        // To the penny and to the minute (the intake alone, keeping tables no measure reads).
        var intake = Intake(definitions: run.definitions, dataFolder: data, asAt: Day.parseISO("2017-07-01")!)
        intake.keepEveryTable = true
        let loaded = try intake.run()
        #expect(loaded.rejects.isEmpty)
        let r = try #require(run.definitions.records.firstIndex { $0.name == "payments" })
        let table = loaded.dataset.tables[r], type = run.definitions.records[r]
        let amount = try #require(type.fieldIndex("amount")), paid = try #require(type.fieldIndex("paid_at"))
        #expect(table.count == 24)
        #expect(table.ints[amount].reduce(0, +) == pence)
        #expect(table.ints[amount][1] == -123_400 && table.ints[amount][2] == -500 && table.ints[amount][3] == -500)
        #expect(((table.ints[paid][0] % 86_400) + 86_400) % 86_400 == 8 * 3600)
        #expect(((table.ints[paid][1] % 86_400) + 86_400) % 86_400 == 9 * 3600 + 7 * 60)
        let g = try #require(run.definitions.records.firstIndex { $0.name == "grants" })
        let spend = try #require(run.definitions.records[g].fieldIndex("spend"))
        #expect(loaded.dataset.tables[g].ints[spend] == [123_456, -500, 1_250, 200_000])
    }
}
