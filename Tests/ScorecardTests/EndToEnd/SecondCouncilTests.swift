import Foundation
import Testing
@testable import Scorecard

/// Wrenbury, a second council with its own definitions and extracts
/// (Fixtures/second-council): a UTF-16 tab-delimited case export with date-times and a
/// NULL token, a report-server export with title lines and a row-count footer, a
/// Windows-1252 staffing sheet with month labels and decimal commas, a budget with
/// thousands separators and a Total row, a finance ledger of financial periods (year label
/// and P01…P14) with a Budget and an Actual column per team, bank holidays and England's figures as
/// look-ups. Every expected figure below was worked out by hand from the extracts (the
/// reasoning beside each), not taken from the engine.
@Suite struct SecondCouncilTests {
    static let root = Repo.fixtures + "/second-council"

    nonisolated(unsafe) static let run: Evaluation = try! Pipeline.run(
        metrics: root + "/metrics", dataFolder: root + "/data", asAt: Day.parseISO("2017-07-01")!)

    @Test(arguments: [
        // W1 referrals received. F1 N, F2 N ("north team"), F3 S in April; F4 S in May (F5 has no
        // time, so it is unreadable); F6 (team "Westside", not recorded) and F7 N in June.
        ("W1", "2017-04", "North", "2"), ("W1", "2017-04", "Borough", "3"),
        ("W1", "2017-18 Q1", "North", "3"), ("W1", "2017-18 Q1", "South", "2"),
        ("W1", "2017-18 Q1", "Team not recorded", "1"), ("W1", "2017-18 Q1", "Borough", "6"),
        // W2 closed within 10 working days (Good Friday, Easter Monday, 1 and 29 May are holidays;
        // received and closed are date-times, the close of business 17:00):
        // F1 3→18 Apr = 9; F2 10→26 Apr = 10; F3 came on Friday 21 Apr at 17:30, after the close, so
        // counts from Monday 24 Apr: 24 Apr→9 May = 10 (from the 21st it would be 11); F6 1→5 Jun = 2;
        // F4, F7 open (F7, 30 Jun at 17:00, still counts as received in June: W1 reads date(received)).
        ("W2", "2017-04", "Borough", "3/3"), ("W2", "2017-18 Q1", "North", "2/3"),
        ("W2", "2017-18 Q1", "South", "1/2"), ("W2", "2017-18 Q1", "Team not recorded", "1/1"), ("W2", "2017-18 Q1", "Borough", "4/6"),
        // W3 assessments: A1, A2 (F1, F2: North) in April; A3 names F9, unknown, kept under not recorded;
        // A4's date-time is in the wrong layout, rejected.
        ("W3", "2017-04", "North", "2"), ("W3", "2017-05", "Team not recorded", "1"), ("W3", "2017-18 Q1", "Borough", "3"),
        // W4 FTE: April 5,5 + 3,25; May 5,5 (Süd's is n/k); June 6.
        ("W4", "2017-04", "Borough", "8.75"), ("W4", "2017-05", "Borough", "5.5"),
        ("W4", "2017-18 Q1", "North", "17"), ("W4", "2017-18 Q1", "Borough", "20.25"),
        // W5 spend: 1,234.50 + 765.50 in April, 2,000.00 in May; the Total row is rejected.
        ("W5", "2017-04", "Borough", "2000"), ("W5", "2017-18 Q1", "North", "3234.5"), ("W5", "2017-18 Q1", "Borough", "4000"),
        // W6 spend per referral: 2000 / 3 in April; 4000 / 6 in the quarter.
        ("W6", "2017-04", "Borough", "666.667"), ("W6", "2017-18 Q1", "Borough", "666.667"),
        // The finance ledger (ledger.csv), by hand: "2017/18" + "P01" is April 2017, P02 May,
        // P03 June; P13 of 2017/18 is March 2018 and P12 and P13 of 2016/17 March 2017, all
        // outside these periods; P14 is no period, so EH02's line 7 is rejected. Each row gives one
        // record per team whose Budget or Actual is filled ("Total Actual" is no team's):
        // EH02's June and EH01's May South actual are blank (South's May budget 800 stands).
        // W7 actual: April 950 (N) + 820.50 (S); May 1,100 (N); June 990 + 210 (N) + 805 (S).
        ("W7", "2017-04", "Borough", "1770.5"), ("W7", "2017-05", "North", "1100"), ("W7", "2017-06", "North", "1200"),
        ("W7", "2017-18 Q1", "North", "3250"), ("W7", "2017-18 Q1", "South", "1625.5"), ("W7", "2017-18 Q1", "Borough", "4875.5"),
        // W8 budget: North 1,000 a month and 200 more in June; South 800 a month.
        ("W8", "2017-05", "Borough", "1800"), ("W8", "2017-06", "North", "1200"),
        ("W8", "2017-18 Q1", "North", "3200"), ("W8", "2017-18 Q1", "South", "2400"), ("W8", "2017-18 Q1", "Borough", "5600"),
        // W9 records whose period ends (month_end, the period's month's last day) in the period:
        // April N, S; May N, S; June EH01 N, S and EH02 N.
        ("W9", "2017-04", "Borough", "2"), ("W9", "2017-06", "Borough", "3"), ("W9", "2017-18 Q1", "North", "4"), ("W9", "2017-18 Q1", "Borough", "7"),
    ])
    func figuresWorkedOutByHand(measure: String, period: String, column: String, expected: String) throws {
        let figure = try #require(Self.run.figure(measure, period, column))
        if expected.contains("/") {
            let parts = expected.split(separator: "/").map { Int64($0)! }
            #expect(figure.numerator == .int(parts[0]) && figure.denominator == .int(parts[1]), "\(measure) \(period) \(column): \(figure)")
        } else {
            let value = try #require(Self.run.value(measure, period, column))
            #expect(abs(value - Double(expected)!) < 0.001, "\(measure) \(period) \(column): \(value)")
        }
    }

    /// W5 is a sum of a money column: exact pence, pounds and pence in the long table,
    /// whole pounds in the report.
    @Test func spendIsMoneyToThePenny() {
        #expect(Self.run.figure("W5", "2017-18 Q1", "North")?.value == .number(.money(323_450)))
        #expect(Self.run.figure("W5", "2017-18 Q1", "Borough")?.value == .number(.money(400_000)))
        let rows = LongTable.rows(Self.run).filter { $0.measure == "W5" && $0.period == "2017-04" }
        #expect(rows.first { $0.column == "South" }?.value == "765.50" && rows.first { $0.column == "Borough" }?.value == "2000.00")
        let w6 = Self.run.figure("W6", "2017-18 Q1", "Borough")
        #expect(w6?.numerator == .money(400_000) && w6?.denominator == .int(6))
    }

    @Test func everyRowIsAccountedFor() {
        let reports = Dictionary(uniqueKeysWithValues: Self.run.reports.map { ($0.source, $0) })
        #expect(reports["referrals"]?.rowsRead == 7 && reports["referrals"]?.rejectedCount == 1)
        #expect(reports["assessments"]?.rowsRead == 4 && reports["assessments"]?.accepted == 3)
        #expect(reports["budget"]?.rejected == ["the total row": 1])
        #expect(reports["bank_holidays"]?.unplaced == 0 && reports["england"]?.unplaced == 0)
        // The lines are the files': F5 is on line 6 of the referrals, A4 on line 8 of the export.
        #expect(Set(Self.run.rejects.map { "\($0.source):\($0.line)" }) == ["referrals:6", "assessments:8", "budget:5", "ledger:7"])
        // The ledger: 8 rows read, 13 records (2 + 2 + 2 + 1 + 2 + 2 + 2), the P14 row rejected naming its column.
        // EH01's P12 and P13 of 2016/17 (lines 8 and 9) are both March 2017: the key holds the
        // period number, so no line is a duplicate.
        #expect(reports["ledger"]?.rowsRead == 8 && reports["ledger"]?.accepted == 13 && reports["ledger"]?.rejected == ["unreadable date in Period": 1])
    }

    /// March 2017 is before the first month, so no figure shows it; the ledger's records do.
    /// By hand from ledger.csv: EH01's P12 line (900.00 / 880.00 North, 700.00 / 690.00
    /// South) and its P13 line (Budget blank, Actual 40.00 North and -15.00 South) give four
    /// records dated 2017-03-01: actual 880 + 690 + 40 - 15 = 1,595, budget 900 + 700 = 1,600,
    /// periods 12, 12, 13, 13. With the key `centre, month, team` the P13 line's two records
    /// were duplicates of the P12 line's, rejected, and the order of lines decided which stood.
    @Test func aP12AndAP13LineForOneCentreBothCount() throws {
        let r = try #require(Self.run.definitions.records.firstIndex { $0.name == "ledger_line" })
        let table = Self.run.dataset.tables[r], type = Self.run.definitions.records[r]
        let month = try #require(type.fieldIndex("month")), number = try #require(type.fieldIndex("period_no"))
        let actual = try #require(type.fieldIndex("actual")), budget = try #require(type.fieldIndex("budget"))
        let march = (0..<table.count).filter { Day.iso(Int32(table.ints[month][$0])) == "2017-03-01" }
        func sum(_ f: Int) -> Double {
            march.map { table.doubles[f][$0] }.filter { !$0.isNaN }.reduce(0, +)
        }
        #expect(march.map { table.ints[number][$0] }.sorted() == [12, 12, 13, 13])
        #expect(abs(sum(actual) - 1595) < 0.001, "\(sum(actual))")
        #expect(abs(sum(budget) - 1600) < 0.001, "\(sum(budget))")
        #expect(!Self.run.rejects.contains { $0.reason == "duplicate key" })
    }

    @Test func aMonthEndRunWritesTheReportWithEnglandsFigure() throws {
        let out = NSTemporaryDirectory() + "scorecard-wrenbury-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: out) }
        let result = try BinaryRunner.run(["run", "--data", Self.root + "/data", "--metrics", Self.root + "/metrics",
                                           "--as-at", "2017-07-01", "--out", out, "--period", "2017-18 Q1"])
        #expect(result.code == 0, "\(result.err)")
        let report = try String(contentsOfFile: out + "/report.md", encoding: .utf8)
        // England's June figure, "55%" in its extract.
        #expect(report.contains("England 2017-18 Q1: 55.0%"), "\(report.split(separator: "\n").filter { $0.contains("Comparators") })")
    }
}
