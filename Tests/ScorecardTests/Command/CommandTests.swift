import Foundation
import Testing
@testable import Scorecard

/// The command line's contract: exit codes and outputs scripts rely on.
@Suite struct CommandTests {
    static func temporary() -> String { NSTemporaryDirectory() + "scorecard-cli-" + UUID().uuidString }

    @Test func runWritesTheLongTableAndTheDataQualityAccount() throws {
        let out = Self.temporary()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let code = ScorecardCommand.main(["run", "--data", Repo.sampleData, "--as-at", "2018-04-06", "--out", out, "--metrics", Repo.metrics])
        #expect(code == ExitCode.success.rawValue)
        let table = try Data(contentsOf: URL(fileURLWithPath: out + "/long-table.csv"))
        let expected = try Data(contentsOf: URL(fileURLWithPath: Repo.fixtures + "/samples-expected.csv"))
        #expect(table == expected)
        for file in ["tables.md", "data-quality.csv", "rejected-rows.csv"] {
            #expect(FileManager.default.fileExists(atPath: out + "/" + file), "\(file)")
        }
        // No partial folders left beside the output.
        let parent = (out as NSString).deletingLastPathComponent
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: parent).filter { $0.contains((out as NSString).lastPathComponent + ".") }
        #expect(leftovers.isEmpty)
    }

    @Test(arguments: [
        ["frobnicate"],
        ["run", "--data", "x", "--as-at", "2018-04-06", "--ot", "y"],
        ["run", "--data", "x", "--as-at", "2018-13-01", "--out", "y"],
        ["run", "--as-at", "2018-04-06", "--out", "y"],
        ["check", "--data"],
    ])
    func usageErrorsExitTwo(arguments: [String]) {
        #expect(ScorecardCommand.main(arguments) == ExitCode.usage.rawValue)
    }

    @Test func helpExitsZero() {
        #expect(ScorecardCommand.main(["--help"]) == 0)
        #expect(ScorecardCommand.main(["run", "--help"]) == 0)
    }

    @Test func definitionErrorsExitThreeAndWriteNothing() throws {
        let metrics = Self.temporary(), out = Self.temporary()
        defer { try? FileManager.default.removeItem(atPath: metrics) }
        try FileManager.default.copyItem(atPath: Repo.metrics, toPath: metrics)
        try "measure BAD {\n  of nothing\n}\n".write(toFile: metrics + "/bad.metric", atomically: true, encoding: .utf8)
        let code = ScorecardCommand.main(["run", "--data", Repo.sampleData, "--as-at", "2018-04-06", "--out", out, "--metrics", metrics])
        #expect(code == ExitCode.definitions.rawValue)
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func dataErrorsExitFourAndKeepThePreviousOutput() throws {
        let data = Self.temporary(), out = Self.temporary()
        defer { try? FileManager.default.removeItem(atPath: data); try? FileManager.default.removeItem(atPath: out) }
        try FileManager.default.copyItem(atPath: Repo.sampleData, toPath: data)
        #expect(ScorecardCommand.main(["run", "--data", data, "--as-at", "2018-04-06", "--out", out, "--metrics", Repo.metrics]) == 0)
        try FileManager.default.removeItem(atPath: data + "/workforce.csv")
        let code = ScorecardCommand.main(["run", "--data", data, "--as-at", "2018-04-06", "--out", out, "--metrics", Repo.metrics])
        #expect(code == ExitCode.data.rawValue)
        #expect(FileManager.default.fileExists(atPath: out + "/long-table.csv"))
    }

    @Test func checkValidatesAndWritesNothing() {
        #expect(ScorecardCommand.main(["check", "--data", Repo.sampleData, "--as-at", "2018-04-06", "--metrics", Repo.metrics]) == 0)
    }
}
