import Foundation

/// load definitions → intake → evaluate: the API the command line and tests call.
public enum Pipeline {
    public static func run(definitions: Definitions, dataFolder: String, asAt: Int32) throws(DiagnosticError) -> Evaluation {
        var log = RunLog()
        return try run(definitions: definitions, dataFolder: dataFolder, asAt: asAt, log: &log)
    }

    /// The same, marking the intake and evaluation phases in `log`.
    public static func run(definitions: Definitions, dataFolder: String, asAt: Int32, log: inout RunLog) throws(DiagnosticError) -> Evaluation {
        if let problem = asAtProblem(asAt, definitions: definitions) { throw DiagnosticError([Diagnostic(at: nil, problem)]) }
        try checkExtractFiles(definitions, dataFolder: dataFolder)
        var intake = Intake(definitions: definitions, dataFolder: dataFolder, asAt: asAt)
        let loaded = try intake.run()
        for (name, seconds) in loaded.timings { log.add(name, seconds) }
        log.mark("intake")
        let periods = Period.spine(firstMonth: definitions.framework.firstMonth, asAt: asAt)
        let evaluator = Evaluator(dataset: loaded.dataset, periods: periods)
        let results = evaluator.evaluate { id, seconds in log.add("measure \(id)", seconds) }
        let comparators = ComparatorValues.compute(dataset: loaded.dataset, periods: periods)
        log.mark("evaluation")
        return Evaluation(
            definitions: definitions, asAt: asAt, periods: periods, results: results,
            reports: loaded.reports, rejects: loaded.rejects, dataset: loaded.dataset, dataFolder: dataFolder,
            comparatorValues: comparators)
    }

    /// The as-at date must fall between the framework's first month and today: a typo of
    /// 2118 for 2018 would otherwise evaluate 1,200 years of empty periods.
    public static func asAtProblem(_ asAt: Int32, definitions: Definitions, today: Int32 = Day.today()) -> String? {
        let first = definitions.framework.firstMonth
        let start = Day.number(year: first.year, month: first.month, day: 1)
        if asAt < start {
            return "--as-at \(Day.iso(asAt)) is before the framework's first month (\(Day.iso(start))): there is no period to report"
        }
        if asAt > today {
            return "--as-at \(Day.iso(asAt)) is after today (\(Day.iso(today))): extracts cannot have been taken in the future"
        }
        return nil
    }

    /// Every extract the sources name must be a readable file: checked before any work, so
    /// a FIFO cannot hang the run, and a folder or dangling link says what it is.
    static func checkExtractFiles(_ definitions: Definitions, dataFolder: String) throws(DiagnosticError) {
        if let problem = PathKind.problemReadingFolder(dataFolder) {
            throw DiagnosticError([Diagnostic(at: nil, "--data: \(problem)")])
        }
        var problems: [Diagnostic] = []
        for source in definitions.sources {
            let file = (dataFolder as NSString).appendingPathComponent(source.file)
            switch PathKind.of(file) {
            case .missing: problems.append(Diagnostic(at: nil, "\(file): extract for source '\(source.name)' is missing"))
            default:
                if let problem = PathKind.problemReadingFile(file) {
                    problems.append(Diagnostic(at: nil, "extract for source '\(source.name)': \(problem)"))
                }
            }
        }
        if !problems.isEmpty { throw DiagnosticError(problems) }
    }

    public static func run(metrics: String, dataFolder: String, asAt: Int32) throws(DiagnosticError) -> Evaluation {
        try run(definitions: try DefinitionLoader.load(folder: metrics), dataFolder: dataFolder, asAt: asAt)
    }
}
