import Testing
@testable import Scorecard

/// The period spine: every month, quarter and financial year from the first month
/// whose end is on or before the as-at date.
@Suite struct PeriodTests {
    @Test func monthEndRunOnThirtiethSeptember() {
        let labels = Period.spine(firstMonth: (2014, 4), asAt: Day.parseISO("2017-09-30")!).map(\.label)
        #expect(labels.contains("2017-09"))
        #expect(labels.contains("2017-18 Q2"))
        #expect(labels.contains("2016-17"))
        #expect(!labels.contains("2017-18"))
        #expect(!labels.contains("2017-18 Q3"))
        #expect(labels.count == 42 + 14 + 3)
    }

    @Test func orderIsYearThenQuartersThenMonths() {
        let labels = Period.spine(firstMonth: (2014, 4), asAt: Day.parseISO("2015-04-30")!).map(\.label)
        #expect(Array(labels.prefix(6)) == ["2014-15", "2014-15 Q1", "2014-15 Q2", "2014-15 Q3", "2014-15 Q4", "2014-04"])
        #expect(labels.last == "2015-04")
    }

    @Test func quarterThreeIsOctoberToDecember() throws {
        let q3 = try #require(Period.spine(firstMonth: (2014, 4), asAt: Day.parseISO("2018-04-06")!).first { $0.label == "2016-17 Q3" })
        #expect(Day.iso(q3.window.start) == "2016-10-01")
        #expect(Day.iso(q3.window.end) == "2016-12-31")
        #expect(Day.iso(q3.window.yearStart) == "2016-04-01")
    }

    @Test(arguments: [("20160229", "yyyymmdd", true), ("20150229", "yyyymmdd", false), ("2016022", "yyyymmdd", false),
                      ("31/02/2015", "dd/mm/yyyy", false), ("TBC", "dd/mm/yyyy", false), ("1/02/2015", "dd/mm/yyyy", false),
                      ("05-Apr-2015", "dd-Mon-yyyy", true), ("05-Avr-2015", "dd-Mon-yyyy", false), ("2015-04-05", "yyyy-mm-dd", true)])
    func datesMatchTheirLayoutExactly(text: String, format: String, readable: Bool) throws {
        let f = try #require(DateFormat(format))
        #expect((f.parse(Array(text.utf8)[...]) != nil) == readable)
    }

    @Test func dayNumbersRoundTrip() {
        for n in stride(from: Int32(-800_000), through: 800_000, by: 997) {
            let c = Day.civil(n)
            #expect(Day.number(year: c.year, month: c.month, day: c.day) == n)
        }
        #expect(Day.number(year: 1970, month: 1, day: 1) == 0)
    }
}
