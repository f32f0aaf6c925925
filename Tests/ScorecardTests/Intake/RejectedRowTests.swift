import Testing
@testable import Scorecard

/// Rows that cannot be used are rejected with a reason, a line and their fields;
/// nothing is dropped without a line in the account.
@Suite struct RejectedRowTests {
    @Test func everyRejectedRowHasItsReasonAndLine() throws {
        let fixture = try ExtractFixture(text: [
            "mat_cases.csv": """
            MAT000001;1;F;NR;VCM;20150101;;20141231;OM;HV\r
            MAT000002;2;F;NR;VCM;20151341;;;;HV\r
            MAT000003;3;F;NR;VCM;;;;;HV\r
            MAT000004;4;F;NR;VCM;20150101;;;;HV\r
            MAT000004;4;F;NR;VCM;20150102;;;;HV\r
            MAT000005;5;F;NR;VCM;20190101;;;;HV\r
            MAT000006;6;F;NR;VCM;20150101;2015-02-01;;;HV\r
            MAT000007;7;F;NR;VCM;20150101;;20150101;OM\r
            MAT000008;8;F;NR;VCM;20150101;;20150101;OM;HV\r

            """,
            "priority_families.csv": "PF1,Coalfields,Youth crime,2016-01-01,\nPF1,Coalfields,Youth crime,2016-02-01,\nPF2,Coalfields,Juggling,2016-01-01,\n",
        ])
        defer { fixture.remove() }
        let run = try fixture.run()
        let mat = run.rejects.filter { $0.source == "mat_cases" }
        #expect(mat.map(\.line) == [2, 3, 4, 6, 7, 8, 9])
        #expect(mat.map(\.reason) == [
            "end before start", "unreadable date in OPENED", "missing OPENED", "duplicate key",
            "received after the as-at date", "unreadable date in ASSESS_DT", "malformed record",
        ])
        #expect(mat[1].fields[0] == "MAT000002")
        #expect(mat[1].detail == "20151341")
        let report = try #require(run.reports.first { $0.source == "mat_cases" })
        #expect(report.rowsRead == 9)
        #expect(report.accepted == 2)
        #expect(report.rejectedCount == 7)
        #expect(report.rowsRead == report.accepted + report.rejectedCount)
        // Received and closed the same day: a case, never open.
        #expect(run.value("HM1", "2015-01") == 2)
        #expect(run.value("HM2", "2015-01") == 1)
        #expect(run.rejectReasons("priority_families") == ["duplicate key", "unrecognised criterion"])
    }

    @Test func everyRowOfTheSamplesIsAccountedFor() {
        for report in Repo.sampleRun.reports {
            #expect(report.rowsRead == report.accepted + report.rejectedCount, "\(report.file)")
        }
        #expect(Repo.sampleRun.rejects.count == Repo.sampleRun.reports.reduce(0) { $0 + $1.rejectedCount })
    }
}
