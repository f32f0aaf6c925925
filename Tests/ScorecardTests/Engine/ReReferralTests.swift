import Testing
@testable import Scorecard

/// HW2: a case received in the period whose person had a different case end on or
/// before its received date and no earlier than 3 calendar months before it.
@Suite struct ReReferralTests {
    @Test(arguments: [
        ("2017-05-31", "2017-02-28"), ("2016-05-31", "2016-02-29"), ("2017-01-31", "2016-10-31"),
        ("2017-03-15", "2016-12-15"), ("2017-04-30", "2017-01-30"), ("2018-02-28", "2017-11-28"),
    ])
    func threeCalendarMonthsBeforeClampsToMonthEnd(from: String, expected: String) {
        #expect(Day.iso(Day.addMonths(Day.parseISO(from)!, -3)) == expected)
    }

    @Test func thirtyFirstOfMayLooksBackToTheLastDayOfFebruary() throws {
        let fixture = try ExtractFixture(text: [
            "mat_cases.csv": """
            MAT000001;40001;F1;NR;SCHOOL;20170105;;20170228;OM;HV\r
            MAT000002;40001;F1;NR;SCHOOL;20170531;;;;HV\r
            MAT000003;40002;F2;NR;SCHOOL;20170105;;20170227;OM;HV\r
            MAT000004;40002;F2;NR;SCHOOL;20170531;;;;HV\r

            """,
        ])
        defer { fixture.remove() }
        let run = try fixture.run()
        let figure = try #require(run.figure("HW2", "2017-05"))
        #expect(figure.numerator == .int(1))
        #expect(figure.denominator == .int(2))
        #expect(run.value("HW2", "2017-05") == 50)
    }

    @Test func leapYearFebruaryTwentyNinth() throws {
        let fixture = try ExtractFixture(text: [
            "mat_cases.csv": """
            MAT000001;40001;F1;CC;SCHOOL;20160105;;20160229;OM;HV\r
            MAT000002;40001;F1;CC;SCHOOL;20160531;;;;HV\r
            MAT000003;40002;F2;CC;SCHOOL;20160105;;20160228;OM;HV\r
            MAT000004;40002;F2;CC;SCHOOL;20160531;;;;HV\r

            """,
        ])
        defer { fixture.remove() }
        #expect(try fixture.run().figure("HW2", "2016-05")?.numerator == .int(1))
    }

    @Test func personReReferredAcrossTheMigrationThroughTheIndex() throws {
        let rows = [
            "mat_cases.csv": "MAT000001;40001;F1;NR;SCHOOL;20160601;;20161020;OM;Early Help\r\n",
            "ehm_episodes.csv": "EH-0000001,100001,FAM1,,15/12/2016,School,North & Riverside Locality,16/12/2016,,,,Early Help Service,\r\n",
        ]
        var withIndex = rows
        withIndex["person_xref.csv"] = "MAT,40001,P0000001\nEHM,100001,P0000001\nEHM,100001,P0000001\n"
        let linked = try ExtractFixture(text: withIndex)
        let unlinked = try ExtractFixture(text: rows)
        defer { linked.remove(); unlinked.remove() }
        #expect(try linked.run().figure("HW2", "2016-12")?.numerator == .int(1))
        #expect(try unlinked.run().figure("HW2", "2016-12")?.numerator == .int(0))
    }

    @Test func theSameCaseIsNotItsOwnReReferral() throws {
        // Received and closed on the same day: ended on or before its own received date.
        let fixture = try ExtractFixture(text: ["mat_cases.csv": "MAT000001;40001;F1;NR;SCHOOL;20160601;;20160601;OM;HV\r\n"])
        defer { fixture.remove() }
        #expect(try fixture.run().figure("HW2", "2016-06")?.numerator == .int(0))
    }
}
