import Foundation
@testable import Scorecard

/// Paths inside the repository, found from this file so tests run on a fresh clone.
enum Repo {
    static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()
    static var metrics: String { root + "/metrics" }
    static var sampleData: String { root + "/sample-data" }
    static var fixtures: String { root + "/Tests/ScorecardTests/Fixtures" }

    static let sampleAsAt = Day.number(year: 2018, month: 4, day: 6)

    /// The shipped definitions, loaded once.
    static let definitions: Definitions = try! DefinitionLoader.load(folder: metrics)

    /// The shipped definitions with extra files written beside them (paths relative to
    /// the metrics folder), loaded from a temporary copy: "a measure is a file".
    static func definitions(adding files: [String: String]) throws -> Definitions {
        let folder = NSTemporaryDirectory() + "scorecard-metrics-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.copyItem(atPath: metrics, toPath: folder)
        for (path, text) in files { try text.write(toFile: folder + "/" + path, atomically: true, encoding: .utf8) }
        return try DefinitionLoader.load(folder: folder)
    }

    /// The sample run, evaluated once for all tests that read it.
    nonisolated(unsafe) static let sampleRun: Evaluation = try! Pipeline.run(definitions: definitions, dataFolder: sampleData, asAt: sampleAsAt)
}
