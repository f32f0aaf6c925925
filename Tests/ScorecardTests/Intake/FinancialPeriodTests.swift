import Foundation
import Testing
@testable import Scorecard

/// Financial periods (`period, period_end = "Year" + "Period" format "yyyy/yy" + "Pnn"
/// starts "April"`): a finance extract's year label and period column read through the
/// real intake as the period's first day and its month's last day — P13 in March, an
/// academic year's P01 in September, unreadable periods rejected naming their column,
/// misdeclarations refused where they are written.
@Suite struct FinancialPeriodTests {
    static let framework = """
    framework {
      title        "Budget"
      first_month  "2017-04"
      columns      area
      not_recorded "Area not recorded"
      city         "All"
      section main "Main"
    }
    category area { "North", "South" }
    record spend {
      key    centre, period
      column area
      centre text
      area   area
      period date
      period_end date
      amount decimal
      pnum   int
    }
    measure SPEND {
      name    "Spend"
      section main
      of      spend
      when    period in period
      sum     amount
    }
    """

    static let source = """
    source ledger {
      file "ledger.csv"
      into spend
      centre = "Cost centre" required
      area   = "Area"
      period, period_end = "Year" + "Period" format "yyyy/yy" + "Pnn" starts "April" required
      amount = "Amount"
    }
    """

    static func run(_ csv: String, source: String = source, asAt: String = "2018-04-30") throws -> Evaluation {
        let folder = NSTemporaryDirectory() + "scorecard-periods-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try Data(csv.utf8).write(to: URL(fileURLWithPath: folder + "/ledger.csv"))
        let checked = try DefinitionLoader.check([("b.framework", framework), ("ledger.source", source)])
        return try Pipeline.run(definitions: checked, dataFolder: folder, asAt: Day.parseISO(asAt)!)
    }

    /// The dates each accepted row's period and period end hold, in table order.
    static func spans(_ run: Evaluation) throws -> [String] {
        let r = try #require(run.definitions.records.firstIndex { $0.name == "spend" })
        let table = run.dataset.tables[r], type = run.definitions.records[r]
        let start = try #require(type.fieldIndex("period")), end = try #require(type.fieldIndex("period_end"))
        return (0..<table.count).map { "\(Day.iso(Int32(table.ints[start][$0])))..\(Day.iso(Int32(table.ints[end][$0])))" }
    }

    /// P01 is April; P12 and P13 (the year-end adjustments) both March of the next year;
    /// P00, P14, a quarter, a broken year label and a period without its year are rejected
    /// rows naming the column at fault.
    @Test func periodsReadAsTheirMonthsAndTheRestAreRejected() throws {
        let csv = """
        Cost centre,Area,Year,Period,Amount
        C1,North,2017/18,P01,100
        C2,South,2017/18,p03,50.5
        C3,North,2017/18,P12,20
        C4,North,2017/18,P13,-5
        C5,North,2017/18,P00,1
        C6,North,2017/18,P14,1
        C7,North,2017/18,Q1,1
        C8,North,2017/19,P01,1
        C9,North,2017/18,,1
        C10,North,,,1
        C11,North,2017/18,P1,1
        """
        let run = try Self.run(csv)
        #expect(try Self.spans(run) == ["2017-04-01..2017-04-30", "2017-06-01..2017-06-30", "2018-03-01..2018-03-31", "2018-03-01..2018-03-31"])
        let rejected = run.rejects.filter { $0.source == "ledger" }.map { "\($0.line):\($0.reason):\($0.detail)" }
        #expect(rejected == [
            "6:unreadable date in Period:P00", "7:unreadable date in Period:P14", "8:unreadable date in Period:Q1",
            "9:unreadable date in Year:2017/19", "10:missing Period:", "11:missing Year:", "12:unreadable date in Period:P1",
        ], "\(rejected)")
        // By hand: April 100, June 50.5, March 20 - 5; the year 165.5.
        #expect(run.value("SPEND", "2017-04", "All") == 100)
        #expect(run.value("SPEND", "2017-06", "South") == 50.5)
        #expect(run.value("SPEND", "2018-03", "All") == 15)
        #expect(run.value("SPEND", "2017-18", "All") == 165.5)
    }

    /// P12 and P13 fall in the same month, so a ledger's P12 and P13 lines for one centre
    /// share `centre, period`: the later was rejected as a duplicate key, and which line
    /// stood depended on row order. A whole-number field after the dates takes the period
    /// number (`period, period_end, pnum = …`), the key includes it, and both lines count.
    @Test func thePeriodNumberKeepsP12AndP13Apart() throws {
        let framework = Self.framework.replacingOccurrences(of: "key    centre, period", with: "key    centre, period, pnum")
        let source = Self.source.replacingOccurrences(of: "period, period_end = ", with: "period, period_end, pnum = ")
        let csv = "Cost centre,Area,Year,Period,Amount\nC1,North,2017/18,P13,-5\nC1,North,2017/18,P12,20\nC1,North,2017/18,P01,1\n"
        let folder = NSTemporaryDirectory() + "scorecard-periods-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try Data(csv.utf8).write(to: URL(fileURLWithPath: folder + "/ledger.csv"))
        let checked = try DefinitionLoader.check([("b.framework", framework), ("ledger.source", source)])
        let run = try Pipeline.run(definitions: checked, dataFolder: folder, asAt: Day.parseISO("2018-04-30")!)
        #expect(run.rejects.filter { $0.source == "ledger" }.isEmpty, "\(run.rejects)")
        #expect(try Self.spans(run) == ["2018-03-01..2018-03-31", "2018-03-01..2018-03-31", "2017-04-01..2017-04-30"])
        let r = try #require(run.definitions.records.firstIndex { $0.name == "spend" })
        let pnum = try #require(run.definitions.records[r].fieldIndex("pnum"))
        #expect(Array(run.dataset.tables[r].ints[pnum][0..<3]) == [13, 12, 1])
        // By hand: March 20 - 5 (both lines), April 1.
        #expect(run.value("SPEND", "2018-03", "All") == 15)
        #expect(run.value("SPEND", "2017-04", "All") == 1)
        // The key without the number: the P12 line is a duplicate of the P13 line above it.
        let keyed = try Self.run(csv)
        #expect(keyed.rejects.map { "\($0.line):\($0.reason)" }.contains { $0.hasPrefix("3:duplicate key") }, "\(keyed.rejects)")
        // One column holding both reads the number the same; a plain number too.
        let both = source.replacingOccurrences(of: "\"Year\" + \"Period\" format \"yyyy/yy\" + \"Pnn\"", with: "\"Year\" format \"yyyy/yy Pnn\"")
        try Data("Cost centre,Area,Year,Amount\nC1,North,2017/18 P13,1\nC1,North,2017/18 P12,1\n".utf8).write(to: URL(fileURLWithPath: folder + "/ledger.csv"))
        let one = try Pipeline.run(definitions: try DefinitionLoader.check([("b.framework", framework), ("ledger.source", both)]), dataFolder: folder, asAt: Day.parseISO("2018-04-30")!)
        #expect(Array(one.dataset.tables[r].ints[pnum][0..<2]) == [13, 12])
    }

    /// Without `required`, a row with neither year nor period has no date; one with only one
    /// of them is still rejected (half a date is not a blank).
    @Test func halfAPeriodIsNeverABlank() throws {
        let source = Self.source.replacingOccurrences(of: "starts \"April\" required", with: "starts \"April\"")
            .replacingOccurrences(of: "key    centre, period", with: "key    centre")
        let framework = Self.framework.replacingOccurrences(of: "key    centre, period", with: "key    centre")
        let folder = NSTemporaryDirectory() + "scorecard-periods-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try Data("Cost centre,Area,Year,Period,Amount\nC1,North,,,1\nC2,North,2017/18,,1\nC3,North,,P02,1\n".utf8).write(to: URL(fileURLWithPath: folder + "/ledger.csv"))
        let checked = try DefinitionLoader.check([("b.framework", framework), ("ledger.source", source)])
        let run = try Pipeline.run(definitions: checked, dataFolder: folder, asAt: Day.parseISO("2018-04-30")!)
        let rejected = run.rejects.filter { $0.source == "ledger" }.map { "\($0.line):\($0.reason)" }
        #expect(rejected == ["3:unreadable date in Period", "4:unreadable date in Year"], "\(rejected)")
        #expect(run.reports.first { $0.source == "ledger" }?.accepted == 1)
    }

    /// An academic year's periods count from September: P01 is September, P12 and P13 August.
    @Test func academicPeriodsStartInSeptember() throws {
        let source = Self.source.replacingOccurrences(of: "starts \"April\"", with: "starts \"September\"")
        let run = try Self.run("Cost centre,Area,Year,Period,Amount\nC1,North,2017/18,P01,1\nC2,North,2017/18,P05,1\nC3,North,2017/18,P13,1\n", source: source, asAt: "2018-09-30")
        #expect(try Self.spans(run) == ["2017-09-01..2017-09-30", "2018-01-01..2018-01-31", "2018-08-01..2018-08-31"])
    }

    /// One column holding both (`2017/18 P04`), and a period written without its P (`04`).
    @Test func oneColumnOrAPlainNumberReadTheSame() throws {
        let both = Self.source.replacingOccurrences(of: "\"Year\" + \"Period\" format \"yyyy/yy\" + \"Pnn\"", with: "\"Year\" format \"yyyy/yy Pnn\"")
        let run = try Self.run("Cost centre,Area,Year,Amount\nC1,North,2017/18 P04,1\nC2,North,2017/18 P13,1\n", source: both)
        #expect(try Self.spans(run) == ["2017-07-01..2017-07-31", "2018-03-01..2018-03-31"])
        let plain = Self.source.replacingOccurrences(of: "+ \"Pnn\"", with: "+ \"nn\"")
        let second = try Self.run("Cost centre,Area,Year,Period,Amount\nC1,North,2017-18,04,1\nC2,North,2017/18,10,1\n", source: plain.replacingOccurrences(of: "\"yyyy/yy\"", with: "\"yyyy-yy\""))
        #expect(try Self.spans(second) == ["2017-07-01..2017-07-31"])
        #expect(second.rejects.map { "\($0.line):\($0.reason):\($0.detail)" } == ["3:unreadable date in Year:2017/18"])
    }

    @Test(arguments: [
        (#"period, period_end = "Year" + "Period" format "yyyy/yy" + "Pxx" starts "April""#, 62, "a period is written Pnn"),
        (#"period, period_end = "Year" + "Period" format "yyyy/yy" + "P14" starts "April""#, 62, "a period is written Pnn"),
        (#"period, period_end = "Year" + "Period" format "dd/mm/yyyy" + "Pnn" starts "April""#, 50, "the first of two columns holds a year label"),
        (#"period = "Period" format "Pnn" starts "April""#, 29, "a period (Pnn, nn) or quarter (Qn) counts within a year label"),
        (#"period = "Period" format "dd/mm/yyyy Pnn" starts "April""#, 40, "a period (Pnn, nn) or quarter (Qn) counts within a year label"),
        (#"period, period_end = "Year" + "Period" format "yyyy/yy" starts "April""#, 49, "give each its layout"),
        (#"period, period_end = "Year" + "Period" format "yyyy/yy" + "yyyy" starts "April""#, 62, "date layout \"yyyy\": a date layout has one year"),
        (#"period, period_end = "Year" + "Period" format "yyyy/yy" + "Pnn""#, 49, "needs 'starts \"MONTH\"'"),
        (#"period, amount = "Year" + "Period" format "yyyy/yy" + "Pnn" starts "April""#, 11, "a field after the first takes the span's last day (a date field) or its period number (a whole-number field); 'amount' is a number field"),
        (#"period, period_end = "Day" format "dd/mm/yyyy""#, 11, "an end field takes the last day of the span"),
        (#"period, pnum = "Year" format "yyyy/yy" starts "April""#, 11, "a whole-number field after the first takes the label's period number"),
        (#"period, pnum = "Year" format "Qn yyyy/yy" starts "April""#, 11, "\"Qn yyyy/yy\" has no period"),
        (#"period, centre = "Year" + "Period" format "yyyy/yy" + "Pnn" starts "April""#, 11, "'centre' is a text"),
        (#"period, pnum, pnum = "Year" + "Period" format "yyyy/yy" + "Pnn" starts "April""#, 17, "field 'pnum' is mapped twice"),
        (#"centre = "Year" + "Period""#, 21, "two columns read as one are a year label and its period, for a date field"),
        (#"period = "Day" format "dd/mm/yyyy" + "Pnn""#, 40, "a second layout ('+ \"Pnn\"') is for a second column"),
    ])
    func misdeclaredPeriodsAreDefinitionErrorsWhereWritten(mapping: String, column: Int, words: String) {
        let source = """
        source odd {
          file "ledger.csv"
          into spend
          \(mapping)
        }
        """
        do {
            _ = try DefinitionLoader.check([("b.framework", Self.framework), ("odd.source", source)])
            Issue.record("accepted: \(mapping)")
        } catch {
            let hit = error.diagnostics.first { $0.message.contains(words) }
            #expect(hit != nil, "\(error.description)")
            #expect(hit?.location?.file == "odd.source" && hit?.location?.line == 4 && hit?.location?.column == column, "\(String(describing: hit))")
        }
    }
}
