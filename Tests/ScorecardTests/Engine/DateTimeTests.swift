import Foundation
import Testing
@testable import Scorecard

/// Date-times kept with their time (issue #11): read to the second from the layouts
/// extracts use, compared as date-times (a case closed before it started on the same
/// day is visible), cut to a day only when `date(…)` says so, and a date alone in a
/// date-time column a rejected row. Figures worked out by hand from the rows below.
@Suite struct DateTimeTests {
    static let definitions = MiniCouncil.framework + """
    record contact {
      key    id
      column area
      id     text
      opened datetime
      closed datetime
      logged datetime
      area   area
    }
    source contacts {
      file      "contacts.csv"
      encoding  utf8
      delimiter ","
      header    yes
      into      contact
      id     = "id"
      opened = "opened" format "dd/mm/yyyy hh:mm" required
      closed = "closed" format "yyyy-mm-ddThh:mm:ss"
      logged = "logged" format "yyyy-mm-dd hh:mm:ss.fff"
      area   = "area"
      rejected 90 percent error
    }
    measure OPENED {
      name    "Contacts"
      section main
      of      contact
      when    date(opened) in period
      count
    }
    measure BACKWARDS {
      name    "Closed before it started, on the same day"
      section main
      of      contact
      when    date(opened) in period
      where   closed < opened and date(closed) = date(opened)
      count
    }
    measure LATE {
      name    "Opened at or after 17:00"
      section main
      of      contact
      when    date(opened) in period
      where   hour(opened) >= 17 and minute(opened) >= 0
      count
    }
    measure FIRST {
      name    "Logged after opening"
      section main
      of      contact
      when    date(opened) in period
      where   max(logged, opened) = logged and logged != opened
      count
    }
    """

    // a: closed 09:00 after opening 10:30 the same day (backwards). b: closed the next
    // day. c: opened 17:05 (late). d: a date alone in a date-time column (rejected).
    // e: the hour 24 does not exist (rejected). f: closed at 23:59:59 the day before.
    static let rows = """
    id,opened,closed,logged,area
    a,03/04/2017 10:30,2017-04-03T09:00:00,2017-04-03 10:30:00.500,North
    b,04/04/2017 08:00,2017-04-05T08:00:00,2017-04-04 07:59:59.999,North
    c,05/04/2017 17:05,,2017-04-05 17:05:01.000,South
    d,06/04/2017,,,South
    e,07/04/2017 24:00,,,South
    f,08/04/2017 00:00,2017-04-07T23:59:59,,North

    """

    static func run() throws -> Evaluation {
        try MiniCouncil.evaluate([("d.framework", definitions)], extracts: ["contacts.csv": Data(rows.utf8)])
    }

    @Test func dateTimesKeepTheirTime() throws {
        let run = try Self.run()
        let rejected = run.rejects.filter { $0.source == "contacts" }.map { "\($0.line):\($0.reason)" }
        #expect(rejected == ["5:unreadable date-time in opened", "6:unreadable date-time in opened"], "\(rejected)")
        #expect(run.figure("OPENED", "2017-04", "All")?.value == .number(.int(4)))
        #expect(run.figure("BACKWARDS", "2017-04", "All")?.value == .number(.int(1)))
        #expect(run.figure("LATE", "2017-04", "All")?.value == .number(.int(1)))
        // a (10:30:00.5 is 10:30:00 to the second: equal, so not after) and c.
        #expect(run.figure("FIRST", "2017-04", "All")?.value == .number(.int(1)))
    }

    @Test func secondsSince1970() {
        let day = Day.parseISO("2017-04-03")!
        let s = DateTime.seconds(day: day, second: 10 * 3600 + 30 * 60)
        #expect(DateTime.day(s) == day && DateTime.secondOfDay(s) == 37_800)
        #expect(DateTime.day(-1) == -1 && DateTime.secondOfDay(-1) == 86_399)
        #expect(DateTime.parseTime("17:00") == 61_200 && DateTime.parseTime("7:00") == nil && DateTime.parseTime("24:00") == nil)
    }

    @Test(arguments: [
        ("when opened in period", "'in period' needs a date, found a date-time; a date-time is not cut to its day unasked: write date(…)"),
        ("when date(opened) in period\n  where opened = period.end", "cannot compare a date-time with a date"),
        ("when date(opened) in period\n  where days_between(opened, closed) > 1", "'days_between' takes dates, found a date-time; a date-time is not cut"),
        ("when date(opened) in period\n  where month_start(opened) = period.start", "'month_start' takes a date, found a date-time"),
        ("when date(opened) in period\n  where opened + 1 day > closed", "cannot apply '+' to a date-time and a duration in days; a date-time is not cut"),
        ("when date(opened) in period\n  where hour(period.end) = 1", "'hour' takes a date-time, found a date"),
    ])
    func aDateTimeWhereADateIsExpectedIsRefusedWithAHint(clause: String, words: String) {
        let measure = "measure ODD {\n  name \"Odd\"\n  section main\n  of contact\n  \(clause)\n  count\n}\n"
        do {
            _ = try DefinitionLoader.check([("d.framework", Self.definitions), ("ODD.metric", measure)])
            Issue.record("accepted: \(clause)")
        } catch {
            #expect(error.description.contains(words) && error.description.contains("ODD.metric:"), "\(error.description)")
        }
    }

    @Test func aDateTimeLayoutNeedsATime() {
        let source = "source odd {\n  file \"odd.csv\"\n  into contact\n  opened = \"opened\" format \"dd/mm/yyyy\"\n}\n"
        let base = Self.definitions.components(separatedBy: "source contacts")[0]
        do {
            _ = try DefinitionLoader.check([("d.framework", base), ("odd.source", source)])
            Issue.record("accepted a date-only layout for a datetime")
        } catch {
            #expect(error.description.contains("odd.source:4:") && error.description.contains("'opened' is a datetime: its layout needs a time"), "\(error.description)")
        }
    }
}
