import Foundation
import Testing
@testable import Scorecard

/// The samples read in many small chunks give the same outputs as read whole.
///
/// Why: every sample extract is under the 8 MiB chunk, so the rest of the suite loads
/// each one as a single chunk and never runs the intake's parallel phase (chunk
/// workers, batches, pages let go, columns reserved from the first batch). Here a real
/// `scorecard` process is run with `SCORECARD_CHUNK_BYTES` small, so the spider file is
/// hundreds of chunks in dozens of batches; under `make sanitize` that child process is
/// built with the sanitizer too, and a finding makes it exit non-zero.
@Suite(.serialized) struct ChunkedIntakeTests {
    @Test(arguments: [4096, 1])
    func smallChunksGiveTheSameOutputs(chunkBytes: Int) throws {
        let binary = try #require(KilledRunTests.binary, "the scorecard binary should sit beside the test bundle")
        let whole = MonthEndRunTests.temporary(), chunked = MonthEndRunTests.temporary()
        defer { try? FileManager.default.removeItem(atPath: whole); try? FileManager.default.removeItem(atPath: chunked) }
        #expect(MonthEndRunTests.run(Repo.sampleData, whole) == 0)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["run", "--data", Repo.sampleData, "--as-at", "2018-04-06", "--out", chunked, "--metrics", Repo.metrics]
        var environment = ProcessInfo.processInfo.environment
        environment["SCORECARD_CHUNK_BYTES"] = String(chunkBytes)
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)

        var expected = try MonthEndRunTests.files(whole), got = try MonthEndRunTests.files(chunked)
        #expect(got["long-table.csv"] == (try Data(contentsOf: URL(fileURLWithPath: Repo.fixtures + "/samples-expected.csv"))))
        expected["run-log.json"] = nil
        got["run-log.json"] = nil
        #expect(got.keys.sorted() == expected.keys.sorted())
        for (name, bytes) in expected { #expect(got[name] == bytes, "\(name) differs when read in \(chunkBytes)-byte chunks") }
    }
}
