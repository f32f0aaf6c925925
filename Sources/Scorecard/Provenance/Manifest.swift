import Foundation

/// What a run read and wrote, so a figure can be traced to its inputs: the as-at
/// date, each extract's size, rows and SHA-256, the definitions' digest, the engine
/// version, and each output's digest. Byte-stable: sorted keys, no clock time.
public enum Manifest {
    public static let engineVersion = "scorecard 0.1.0"

    /// `digests` holds SHA-256s already computed for some outputs (by name).
    public static func json(_ run: Evaluation, outputs: [(name: String, bytes: [UInt8])], findings: [CompletenessFinding],
                            digests: [String: String] = [:]) -> [UInt8] {
        let inputs: [[String: Any]] = run.reports.map {
            ["source": $0.source, "file": $0.file, "bytes": $0.bytes, "rows": $0.rowsRead, "accepted": $0.accepted,
             "rejected": $0.rejectedCount, "sha256": $0.sha256]
        }
        let outs: [[String: Any]] = outputs.map { ["file": $0.name, "bytes": $0.bytes.count, "sha256": digests[$0.name] ?? SHA256.hex(of: $0.bytes)] }
        let object: [String: Any] = [
            "as_at": Day.iso(run.asAt),
            "engine": engineVersion,
            "definitions": ["sha256": run.definitions.digest, "files": run.definitions.files.count, "measures": run.definitions.measures.count],
            "periods": ["count": run.periods.count, "first": run.periods.first?.label ?? "", "last": run.periods.last?.label ?? ""],
            "inputs": inputs,
            "outputs": outs,
            "warnings": findings.map(\.description),
        ]
        return serialise(object)
    }

    static func serialise(_ object: Any) -> [UInt8] {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return Array(data) + [UInt8(ascii: "\n")]
    }

    /// Row counts per file from a previous run's manifest, for the shrink check.
    public static func previousRows(in folder: String) -> [String: Int]? {
        guard let data = FileManager.default.contents(atPath: folder + "/manifest.json"),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let inputs = object["inputs"] as? [[String: Any]] else { return nil }
        var rows: [String: Int] = [:]
        for input in inputs {
            if let file = input["file"] as? String, let n = input["rows"] as? Int { rows[file] = n }
        }
        return rows
    }
}

/// Timings and the wall-clock time of a run: the one output allowed to differ
/// between two runs of the same inputs.
public struct RunLog {
    private var phases: [(String, Double)] = []
    private let started = Date()
    private var last = DispatchTime.now()

    public init() {}

    /// Records a sub-timing (e.g. one measure) without moving the phase clock.
    public mutating func add(_ name: String, _ seconds: Double) { details.append((name, seconds)) }
    private var details: [(String, Double)] = []

    public mutating func mark(_ phase: String) {
        let now = DispatchTime.now()
        phases.append((phase, Double(now.uptimeNanoseconds - last.uptimeNanoseconds) / 1e9))
        last = now
    }

    public var totalSeconds: Double { phases.reduce(0) { $0 + $1.1 } }

    public func json(rowsRead: Int, bytesRead: Int) -> [UInt8] {
        let formatter = ISO8601DateFormatter()
        let total = totalSeconds
        let object: [String: Any] = [
            "started_at": formatter.string(from: started),
            "engine": Manifest.engineVersion,
            "seconds": Dictionary(phases, uniquingKeysWith: +),
            "seconds_by_step": Dictionary(details, uniquingKeysWith: +),
            "total_seconds": total,
            "rows_read": rowsRead,
            "bytes_read": bytesRead,
            "rows_per_second": total > 0 ? Double(rowsRead) / total : 0,
        ]
        return Manifest.serialise(object)
    }
}
