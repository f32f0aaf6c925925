import Foundation
import Testing
@testable import Scorecard

/// Month-end runs that never lie: fail closed, atomic output, a lock, the same bytes
/// for the same inputs, revisions against the last run.
@Suite(.serialized) struct MonthEndRunTests {
    static func temporary() -> String { NSTemporaryDirectory() + "scorecard-run-" + UUID().uuidString }

    static func copyOfSamples() throws -> String {
        let data = temporary()
        try FileManager.default.copyItem(atPath: Repo.sampleData, toPath: data)
        return data
    }

    static func run(_ data: String, _ out: String) -> Int32 {
        ScorecardCommand.main(["run", "--data", data, "--as-at", "2018-04-06", "--out", out, "--metrics", Repo.metrics])
    }

    static func files(_ folder: String) throws -> [String: Data] {
        var out: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder) {
            out[name] = try Data(contentsOf: URL(fileURLWithPath: folder + "/" + name))
        }
        return out
    }

    @Test func twoRunsOfTheSameInputsGiveIdenticalBytes() throws {
        let a = Self.temporary(), b = Self.temporary()
        defer { try? FileManager.default.removeItem(atPath: a); try? FileManager.default.removeItem(atPath: b) }
        #expect(Self.run(Repo.sampleData, a) == 0)
        #expect(Self.run(Repo.sampleData, b) == 0)
        var first = try Self.files(a), second = try Self.files(b)
        #expect(first.keys.sorted() == second.keys.sorted())
        #expect(first.keys.contains("manifest.json") && first.keys.contains("run-log.json"))
        first["run-log.json"] = nil
        second["run-log.json"] = nil
        for (name, bytes) in first { #expect(second[name] == bytes, "\(name) differs between two runs") }
    }

    @Test func emptyExtractFailsClosedAndKeepsThePreviousOutput() throws {
        let data = try Self.copyOfSamples(), out = Self.temporary()
        defer { try? FileManager.default.removeItem(atPath: data); try? FileManager.default.removeItem(atPath: out) }
        #expect(Self.run(data, out) == 0)
        let before = try Self.files(out)
        // Header only: no data rows.
        try "CASE_REF;CLIENT_NO;FAMILY_NO;LOC_CODE;ROUTE;OPENED;ASSESS_DT;CLOSED;CLOSE_RSN;LEAD_AGENCY\r\n"
            .write(toFile: data + "/mat_cases.csv", atomically: true, encoding: .utf8)
        #expect(Self.run(data, out) == ExitCode.incomplete.rawValue)
        #expect(try Self.files(out) == before)
    }

    @Test func extractFarSmallerThanLastRunsFailsClosed() throws {
        let data = try Self.copyOfSamples(), out = Self.temporary()
        defer { try? FileManager.default.removeItem(atPath: data); try? FileManager.default.removeItem(atPath: out) }
        #expect(Self.run(data, out) == 0)
        let lines = try String(contentsOfFile: data + "/csc_episodes.csv", encoding: .utf8).split(separator: "\n")
        try (lines.prefix(200).joined(separator: "\n") + "\n").write(toFile: data + "/csc_episodes.csv", atomically: true, encoding: .utf8)
        #expect(Self.run(data, out) == ExitCode.incomplete.rawValue)
        // A fresh folder has no last run to compare with.
        let fresh = Self.temporary()
        defer { try? FileManager.default.removeItem(atPath: fresh) }
        #expect(Self.run(data, fresh) == 0)
    }

    @Test func staleExtractIsAWarningInTheDataQualityAccount() throws {
        let data = try Self.copyOfSamples(), out = Self.temporary()
        defer { try? FileManager.default.removeItem(atPath: data); try? FileManager.default.removeItem(atPath: out) }
        let run = MonthEndRun(metrics: Repo.metrics, data: data, asAt: Day.parseISO("2018-09-30")!, out: out)
        let outcome = try run.execute()
        #expect(outcome.warnings.contains { $0.source == "ehm_episodes" && $0.message.hasPrefix("stale: the latest received is 2018-03-31") })
        let quality = try String(contentsOfFile: out + "/data-quality.csv", encoding: .utf8)
        #expect(quality.contains("warning: stale"))
        let manifest = try String(contentsOfFile: out + "/manifest.json", encoding: .utf8)
        #expect(manifest.contains("stale"))
    }

    @Test func aLockedFolderIsRefusedAndAStaleLockTakenOver() throws {
        let out = Self.temporary()
        defer { try? FileManager.default.removeItem(atPath: out); try? FileManager.default.removeItem(atPath: out + ".lock") }
        // Held by a live run (here, this process through a lock of its own).
        let holder = OutputLock(folder: out)
        try holder.acquire()
        #expect(Self.run(Repo.sampleData, out) == ExitCode.output.rawValue)
        #expect(!FileManager.default.fileExists(atPath: out))
        holder.release()
        // A lock nobody holds (an earlier version's file, naming a process that has gone).
        try "2147483646\n".write(toFile: out + ".lock", atomically: true, encoding: .utf8)
        #expect(Self.run(Repo.sampleData, out) == 0)
        #expect(!FileManager.default.fileExists(atPath: out + ".lock"))
    }

    @Test func aWriteThatFailsMidwayLeavesThePreviousOutputIntact() throws {
        let out = Self.temporary()
        defer { try? FileManager.default.removeItem(atPath: out) }
        #expect(Self.run(Repo.sampleData, out) == 0)
        let before = try Self.files(out)
        // The third file cannot be written: the run dies after writing two.
        let files: [(name: String, bytes: [UInt8])] = [("a.csv", [1]), ("b.csv", [2]), ("no/such/folder.csv", [3])]
        #expect(throws: (any Error).self) { try OutputFolder.write(files, to: out) }
        #expect(try Self.files(out) == before)
        let parent = (out as NSString).deletingLastPathComponent
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent).filter { $0.hasPrefix("." + (out as NSString).lastPathComponent) }.isEmpty)
    }

    @Test func revisionsListEveryHistoricalFigureThatChanged() throws {
        let data = try Self.copyOfSamples(), out = Self.temporary()
        defer { try? FileManager.default.removeItem(atPath: data); try? FileManager.default.removeItem(atPath: out) }
        #expect(Self.run(data, out) == 0)
        try FileManager.default.copyItem(atPath: out + "/long-table.csv", toPath: data + "/previous.csv")
        // Late data entry: one more return in June 2015, in East/West.
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: data + "/hwify_returns.csv"))
        handle.seekToEndOfFile()
        handle.write(Data("R99999,East/West,15/06/2015,Yes,Yes,Yes,late\n".utf8))
        try handle.close()
        #expect(Self.run(data, out) == 0)
        let revisions = try Revisions.read(out + "/long-table.csv")
        let changes = Revisions.compare(previous: try Revisions.read(data + "/previous.csv"), current: revisions)
        let hm4 = changes.filter { $0.key[0] == "HM4" }.map { $0.key[2] + "/" + $0.key[3] }
        #expect(Set(hm4) == Set(["2015-06/East/West", "2015-06/City", "2015-16 Q1/East/West", "2015-16 Q1/City", "2015-16/East/West", "2015-16/City"]))
        let written = try String(contentsOfFile: out + "/revisions.csv", encoding: .utf8)
        #expect(written.split(separator: "\n").count == changes.count + 1)
        #expect(written.contains("HM4,,2015-06,East/West,"))
    }
}

/// A real process killed while it runs: the previous output stays whole.
@Suite(.serialized) struct KilledRunTests {
    /// The `scorecard` binary `swift test` builds beside the test bundle.
    static var binary: String? {
        var candidates: [String] = []
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            candidates.append(folder.appendingPathComponent("scorecard").path)
            folder.deleteLastPathComponent()
        }
        candidates.append(Repo.root + "/.build/debug/scorecard")
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) && !$0.hasSuffix(".xctest") }
    }

    @Test func aRunKilledMidwayLeavesThePreviousOutputIntact() throws {
        let binary = try #require(Self.binary, "the scorecard binary should sit beside the test bundle")
        let data = MonthEndRunTests.temporary(), out = MonthEndRunTests.temporary()
        defer { try? FileManager.default.removeItem(atPath: data); try? FileManager.default.removeItem(atPath: out) }
        _ = try ExtractGenerator.write(GeneratorOptions(scale: 8, seed: 5, asAt: Repo.sampleAsAt), to: data)
        #expect(MonthEndRunTests.run(data, out) == 0)
        let before = try MonthEndRunTests.files(out)
        var killedWhileRunning = 0
        for delay in [0.05, 0.15, 0.3, 0.6] {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: binary)
            process.arguments = ["run", "--data", data, "--as-at", "2018-04-06", "--out", out, "--metrics", Repo.metrics]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            Thread.sleep(forTimeInterval: delay)
            if process.isRunning { killedWhileRunning += 1 }
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            try? FileManager.default.removeItem(atPath: out + ".lock")
            // Whatever moment it died at, the folder holds a whole run: the previous one or the new one.
            var now = try MonthEndRunTests.files(out)
            now["run-log.json"] = nil
            var expected = before
            expected["run-log.json"] = nil
            #expect(now == expected)
        }
        #expect(killedWhileRunning > 0)
        // The next run tidies what the killed ones left beside the folder.
        #expect(MonthEndRunTests.run(data, out) == 0)
        let parent = (out as NSString).deletingLastPathComponent
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: parent).filter { $0.hasPrefix("." + (out as NSString).lastPathComponent) }
        #expect(leftovers.isEmpty)
    }
}
