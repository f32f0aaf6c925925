import Foundation
import Testing
@testable import Scorecard

/// "Within 10 working days": weekends and bank holidays read from an extract are not
/// working days. Figures worked out by hand on a calendar of April–May 2017 (Good Friday
/// 14 April, Easter Monday 17 April, bank holidays 1 and 29 May).
@Suite struct WorkingDayTests {
    static func framework(holidays: String) -> String {
        """
        framework {
          title        "Working days"
          first_month  "2017-04"
          columns      area
          not_recorded "Area not recorded"
          city         "All"
          section main "Main"
          \(holidays)
        }
        category area { "North", "South" }
        record request {
          key    id
          column area
          id       text
          received date
          answered date
          area     area
        }
        # Bank holidays: a look-up, so no column.
        record bank_holiday {
          date date
        }
        source requests {
          file      "requests.csv"
          encoding  utf8
          delimiter ","
          header    yes
          into      request
          id       = "id"
          received = "received" format "yyyy-mm-dd" required
          answered = "answered" format "yyyy-mm-dd"
          area     = "area"
        }
        source holidays {
          file      "holidays.csv"
          encoding  utf8
          delimiter ","
          header    yes
          into      bank_holiday
          date = "date" format "yyyy-mm-dd" required
        }
        """
    }

    static let requests = """
    id,received,answered,area
    1,2017-04-03,2017-04-18,North
    2,2017-04-10,2017-04-26,North
    3,2017-04-12,2017-04-28,North
    4,2017-04-21,2017-05-09,North
    5,2017-05-26,,North

    """

    // A Saturday listed as a holiday changes nothing; a repeated row neither.
    static let holidays = "date\n2017-04-14\n2017-04-15\n2017-04-17\n2017-05-01\n2017-05-01\n2017-05-29\n"

    static func run(_ measures: String, holidays: String = "holidays bank_holiday.date") throws -> Evaluation {
        let folder = NSTemporaryDirectory() + "scorecard-workingdays-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try Data(requests.utf8).write(to: URL(fileURLWithPath: folder + "/requests.csv"))
        try Data(Self.holidays.utf8).write(to: URL(fileURLWithPath: folder + "/holidays.csv"))
        let checked = try DefinitionLoader.check([("w.framework", framework(holidays: holidays)), ("W.metric", measures)])
        return try Pipeline.run(definitions: checked, dataFolder: folder, asAt: Day.parseISO("2017-07-01")!)
    }

    static func measure(_ id: String, _ body: String) -> String {
        "measure \(id) {\n  name \"\(id)\"\n  section main\n  of request\n  when received in period\n  \(body)\n}\n"
    }

    @Test func withinTenWorkingDays() throws {
        let run = try Self.run(
            Self.measure("W1", "share working_days(received, answered) <= 10")
            + Self.measure("W2", "where answered <= add_working_days(received, 10)\n  count")
            + Self.measure("W3", "where weekday(received) = 1\n  count")
            + Self.measure("W4", "where is_working_day(received) and not is_working_day(received + 2 days)\n  count")
            + Self.measure("W5", "where working_days(answered, received) = -9\n  count"))
        // 9, 10, 10 and 11 working days; the fifth unanswered.
        let w1 = run.figure("W1", "2017-18 Q1", "All")
        #expect(w1?.numerator == .int(3) && w1?.denominator == .int(5), "\(String(describing: w1))")
        #expect(run.value("W2", "2017-18 Q1", "All") == 3)
        #expect(run.value("W3", "2017-18 Q1", "All") == 2)
        #expect(run.value("W5", "2017-18 Q1", "All") == 1)
        // Two days after: 5 April, 12 April, 14 April (Good Friday), 23 April (Sunday), 28 May (Sunday).
        #expect(run.value("W4", "2017-18 Q1", "All") == 3)
        // The look-up record is not reported as unplaced.
        #expect(run.reports.first { $0.source == "holidays" }?.unplaced == 0)
    }

    @Test func workingDaysArithmetic() {
        let calendar = WorkingDays(holidays: [Day.parseISO("2017-04-14")!, Day.parseISO("2017-04-17")!, Day.parseISO("2017-04-15")!])
        let d = { (s: String) in Day.parseISO(s)! }
        #expect(WorkingDays.weekday(d("2017-04-03")) == 1)
        #expect(WorkingDays.weekday(d("2017-04-09")) == 7)
        #expect(calendar.between(d("2017-04-03"), d("2017-04-18")) == 9)
        #expect(calendar.between(d("2017-04-07"), d("2017-04-10")) == 1)   // Friday to Monday
        #expect(calendar.between(d("2017-04-08"), d("2017-04-09")) == 0)   // a weekend
        #expect(calendar.between(d("2017-04-18"), d("2017-04-03")) == -9)
        #expect(calendar.adding(1, to: d("2017-04-13")) == d("2017-04-18"))
        #expect(calendar.adding(-1, to: d("2017-04-18")) == d("2017-04-13"))
        // Against a day-by-day count over two years.
        var start = d("2016-01-01")
        for offset in stride(from: 0, to: 700, by: 37) {
            let from = start, to = start + Int32(offset)
            var naive: Int64 = 0
            var day = from
            while day < to { day += 1; if calendar.isWorkingDay(day) { naive += 1 } }
            #expect(calendar.between(from, to) == naive, "\(Day.iso(from))…\(Day.iso(to))")
            start += 3
        }
    }

    @Test func undeclaredHolidaysAreRefusedNotGuessed() {
        do {
            _ = try Self.run(Self.measure("W1", "share working_days(received, answered) <= 10"), holidays: "")
            Issue.record("accepted")
        } catch {
            #expect(String(describing: error).contains("needs the framework to say which days are holidays"))
        }
        // 'holidays none' is a declaration: weekends only.
        #expect(throws: Never.self) { _ = try Self.run(Self.measure("W1", "share working_days(received, answered) <= 10"), holidays: "holidays none") }
        do {
            _ = try Self.run(Self.measure("W1", "count"), holidays: "holidays bank_holliday.date")
            Issue.record("accepted")
        } catch {
            #expect(String(describing: error).contains("unknown record 'bank_holliday'; did you mean 'bank_holiday'?"))
        }
    }

    @Test func aLookUpRecordIsNotCounted() {
        let counting = "measure H {\n  name \"h\"\n  section main\n  of bank_holiday\n  when date in period\n  count\n}\n"
        do {
            _ = try Self.run(counting)
            Issue.record("accepted")
        } catch {
            #expect(String(describing: error).contains("has no 'column FIELD'"))
        }
    }
}
