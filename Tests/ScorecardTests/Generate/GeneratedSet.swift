import Foundation
@testable import Scorecard

/// A generated extract set in a throwaway folder.
struct GeneratedSet {
    static let asAt = Day.number(year: 2018, month: 4, day: 6)

    let folder: String
    let summary: GeneratorSummary

    init(scale: Double, seed: UInt64, asAt: Int32 = GeneratedSet.asAt) throws {
        folder = NSTemporaryDirectory() + "scorecard-generated-" + UUID().uuidString
        summary = try ExtractGenerator.write(GeneratorOptions(scale: scale, seed: seed, asAt: asAt), to: folder)
    }

    func bytes(_ name: String) throws -> [UInt8] {
        try [UInt8](Data(contentsOf: URL(fileURLWithPath: folder + "/" + name)))
    }

    func rows(_ name: String) -> Int { summary.files.first { $0.name == name }?.rows ?? -1 }

    func remove() { try? FileManager.default.removeItem(atPath: folder) }
}
