import Foundation

/// Sentences every format shares, so the HTML, Markdown and CSV explain the report
/// in the same words.
enum ReportText {
    static func status(_ model: ReportModel) -> String {
        model.published
            ? "Published version: disclosure control applied. Counts of 1 to 5, percentages and rates built on them, and the figures that would reveal them are shown as c."
            : "Internal version: not for publication. No disclosure control has been applied; publish only the version made with --publish."
    }

    static func periodSentence(_ model: ReportModel) -> String {
        let p = model.period
        var s = "Reporting period \(p.label) (\(p.start) to \(p.end)), from extracts taken on \(model.asAt)."
        let previous = p.previous.map { "the previous \(p.kindName) (\($0))" } ?? "the previous \(p.kindName) (not in this run: x)"
        let yearBefore = p.yearBefore.map { "the same \(p.kindName) a year before (\($0))" } ?? "the same \(p.kindName) a year before (not in this run: x)"
        s += " City figures are compared with \(previous) and \(yearBefore)."
        return s
    }

    /// How to read the report: RAG, direction of travel, rounding, columns.
    static func guidance(_ model: ReportModel) -> [String] {
        [
            "RAG compares the City headline with the measure's target for \(model.period.financialYear): Green meets the target in the measure's better direction; Amber misses it by no more than the tolerance; Red misses it by more. RAG is decided on unrounded values. A measure without a target has no RAG and says so (No target); Not rated means \(RAGStatus.notRatedMeaning).",
            "Change (direction of travel) compares the City figure with an earlier period at displayed precision: Better or Worse in the measure's better direction, Up or Down where a measure has none, No change when the figures read the same. The arrow shows whether the figure rose or fell.",
            "Percentages, rates and averages are shown to one decimal place, rounding half away from zero; counts and money are whole.",
            "Every table has a column per locality, Locality not recorded (records whose locality maps to none) and City. The City figure is computed from all records, not by adding the localities.",
        ]
    }

    static func legendLine() -> String {
        "Symbols: " + ReportModel.legend.map { "\($0.symbol) = \($0.meaning)" }.joined(separator: "; ") + "."
    }

    static func baseline(_ m: MeasureReport, _ model: ReportModel) -> String {
        guard let b = m.baseline else {
            return m.headline == nil ? "none (no headline figure)" : "none (\(model.period.baselineYear) is not in this run)"
        }
        return "\(b.value.text) (\(b.year), \(b.declared ? "declared" : "from the extracts"))"
    }

    static func target(_ m: MeasureReport, _ model: ReportModel) -> String {
        guard let t = m.target else { return "None for \(model.period.financialYear)" }
        return "\(t.value.text) for \(t.year), tolerance \(t.tolerance.plain)"
    }

    static func trend(_ t: MeasureReport.Trend, city: String) -> String {
        "\(city), last \(t.points.count) quarters: " + t.points.map { "\($0.label) \($0.cell.text)" }.joined(separator: "; ") + "."
    }

    /// Commentary split into paragraphs at blank lines, each trimmed; single line breaks kept.
    static func paragraphs(_ text: String) -> [String] {
        var out: [String] = [], current: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty {
                if !current.isEmpty { out.append(current.joined(separator: "\n")); current = [] }
            } else {
                current.append(trimmed)
            }
        }
        if !current.isEmpty { out.append(current.joined(separator: "\n")) }
        return out
    }
}
