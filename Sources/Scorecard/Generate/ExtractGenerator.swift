import Foundation

/// Writes a set of the ten Kestrel extracts (EXTRACTS.md) of any size, from a seed:
/// the same options always give the same bytes. For benchmarks and for trying the
/// engine on data other than the samples.
///
///     let summary = try ExtractGenerator.write(
///         GeneratorOptions(scale: 1, seed: 42, asAt: Day.number(year: 2018, month: 4, day: 6)),
///         to: "out/generated")
///
/// Rows stream to disk as they are made; memory stays at a few bytes per child
/// (tens of MB at scale 2,700) plus one buffer per file.
public enum ExtractGenerator {
    /// The files in catalogue order (EXTRACTS.md §1–10).
    public static let fileNames = [
        "mat_cases.csv", "ehm_episodes.csv", "person_xref.csv", "csc_episodes.csv", "hwify_returns.csv",
        "spider_scores.csv", "ecaf_eha.txt", "population.csv", "workforce.csv", "priority_families.csv",
    ]

    public static func write(_ options: GeneratorOptions, to folder: String) throws -> GeneratorSummary {
        guard options.scale.isFinite, options.scale > 0, options.scale <= 100_000 else {
            throw GeneratorError.invalidOptions("scale must be a number above 0 (got \(options.scale))")
        }
        let earliest = Day.number(year: 2000, month: 1, day: 1), latest = Day.number(year: 2099, month: 12, day: 31)
        guard options.asAt >= earliest, options.asAt <= latest else {
            throw GeneratorError.invalidOptions("as-at date must fall in 2000–2099 (got \(Day.iso(options.asAt)))")
        }
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw GeneratorError.cannotWrite(folder, error.localizedDescription)
        }
        var simulation = try Simulation(options, folder: folder)
        simulation.run()
        let written = try simulation.finish()
        let byName = Dictionary(uniqueKeysWithValues: written.map { ($0.name, $0) })
        return GeneratorSummary(files: fileNames.map { name in
            let file = byName[name]!
            return (name: name, rows: file.rows, bytes: file.bytes)
        })
    }
}
