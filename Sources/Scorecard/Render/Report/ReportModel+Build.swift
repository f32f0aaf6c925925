/// Building the report model from a finished run.
extension ReportModel {
    init(_ run: Evaluation, selection: PeriodSelection, publish: Bool) {
        let definitions = run.definitions
        let framework = definitions.framework
        let localities = definitions.categories[framework.columnCategory].values
        // One disclosure decision for every table, comparison, trend and baseline the reports print.
        let plan = publish ? DisclosurePlan(run, selection: selection, localityCount: localities.count) : nil
        let builder = MeasureReportBuilder(run: run, selection: selection, plan: plan, localityCount: localities.count)
        let ordered = run.orderedResults
        var sections = framework.sections.map { section in
            Section(id: section.id, title: section.title,
                    measures: ordered.filter { definitions.measures[$0.measure].section == section.id }.map(builder.build))
        }
        // A measure naming no declared section still appears (the checker reports it, but never lose a figure).
        let known = Set(framework.sections.map(\.id))
        let strays = ordered.filter { !known.contains(definitions.measures[$0.measure].section) }
        if !strays.isEmpty { sections.append(Section(id: "other", title: "Other measures", measures: strays.map(builder.build))) }

        let period = selection.period
        self.init(
            title: framework.title, asAt: Day.iso(run.asAt),
            period: PeriodInfo(
                label: period.label, kind: period.kind, start: Day.iso(period.window.start), end: Day.iso(period.window.end),
                financialYear: selection.financialYear,
                previous: selection.previous.map { run.periods[$0].label },
                yearBefore: selection.yearBefore.map { run.periods[$0].label },
                baselineYear: framework.baselineYear),
            published: publish,
            columns: localities + [framework.notRecordedLabel, framework.cityLabel],
            sections: sections,
            dataQuality: run.reports.map { ExtractQuality($0, publish: publish) },
            glossary: Glossary.entries(run))
    }
}

extension ExtractQuality {
    /// A published report withholds the codes themselves: they are text typed into an
    /// extract, and a published output carries no extract text at all.
    init(_ report: SourceReport, publish: Bool) {
        let reasons = report.rejected.sorted { $0.key < $1.key }.map { (reason: "rejected: \($0.key)", rows: $0.value) }
            + DataQuality.unmappedReasons(report.unmapped, publish: publish)
        self.init(source: report.source, file: report.file, rowsRead: report.rowsRead, accepted: report.accepted,
                  rejected: report.rejectedCount, merged: report.merged, unplaced: report.unplaced, reasons: reasons)
    }
}

/// Turns one measure's figures into its report: rows with disclosure applied,
/// comparisons, target and RAG, baseline, comparators and trend.
struct MeasureReportBuilder {
    let run: Evaluation
    let selection: PeriodSelection
    /// The published report's disclosure decision; nil for an internal report.
    let plan: DisclosurePlan?
    let localityCount: Int

    var definitions: Definitions { run.definitions }

    func build(_ result: MeasureResult) -> MeasureReport {
        let measure = definitions.measures[result.measure]
        var rows: [MeasureReport.Row] = []
        for r in result.rows.indices {
            for p in result.parts.indices { rows += tableRows(result, measure, row: r, part: p) }
        }
        let headlineIndex = rows.firstIndex { $0.isHeadline }
        let style = headlineIndex.map { rows[$0].style } ?? rows.first?.style ?? .count
        let target = measure.targets.first { $0.year == selection.financialYear }.map {
            MeasureReport.Target(year: $0.year, value: .number($0.value, style), tolerance: .number($0.tolerance, style))
        }
        return MeasureReport(
            id: measure.id, name: measure.name, description: measure.description, better: measure.better, style: style,
            rows: rows, target: target, rag: rag(measure, headline: headlineIndex.map { rows[$0] }, target: target),
            baseline: baseline(result, measure, style: style, hasHeadline: headlineIndex != nil),
            comparators: measure.comparators.map { .init(name: $0.name, year: $0.year, value: .number($0.value, style)) }
                + lookedUpComparators(measure, result.measure, style: style),
            trend: headlineIndex == nil ? nil : trend(result, measure, label: rows[headlineIndex!].label))
    }

    /// Comparators read from an extract, for the report's period (`x` when the extract has no row for it).
    private func lookedUpComparators(_ measure: Measure, _ m: Int, style: CellStyle) -> [MeasureReport.Comparator] {
        guard m < run.comparatorValues.count, !run.comparatorValues[m].isEmpty else { return [] }
        let values = run.comparatorValues[m][selection.index]
        return zip(measure.comparatorLookups, values).map { lookup, value in
            .init(name: lookup.name, year: run.periods[selection.index].label, value: value.map { .number($0, style) } ?? .symbol(.notAvailable, style))
        }
    }

    // MARK: - Rows

    /// The report rows for one (row, part) of the result: one row, or for a rate or
    /// average the value and the count beside it (FRAMEWORK.md: the count beside the rate).
    private func tableRows(_ result: MeasureResult, _ measure: Measure, row r: Int, part p: Int) -> [MeasureReport.Row] {
        let w = selection.index
        let styles = Self.styles(measure, sample: result.figure(window: w, row: r, column: localityCount + 1, part: p))
        let label = result.rows[r], part = result.parts[p]
        let isHeadline = r == 0 && label == nil && p == 0
        let breakdown = [label, part].compactMap { $0 }.joined(separator: ": ")
        let baseLabel = breakdown.isEmpty ? (measure.breakdown == nil ? Self.headlineLabel(styles[0], measure) : "All") : breakdown
        let now = cells(result, window: w, row: r, part: p, styles: styles)
        let previous = selection.previous.map { cells(result, window: $0, row: r, part: p, styles: styles) }
        let yearBefore = selection.yearBefore.map { cells(result, window: $0, row: r, part: p, styles: styles) }
        return styles.indices.map { k in
            let isCount = k > 0
            let city = now[k][now[k].count - 1]
            let before = previous.map { $0[k][$0[k].count - 1] } ?? .symbol(.notAvailable, styles[k])
            let yearAgo = yearBefore.map { $0[k][$0[k].count - 1] } ?? .symbol(.notAvailable, styles[k])
            return MeasureReport.Row(
                label: isCount ? (breakdown.isEmpty ? "Count" : breakdown + ": count") : baseLabel,
                breakdown: isCount ? (breakdown.isEmpty ? "count" : breakdown + ": count") : breakdown,
                isHeadline: isHeadline && !isCount, style: styles[k], cells: now[k],
                previous: before, yearBefore: yearAgo,
                changeOnPrevious: .between(city, before, better: measure.better),
                changeOnYearBefore: .between(city, yearAgo, better: measure.better))
        }
    }

    /// Cells of one (row, part) in a window, per style, as shown: `c` wherever the
    /// published report's disclosure plan says so.
    private func cells(_ result: MeasureResult, window: Int, row: Int, part: Int, styles: [CellStyle]) -> [[ReportCell]] {
        let figures = (0..<(localityCount + 2)).map { result.figure(window: window, row: row, column: $0, part: part) }
        let rows = styles.indices.map { k in k == 0 ? figures : figures.map(Self.countBehind) }
        var cells = zip(rows, styles).map { figures, style in figures.map { ReportCell.from($0, style) } }
        guard let plan else { return cells }
        for k in cells.indices {
            for c in cells[k].indices where cells[k][c].isNumber
                && plan.isSuppressed(.init(measure: result.measure, row: row, part: part, k: k, window: window, column: c)) {
                cells[k][c] = .symbol(.suppressed, styles[k])
            }
        }
        return cells
    }

    /// The count behind a rate or average (its numerator), shown beside it.
    private static func countBehind(_ figure: Figure) -> Figure {
        if case .int(let n)? = figure.numerator { return .count(n) }
        return Figure(numerator: nil, denominator: nil, value: .notAvailable)
    }

    /// A rate or average and its count; else the one style its figures have.
    static func styles(_ measure: Measure, sample: Figure) -> [CellStyle] {
        if let per = measure.per { return [per.scale == 1 ? .ratio : .rate, .count] }
        return [valueStyle(measure, sample: sample)]
    }

    static func valueStyle(_ measure: Measure, sample: Figure) -> CellStyle {
        if let per = measure.per { return per.scale == 1 ? .ratio : .rate }
        switch measure.unit {
        case .pounds: return .pounds
        case .number: return .number
        case .percent: return .percent
        case .rate: return .rate
        case .ratio: return .ratio
        case .count: return sample.denominator != nil ? .percent : .count
        }
    }

    /// What a measure's single row is called: `Number`, `Percentage`, `Rate per 10,000`.
    static func headlineLabel(_ style: CellStyle, _ measure: Measure) -> String {
        switch style {
        case .count: return "Number"
        case .percent: return "Percentage"
        case .rate: return "Rate per \(ReportCell.number(measure.per?.scale ?? 1, .count).text)"
        case .ratio: return "Average"
        case .pounds: return "Amount"
        case .number: return "Value"
        }
    }

    // MARK: - Target, baseline, trend

    private func rag(_ measure: Measure, headline: MeasureReport.Row?, target: MeasureReport.Target?) -> RAGStatus {
        if measure.targets.isEmpty { return .noTarget }
        guard let target else { return .noTargetForYear(selection.financialYear) }
        guard measure.better != .none else { return .notRated("the measure has no better direction") }
        guard let headline else { return .notRated("the measure has no headline figure") }
        let city = headline.city
        if let symbol = city.symbol {
            switch symbol {
            case .suppressed: return .notRated("the City figure is suppressed")
            case .notApplicable: return .notRated("the City figure is not applicable")
            case .notAvailable: return .notRated("the City figure is not available")
            }
        }
        guard let value = city.unrounded, let t = target.value.unrounded, let tolerance = target.tolerance.unrounded,
              let rag = RAG.rate(value: value, target: t, tolerance: tolerance, better: measure.better) else {
            return .notRated("the City figure is not available")
        }
        return .rated(rag)
    }

    /// The declared baseline, else the City headline for the baseline year from the extracts.
    private func baseline(_ result: MeasureResult, _ measure: Measure, style: CellStyle, hasHeadline: Bool) -> MeasureReport.Baseline? {
        let year = definitions.framework.baselineYear
        if let value = measure.baseline { return .init(year: year, value: .number(value, style), declared: true) }
        guard hasHeadline, let w = run.periods.firstIndex(where: { $0.kind == .year && $0.label == year }) else { return nil }
        let styles = Self.styles(measure, sample: result.figure(window: w, row: 0, column: localityCount + 1, part: 0))
        let city = cells(result, window: w, row: 0, part: 0, styles: styles)[0].last!
        return .init(year: year, value: city, declared: false)
    }

    private func trend(_ result: MeasureResult, _ measure: Measure, label: String) -> MeasureReport.Trend {
        let styles = Self.styles(measure, sample: result.figure(window: selection.index, row: 0, column: localityCount + 1, part: 0))
        let points = selection.trend.map { w in
            (label: run.periods[w].label, cell: cells(result, window: w, row: 0, part: 0, styles: styles)[0].last!)
        }
        return .init(rowLabel: label, points: points)
    }
}
