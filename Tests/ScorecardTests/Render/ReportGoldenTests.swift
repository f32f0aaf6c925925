import Foundation
import Testing
@testable import Scorecard

/// The report files over the sample extracts (with the sample commentary), internal and published, byte for
/// byte against `Fixtures/golden/`. After an intended change, re-record with
/// `RECORD_GOLDEN=1 swift test --filter ReportGoldenTests` (or `make golden`) and
/// review the diff like any other change.
@Suite struct ReportGoldenTests {
    static let recording = ProcessInfo.processInfo.environment["RECORD_GOLDEN"] == "1"
    static var folder: String { Repo.fixtures + "/golden" }

    @Test(arguments: [false, true])
    func matchesGolden(publish: Bool) throws {
        // With the sample commentary, so the golden files show it in every format.
        let commentary = try Commentary.load(Repo.sampleData + "/commentary.csv", measures: Repo.definitions.measures.map(\.id),
                                             periods: Repo.sampleRun.periods.map(\.label))
        let files = Reports.render(try Reports.model(Repo.sampleRun, period: nil, publish: publish, commentary: commentary))
        #expect(files.map(\.name) == Reports.fileNames)
        let mode = publish ? "published" : "internal"
        for file in files {
            let path = "\(Self.folder)/\(mode)/\(file.name)"
            if Self.recording {
                try FileManager.default.createDirectory(atPath: "\(Self.folder)/\(mode)", withIntermediateDirectories: true)
                try Data(file.bytes).write(to: URL(fileURLWithPath: path))
                continue
            }
            guard let expected = FileManager.default.contents(atPath: path) else {
                Issue.record("no golden file \(path); record with RECORD_GOLDEN=1 swift test --filter ReportGoldenTests")
                continue
            }
            if [UInt8](expected) != file.bytes {
                Issue.record("\(mode)/\(file.name) differs from its golden file: \(Self.firstDifference([UInt8](expected), file.bytes)). Re-record with RECORD_GOLDEN=1 swift test --filter ReportGoldenTests if the change is intended.")
            }
        }
    }

    /// Two renders of the same run are the same bytes: no clocks, no hash order.
    @Test func renderingIsByteStable() throws {
        let a = try Reports.render(Repo.sampleRun, period: "2017-18", publish: true)
        let b = try Reports.render(Repo.sampleRun, period: "2017-18", publish: true)
        #expect(a.map(\.bytes) == b.map(\.bytes))
    }

    static func firstDifference(_ expected: [UInt8], _ actual: [UInt8]) -> String {
        let e = String(decoding: expected, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        let a = String(decoding: actual, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        for i in 0..<max(e.count, a.count) {
            let el = i < e.count ? String(e[i]) : "<end of file>"
            let al = i < a.count ? String(a[i]) : "<end of file>"
            if el != al { return "line \(i + 1)\n  expected: \(el.prefix(300))\n  actual:   \(al.prefix(300))" }
        }
        return "same lines, different bytes"
    }
}
