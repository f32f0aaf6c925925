import Testing
@testable import Scorecard

/// The MAT → EHM migration: an EHM episode naming a MAT case in `Legacy Case Ref`
/// supersedes it, so the case counts once and closes when its EHM episode closes.
@Suite struct MigrationTests {
    @Test func migratedCaseCountsOnceAndClosesWithItsEpisode() throws {
        let fixture = try ExtractFixture(text: [
            "mat_cases.csv": "MAT000001;40001;F1;NR;SCHOOL;20160510;20160601;;;Early Help\r\n",
            "ehm_episodes.csv": "EH-0000001,100001,FAM1,MAT000001,10/05/2016,School,North & Riverside Locality,10/05/2016,01/06/2016,15/01/2017,Outcomes met,Early Help Service,Migrated\r\n",
        ])
        defer { fixture.remove() }
        let run = try fixture.run()
        #expect(run.value("HM1", "2016-05") == 1)
        #expect(run.value("HM2", "2016-10") == 1)
        #expect(run.value("HM2", "2016-12", "North & Riverside") == 1)
        #expect(run.value("HM2", "2017-01") == 0)
        #expect(run.value("HW5", "2017-01") == 1)
        #expect(run.value("HW5", "2017-01", row: "Outcomes met") == 100)
        let mat = try #require(run.reports.first { $0.source == "mat_cases" })
        #expect(mat.merged == 1)
        #expect(mat.accepted == 1)
    }

    @Test func matCaseWhoseOnlySuccessorWasRejectedStands() throws {
        let fixture = try ExtractFixture(text: [
            "mat_cases.csv": "MAT000002;40002;F2;CF;VCM;20160301;;;;HV\r\n",
            // Ends before it starts: rejected, so it supersedes nothing.
            "ehm_episodes.csv": "EH-0000002,100002,FAM2,MAT000002,01/03/2016,Police,Coalfields Locality,01/03/2016,,01/02/2016,Disengaged,School,\r\n",
        ])
        defer { fixture.remove() }
        let run = try fixture.run()
        #expect(run.value("HM2", "2017-01", "Coalfields") == 1)
        #expect(run.rejectReasons("ehm_episodes") == ["end before start"])
        #expect(run.reports.first { $0.source == "mat_cases" }?.merged == 0)
    }

    @Test func firstOfTwoEpisodesNamingOneMATCaseSupersedesIt() throws {
        let fixture = try ExtractFixture(text: [
            "mat_cases.csv": "MAT000003;40003;F3;EW;CSC;20160801;;;;HV\r\n",
            "ehm_episodes.csv": """
            EH-0000003,100003,FAM3,MAT000003,01/08/2016,Children's Social Care,East/West Locality,01/08/2016,,10/12/2016,Outcomes met,School,\r
            EH-0000004,100003,FAM3,MAT000003,01/08/2016,Children's Social Care,East/West Locality,01/08/2016,,,,School,\r

            """,
        ])
        defer { fixture.remove() }
        let run = try fixture.run()
        // Both episodes are cases; the MAT case is replaced once.
        #expect(run.value("HM1", "2016-08") == 2)
        #expect(run.value("HM2", "2017-01") == 1)
        #expect(run.reports.first { $0.source == "mat_cases" }?.merged == 1)
    }
}
