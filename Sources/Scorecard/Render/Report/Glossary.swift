import Foundation

/// The appendix that defines every measure. Its facts come from the checked
/// `Measure` and its text from the measure's own declaration in `metrics/`, so the
/// glossary says what the engine computed, not what someone once wrote about it.
enum Glossary {
    static func entries(_ run: Evaluation) -> [GlossaryEntry] {
        let definitions = run.definitions
        let sectionTitles = Dictionary(definitions.framework.sections.map { ($0.id, $0.title) }, uniquingKeysWith: { a, _ in a })
        let base = DeclarationText.baseFolder(definitions.files)
        return run.orderedResults.map { result in
            let measure = definitions.measures[result.measure]
            let style = MeasureReportBuilder.valueStyle(measure, sample: result.figure(window: 0, row: 0, column: 0, part: 0))
            return GlossaryEntry(
                id: measure.id, name: measure.name, section: sectionTitles[measure.section] ?? measure.section,
                description: measure.description, facts: facts(measure, definitions, style: style),
                location: DeclarationText.display(measure.location, base: base),
                declaration: measure.declaration)
        }
    }

    /// Plain statements about a measure, each read from one field of its declaration.
    static func facts(_ measure: Measure, _ definitions: Definitions, style: CellStyle) -> [(term: String, detail: String)] {
        var facts: [(String, String)] = []
        if let r = measure.record {
            facts.append(("Counts", "\(definitions.records[r].name) records" + (measure.distinct != nil ? ", each distinct value once" : "")))
        } else {
            let uses = measure.dependencies.map { definitions.measures[$0].id }
            facts.append(("Computed", "from other measures" + (uses.isEmpty ? "" : " (\(uses.joined(separator: ", ")))")))
        }
        facts.append(("Shown as", shownAs(measure, definitions, style: style)))
        if let b = measure.breakdown, let r = measure.record {
            var values = definitions.categories[b.category].values
            if let label = b.notRecordedLabel { values.append(label) }
            var text = "\(definitions.records[r].fields[b.field].name): \(values.joined(separator: ", "))"
            if b.asShare { text += "; each also as a percentage of the total" }
            if b.only { text += "; no total row" }
            facts.append(("Broken down by", text))
        }
        let partNames = measure.parts.compactMap(\.name)
        if !partNames.isEmpty { facts.append(("Parts", partNames.joined(separator: ", "))) }
        facts.append(("Better", better(measure.better)))
        if let baseline = measure.baseline {
            facts.append(("Baseline", "\(ReportCell.number(baseline, style).text) (\(definitions.framework.baselineYear), declared)"))
        } else {
            facts.append(("Baseline", "none declared; the report shows the \(definitions.framework.baselineYear) figure from the extracts where there is one"))
        }
        if measure.targets.isEmpty {
            facts.append(("Target", "none declared, so no RAG"))
        } else {
            let targets = measure.targets.map { t in
                "\(t.year): \(ReportCell.number(t.value, style).text), tolerance \(ReportCell.number(t.tolerance, style).plain)"
            }
            facts.append(("Targets", targets.joined(separator: "; ")))
        }
        if !measure.comparators.isEmpty {
            facts.append(("Comparators", measure.comparators.map { "\($0.name) \($0.year): \(ReportCell.number($0.value, style).text)" }.joined(separator: "; ")))
        }
        return facts
    }

    private static func shownAs(_ measure: Measure, _ definitions: Definitions, style: CellStyle) -> String {
        switch style {
        case .count: return "a count"
        case .percent: return "a percentage (0 to 100), to one decimal place"
        case .pounds: return "pounds, whole"
        case .number: return "a number"
        case .rate, .ratio:
            guard let per = measure.per else { return "a rate, to one decimal place" }
            let reference = "\(definitions.records[per.record].name).\(definitions.records[per.record].fields[per.field].name)"
            if style == .ratio { return "an average: the count divided by \(reference), to one decimal place, with the count beside it" }
            return "a rate per \(ReportCell.number(per.scale, .count).text) of \(reference), to one decimal place, with the count beside it"
        }
    }

    static func better(_ better: Better) -> String {
        switch better {
        case .high: return "higher is better"
        case .low: return "lower is better"
        case .none: return "no better direction: changes are shown as up or down"
        }
    }
}

/// A measure's declaration as written, with the comment lines just above it.
enum DeclarationText {
    /// The definitions folder's common directory, so locations read `metrics/how-well/HW3.metric`
    /// wherever the folder lives (byte-stable output across machines).
    static func baseFolder(_ files: [String]) -> String {
        let folders = files.map { ($0 as NSString).deletingLastPathComponent.split(separator: "/", omittingEmptySubsequences: false) }
        guard var common = folders.first else { return "" }
        for f in folders.dropFirst() {
            var n = 0
            while n < common.count, n < f.count, common[n] == f[n] { n += 1 }
            common = Array(common.prefix(n))
        }
        return common.joined(separator: "/")
    }

    static func display(_ location: SourceLocation, base: String) -> String {
        var path = location.file
        if !base.isEmpty, path.hasPrefix(base + "/") {
            let folderName = (base as NSString).lastPathComponent
            path = (folderName.isEmpty || folderName == "." ? "" : folderName + "/") + String(path.dropFirst(base.count + 1))
        }
        return "\(path):\(location.line)"
    }
}
