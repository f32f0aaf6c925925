import Foundation
import Testing
@testable import Scorecard

/// A run that cannot read its inputs stops: exit 5, nothing written, a message naming
/// the file and the rule — and `check` says the same with the same code. Each case is
/// a copy of the samples with one extract spoiled, run through the real binary.
@Suite struct FailClosedTests {
    static func spoiled(_ file: String, _ spoil: (Data) -> Data) throws -> String {
        let data = NSTemporaryDirectory() + "scorecard-failclosed-" + UUID().uuidString
        try FileManager.default.copyItem(atPath: Repo.sampleData, toPath: data)
        let path = data + "/" + file
        try spoil(try Data(contentsOf: URL(fileURLWithPath: path))).write(to: URL(fileURLWithPath: path))
        return data
    }

    /// Runs `run` and `check` over `data`; both must stop with exit 5 naming `file` and saying `words`.
    static func expectStops(_ data: String, _ file: String, _ words: String, metrics: String = Repo.metrics,
                            sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        defer { try? FileManager.default.removeItem(atPath: data) }
        let out = NSTemporaryDirectory() + "scorecard-failclosed-out-" + UUID().uuidString
        let run = try BinaryRunner.run(["run", "--data", data, "--as-at", "2018-04-06", "--out", out, "--metrics", metrics])
        #expect(run.code == ExitCode.incomplete.rawValue, "run: exit \(run.code): \(run.err)", sourceLocation: sourceLocation)
        #expect(run.err.contains("\(file): error: ") && run.err.contains(words), "run: \(run.err)", sourceLocation: sourceLocation)
        #expect(run.err.contains("nothing was written"), sourceLocation: sourceLocation)
        #expect(!FileManager.default.fileExists(atPath: out), "nothing written", sourceLocation: sourceLocation)
        let check = try BinaryRunner.run(["check", "--data", data, "--as-at", "2018-04-06", "--metrics", metrics])
        #expect(check.code == ExitCode.incomplete.rawValue, "check: exit \(check.code): \(check.err)", sourceLocation: sourceLocation)
        #expect(check.err.contains("\(file): error: ") && check.err.contains(words), "check: \(check.err)", sourceLocation: sourceLocation)
    }

    static func replacing(_ data: Data, _ pattern: String, _ template: String) -> Data {
        let text = String(decoding: data, as: UTF8.self)
        let regex = try! NSRegularExpression(pattern: pattern)
        return Data(regex.stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text), withTemplate: template).utf8)
    }

    @Test func anExtractWhoseDatesAllChangedLayoutStopsTheRun() throws {
        // The feedback returns' dd/mm/yyyy became yyyy-mm-dd: every row is unreadable.
        let data = try Self.spoiled("hwify_returns.csv") { Self.replacing($0, #"(\d\d)/(\d\d)/(\d\d\d\d)"#, "$3-$2-$1") }
        try Self.expectStops(data, "hwify_returns.csv", "84 of 84 rows rejected, over 50% (83 unreadable date in Date Returned")
    }

    @Test func aHeaderlessExtractWhoseRowsAreAllMalformedStopsTheRun() throws {
        // The eCAF pipe file exported with semicolons: no row has its five fields.
        let data = try Self.spoiled("ecaf_eha.txt") { Data($0.map { $0 == UInt8(ascii: "|") ? UInt8(ascii: ";") : $0 }) }
        try Self.expectStops(data, "ecaf_eha.txt", "660 of 660 rows rejected, over 50%")
    }

    @Test func anExtractCutShortByHalfStopsTheRun() throws {
        let data = try Self.spoiled("ehm_episodes.csv") { $0.prefix($0.count / 2) }
        try Self.expectStops(data, "ehm_episodes.csv", "truncated: the file stops in the middle of a row")
    }

    @Test func anExtractCutShortInsideAQuotedFieldIsTruncatedNotOneBadRow() throws {
        // The feedback file has comments in quotes: cut a few bytes after the last opening quote.
        let data = try Self.spoiled("hwify_returns.csv") { bytes in
            let opening = Array(",\"".utf8)
            let all = Array(bytes)
            let at = (0..<all.count - 1).last { all[$0] == opening[0] && all[$0 + 1] == opening[1] }!
            return Data(all[..<(at + 5)])
        }
        try Self.expectStops(data, "hwify_returns.csv", "truncated: the file ends inside a quoted field")
    }

    @Test func aDeclaredRejectedRuleReplacesTheDefault() throws {
        let metrics = NSTemporaryDirectory() + "scorecard-failclosed-metrics-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: metrics) }
        try FileManager.default.copyItem(atPath: Repo.metrics, toPath: metrics)
        // The spider sheets reject 1,040 of 23,512 rows (4.4%): under a 1% rule, the run stops.
        let path = metrics + "/sources/spider_scores.source"
        var text = try String(contentsOfFile: path, encoding: .utf8)
        text = text.replacingOccurrences(of: "\n}", with: "\n  rejected 1 percent error\n}")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let copy = NSTemporaryDirectory() + "scorecard-failclosed-" + UUID().uuidString
        try FileManager.default.copyItem(atPath: Repo.sampleData, toPath: copy)
        try Self.expectStops(copy, "spider_scores.csv", "1040 of 23512 rows rejected, over 1%", metrics: metrics)
        // As a warning it is reported and the run goes on.
        try text.replacingOccurrences(of: "rejected 1 percent error", with: "rejected 1 percent warning").write(toFile: path, atomically: true, encoding: .utf8)
        let check = try BinaryRunner.run(["check", "--data", Repo.sampleData, "--as-at", "2018-04-06", "--metrics", metrics])
        #expect(check.code == 0, "\(check.err)")
        #expect(check.err.contains("spider_scores.csv: warning: 1040 of 23512 rows rejected, over 1%"))
        // A percentage beyond 100 is a definition error where it is written.
        try text.replacingOccurrences(of: "rejected 1 percent error", with: "rejected 150 percent error").write(toFile: path, atomically: true, encoding: .utf8)
        let bad = try BinaryRunner.run(["check", "--data", Repo.sampleData, "--as-at", "2018-04-06", "--metrics", metrics])
        #expect(bad.code == ExitCode.definitions.rawValue)
        #expect(bad.err.contains("spider_scores.source:") && bad.err.contains("'rejected' takes a percentage from 0 to 100"), "\(bad.err)")
    }

    @Test func emptyCountsAcceptedRowsNotRowsRead() throws {
        // Every MAT row dated after the as-at date: read, all rejected, none usable.
        let data = try Self.spoiled("mat_cases.csv") { Self.replacing($0, #";(20\d\d)(\d\d)(\d\d);"#, ";2099$2$3;") }
        try Self.expectStops(data, "mat_cases.csv", "could be used")
    }
}
