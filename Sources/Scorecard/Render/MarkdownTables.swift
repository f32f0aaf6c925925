import Foundation

/// A readable per-period table of the headline figures, one section per period
/// kind's latest period and a table per measure section (Markdown).
public enum MarkdownTables {
    public static func render(_ run: Evaluation, periods selected: [Int]? = nil) -> String {
        let framework = run.definitions.framework
        let columns = run.definitions.categories[framework.columnCategory].values + [framework.notRecordedLabel, framework.cityLabel]
        var out = "# \(framework.title)\n\nFigures at \(Day.iso(run.asAt)). Percentages, rates and averages to one decimal place; "
        out += "`z` not applicable, `x` not available.\n"
        let chosen = selected ?? Array(run.periods.indices.filter { run.periods[$0].kind != .month })
        for w in chosen {
            let period = run.periods[w]
            out += "\n## \(period.label)\n"
            for (sectionID, title) in framework.sections {
                let results = run.orderedResults.filter { run.definitions.measures[$0.measure].section == sectionID }
                guard !results.isEmpty else { continue }
                out += "\n### \(title)\n\n| Measure | " + columns.joined(separator: " | ") + " |\n|---|" + String(repeating: "---:|", count: columns.count) + "\n"
                for result in results {
                    let measure = run.definitions.measures[result.measure]
                    for (r, label) in result.rows.enumerated() {
                        for (p, part) in result.parts.enumerated() {
                            let name = ([measure.id + " " + measure.name] + [label, part].compactMap { $0 }).joined(separator: " — ")
                            let cells = columns.indices.map { c in display(result.figure(window: w, row: r, column: c, part: p), measure) }
                            out += "| \(escape(name)) | " + cells.joined(separator: " | ") + " |\n"
                        }
                    }
                }
            }
        }
        return out
    }

    static func display(_ f: Figure, _ measure: Measure) -> String {
        switch f.value {
        case .notApplicable: return "z"
        case .notAvailable: return "x"
        case .number(.int(let i)):
            return measure.unit == .pounds ? "£\(i)" : String(i)
        case .number(.money(let p)):
            let pounds = Int64(Money.pounds(p).rounded(.toNearestOrAwayFromZero))
            return measure.unit == .pounds ? "£\(pounds)" : Money.text(p)
        case .number(.double(let d)):
            if measure.unit == .pounds { return "£" + String(Int64(d.rounded(.toNearestOrAwayFromZero))) }
            return NumberFormat.oneDecimal(d) + (f.denominator != nil && measure.per == nil ? "%" : "")
        }
    }

    static func escape(_ s: String) -> String { s.replacingOccurrences(of: "|", with: "\\|") }
}
