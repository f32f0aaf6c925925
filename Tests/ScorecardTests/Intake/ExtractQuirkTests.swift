import Testing
@testable import Scorecard

/// The quirks of the legacy layouts: Windows-1252 text, quoted line breaks, the
/// pipe file without a header, hand-typed team names.
@Suite struct ExtractQuirkTests {
    @Test func windows1252CurlyApostropheAndEnDashMapToAgencies() throws {
        var mat: [UInt8] = []
        mat += Array("MAT000001;40001;F1;NR;SCHOOL;20160510;;;;Children".utf8) + [0x92] + Array("s Centre\r\n".utf8)
        mat += Array("MAT000002;40002;F2;NR;SCHOOL;20160510;;;;VCS ".utf8) + [0x96] + Array(" Caf".utf8) + [0xE9] + Array(" Hope\r\n".utf8)
        mat += Array("MAT000003;40003;F3;NR;SCHOOL;20160510;;;;Early Help\r\n".utf8)
        mat += Array("MAT000004;40004;F4;NR;SCHOOL;20160510;;;;Magic Roundabout\r\n".utf8)
        let fixture = try ExtractFixture(["mat_cases.csv": mat])
        defer { fixture.remove() }
        let run = try fixture.run()
        let figure = try #require(run.figure("HW8", "2016-06"))
        #expect(figure.numerator == .int(2))
        #expect(figure.denominator == .int(4))
        let unmapped = run.reports.first { $0.source == "mat_cases" }?.unmapped ?? [:]
        #expect(unmapped == ["LEAD_AGENCY: Magic Roundabout": 1])
    }

    @Test func quotedLineBreaksCommasAndQuotesStayInOneField() throws {
        let fixture = try ExtractFixture(text: [
            "ehm_episodes.csv": """
            EH-0000001,100001,FAM1,,10/12/2016,Police,City Centre Locality,12/12/2016,,,,School,"Home visit.\r
            Mum said ""we are coping"", review\r
            in 6 weeks"\r
            EH-0000001,100001,FAM1,,10/12/2016,Police,City Centre Locality,12/12/2016,,,,School,"dup"\r
            EH-0000002,100002,FAM2,,11/12/2016,Self/Family,City Centre Locality,12/12/2016,,,,School,plain\r

            """,
        ])
        defer { fixture.remove() }
        let run = try fixture.run()
        #expect(run.value("HM1", "2016-12", "City Centre") == 2)
        #expect(run.value("HM1", "2016-12", row: "Police") == 1)
        #expect(run.value("HM1", "2016-12", row: "Self") == 1)
        let rejected = try #require(run.rejects.first)
        #expect(rejected.reason == "duplicate key")
        #expect(rejected.line == 5)
        #expect(rejected.detail == "first at line 2")
    }

    @Test func pipeFileWithoutHeaderByPosition() throws {
        let fixture = try ExtractFixture(text: [
            "ecaf_eha.txt": """
            EHA1|3001|05-Apr-2015| school |CITY CENTRE
            EHA2|3002|06-APR-2015|HEALTH|OUT OF AREA
            EHA3|3003|07-Apr-2015|NURSERY| coalfields
            EHA4|3004|31-Apr-2015|HEALTH|COALFIELDS
            EHA5|3005|5-Apr-2015|HEALTH|COALFIELDS
            EHA1|3001|08-Apr-2015|SCHOOL|CITY CENTRE

            """,
        ])
        defer { fixture.remove() }
        let run = try fixture.run()
        #expect(run.value("HM5", "2015-04") == 3)
        #expect(run.value("HM5", "2015-04", "City Centre", row: "SCHOOL") == 1)
        #expect(run.value("HM5", "2015-04", "Coalfields", row: "Not recorded") == 1)
        #expect(run.value("HM5", "2015-04", "Locality not recorded") == 1)
        #expect(run.rejects.map(\.line) == [4, 5, 6])
        #expect(run.rejectReasons("ecaf_eha") == ["unreadable date in field 3", "unreadable date in field 3", "duplicate key"])
    }

    @Test func handTypedTeamNamesMapToLocalities() throws {
        let fixture = try ExtractFixture(text: [
            "hwify_returns.csv": """
            R1, EAST / WEST LOCALITY ,01/05/2015,Y,N,Not answered,
            R2,north and riverside team,01/05/2015,yes,Yes,,"Slow to start,
            but got there"
            R3,Duty Team,01/05/2015,No,y,N,
            R4,  City   Centre  ,01/05/2015,,N,yes,
            R5,Coalfields,31/02/2015,Y,Y,Y,
            R6,Coalfields,TBC,Y,Y,Y,

            """,
        ])
        defer { fixture.remove() }
        let run = try fixture.run()
        #expect(run.value("HM4", "2015-05", "East/West") == 1)
        #expect(run.value("HM4", "2015-05", "North & Riverside") == 1)
        #expect(run.value("HM4", "2015-05", "City Centre") == 1)
        #expect(run.value("HM4", "2015-05", "Locality not recorded") == 1)
        // Not answered and blank stay in the denominator.
        #expect(run.figure("HW3", "2015-05") == .percent(2, 4))
        #expect(run.figure("HW4", "2015-05") == .percent(2, 4))
        #expect(run.figure("IM2", "2015-05") == .percent(1, 4))
        #expect(run.rejectReasons("hwify_returns") == ["unreadable date in Date Returned", "unreadable date in Date Returned"])
        #expect(run.rejects.map(\.line) == [7, 8])
    }
}
