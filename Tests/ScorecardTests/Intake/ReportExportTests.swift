import Foundation
import Testing
@testable import Scorecard

/// A report server's export: title lines and a blank line before the header, a footer
/// stating the row count and "End of report" after the data. The titles and footer are
/// set aside, lines keep the file's numbers, and the stated count is a completeness
/// check that stops a run reading a partial export.
@Suite struct ReportExportTests {
    static let definitions = MiniCouncil.framework + """
    record referral {
      key    id
      column area
      id     text
      day    date
      area   area
    }
    source referrals {
      file      "referrals.csv"
      encoding  utf8
      delimiter ","
      header    yes
      into      referral
      preamble  3 lines
      footer    2 lines
      footer    count "Total rows: #" error
      id   = "Ref"
      day  = "Received" format "dd/mm/yyyy hh:mm" required
      area = "Area"
    }
    measure R1 {
      name    "Referrals"
      section main
      of      referral
      when    day in period
      count
    }
    """

    static func export(stated: Int) -> String {
        """
        Kestrel City Council — Referrals report
        Run at 06/04/2018 07:00 by SSRS

        Ref,Received,Area
        R1,03/04/2017 09:30,North
        R2,04/04/2017,North
        R3,05/04/2017 14:00,South
        "Total rows: \(stated)",,
        End of report

        """
    }

    static func folder(_ text: String) throws -> String {
        let folder = NSTemporaryDirectory() + "scorecard-export-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder + "/metrics", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: folder + "/data", withIntermediateDirectories: true)
        try definitions.write(toFile: folder + "/metrics/e.framework", atomically: true, encoding: .utf8)
        try text.write(toFile: folder + "/data/referrals.csv", atomically: true, encoding: .utf8)
        return folder
    }

    @Test func titlesAndFooterAreSetAsideAndLinesAreTheFiles() throws {
        let folder = try Self.folder(Self.export(stated: 3))
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let run = try Pipeline.run(metrics: folder + "/metrics", dataFolder: folder + "/data", asAt: Day.parseISO("2017-07-01")!)
        #expect(run.value("R1", "2017-04", "All") == 2)
        #expect(run.reports.first?.rowsRead == 3)
        // The date without a time is on the file's line 6 (three title lines, the header on 4).
        #expect(run.rejects.map { "\($0.line):\($0.reason)" } == ["6:unreadable date in Received"])
        #expect(Completeness.check(run, dataset: run.dataset, previousRows: nil).filter { $0.severity == .error }.isEmpty)
    }

    @Test func aFooterCountThatDisagreesStopsTheRun() throws {
        let folder = try Self.folder(Self.export(stated: 3031))
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let out = folder + "/out"
        let result = try BinaryRunner.run(["run", "--data", folder + "/data", "--as-at", "2017-07-01", "--out", out, "--metrics", folder + "/metrics",
                                           "--period", "2017-04"])
        #expect(result.code == ExitCode.incomplete.rawValue, "\(result.err)")
        #expect(result.err.contains("referrals.csv: error: the footer says 3031 rows but 3 were read"), "\(result.err)")
        #expect(!FileManager.default.fileExists(atPath: out))
        let check = try BinaryRunner.run(["check", "--data", folder + "/data", "--as-at", "2017-07-01", "--metrics", folder + "/metrics"])
        #expect(check.code == ExitCode.incomplete.rawValue)
    }

    @Test func footerCountNeedsAFooter() {
        let text = Self.definitions.replacingOccurrences(of: "  footer    2 lines\n", with: "")
        do {
            _ = try DefinitionLoader.check([("e.framework", text)])
            Issue.record("accepted")
        } catch {
            #expect(error.description.contains("'footer count' reads the footer"), "\(error.description)")
        }
    }
}
