import Foundation
import Testing
@testable import Scorecard

/// Release-mode generator throughput, skipped unless `GEN_BENCH=1`:
///
///     GEN_BENCH=1 GEN_SCALE=300 swift test -c release --scratch-path .build-gen --filter GeneratorBenchmark
///
/// Scale 300 writes about 400 MB; scale 2,700 (the engine benchmark's set) about
/// 3.7 GB. It prints MB/s rather than asserting a floor: disk and page-cache speed
/// vary too much between machines for a timing assertion to be anything but flaky.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["GEN_BENCH"] == "1"))
struct GeneratorBenchmark {
    @Test func throughput() throws {
        let environment = ProcessInfo.processInfo.environment
        let scale = environment["GEN_SCALE"].flatMap(Double.init) ?? 300
        let folder = environment["GEN_OUT"] ?? NSTemporaryDirectory() + "scorecard-gen-bench-" + UUID().uuidString
        defer { if environment["GEN_OUT"] == nil { try? FileManager.default.removeItem(atPath: folder) } }
        let options = GeneratorOptions(scale: scale, seed: 1, asAt: Day.number(year: 2018, month: 4, day: 6))
        var best = Double.infinity
        var summary: GeneratorSummary?
        for _ in 0..<3 {
            let start = Date()
            summary = try ExtractGenerator.write(options, to: folder)
            best = min(best, Date().timeIntervalSince(start))
        }
        let megabytes = Double(summary!.totalBytes) / 1e6
        for file in summary!.files { print("  \(file.name): \(file.rows) rows, \(file.bytes) bytes") }
        print(String(format: "generator: scale %g, %.1f MB, %d rows in %.3f s (best of 3) = %.0f MB/s",
                     scale, megabytes, summary!.totalRows, best, megabytes / best))
        #expect(summary!.totalBytes > 0)
    }
}
