import Foundation
import Testing
@testable import Scorecard

/// The calendar and arithmetic functions, each through the whole pipeline (definitions
/// loaded and checked, an extract read, a measure counted), with figures worked out
/// by hand from four rows.
@Suite struct FunctionTests {
    static let framework = MiniCouncil.framework + """
    record event {
      key    id
      column area
      id     text
      date   date
      birth  date
      a      decimal
      b      decimal
      area   area
    }
    source events {
      file      "events.csv"
      encoding  utf8
      delimiter ","
      header    yes
      into      event
      id    = "id"
      date  = "date" format "yyyy-mm-dd" required
      birth = "birth" format "yyyy-mm-dd"
      a     = "a"
      b     = "b"
      area  = "area"
    }
    """

    static let rows = """
    id,date,birth,a,b,area
    1,2017-04-01,2007-04-01,5,-3,North
    2,2017-05-31,2008-02-29,2.5,7,North
    3,2017-06-15,2007-06-16,-1.25,0,South
    4,2017-04-20,,10,10,South

    """

    /// Counts the events in `period` meeting `condition`; or the definition errors.
    static func count(_ condition: String, period: String = "2017-18 Q1") throws -> Result<Double?, DiagnosticError> {
        let folder = NSTemporaryDirectory() + "scorecard-functions-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try Data(rows.utf8).write(to: URL(fileURLWithPath: folder + "/events.csv"))
        let measure = "measure F1 {\n  name    \"f\"\n  section main\n  of      event\n  when    date in period\n  where   \(condition)\n  count\n}\n"
        do {
            let checked = try DefinitionLoader.check([("f.framework", framework), ("F1.metric", measure)])
            let run = try Pipeline.run(definitions: checked, dataFolder: folder, asAt: Day.parseISO("2017-07-01")!)
            return .success(run.value("F1", period, "All"))
        } catch {
            return .failure(error)
        }
    }

    @Test(arguments: [
        ("month_start(date) = date", 1.0),                     // only 1 April
        ("quarter_start(date) = period.start", 4),             // every row falls in Q1
        ("month_end(date) = date", 1),                         // 31 May
        ("days_between(birth, date) >= 3653", 1),              // 2007-04-01 to 2017-04-01 is 3,653 days
        ("days_between(date, birth) < -3652", 1),              // negative when the second date is earlier
        ("age(birth, date) >= 10", 1),                         // 10 on the birthday itself
        ("age(birth, date) = 9", 2),                           // the day before a birthday; a 29 February birthday
        ("min(a, b) < 0", 2),
        ("max(a, b) >= 10", 1),
        ("min(date, birth) = birth", 3),                       // the blank birth is passed over, so row 4's min is its date
        ("abs(b) = 3", 1),
        ("round(a) = 3", 1),                                   // 2.5 rounds half away from zero
        ("round(a, 1) = -1.3", 1),                             // -1.25 likewise
        ("year(birth) = 2007 and month(birth) = 6", 1),
        ("ay_year(birth) = 2006", 2),                          // 2007-04-01 and 2007-06-16 fall in 2006/07
        ("ay_start(date) = ay_start(birth) + 120 months", 2),    // the academic years of 2016/17 and 2006/07
        ("ay_end(date) = ay_start(date) + 12 months - 1 day", 4),
        ("fp(date) = 1", 2),                                   // April is P01
        ("fp(birth) = 11", 1),                                 // February is P11
        ("fy_year(date) = 2017", 4),
        ("position(area) = 2", 2),                             // South is the second area declared
        ("position(area) - 1 >= 1 and a > 0", 1),
        ("days_between(date, as_at) > 31", 2),                 // the run's as-at date, 2017-07-01
        ("date >= as_at - 1 month", 1),                        // from 1 June: only 15 June
    ])
    func eachFunctionCountsWhatItSays(condition: String, expected: Double) throws {
        let result = try Self.count(condition)
        guard case .success(let value) = result else {
            Issue.record("'\(condition)' did not load: \(result)")
            return
        }
        #expect(value == expected, "'\(condition)'")
    }

    @Test func quarterStartMovesWithThePeriod() throws {
        // In May, the quarter starts in April, not on the period's start.
        #expect(try Self.count("quarter_start(date) = period.start", period: "2017-05").get() == 0)
        #expect(try Self.count("month_start(date) = period.start", period: "2017-05").get() == 1)
    }

    @Test(arguments: [
        ("month_strat(date) = date", "did you mean 'month_start'"),
        ("frobnicate(date) = date", "the functions are abs, add_working_days, age, ay_end"),
        ("age(birth) = 1", "'age' takes two dates"),
        ("days_between(a, date) = 1", "'days_between' takes dates, found a number"),
        ("min(a, date) = 1", "'min' takes numbers or dates of one kind"),
        ("round(a, b) = 1", "'round' takes its decimal places as a whole number"),
        ("abs(date) = 1", "'abs' takes a number, found a date"),
        ("position(a) = 1", "'position' takes a code of a category, found a number"),
        ("month_start(a) = date", "'month_start' takes a date, found a number"),
    ])
    func misusedFunctionsAreDefinitionErrorsThatTeach(condition: String, words: String) throws {
        let result = try Self.count(condition)
        guard case .failure(let error) = result else {
            Issue.record("'\(condition)' was accepted")
            return
        }
        #expect(error.description.contains(words), "\(error.description)")
        #expect(error.diagnostics.first?.location?.file == "F1.metric" && error.diagnostics.first?.location?.line == 6)
    }
}
