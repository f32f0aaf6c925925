import Foundation
import Testing
@testable import Scorecard

/// The engine reads a generated set with the shipped metrics as it reads the samples:
/// no malformed rows, a plausible share rejected for the planted faults, figures
/// that are not all zero.
@Suite struct GeneratedSetEngineTests {
    @Test func engineReadsAGeneratedSetAtScaleOne() throws {
        let set = try GeneratedSet(scale: 1, seed: 2018)
        defer { set.remove() }
        let run = try Pipeline.run(metrics: Repo.metrics, dataFolder: set.folder, asAt: GeneratedSet.asAt)

        // No data errors: every row parses and has its fields; identities are consistent.
        let structural = run.rejects.filter {
            $0.reason == "malformed record" || $0.reason == "missing field" || $0.reason.hasPrefix("local id")
                || ($0.reason.hasPrefix("unrecognised") && $0.reason != "unrecognised criterion")
        }
        #expect(structural.isEmpty, "\(structural.prefix(5).map { "\($0.file):\($0.line) \($0.reason) \($0.detail)" })")

        let read = run.reports.reduce(0) { $0 + $1.rowsRead }
        let rejected = run.rejects.count
        #expect(read == set.summary.totalRows, "the engine read every row written")
        #expect(Double(rejected) / Double(read) > 0.01 && Double(rejected) / Double(read) < 0.08, "\(rejected) of \(read) rejected")

        // Each planted fault is found where it was planted.
        let reasons = Dictionary(grouping: run.rejects, by: { "\($0.source): \($0.reason)" }).mapValues(\.count)
        for expected in [
            "mat_cases: duplicate key", "mat_cases: end before start", "mat_cases: received after the as-at date",
            "mat_cases: unreadable date in OPENED",
            "ehm_episodes: duplicate key", "ehm_episodes: end before start", "ehm_episodes: start after the as-at date",
            "csc_episodes: end before start", "csc_episodes: started after the as-at date",
            "hwify_returns: missing Date Returned", "hwify_returns: unreadable date in Date Returned",
            "spider_scores: unknown case", "spider_scores: duplicate key",
            "ecaf_eha: duplicate key", "ecaf_eha: completed after the as-at date",
            "population: duplicate key", "workforce: duplicate key", "priority_families: duplicate key",
        ] {
            #expect(reasons[expected] != nil, "no rejects for \(expected); got \(reasons.keys.sorted())")
        }
        let mat = run.reports.first { $0.source == "mat_cases" }!
        #expect(mat.merged > 150, "open MAT cases superseded by their EHM episode: \(mat.merged)")
        #expect(run.reports.allSatisfy { $0.unplaced * 10 < max($0.accepted, 10) }, "most rows placed in a locality")

        // Figures that are not all zero, in the ranges a council would recognise.
        let city = { (id: String, period: String) in run.value(id, period) ?? -1 }
        #expect(city("HM1", "2015-16") > 250, "new requests")
        #expect(city("HM2", "2017-18") > 100, "open cases")
        #expect(city("HM3", "2017-18") > 300, "spider sheets")
        #expect(city("HM4", "2016-17") > 5, "feedback returns")
        #expect(city("HM5", "2016-17") > 60, "partner assessments")
        #expect((3...25).contains(city("HW2", "2016-17")), "re-referral rate \(city("HW2", "2016-17"))")
        #expect((50...100).contains(city("HW3", "2016-17")), "treated with respect")
        #expect((40...95).contains(city("IM1", "2016-17")), "spider graphs improving")
        #expect((150...700).contains(city("IM3", "2016-17")), "children in need per 10,000 \(city("IM3", "2016-17"))")
        #expect(city("IM5", "2016-17") > 10, "looked after per 10,000")
        #expect((5...100).contains(city("HM8", "2016-17")), "caseload per worker \(city("HM8", "2016-17"))")
        #expect(city("HW5", "2016-17") > 100, "cases closed")
        #expect(city("HM1", "2014-15") > 0 && city("HM1", "2017-18") > 0, "both systems feed new requests")
        let locality = run.value("HM1", "2017-18", "Coalfields") ?? 0
        #expect(locality > 20, "locality figures")
    }
}
