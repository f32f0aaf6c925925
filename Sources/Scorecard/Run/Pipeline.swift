import Foundation

/// load definitions → intake → evaluate: the API the command line and tests call.
public enum Pipeline {
    public static func run(definitions: Definitions, dataFolder: String, asAt: Int32) throws(DiagnosticError) -> Evaluation {
        var log = RunLog()
        return try run(definitions: definitions, dataFolder: dataFolder, asAt: asAt, log: &log)
    }

    /// The same, marking the intake and evaluation phases in `log`.
    public static func run(definitions: Definitions, dataFolder: String, asAt: Int32, log: inout RunLog) throws(DiagnosticError) -> Evaluation {
        var intake = Intake(definitions: definitions, dataFolder: dataFolder, asAt: asAt)
        let loaded = try intake.run()
        for (name, seconds) in loaded.timings { log.add(name, seconds) }
        log.mark("intake")
        let periods = Period.spine(firstMonth: definitions.framework.firstMonth, asAt: asAt)
        let evaluator = Evaluator(dataset: loaded.dataset, periods: periods)
        let results = evaluator.evaluate { id, seconds in log.add("measure \(id)", seconds) }
        log.mark("evaluation")
        return Evaluation(
            definitions: definitions, asAt: asAt, periods: periods, results: results,
            reports: loaded.reports, rejects: loaded.rejects, dataset: loaded.dataset)
    }

    public static func run(metrics: String, dataFolder: String, asAt: Int32) throws(DiagnosticError) -> Evaluation {
        try run(definitions: try DefinitionLoader.load(folder: metrics), dataFolder: dataFolder, asAt: asAt)
    }
}
