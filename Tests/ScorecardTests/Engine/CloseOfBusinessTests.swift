import Foundation
import Testing
@testable import Scorecard

/// Issue #12's close-of-business rule: a date-time at or after the framework's close of
/// business, or on a day that is not a working day, counts from the start of the next
/// working day when given to `working_days` or `add_working_days`; dates are not
/// affected. Worked by hand on May–June 2017: Monday 29 May is a bank holiday, so the
/// working day after Friday 26 May is Tuesday 30 May.
///
/// - 26/05 16:59 counts from Fri 26 May; 10 working days on is Mon 12 June.
/// - 26/05 17:00 counts from Tue 30 May; 10 working days on is Tue 13 June.
/// - 27/05 09:00 (Saturday) counts from Tue 30 May too.
/// - 25/05 17:30 (Thursday) counts from Fri 26 May.
/// Every request is answered on Tue 13 June at 10:00, which counts as 13 June.
@Suite struct CloseOfBusinessTests {
    static func definitions(close: String = "close_of_business \"17:00\"") -> String {
        """
        framework {
          title        "Close of business"
          first_month  "2017-04"
          columns      area
          not_recorded "Area not recorded"
          city         "All"
          section main "Main"
          holidays     bank_holiday.date
          \(close)
        }
        category area { "North", "South" }
        record request {
          key    id
          column area
          id       text
          received datetime
          answered datetime
          area     area
        }
        record bank_holiday {
          date date
        }
        source requests {
          file "requests.csv"
          into request
          id       = "id"
          received = "received" format "dd/mm/yyyy hh:mm" required
          answered = "answered" format "dd/mm/yyyy hh:mm"
          area     = "area"
        }
        source holidays {
          file "holidays.csv"
          into bank_holiday
          date = "date" format "yyyy-mm-dd" required
        }
        """
    }

    static let measures = """
    measure ON_TIME {
      name    "Answered within 10 working days"
      section main
      of      request
      when    date(received) in period
      share   working_days(received, answered) <= 10
    }
    measure DEADLINE {
      name    "Deadline on 12 June"
      section main
      of      request
      when    date(received) in period
      share   add_working_days(received, 10) = date(answered) - 1 day
    }
    measure BY_DATE {
      name    "Within 10 working days, by the day alone"
      section main
      of      request
      when    date(received) in period
      share   working_days(date(received), date(answered)) <= 10
    }
    """

    static let rows = """
    id,received,answered,area
    a,26/05/2017 16:59,13/06/2017 10:00,North
    b,26/05/2017 17:00,13/06/2017 10:00,North
    c,27/05/2017 09:00,13/06/2017 10:00,South
    d,25/05/2017 17:30,13/06/2017 10:00,South

    """

    static func run() throws -> Evaluation {
        try MiniCouncil.evaluate([("c.framework", definitions()), ("C.metric", measures)],
                                 extracts: ["requests.csv": Data(rows.utf8), "holidays.csv": Data("date\n2017-05-29\n".utf8)])
    }

    @Test func aRequestAfterTheCloseCountsFromTheNextWorkingDay() throws {
        let run = try Self.run()
        // a: 26 May to 13 June is 11 working days — late. b and c: 30 May to 13 June is 10.
        // d: 26 May (Thursday after the close) — 11, late.
        #expect(run.figure("ON_TIME", "2017-05", "All")?.numerator == .int(2))
        #expect(run.figure("ON_TIME", "2017-05", "North")?.numerator == .int(1))
        // a and d: the deadline is Monday 12 June, the day before the answer.
        #expect(run.figure("DEADLINE", "2017-05", "All")?.numerator == .int(2))
        // By the day alone (no close of business): 25 or 26 May to 13 June is 11 or 12; 27 May is 11.
        #expect(run.figure("BY_DATE", "2017-05", "All")?.numerator == .int(0))
    }

    @Test func theArrivalDay() {
        let w = WorkingDays(holidays: [Day.parseISO("2017-05-29")!])
        let friday = Day.parseISO("2017-05-26")!, tuesday = Day.parseISO("2017-05-30")!
        #expect(w.arrival(day: friday, secondOfDay: 16 * 3600 + 59 * 60, closeOfBusiness: 61_200) == friday)
        #expect(w.arrival(day: friday, secondOfDay: 61_200, closeOfBusiness: 61_200) == tuesday)
        #expect(w.arrival(day: friday + 1, secondOfDay: 0, closeOfBusiness: 61_200) == tuesday)
        #expect(w.arrival(day: friday + 3, secondOfDay: 0, closeOfBusiness: 61_200) == tuesday)
    }

    @Test(arguments: [
        ("", "'working_days' was given a date-time; declare the framework's 'close_of_business \\\"17:00\\\"'"),
        ("close_of_business \"5pm\"", "'close_of_business' is a time of day written"),
        ("close_of_business \"00:00\"", "'close_of_business' is a time of day written"),
    ])
    func misdeclaredOrMissing(close: String, words: String) {
        do {
            _ = try DefinitionLoader.check([("c.framework", Self.definitions(close: close)), ("C.metric", Self.measures)])
            Issue.record("accepted: \(close)")
        } catch {
            #expect(error.description.contains(words.replacingOccurrences(of: "\\\"", with: "\"")), "\(error.description)")
        }
    }
}
