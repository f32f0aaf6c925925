import Foundation

/// One unattended run, as a cron job at month end needs it: lock the output folder,
/// load, read, check completeness, evaluate, render, compare with the last run,
/// write everything to a temporary folder and move it into place only when complete.
public struct MonthEndRun {
    public var metrics: String
    public var data: String
    public var asAt: Int32
    public var out: String
    /// The reports' period label (nil: the latest complete quarter).
    public var period: String?
    /// Published mode: disclosure control, and no file with personal identifiers or
    /// unsuppressed figures in the folder.
    public var publish = false
    /// `commentary.csv`: the officers' commentary per measure and period (`Commentary`).
    public var commentary: String?
    /// Publish even when a Red measure has no commentary (otherwise `--publish` stops).
    public var allowMissingCommentary = false

    public init(metrics: String, data: String, asAt: Int32, out: String) {
        self.metrics = metrics
        self.data = data
        self.asAt = asAt
        self.out = out
    }

    public enum Failure: Error, CustomStringConvertible {
        case definitions(DiagnosticError)
        case data(DiagnosticError)
        case incomplete([CompletenessFinding])
        case locked(OutputLock.Locked)
        case output(String)
        case period(String)
        /// The as-at date is outside the framework's months (before the first, after today).
        case asAt(String)
        /// The output folder is not one Scorecard may replace: nothing was touched.
        case refused(OutputGuard.Refusal)
        /// The commentary file cannot be read or has errors (each `file:line: error: …`).
        case commentary(String)
        /// Publishing, and these Red measures have no commentary.
        case missingCommentary(period: String, measures: [String])

        public var description: String {
            switch self {
            case .definitions(let e): return e.description + "\n\(e.diagnostics.count) error(s) in the definitions"
            case .data(let e): return e.description
            case .incomplete(let findings):
                return findings.map(\.description).joined(separator: "\n") + "\nthe extracts are incomplete: nothing was written"
            case .locked(let l): return l.description
            case .output(let message): return message
            case .period(let message), .asAt(let message): return "error: " + message
            case .refused(let refusal): return refusal.description
            case .commentary(let message): return message
            case .missingCommentary(let period, let measures):
                return measures.map { "error: \($0) is Red for \(period) and has no commentary" }.joined(separator: "\n")
                    + "\n\(measures.count) Red measure(s) without commentary: add a row per measure to the commentary file (--commentary), or publish without it with --allow-missing-commentary; nothing was written"
            }
        }
    }

    public struct Outcome {
        public var evaluation: Evaluation
        public var files: [String]
        public var warnings: [CompletenessFinding]
        public var revisions: Int
    }

    public func execute() throws(Failure) -> Outcome {
        // The folder as the kernel names it (links and `..` resolved), checked and written alike.
        let out = PathKind.resolvedForCreation(self.out)
        let reading = OutputGuard.ReadFolders(data: data, metrics: metrics, others: commentary.map { [(option: "--commentary", path: $0)] } ?? [])
        do { try OutputGuard.check(out: out, reading: reading) } catch { throw .refused(error) }
        let lock = OutputLock(folder: out)
        do { try lock.acquire() } catch let locked as OutputLock.Locked { throw .locked(locked) } catch {
            throw .output("error: cannot lock \(out): \(error)")
        }
        defer { lock.release() }
        var log = RunLog()
        let definitions: Definitions
        do { definitions = try DefinitionLoader.load(folder: metrics) } catch { throw .definitions(error) }
        if let problem = Pipeline.asAtProblem(asAt, definitions: definitions) { throw .asAt(problem) }
        log.mark("definitions")
        let evaluation: Evaluation
        do { evaluation = try Pipeline.run(definitions: definitions, dataFolder: data, asAt: asAt, log: &log) } catch { throw .data(error) }
        let findings = Completeness.check(evaluation, dataset: evaluation.dataset, previousRows: Manifest.previousRows(in: out))
        let errors = findings.filter { $0.severity == .error }
        if !errors.isEmpty { throw .incomplete(errors) }
        let warnings = findings.filter { $0.severity == .warning }

        // The rejected rows can run to hundreds of megabytes at national scale: written
        // out and hashed on another core while the reports are rendered here.
        let rejectedRows = publish ? nil : BackgroundJob { () -> (bytes: [UInt8], sha256: String) in
            let bytes = DataQuality.rejectsCSV(evaluation.rejects)
            return (bytes, SHA256.hex(of: bytes))
        }
        var digests: [String: String] = [:]
        var files: [(name: String, bytes: [UInt8])] = [
            ("data-quality.csv", DataQuality.summaryCSV(evaluation.reports, warnings: warnings, publish: publish)),
        ]
        var notes = Commentary.none
        if let commentary {
            do {
                notes = try Commentary.load(commentary, measures: evaluation.definitions.measures.map(\.id), periods: evaluation.periods.map(\.label))
            } catch { throw .commentary(error.description) }
        }
        let model: ReportModel
        do { model = try Reports.model(evaluation, period: period, publish: publish, commentary: notes) } catch { throw .period(error.message) }
        if publish && !allowMissingCommentary {
            let missing = Reports.redWithoutCommentary(model)
            if !missing.isEmpty { throw .missingCommentary(period: model.period.label, measures: missing.map { "\($0.id) \($0.name)" }) }
        }
        files += Reports.render(model)
        var revisions: [Revisions.Change] = []
        if !publish {
            let rows = LongTable.rows(evaluation)
            files.append(("long-table.csv", LongTable.csv(rows)))
            files.append(("tables.md", Array(MarkdownTables.render(evaluation).utf8)))
            if let previous = try? Revisions.read(out + "/long-table.csv") {
                revisions = Revisions.compare(previous: previous, current: rows)
            }
            files.append(("revisions.csv", Revisions.csv(revisions)))
        }
        if let rejected = rejectedRows?.result() {
            files.append(("rejected-rows.csv", rejected.bytes))
            digests["rejected-rows.csv"] = rejected.sha256
        }
        log.mark("render")
        files.sort { $0.name < $1.name }
        files.append(("manifest.json", Manifest.json(evaluation, outputs: files, findings: warnings, digests: digests)))
        let read = evaluation.reports.reduce(0) { $0 + $1.rowsRead }
        let bytes = evaluation.reports.reduce(0) { $0 + $1.bytes }
        log.mark("manifest")
        files.append(("run-log.json", log.json(rowsRead: read, bytesRead: bytes)))
        // Checked again under the lock: the folder may have changed while the run worked.
        do { try OutputGuard.check(out: out, reading: reading) } catch { throw .refused(error) }
        do { try OutputFolder.write(files, to: out, privateFiles: Self.privateFiles(publish: publish)) } catch {
            throw .output("error: cannot write \(out): \(Self.plain(error))")
        }
        return Outcome(evaluation: evaluation, files: files.map(\.name), warnings: warnings, revisions: revisions.count)
    }
}

extension MonthEndRun {
    /// An error's own words, without Foundation's domain and code dump.
    static func plain(_ error: Error) -> String {
        if let problem = error as? OutputFolder.Problem { return problem.description }
        if let failure = error as? PrivateFile.Failure { return failure.description }
        let ns = error as NSError
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain,
           let code = POSIXErrorCode(rawValue: Int32(underlying.code)) {
            return String(cString: strerror(code.rawValue))
        }
        if ns.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(ns.code))) }
        return ns.localizedDescription
    }

    /// Files that quote extract text (codes as typed in the data-quality account and the
    /// internal reports' data-quality section, whole rows in the rejected rows): created
    /// readable by their owner only. A published run quotes none, so it has none.
    static func privateFiles(publish: Bool) -> Set<String> {
        publish ? [] : ["data-quality.csv", "rejected-rows.csv", "report.html", "report.md", "report.json"]
    }
}

extension MonthEndRun.Failure {
    /// The exit code scripts see for each kind of failure.
    public var exitCode: ExitCode {
        switch self {
        case .definitions: return .definitions
        case .data: return .data
        case .incomplete: return .incomplete
        case .locked, .output, .refused: return .output
        case .period, .asAt: return .usage
        case .commentary: return .data
        case .missingCommentary: return .missingCommentary
        }
    }
}

/// Work started on another thread whose result is collected later.
final class BackgroundJob<T>: @unchecked Sendable {
    private let group = DispatchGroup()
    private var value: T?

    init(_ work: @escaping () -> T) {
        group.enter()
        let job = Unchecked(work)
        DispatchQueue.global().async {
            self.value = job.value()
            self.group.leave()
        }
    }

    /// Waits for the work and returns what it made.
    func result() -> T {
        group.wait()
        return value!
    }
}
