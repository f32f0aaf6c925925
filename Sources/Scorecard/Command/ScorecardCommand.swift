import Foundation

/// The command line's one entry point: runs a command and turns every error into
/// a message on standard error and an exit code.
public enum ScorecardCommand {
    public static func main(_ args: [String]) -> Int32 {
        do {
            return try dispatch(args).rawValue
        } catch let error as Arguments.UsageError {
            printError("error: \(error.description)\nRun 'scorecard help' for usage.")
            return ExitCode.usage.rawValue
        } catch let error as Failure {
            printError(error.message)
            return error.code.rawValue
        } catch {
            printError("error: \(error)")
            return ExitCode.internalError.rawValue
        }
    }

    /// Validates definitions and extracts, writing nothing.
    /// Loads the definitions and evaluates the extracts, failing with `run`'s messages
    /// and exit codes (3 for the definitions, 4 for the data).
    private static func evaluate(metrics: String, data: String, asAt: Int32) throws -> Evaluation {
        let definitions: Definitions
        do { definitions = try DefinitionLoader.load(folder: metrics) } catch {
            let failure = MonthEndRun.Failure.definitions(error)
            throw Failure(code: failure.exitCode, message: failure.description)
        }
        if let problem = Pipeline.asAtProblem(asAt, definitions: definitions) {
            throw Arguments.UsageError(description: problem)
        }
        do { return try Pipeline.run(definitions: definitions, dataFolder: data, asAt: asAt) } catch {
            throw Failure(code: .data, message: error.description)
        }
    }

    private static func check(metrics: String, data: String, asAt: Int32) throws -> ExitCode {
        let evaluation = try evaluate(metrics: metrics, data: data, asAt: asAt)
        let definitions = evaluation.definitions
        printOut("definitions: \(definitions.measures.count) measures, \(definitions.sources.count) sources — OK")
        for r in evaluation.reports {
            printOut("  \(r.file): \(r.rowsRead) read, \(r.accepted) accepted, \(r.rejectedCount) rejected, \(r.merged) merged, \(r.unplaced) unplaced")
        }
        let findings = Completeness.check(evaluation, dataset: evaluation.dataset, previousRows: nil)
        for f in findings { printError(f.description) }
        if findings.contains(where: { $0.severity == .error }) { return .incomplete }
        return .success
    }

    private static func explain(_ parsed: Arguments, metrics: String, data: String, asAt: Int32) throws -> ExitCode {
        guard parsed.positional.count == 1, let id = parsed.positional.first else {
            throw Arguments.UsageError(description: "'explain' needs one measure id, as in 'scorecard explain HW2 --period \"2016-17 Q3\" --column Coalfields'")
        }
        guard let period = parsed.options["--period"] else { throw Arguments.UsageError(description: "'explain' needs --period") }
        let column = parsed.options["--column"] ?? "City"
        if let out = parsed.options["--out"] { try Preflight.newFile(out, option: "--out") }
        let evaluation = try evaluate(metrics: metrics, data: data, asAt: asAt)
        let text: String
        do {
            text = Explain.render(try Explain.explain(evaluation, measure: id, period: period, column: column, breakdown: parsed.options["--breakdown"]))
        } catch {
            throw Arguments.UsageError(description: error.description.replacingOccurrences(of: "error: ", with: ""))
        }
        if let out = parsed.options["--out"] {
            // Personal identifiers: created readable by the owner only, never over an existing file.
            try Preflight.createNewFile(out, option: "--out", bytes: Array(text.utf8), mode: 0o600)
            printOut("wrote the explanation to \(out) (readable by its owner only)")
        } else {
            printOut(text)
        }
        return .success
    }

    private static func generate(_ parsed: Arguments) throws -> ExitCode {
        guard let out = parsed.options["--out"] else { throw Arguments.UsageError(description: "'generate' needs --out DIR") }
        guard let scale = Double(parsed.options["--scale"] ?? "1") else { throw Arguments.UsageError(description: "--scale takes a number, as 1 or 2.5") }
        guard let seed = UInt64(parsed.options["--seed"] ?? "1") else { throw Arguments.UsageError(description: "--seed takes a whole number") }
        let asAt = try Preflight.asAt(parsed.options["--as-at"] ?? "2018-04-06")
        try Preflight.generatorFolder(out)
        let summary: GeneratorSummary
        do { summary = try ExtractGenerator.write(GeneratorOptions(scale: scale, seed: seed, asAt: asAt), to: out) } catch let error as GeneratorError {
            if case .invalidOptions(let message) = error { throw Arguments.UsageError(description: message) }
            throw Failure(code: .output, message: "error: \(error)")
        }
        Preflight.markGenerated(out, scale: scale, seed: seed, asAt: asAt)
        for file in summary.files { printOut("  \(file.name): \(file.rows) rows, \(file.bytes) bytes") }
        printOut("wrote \(summary.files.count) extracts to \(out): \(summary.totalRows) rows, \(summary.totalBytes) bytes")
        return .success
    }

    private static func read(_ parsed: Arguments) throws -> ExitCode {
        guard let data = parsed.options["--data"] else { throw Arguments.UsageError(description: "'read' needs --data DIR") }
        let metrics = parsed.options["--metrics"] ?? "metrics"
        try Preflight.readableFolders(data: data, metrics: metrics)
        let definitions: Definitions
        do { definitions = try DefinitionLoader.load(folder: metrics) } catch {
            let failure = MonthEndRun.Failure.definitions(error)
            throw Failure(code: failure.exitCode, message: failure.description)
        }
        let scans: [ExtractScan.FileScan]
        do {
            try Pipeline.checkExtractFiles(definitions, dataFolder: data)
            scans = try ExtractScan.scan(definitions, dataFolder: data)
        } catch let error as DiagnosticError {
            throw Failure(code: .data, message: error.description)
        } catch {
            throw Failure(code: .data, message: "error: \(error.localizedDescription)")
        }
        func rate(_ bytes: Int, _ seconds: Double) -> String { seconds > 0 ? String(format: "%.0f MB/s", Double(bytes) / seconds / 1e6) : "-" }
        for s in scans {
            printOut("  \(s.file): \(s.bytes) bytes, \(s.records) records, \(s.fields) fields, \(s.malformed) malformed, \(String(format: "%.3f", s.seconds)) s, \(rate(s.bytes, s.seconds))")
        }
        let bytes = scans.reduce(0) { $0 + $1.bytes }, seconds = scans.reduce(0) { $0 + $1.seconds }
        let records = scans.reduce(0) { $0 + $1.records }, malformed = scans.reduce(0) { $0 + $1.malformed }
        printOut("read \(scans.count) extracts: \(bytes) bytes, \(records) records, \(malformed) malformed in \(String(format: "%.3f", seconds)) s, \(rate(bytes, seconds))")
        return .success
    }

    private static func revisions(_ parsed: Arguments) throws -> ExitCode {
        guard let previous = parsed.options["--previous"], let current = parsed.options["--current"] else {
            throw Arguments.UsageError(description: "'revisions' needs --previous FILE and --current FILE")
        }
        for (option, path) in [("--previous", previous), ("--current", current)] {
            if let problem = PathKind.problemReadingFile(path) { throw Failure(code: .data, message: "error: \(option): \(problem)") }
        }
        if let out = parsed.options["--out"] { try Preflight.newFile(out, option: "--out") }
        let changes: [Revisions.Change]
        do { changes = Revisions.compare(previous: try Revisions.read(previous), current: try Revisions.read(current)) } catch {
            throw Failure(code: .data, message: "error: \(error)")
        }
        let bytes = Revisions.csv(changes)
        if let out = parsed.options["--out"] {
            try Preflight.createNewFile(out, option: "--out", bytes: bytes, mode: 0o644)
            printOut("\(changes.count) figures revised; written to \(out)")
        } else {
            printOut(String(decoding: bytes, as: UTF8.self))
        }
        return .success
    }

    private static func export(_ parsed: Arguments, metrics: String, data: String, asAt: Int32) throws -> ExitCode {
        guard let out = parsed.options["--out"] else { throw Arguments.UsageError(description: "'export' needs --out DIR") }
        do { try OutputGuard.check(out: out, reading: .init(data: data, metrics: metrics)) } catch {
            throw Failure(code: .output, message: error.description)
        }
        let outcome: ExportRun.Outcome
        do { outcome = try ExportRun(metrics: metrics, data: data, asAt: asAt, out: out).execute() } catch {
            throw Failure(code: error.exitCode, message: error.description)
        }
        for warning in outcome.warnings { printError(warning.description) }
        printOut("wrote \(outcome.files.count) files to \(out): \(outcome.rows) records; the CSVs hold personal identifiers and are readable by their owner only")
        return .success
    }

    private static func sql(_ parsed: Arguments) throws -> ExitCode {
        guard let name = parsed.options["--dialect"] else { throw Arguments.UsageError(description: "'sql' needs --dialect postgres or spark") }
        guard let dialect = SQLDialect(rawValue: name) else {
            throw Arguments.UsageError(description: "--dialect '\(name)' is not known\(Suggestion.hint(for: name, in: SQLDialect.allCases.map(\.rawValue))) (postgres or spark)")
        }
        let asAt = try parsed.options["--as-at"].map { text throws(Arguments.UsageError) in try Preflight.asAt(text) } ?? Day.today()
        let metrics = parsed.options["--metrics"] ?? "metrics"
        if let problem = PathKind.problemReadingFolder(metrics) {
            throw Failure(code: .definitions, message: "error: --metrics: \(problem)")
        }
        if let out = parsed.options["--out"] { try Preflight.newFile(out, option: "--out") }
        let definitions: Definitions
        do { definitions = try DefinitionLoader.load(folder: metrics) } catch {
            let failure = MonthEndRun.Failure.definitions(error)
            throw Failure(code: failure.exitCode, message: failure.description)
        }
        if let problem = Pipeline.asAtProblem(asAt, definitions: definitions) { throw Arguments.UsageError(description: problem) }
        let script: String
        do { script = try SQLCompiler(definitions: definitions, dialect: dialect, asAt: asAt).script() } catch {
            throw Failure(code: .untranslatable, message: error.description)
        }
        if let out = parsed.options["--out"] {
            try Preflight.createNewFile(out, option: "--out", bytes: Array(script.utf8), mode: 0o644)
            printOut("wrote the \(dialect.rawValue) script to \(out)")
        } else {
            FileHandle.standardOutput.write(Data(script.utf8))
        }
        return .success
    }

    struct Failure: Error {
        var code: ExitCode
        var message: String
    }

    static func printError(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    static func printOut(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    private static func dispatch(_ args: [String]) throws -> ExitCode {
        let parsed = try Arguments.parse(args)
        if parsed.command == "help" || parsed.flags.contains("--help") {
            printOut(Arguments.usage)
            return .success
        }
        if parsed.command == "version" || parsed.flags.contains("--version") {
            printOut(Manifest.engineVersion)
            return .success
        }
        if parsed.command == "revisions" { return try revisions(parsed) }
        if parsed.command == "generate" { return try generate(parsed) }
        if parsed.command == "read" { return try read(parsed) }
        if parsed.command == "sniff" { return try sniff(parsed) }
        if parsed.command == "sql" { return try sql(parsed) }
        guard let data = parsed.options["--data"] else { throw Arguments.UsageError(description: "'\(parsed.command)' needs --data DIR") }
        guard let asAtText = parsed.options["--as-at"] else { throw Arguments.UsageError(description: "'\(parsed.command)' needs --as-at YYYY-MM-DD") }
        let asAt = try Preflight.asAt(asAtText)
        let metrics = parsed.options["--metrics"] ?? "metrics"
        try Preflight.readableFolders(data: data, metrics: metrics)
        if parsed.command == "check" { return try check(metrics: metrics, data: data, asAt: asAt) }
        if parsed.command == "explain" { return try explain(parsed, metrics: metrics, data: data, asAt: asAt) }
        if parsed.command == "export" { return try export(parsed, metrics: metrics, data: data, asAt: asAt) }
        guard let out = parsed.options["--out"] else { throw Arguments.UsageError(description: "'run' needs --out DIR") }
        let commentary = parsed.options["--commentary"].map { [(option: "--commentary", path: $0)] } ?? []
        do { try OutputGuard.check(out: out, reading: .init(data: data, metrics: metrics, others: commentary)) } catch {
            throw Failure(code: .output, message: error.description)
        }
        var run = MonthEndRun(metrics: metrics, data: data, asAt: asAt, out: out)
        run.period = parsed.options["--period"]
        run.publish = parsed.flags.contains("--publish")
        run.commentary = parsed.options["--commentary"]
        run.allowMissingCommentary = parsed.flags.contains("--allow-missing-commentary")
        let outcome: MonthEndRun.Outcome
        do { outcome = try run.execute() } catch { throw Failure(code: error.exitCode, message: error.description) }
        for warning in outcome.warnings { printError(warning.description) }
        let evaluation = outcome.evaluation
        let rejected = evaluation.reports.reduce(0) { $0 + $1.rejectedCount }
        let read = evaluation.reports.reduce(0) { $0 + $1.rowsRead }
        printOut("wrote \(outcome.files.count) files to \(out): \(evaluation.periods.count) periods, \(evaluation.definitions.measures.count) measures; \(read) rows read, \(rejected) rejected; \(outcome.revisions) figures revised since the last run")
        return .success
    }
}
