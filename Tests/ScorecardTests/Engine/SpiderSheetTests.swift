import Testing
@testable import Scorecard

/// Sheets: all scores of one case, stage and date. A sheet copied under a MAT ref
/// and its EHM episode is one sheet, and the first score of a domain stands.
@Suite struct SpiderSheetTests {
    static let domains = ["Routines", "Parenting", "Confidence", "Health", "Education", "Relationships", "Home Conditions", "Finances"]

    static func sheet(_ ref: String, _ stage: String, _ date: String, score: Int) -> String {
        domains.map { "\(ref),\(stage),\(date),\($0),\(score)\n" }.joined()
    }

    @Test func sheetCopiedUnderBothRefsIsOneSheetAndFirstScoreStands() throws {
        let fixture = try ExtractFixture(text: [
            "mat_cases.csv": "MAT000001;40001;F1;CF;SCHOOL;20160510;;;;HV\r\n",
            "ehm_episodes.csv": "EH-0000001,100001,FAM1,MAT000001,10/05/2016,School,Coalfields Locality,10/05/2016,,,,School,\r\n",
            "spider_scores.csv": Self.sheet("MAT000001", "Start", "01/06/2016", score: 3)
                + Self.sheet("EH-0000001", "Start", "01/06/2016", score: 9)
                + Self.sheet("EH-0000001", "Review", "01/09/2016", score: 5)
                + "MAT999999,Start,01/06/2016,Routines,4\n"
                + "EH-0000001,Middle,01/06/2016,Routines,4\n"
                + "EH-0000001,End,01/10/2016,Routines,11\n",
        ])
        defer { fixture.remove() }
        let run = try fixture.run()
        #expect(run.value("HM3", "2016-06") == 1)
        #expect(run.value("HM3", "2016-06", "Coalfields") == 1)
        #expect(run.value("HM3", "2016-09") == 1)
        // Review total 40 beats the first sheet's 24 (the EHM copy's 72 was rejected).
        let improving = try #require(run.figure("IM1", "2016-09"))
        #expect(improving.numerator == .int(1) && improving.denominator == .int(1))
        // In June the first sheet is the latest: the case is left out.
        #expect(run.figure("IM1", "2016-06")?.denominator == .int(0))
        let reasons = run.rejectReasons("spider_scores")
        #expect(reasons.filter { $0 == "duplicate key" }.count == 8)
        #expect(reasons.contains("unknown case"))
        #expect(reasons.contains("unrecognised Stage"))
        #expect(reasons.contains("score is not a whole number from 1 to 10"))
    }
}
