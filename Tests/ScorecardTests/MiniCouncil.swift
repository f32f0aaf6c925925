import Foundation
@testable import Scorecard

/// A small made-up council for tests of one rule: a framework from April 2017 with two
/// areas as its columns, definitions given as text, extracts written into a temporary
/// folder, evaluated through the real pipeline.
enum MiniCouncil {
    /// The framework and its `area` category ("North", "South"; columns "Area not
    /// recorded" and "All"), to put before a test's records, sources and measures.
    static let framework = """
    framework {
      title        "A small council"
      first_month  "2017-04"
      columns      area
      not_recorded "Area not recorded"
      city         "All"
      section main "Main"
    }
    category area { "North", "South" }

    """

    /// Checks the definitions, writes the extracts (name → bytes) and evaluates them as at `asAt`.
    static func evaluate(_ definitions: [(file: String, text: String)], extracts: [String: Data], asAt: String = "2017-07-01") throws -> Evaluation {
        let folder = NSTemporaryDirectory() + "scorecard-mini-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for (name, bytes) in extracts { try bytes.write(to: URL(fileURLWithPath: folder + "/" + name)) }
        let checked = try DefinitionLoader.check(definitions)
        return try Pipeline.run(definitions: checked, dataFolder: folder, asAt: Day.parseISO(asAt)!)
    }
}
