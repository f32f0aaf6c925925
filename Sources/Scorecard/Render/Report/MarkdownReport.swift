/// The report as Markdown (GitHub-flavoured tables), for committee papers and diffs.
/// All text is escaped, so a name from an extract cannot become markup or HTML.
enum MarkdownReport {
    static func render(_ model: ReportModel) -> String {
        var out = "# \(md(model.title))\n\n"
        out += "**\(md(ReportText.status(model)))**\n\n"
        out += md(ReportText.periodSentence(model)) + "\n\n"
        out += "## How to read this report\n\n"
        for line in ReportText.guidance(model) { out += "- \(md(line))\n" }
        out += "- \(md(ReportText.legendLine()))\n"
        out += summary(model)
        for section in model.sections {
            out += "\n## \(md(section.title))\n"
            for measure in section.measures { out += self.measure(measure, model) }
        }
        out += dataQuality(model)
        out += glossary(model)
        return out
    }

    private static func summary(_ model: ReportModel) -> String {
        let kind = model.period.kindName
        var out = "\n## At a glance\n\nTable: every measure's City headline for \(md(model.period.label)).\n\n"
        out += row(["Measure", "City", "Target", "RAG", "Change on previous \(kind)", "Change on same \(kind) last year"])
        out += "|---|---:|---:|---|---|---|\n"
        for section in model.sections {
            for m in section.measures {
                let headline = m.headline
                out += row([
                    "\(m.id) \(m.name)", headline?.city.text ?? "no headline",
                    m.target.map { $0.value.text } ?? "none", m.rag.label,
                    headline.map { change($0.changeOnPrevious, m) } ?? "z", headline.map { change($0.changeOnYearBefore, m) } ?? "z",
                ].map(md))
            }
        }
        return out + "\n*\(md(ReportText.legendLine()))*\n"
    }

    private static func measure(_ m: MeasureReport, _ model: ReportModel) -> String {
        var out = "\n### \(md(m.id)) \(md(m.name))\n\n"
        if let d = m.description { out += md(d) + "\n\n" }
        out += "- Better: \(md(m.betterText))\n"
        out += "- Target: \(md(ReportText.target(m, model)))\n"
        out += "- RAG: **\(md(m.rag.text))**\n"
        out += "- Baseline: \(md(ReportText.baseline(m, model)))\n"
        if !m.comparators.isEmpty {
            out += "- Comparators: " + md(m.comparators.map { "\($0.name) \($0.year): \($0.value.text)" }.joined(separator: "; ")) + "\n"
        }
        if let text = m.commentary {
            out += "\n**Commentary:**\n\n" + ReportText.paragraphs(text).map { "> " + md($0) }.joined(separator: "\n>\n") + "\n"
        }
        let kind = model.period.kindName
        out += "\nTable: \(md(m.id)) \(md(m.name)), \(md(model.period.label)), by locality.\n\n"
        out += row(["Breakdown"] + model.columns.map(md)
            + ["Previous \(kind) (\(model.period.previous ?? "x"))", "Change", "Same \(kind) last year (\(model.period.yearBefore ?? "x"))", "Change"].map(md))
        out += "|---|" + String(repeating: "---:|", count: model.columns.count + 1) + "---|---:|---|\n"
        for r in m.rows {
            out += row([md(r.label)] + r.cells.map { md($0.text) }
                + [md(r.previous.text), md(change(r.changeOnPrevious, m)), md(r.yearBefore.text), md(change(r.changeOnYearBefore, m))])
        }
        out += "\n*\(md(ReportText.legendLine()))*\n"
        if let t = m.trend {
            out += "\nTrend: \(md(ReportText.trend(t, city: model.columns.last ?? "City")))\n"
        } else {
            out += "\nTrend: no headline figure to chart; see the rows above.\n"
        }
        return out
    }

    /// `▲ Better` — the arrow says which way the figure moved, the word what that means.
    static func change(_ d: DirectionOfTravel, _ m: MeasureReport) -> String {
        switch d.movement(better: m.better) {
        case .rose: return "▲ " + d.label
        case .fell: return "▼ " + d.label
        case .held, .unknown: return d.label
        }
    }

    private static func dataQuality(_ model: ReportModel) -> String {
        var out = "\n## Data quality\n\nRows each extract held that no measure could use as given: rejected (with the reason), merged into a later system's record, or unplaced (no locality, counted under Locality not recorded).\n\n"
        out += "Table: rows read and what happened to them, per extract.\n\n"
        out += row(["Extract", "File", "Rows read", "Accepted", "Rejected", "Merged", "Unplaced"])
        out += "|---|---|---:|---:|---:|---:|---:|\n"
        for q in model.dataQuality {
            out += row([q.source, q.file, String(q.rowsRead), String(q.accepted), String(q.rejected), String(q.merged), String(q.unplaced)].map(md))
        }
        out += "\n*\(md(ReportText.legendLine()))*\n\nTable: reasons, per extract.\n\n"
        out += row(["Extract", "Reason", "Rows"]) + "|---|---|---:|\n"
        for q in model.dataQuality {
            for r in q.reasons { out += row([q.source, r.reason, String(r.rows)].map(md)) }
        }
        return out + "\n*\(md(ReportText.legendLine()))*\n"
    }

    private static func glossary(_ model: ReportModel) -> String {
        var out = "\n## Appendix: definitions of the measures\n\nEach definition is read from the measure's declaration, the same text the figures were computed from.\n"
        for g in model.glossary {
            out += "\n### \(md(g.id)) \(md(g.name))\n\n"
            if let d = g.description { out += md(d) + "\n\n" }
            out += "- Section: \(md(g.section))\n"
            for f in g.facts { out += "- \(md(f.term)): \(md(f.detail))\n" }
            out += "- Declared in: `\(g.location.replacingOccurrences(of: "`", with: "'"))`\n"
            if let text = g.declaration {
                let fence = String(repeating: "~", count: max(3, longestRun(of: "~", in: text) + 1))
                out += "\n\(fence) text\n\(text)\n\(fence)\n"
            }
        }
        return out
    }

    private static func row(_ cells: [String]) -> String { "| " + cells.joined(separator: " | ") + " |\n" }

    private static func longestRun(of ch: Character, in text: String) -> Int {
        var best = 0, run = 0
        for c in text { run = c == ch ? run + 1 : 0; best = max(best, run) }
        return best
    }

    /// Escapes Markdown and HTML: punctuation that could start markup is backslashed,
    /// and `&` before a letter or `#` is written `&amp;` so it cannot form an entity.
    static func md(_ text: String) -> String {
        var out = ""
        let chars = Array(text)
        for (i, ch) in chars.enumerated() {
            switch ch {
            case "\\", "`", "*", "_", "[", "]", "<", ">", "|", "#", "!":
                out.append("\\"); out.append(ch)
            case "&":
                let next = i + 1 < chars.count ? chars[i + 1] : " "
                out += next.isLetter || next == "#" ? "&amp;" : "&"
            case "\n", "\r":
                out.append(" ")
            default:
                out.append(ch)
            }
        }
        return out
    }
}
