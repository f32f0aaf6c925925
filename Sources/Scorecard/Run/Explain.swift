import CSV

/// "Which 150 cases?": the records behind one figure, with the rule that counted
/// them. The output holds personal identifiers, so it is never part of a report.
public struct Explanation {
    public struct Record {
        public var source: String
        public var file: String
        public var line: Int
        public var fields: [(name: String, value: String)]
        /// Counted in each part's numerator (for a count, always true).
        public var numerator: [Bool]
        public var distinctValue: String?
    }
    public var measure: Measure
    public var period: Period
    public var column: String
    public var breakdown: String?
    public var figure: Figure
    public var records: [Record]
}

public enum Explain {
    public static func explain(_ run: Evaluation, measure id: String, period label: String, column name: String, breakdown: String? = nil) throws(DiagnosticError) -> Explanation {
        let definitions = run.definitions
        guard let m = definitions.measures.firstIndex(where: { $0.id.lowercased() == id.lowercased() }) else {
            throw DiagnosticError([Diagnostic(at: nil, "unknown measure '\(id)'\(Suggestion.hint(for: id, in: definitions.measures.map(\.id)))")])
        }
        guard let w = run.periods.firstIndex(where: { $0.label == label }) else {
            throw DiagnosticError([Diagnostic(at: nil, "unknown period '\(label)'\(Suggestion.hint(for: label, in: run.periods.map(\.label))) (periods are named like 2016-11, 2016-17 Q3, 2016-17)")])
        }
        let framework = definitions.framework
        let columns = definitions.categories[framework.columnCategory].values + [framework.notRecordedLabel, framework.cityLabel]
        guard let c = columns.firstIndex(where: { $0.lowercased() == name.lowercased() }) else {
            throw DiagnosticError([Diagnostic(at: nil, "unknown column '\(name)'\(Suggestion.hint(for: name, in: columns))")])
        }
        let measure = definitions.measures[m]
        guard let result = run.results.first(where: { $0.measure == m }) else { throw DiagnosticError([]) }
        guard let r = result.rows.firstIndex(where: { $0?.lowercased() == breakdown?.lowercased() }) else {
            let labels = result.rows.compactMap { $0 }
            throw DiagnosticError([Diagnostic(at: nil, "measure \(measure.id) has no breakdown row '\(breakdown ?? "")'\(Suggestion.hint(for: breakdown ?? "", in: labels)); its rows are: \(labels.joined(separator: ", "))")])
        }
        let figure = result.figure(window: w, row: r, column: c, part: 0)
        var records: [Explanation.Record] = []
        if let record = measure.record {
            let evaluator = Evaluator(dataset: run.dataset, periods: run.periods)
            let layout = evaluator.layout(measure)
            let candidates = Candidates.make(for: measure, dataset: run.dataset, windows: evaluator.windows)
            let city = columns.count - 1
            evaluator.scan(measure, window: w, candidates: candidates) { hit in
                guard c == city || hit.column == c else { return }
                guard r == layout.headline || hit.breakdownRow == r else { return }
                records.append(describe(run, measure: measure, record: record, row: hit.row, hit: hit))
            }
        }
        return Explanation(measure: measure, period: run.periods[w], column: columns[c], breakdown: breakdown, figure: figure, records: records)
    }

    static func describe(_ run: Evaluation, measure: Measure, record: Int, row: Int, hit: Evaluator.Hit) -> Explanation.Record {
        let table = run.dataset.tables[record]
        let origin = table.origins[row]
        let source = run.definitions.sources[Int(origin.source)]
        let fields = table.type.fields.indices.map { f in (table.type.fields[f].name, text(run, record: record, field: f, row: row)) }
        // The value this measure counts distinctly, shown as people read it.
        var distinct: String?
        if let v = hit.distinct, let d = measure.distinct {
            switch d.type {
            case .text, .person: distinct = run.dataset.string(v)
            case .date: distinct = Day.iso(Int32(v))
            case .datetime: distinct = DateTime.iso(v)
            case .money: distinct = Money.text(v)
            case .category(let c): distinct = run.definitions.categories[c].values.indices.contains(Int(v)) ? run.definitions.categories[c].values[Int(v)] : String(v)
            case .record(let target):
                let key = run.definitions.records[target].key
                distinct = key.map { text(run, record: target, field: $0, row: Int(v)) }.joined(separator: "/")
            default: distinct = String(v)
            }
        }
        return Explanation.Record(source: source.name, file: source.file, line: Int(origin.line), fields: fields, numerator: hit.parts, distinctValue: distinct)
    }

    /// A field's value as people read it: dates as ISO, codes by name, references by key.
    static func text(_ run: Evaluation, record: Int, field: Int, row: Int) -> String {
        let table = run.dataset.tables[record]
        let type = table.type.fields[field].type
        if type == .decimal {
            let d = table.doubles[field][row]
            return d.isNaN ? "" : NumberFormat.full(.double(d))
        }
        let v = table.ints[field][row]
        if v == Table.null { return "" }
        switch type {
        case .date: return Day.iso(Int32(v))
        case .datetime: return DateTime.iso(v)
        case .money: return Money.text(v)
        case .text, .person: return run.dataset.string(v)
        case .category(let c): return run.definitions.categories[c].values[Int(v)]
        case .ref(let target):
            let key = run.definitions.records[target].key
            return key.map { text(run, record: target, field: $0, row: Int(v)) }.joined(separator: "/")
        default: return String(v)
        }
    }

    /// The explanation as text: what was counted and by which rule, then one CSV row per record.
    public static func render(_ e: Explanation) -> String {
        var out = "# \(e.measure.id) \(e.measure.name) — \(e.period.label) — \(e.column)\(e.breakdown.map { " — \($0)" } ?? "")\n"
        out += "# figure: numerator \(e.figure.numerator.map(NumberFormat.full) ?? "-"), denominator \(e.figure.denominator.map(NumberFormat.full) ?? "-"), value \(NumberFormat.value(e.figure.value))\n"
        out += "# period \(Day.iso(e.period.window.start)) to \(Day.iso(e.period.window.end)); the rule, as declared:\n"
        out += e.measure.declaration.split(separator: "\n", omittingEmptySubsequences: false).map { "#   " + $0 }.joined(separator: "\n") + "\n"
        if e.measure.record == nil {
            out += "# this measure is computed from other measures' figures; explain those.\n"
            return out
        }
        out += "# \(e.records.count) records in the population (denominator or count)\n"
        var writer = CSVWriter()
        let fieldNames = e.records.first?.fields.map(\.name) ?? []
        let partNames = e.measure.parts.enumerated().map { $0.element.name ?? (e.measure.parts.count == 1 ? "numerator" : "part\($0.offset + 1)") }
        writer.write(fields: ["source", "file", "line"] + partNames.map { "in_\($0)" } + (e.measure.distinct != nil ? ["distinct_value"] : []) + fieldNames)
        for r in e.records {
            writer.write(fields: [r.source, r.file, String(r.line)] + r.numerator.map { $0 ? "yes" : "no" }
                + (e.measure.distinct != nil ? [r.distinctValue ?? ""] : []) + r.fields.map(\.value))
        }
        return out + String(decoding: writer.bytes, as: UTF8.self)
    }
}
