/// The reports for scrutiny boards and quarterly returns, behind one entry point:
/// a format-neutral `ReportModel` is built once, then each format renders it, so
/// the HTML, Markdown, JSON and CSV can never disagree about a figure.
public enum Reports {
    /// The file names `render` returns, in order.
    public static let fileNames = ["report.html", "report.md", "report.json", "quarterly-return.csv", "quarterly-return-notes.csv"]

    /// Renders the report files for one reporting period.
    ///
    /// - Parameters:
    ///   - period: a month (`2018-03`), quarter (`2017-18 Q4`) or financial year
    ///     (`2017-18`) label; nil for the latest complete quarter at the as-at date.
    ///   - publish: apply disclosure control and withhold all extract text, for
    ///     reports leaving the council (FRAMEWORK.md, "Published mode").
    ///   - commentary: the officers' commentary, shown beside each measure.
    /// - Throws: `ReportError` for a period the run does not hold, with the nearest label.
    public static func render(_ evaluation: Evaluation, period: String?, publish: Bool) throws -> [(name: String, bytes: [UInt8])] {
        render(try model(evaluation, period: period, publish: publish))
    }

    /// Renders a model built by `model(_:period:publish:commentary:)`.
    static func render(_ model: ReportModel) -> [(name: String, bytes: [UInt8])] {
        [
            ("report.html", Array(HTMLReport.render(model).utf8)),
            ("report.md", Array(MarkdownReport.render(model).utf8)),
            ("report.json", Array(JSONReport.render(model).utf8)),
            ("quarterly-return.csv", QuarterlyReturn.render(model)),
            ("quarterly-return-notes.csv", QuarterlyReturn.notes(model)),
        ]
    }

    /// The format-neutral content of the reports, for tests and other renderers.
    static func model(_ evaluation: Evaluation, period: String?, publish: Bool, commentary: Commentary = .none) throws(ReportError) -> ReportModel {
        let selection = try PeriodSelection.resolve(period, in: evaluation)
        var model = ReportModel(evaluation, selection: selection, publish: publish)
        for s in model.sections.indices {
            for m in model.sections[s].measures.indices {
                let measure = model.sections[s].measures[m]
                model.sections[s].measures[m].commentary = commentary.text(measure: measure.id, period: model.period.label)
            }
        }
        return model
    }

    /// Measures rated Red for the period with no commentary: a published report must
    /// say why a measure missed its target, so `--publish` stops on these.
    static func redWithoutCommentary(_ model: ReportModel) -> [MeasureReport] {
        model.sections.flatMap(\.measures).filter { $0.rag == .rated(.red) && $0.commentary == nil }
    }
}

/// Why the reports could not be written; the message says what to type instead.
public struct ReportError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
