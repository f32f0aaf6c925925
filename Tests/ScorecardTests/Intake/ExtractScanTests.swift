import Testing
@testable import Scorecard

/// `scorecard read` goes through the CSV layer alone; it must see exactly the records
/// intake sees, malformed ones included, or its speed would be of a different job.
@Suite struct ExtractScanTests {
    @Test func readsTheRecordsIntakeReads() throws {
        let scans = try ExtractScan.scan(Repo.definitions, dataFolder: Repo.sampleData)
        let run = Repo.sampleRun
        #expect(scans.count == run.reports.count)
        for scan in scans {
            let report = try #require(run.reports.first { $0.file == scan.file })
            #expect(scan.records == report.rowsRead, "\(scan.file)")
            #expect(scan.bytes == report.bytes, "\(scan.file)")
            let malformed = run.rejects.filter { $0.file == scan.file && $0.reason.contains("malformed") }.count
            #expect(scan.malformed == malformed, "\(scan.file)")
        }
    }

    @Test func theReadCommandExitsZero() {
        #expect(ScorecardCommand.main(["read", "--data", Repo.sampleData, "--metrics", Repo.metrics]) == 0)
        #expect(ScorecardCommand.main(["read", "--metrics", Repo.metrics]) == ExitCode.usage.rawValue)
    }
}
