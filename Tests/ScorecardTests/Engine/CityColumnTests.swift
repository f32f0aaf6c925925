import Testing
@testable import Scorecard

/// The City column is computed from all records: a child with cases in two
/// localities counts in each, and once in the City.
@Suite struct CityColumnTests {
    @Test func cityDistinctCountIsBelowTheSumOfLocalities() throws {
        let fixture = try ExtractFixture(text: [
            "mat_cases.csv": """
            MAT000001;40001;F1;NR;SCHOOL;20160510;;;;HV\r
            MAT000002;40001;F1;CF;SCHOOL;20160512;;;;HV\r
            MAT000003;40002;F2;XX;SCHOOL;20160512;;;;HV\r

            """,
        ])
        defer { fixture.remove() }
        let run = try fixture.run()
        #expect(run.value("HM6", "2016-06", "North & Riverside") == 1)
        #expect(run.value("HM6", "2016-06", "Coalfields") == 1)
        #expect(run.value("HM6", "2016-06", "Locality not recorded") == 1)
        #expect(run.value("HM6", "2016-06") == 2)
        #expect(run.value("HM2", "2016-06") == 3)
    }

    @Test func ratesHaveNoValueForNotRecordedAndCityDividesByTheLocalitiesSum() throws {
        let fixture = try ExtractFixture(text: [
            "csc_episodes.csv": "1,CIN,2015-01-01,,1\n2,CIN,2015-01-01,,99\n3,CIN,2015-01-01,,\n4,CPP,2015-01-01,,2\n",
            "person_xref.csv": "CSC,1,P1\nCSC,2,P1\n",
            "population.csv": """
            North & Riverside,2015,1000
            East/West,2015,2000
            Coalfields,2015,3000
            City Centre,2015,4000
            City Centre,2015,9999

            """,
        ])
        defer { fixture.remove() }
        let run = try fixture.run()
        #expect(run.value("IM3", "2015-16", "North & Riverside") == 10)
        #expect(run.figure("IM3", "2015-16", "Locality not recorded") == Figure(numerator: .int(2), denominator: nil, value: .notApplicable))
        // P1 (two CSC ids) counts once in the city: 2 children per 10,000 in 10,000.
        #expect(run.figure("IM3", "2015-16") == Figure(numerator: .int(2), denominator: .int(10000), value: .number(.double(2))))
        // No population row for 2014: not available.
        #expect(run.figure("IM3", "2014-15", "Coalfields")?.value == .notAvailable)
        #expect(run.rejectReasons("population") == ["duplicate key"])
    }
}
