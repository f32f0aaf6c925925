import Foundation
import Testing
@testable import Scorecard

/// A reference that names no accepted record: rejected by default (as Kestrel's spider
/// sheets under an unknown case are), or, declared `unknown keep`, kept and linked to
/// nothing — counted in the data-quality account, never silently.
@Suite struct UnknownReferenceTests {
    @Test func unknownKeepKeepsTheRowLinkedToNothing() throws {
        let metrics = NSTemporaryDirectory() + "scorecard-unknownref-" + UUID().uuidString
        let out = NSTemporaryDirectory() + "scorecard-unknownref-out-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: metrics); try? FileManager.default.removeItem(atPath: out) }
        try FileManager.default.copyItem(atPath: Repo.metrics, toPath: metrics)
        let path = metrics + "/sources/spider_scores.source"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        try text.replacingOccurrences(of: #"case   = "Case Ref" required"#, with: #"case   = "Case Ref" required unknown keep"#)
            .write(toFile: path, atomically: true, encoding: .utf8)

        let before = Repo.sampleRun.rejects.filter { $0.source == "spider_scores" && $0.reason == "unknown case" }
        #expect(before.count > 0)
        let definitions = try DefinitionLoader.load(folder: metrics)
        let run = try Pipeline.run(definitions: definitions, dataFolder: Repo.sampleData, asAt: Repo.sampleAsAt)
        #expect(run.rejects.filter { $0.source == "spider_scores" && $0.reason == "unknown case" }.isEmpty)
        let spider = try #require(run.reports.first { $0.source == "spider_scores" })
        let kept = spider.unmapped.filter { $0.key.hasPrefix("Case Ref: ") }.values.reduce(0, +)
        #expect(kept >= before.count, "kept \(kept), rejected before \(before.count)")
        // Sheets linked to no case count for no case: IM1 is unchanged.
        for period in ["2016-17", "2017-18 Q3"] {
            #expect(run.figure("IM1", period) == Repo.sampleRun.figure("IM1", period), "\(period)")
        }
    }

    @Test func unknownKeepIsForReferencesOnly() {
        let bad = """
        source odd {
          file "odd.csv"
          encoding utf8
          delimiter ","
          header yes
          into score
          stage = "Stage" unknown keep
        }
        """
        do {
            _ = try Repo.definitions(adding: ["sources/odd.source": bad])
            Issue.record("accepted")
        } catch {
            #expect(String(describing: error).contains("'unknown keep' is for references"), "\(error)")
        }
    }
}
