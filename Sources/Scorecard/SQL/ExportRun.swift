import Foundation

/// `scorecard export --data DIR --as-at DATE --out DIR`: reads the extracts as `run`
/// does and writes the records after intake (`Export`), under `run`'s output rules:
/// the folder is replaced only if Scorecard wrote it (its manifest lists every file),
/// `OUT.lock` keeps two runs out, files appear all at once. The CSVs hold personal
/// identifiers, so they are created readable by their owner only (`PrivateFile`).
public struct ExportRun {
    public var metrics: String
    public var data: String
    public var asAt: Int32
    public var out: String

    public init(metrics: String, data: String, asAt: Int32, out: String) {
        self.metrics = metrics
        self.data = data
        self.asAt = asAt
        self.out = out
    }

    public struct Outcome {
        public var files: [String]
        public var rows: Int
        public var warnings: [CompletenessFinding]
    }

    public func execute() throws(MonthEndRun.Failure) -> Outcome {
        let out = PathKind.resolvedForCreation(self.out)
        let reading = OutputGuard.ReadFolders(data: data, metrics: metrics)
        do { try OutputGuard.check(out: out, reading: reading) } catch { throw .refused(error) }
        let lock = OutputLock(folder: out)
        do { try lock.acquire() } catch let locked as OutputLock.Locked { throw .locked(locked) } catch {
            throw .output("error: cannot lock \(out): \(error)")
        }
        defer { lock.release() }
        let definitions: Definitions
        do { definitions = try DefinitionLoader.load(folder: metrics) } catch { throw .definitions(error) }
        if let problem = Pipeline.asAtProblem(asAt, definitions: definitions) { throw .asAt(problem) }
        let loaded: Intake.Result
        do {
            try Pipeline.checkExtractFiles(definitions, dataFolder: data)
            var intake = Intake(definitions: definitions, dataFolder: data, asAt: asAt)
            intake.keepEveryTable = true
            loaded = try intake.run()
        } catch { throw .data(error) }
        // The sources' completeness rules hold here as in a run: nothing is exported from
        // an extract too incomplete to report from.
        let evaluation = Evaluation(definitions: definitions, asAt: asAt, periods: [], results: [], reports: loaded.reports,
                                    rejects: loaded.rejects, dataset: loaded.dataset, dataFolder: data)
        let findings = Completeness.check(evaluation, dataset: loaded.dataset, previousRows: nil)
        let errors = findings.filter { $0.severity == .error }
        if !errors.isEmpty { throw .incomplete(errors) }
        var files = Export.files(loaded.dataset).map { (name: $0.name, bytes: $0.bytes) }
        files.append(("manifest.json", Self.manifest(evaluation, outputs: files)))
        do { try OutputGuard.check(out: out, reading: reading) } catch { throw .refused(error) }
        let privateFiles = Set(files.map(\.name).filter { $0.hasSuffix(".csv") })
        do { try OutputFolder.write(files, to: out, privateFiles: privateFiles) } catch {
            throw .output("error: cannot write \(out): \(MonthEndRun.plain(error))")
        }
        return Outcome(files: files.map(\.name), rows: loaded.dataset.tables.reduce(0) { $0 + $1.count },
                       warnings: findings.filter { $0.severity == .warning })
    }

    /// What the export read and wrote; `OutputGuard` recognises the folder by it.
    static func manifest(_ run: Evaluation, outputs: [(name: String, bytes: [UInt8])]) -> [UInt8] {
        let inputs: [[String: Any]] = run.reports.map {
            ["source": $0.source, "file": $0.file, "bytes": $0.bytes, "rows": $0.rowsRead, "accepted": $0.accepted,
             "rejected": $0.rejectedCount, "sha256": $0.sha256]
        }
        let tables: [[String: Any]] = run.definitions.records.enumerated().map {
            ["record": $1.name, "rows": run.dataset.tables[$0].count]
        }
        let object: [String: Any] = [
            "kind": "export",
            "as_at": Day.iso(run.asAt),
            "engine": Manifest.engineVersion,
            "definitions": ["sha256": run.definitions.digest, "files": run.definitions.files.count],
            "inputs": inputs,
            "tables": tables,
            "outputs": outputs.map { ["file": $0.name, "bytes": $0.bytes.count, "sha256": SHA256.hex(of: $0.bytes)] },
        ]
        return Manifest.serialise(object)
    }
}
