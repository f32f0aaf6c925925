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
        guard let data = parsed.options["--data"] else { throw Arguments.UsageError(description: "'\(parsed.command)' needs --data DIR") }
        guard let asAtText = parsed.options["--as-at"] else { throw Arguments.UsageError(description: "'\(parsed.command)' needs --as-at YYYY-MM-DD") }
        guard let asAt = Day.parseISO(asAtText) else { throw Arguments.UsageError(description: "--as-at '\(asAtText)' is not a date as YYYY-MM-DD") }
        let metrics = parsed.options["--metrics"] ?? "metrics"

        let definitions: Definitions
        do { definitions = try DefinitionLoader.load(folder: metrics) } catch {
            throw Failure(code: .definitions, message: error.description + "\n\(error.diagnostics.count) error(s) in the definitions")
        }
        let evaluation: Evaluation
        do { evaluation = try Pipeline.run(definitions: definitions, dataFolder: data, asAt: asAt) } catch {
            throw Failure(code: .data, message: error.description)
        }
        let rejected = evaluation.reports.reduce(0) { $0 + $1.rejectedCount }
        let read = evaluation.reports.reduce(0) { $0 + $1.rowsRead }
        if parsed.command == "check" {
            printOut("definitions: \(definitions.measures.count) measures, \(definitions.sources.count) sources — OK")
            for r in evaluation.reports {
                printOut("  \(r.file): \(r.rowsRead) read, \(r.accepted) accepted, \(r.rejectedCount) rejected, \(r.merged) merged, \(r.unplaced) unplaced")
            }
            printOut("extracts: \(read) rows read, \(rejected) rejected (see 'run' for the rejected rows)")
            return .success
        }
        guard let out = parsed.options["--out"] else { throw Arguments.UsageError(description: "'run' needs --out DIR") }
        let files: [(String, [UInt8])] = [
            ("long-table.csv", LongTable.csv(LongTable.rows(evaluation))),
            ("tables.md", Array(MarkdownTables.render(evaluation).utf8)),
            ("data-quality.csv", DataQuality.summaryCSV(evaluation.reports)),
            ("rejected-rows.csv", DataQuality.rejectsCSV(evaluation.rejects)),
        ]
        try OutputFolder.write(files, to: out)
        printOut("wrote \(files.count) files to \(out): \(evaluation.periods.count) periods, \(definitions.measures.count) measures; \(read) rows read, \(rejected) rejected")
        return .success
    }
}
