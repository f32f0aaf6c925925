/// The scrutiny report: one self-contained HTML page (no scripts, fonts, images or
/// links outside itself) that prints well and meets WCAG 2.2 AA: real tables with
/// captions and header scopes, text on every status so colour is never the only
/// signal, contrast of at least 4.5:1 for text.
///
/// Written as well-formed XML too (void elements self-closed, only the five XML
/// entities), so a strict parser can check it.
enum HTMLReport {
    static func render(_ model: ReportModel) -> String {
        var out = "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\"/>\n"
        out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n"
        out += "<title>\(e(model.title)) — \(e(model.period.label))\(model.published ? "" : " (internal)")</title>\n"
        out += "<style>\n\(HTMLStyle.css)</style>\n</head>\n<body>\n"
        out += "<a class=\"skip\" href=\"#main\">Skip to the report</a>\n"
        out += "<header class=\"page-head\">\n"
        out += "<p class=\"status \(model.published ? "status-published" : "status-internal")\"><strong>\(e(ReportText.status(model)))</strong></p>\n"
        out += "<h1>\(e(model.title))</h1>\n<p class=\"lede\">\(e(ReportText.periodSentence(model)))</p>\n</header>\n"
        out += contents(model)
        out += "<main id=\"main\">\n"
        out += guidance(model)
        out += summary(model)
        for section in model.sections {
            out += "<section class=\"block\" id=\"\(HTMLText.anchor("s-" + section.id))\" aria-labelledby=\"\(HTMLText.anchor("s-" + section.id))-h\">\n"
            out += "<h2 id=\"\(HTMLText.anchor("s-" + section.id))-h\">\(e(section.title))</h2>\n"
            for m in section.measures { out += measure(m, model) }
            out += "</section>\n"
        }
        out += dataQuality(model)
        out += glossary(model)
        out += "</main>\n<footer class=\"page-foot\"><p>\(e(model.title)). \(e(ReportText.periodSentence(model)))</p></footer>\n</body>\n</html>\n"
        return out
    }

    private static func e(_ s: String) -> String { HTMLText.escape(s) }

    private static func contents(_ model: ReportModel) -> String {
        var items = [("reading", "How to read this report"), ("summary", "At a glance")]
        items += model.sections.map { (HTMLText.anchor("s-" + $0.id), $0.title) }
        items += [("data-quality", "Data quality"), ("appendix", "Appendix: definitions of the measures")]
        var out = "<nav class=\"contents\" aria-labelledby=\"contents-h\">\n<h2 id=\"contents-h\">Contents</h2>\n<ol>\n"
        for (id, title) in items { out += "<li><a href=\"#\(id)\">\(e(title))</a></li>\n" }
        return out + "</ol>\n</nav>\n"
    }

    private static func guidance(_ model: ReportModel) -> String {
        var out = "<section class=\"block\" id=\"reading\" aria-labelledby=\"reading-h\">\n<h2 id=\"reading-h\">How to read this report</h2>\n<ul>\n"
        for line in ReportText.guidance(model) { out += "<li>\(e(line))</li>\n" }
        out += "</ul>\n<dl class=\"key\">\n"
        for rag in [RAG.green, .amber, .red] {
            out += "<div><dt>\(ragBadge(.rated(rag)))</dt><dd>\(e(rag.meaning))</dd></div>\n"
        }
        out += "<div><dt>\(ragBadge(.noTarget))</dt><dd>no target is declared for the year, so there is no RAG</dd></div>\n"
        let notRated = ragBadge(.notRated("")), notRatedMeaning = e(RAGStatus.notRatedMeaning)
        out += "<div><dt>\(notRated)</dt><dd>\(notRatedMeaning)</dd></div>\n"
        for (symbol, meaning) in ReportModel.legend {
            out += "<div><dt><span class=\"sym\">\(e(symbol))</span></dt><dd>\(e(meaning))</dd></div>\n"
        }
        return out + "</dl>\n</section>\n"
    }

    private static func summary(_ model: ReportModel) -> String {
        let kind = model.period.kindName
        var out = "<section class=\"block\" id=\"summary\" aria-labelledby=\"summary-h\">\n<h2 id=\"summary-h\">At a glance</h2>\n"
        out += tableOpen(id: "summary-t", caption: "Every measure's City headline for \(model.period.label), with its target, RAG and direction of travel")
        out += "<thead><tr><th scope=\"col\" class=\"stub\">Measure</th><th scope=\"col\" class=\"num\">City</th><th scope=\"col\" class=\"num\">Target</th>"
        out += "<th scope=\"col\">RAG</th><th scope=\"col\">Change on previous \(kind)</th><th scope=\"col\">Change on same \(kind) last year</th></tr></thead>\n"
        for section in model.sections {
            out += "<tbody>\n<tr class=\"group\"><th scope=\"rowgroup\" colspan=\"6\">\(e(section.title))</th></tr>\n"
            for m in section.measures {
                let h = m.headline
                out += "<tr><th scope=\"row\"><a href=\"#\(HTMLText.anchor("m-" + m.id))\">\(e(m.id)) \(e(m.name))</a></th>"
                out += "<td class=\"num\">\(h.map { cell($0.city) } ?? "<span class=\"note\">no headline</span>")</td>"
                out += "<td class=\"num\">\(m.target.map { cell($0.value) } ?? "<span class=\"note\">none</span>")</td>"
                out += "<td>\(ragBadge(m.rag))</td>"
                out += "<td>\(h.map { change($0.changeOnPrevious, m) } ?? "<span class=\"sym\">z</span>")</td>"
                out += "<td>\(h.map { change($0.changeOnYearBefore, m) } ?? "<span class=\"sym\">z</span>")</td></tr>\n"
            }
            out += "</tbody>\n"
        }
        out += tableClose()
        return out + "</section>\n"
    }

    private static func measure(_ m: MeasureReport, _ model: ReportModel) -> String {
        let id = HTMLText.anchor("m-" + m.id)
        var out = "<section class=\"measure\" id=\"\(id)\" aria-labelledby=\"\(id)-h\">\n<h3 id=\"\(id)-h\">\(e(m.id)) \(e(m.name))</h3>\n"
        if let d = m.description { out += "<p>\(e(d))</p>\n" }
        if let text = m.commentary { out += commentary(text, id: id) }
        out += "<div class=\"measure-head\">\n<dl class=\"facts\">\n"
        out += "<div><dt>Better</dt><dd>\(e(m.betterText))</dd></div>\n"
        out += "<div><dt>Target</dt><dd>\(e(ReportText.target(m, model)))</dd></div>\n"
        out += "<div><dt>RAG</dt><dd>\(ragBadge(m.rag)) <span class=\"rag-text\">\(e(ragExplanation(m.rag)))</span></dd></div>\n"
        out += "<div><dt>Baseline</dt><dd>\(e(ReportText.baseline(m, model)))</dd></div>\n"
        if !m.comparators.isEmpty {
            out += "<div><dt>Comparators</dt><dd>\(e(m.comparators.map { "\($0.name) \($0.year): \($0.value.text)" }.joined(separator: "; ")))</dd></div>\n"
        }
        out += "</dl>\n"
        if let t = m.trend {
            out += "<figure class=\"trend\">\n\(TrendChart.svg(t, id: id + "-trend", measureName: "\(m.id) \(m.name)", target: m.target))\n"
            out += "<figcaption>\(e(ReportText.trend(t, city: model.columns.last ?? "City")))</figcaption>\n</figure>\n"
        } else {
            out += "<p class=\"trend note\">No trend chart: this measure has no headline figure; see its rows below.</p>\n"
        }
        out += "</div>\n"
        out += figures(m, model, id: id)
        return out + "</section>\n"
    }

    private static func figures(_ m: MeasureReport, _ model: ReportModel, id: String) -> String {
        let kind = model.period.kindName
        var out = tableOpen(id: id + "-t", caption: "\(m.id) \(m.name), \(model.period.label), by locality; City compared with earlier periods")
        // Two header rows: the period's columns, then the City's two comparisons, each a column group.
        out += "<colgroup span=\"1\"></colgroup><colgroup span=\"\(model.columns.count)\"></colgroup><colgroup span=\"2\"></colgroup><colgroup span=\"2\"></colgroup>\n"
        out += "<thead><tr><th scope=\"col\" rowspan=\"2\" class=\"stub\">Breakdown</th>"
        out += "<th scope=\"colgroup\" colspan=\"\(model.columns.count)\" class=\"period\">\(e(model.period.label))</th>"
        out += "<th scope=\"colgroup\" colspan=\"2\" class=\"earlier\">City, previous \(kind)</th>"
        out += "<th scope=\"colgroup\" colspan=\"2\" class=\"earlier\">City, same \(kind) last year</th></tr>\n<tr>"
        for (i, column) in model.columns.enumerated() {
            out += "<th scope=\"col\" class=\"num\(i == model.columns.count - 1 ? " city" : "")\">\(e(column))</th>"
        }
        out += "<th scope=\"col\" class=\"num earlier\">\(e(model.period.previous ?? "not in this run"))</th><th scope=\"col\">Change</th>"
        out += "<th scope=\"col\" class=\"num earlier\">\(e(model.period.yearBefore ?? "not in this run"))</th><th scope=\"col\">Change</th></tr></thead>\n<tbody>\n"
        for r in m.rows {
            out += "<tr\(r.isHeadline ? " class=\"headline\"" : "")><th scope=\"row\">\(e(r.label))</th>"
            for (i, c) in r.cells.enumerated() {
                out += "<td class=\"num\(i == r.cells.count - 1 ? " city" : "")\">\(cell(c))</td>"
            }
            out += "<td class=\"num earlier\">\(cell(r.previous))</td><td>\(change(r.changeOnPrevious, m))</td>"
            out += "<td class=\"num earlier\">\(cell(r.yearBefore))</td><td>\(change(r.changeOnYearBefore, m))</td></tr>\n"
        }
        return out + "</tbody>\n" + tableClose()
    }

    private static func dataQuality(_ model: ReportModel) -> String {
        var out = "<section class=\"block\" id=\"data-quality\" aria-labelledby=\"data-quality-h\">\n<h2 id=\"data-quality-h\">Data quality</h2>\n"
        out += "<p>Rows each extract held that no measure could use as given: rejected (with the reason), merged into a later system's record (the MAT to EHM migration), or unplaced (no locality, so counted under Locality not recorded).\(model.published ? " Codes typed into the extracts are withheld from published reports." : "")</p>\n"
        out += tableOpen(id: "dq-t", caption: "Rows read and what happened to them, per extract")
        out += "<thead><tr><th scope=\"col\" class=\"stub\">Extract</th><th scope=\"col\">File</th>"
        for h in ["Rows read", "Accepted", "Rejected", "Merged", "Unplaced"] { out += "<th scope=\"col\" class=\"num\">\(h)</th>" }
        out += "</tr></thead>\n<tbody>\n"
        for q in model.dataQuality {
            out += "<tr><th scope=\"row\">\(e(q.source))</th><td>\(e(q.file))</td>"
            for n in [q.rowsRead, q.accepted, q.rejected, q.merged, q.unplaced] { out += "<td class=\"num\">\(e(ReportCell.number(Double(n), .count).text))</td>" }
            out += "</tr>\n"
        }
        out += "</tbody>\n" + tableClose()
        out += tableOpen(id: "dq-reasons-t", caption: "Why rows were rejected or kept as not recorded, per extract")
        out += "<thead><tr><th scope=\"col\" class=\"stub\">Extract</th><th scope=\"col\">Reason</th><th scope=\"col\" class=\"num\">Rows</th></tr></thead>\n<tbody>\n"
        for q in model.dataQuality {
            for r in q.reasons {
                out += "<tr><th scope=\"row\">\(e(q.source))</th><td>\(e(r.reason))</td><td class=\"num\">\(e(ReportCell.number(Double(r.rows), .count).text))</td></tr>\n"
            }
            if q.reasons.isEmpty {
                out += "<tr><th scope=\"row\">\(e(q.source))</th><td>every row accepted</td><td class=\"num\">0</td></tr>\n"
            }
        }
        out += "</tbody>\n" + tableClose()
        return out + "</section>\n"
    }

    private static func glossary(_ model: ReportModel) -> String {
        var out = "<section class=\"block appendix\" id=\"appendix\" aria-labelledby=\"appendix-h\">\n<h2 id=\"appendix-h\">Appendix: definitions of the measures</h2>\n"
        out += "<p>Each definition is read from the measure's declaration in the definitions folder: the same text the figures were computed from, so it cannot drift from them.</p>\n"
        for g in model.glossary {
            let id = HTMLText.anchor("d-" + g.id)
            out += "<section class=\"definition\" id=\"\(id)\" aria-labelledby=\"\(id)-h\">\n<h3 id=\"\(id)-h\">\(e(g.id)) \(e(g.name))</h3>\n"
            if let d = g.description { out += "<p>\(e(d))</p>\n" }
            out += "<dl class=\"facts\">\n<div><dt>Section</dt><dd>\(e(g.section))</dd></div>\n"
            for f in g.facts { out += "<div><dt>\(e(f.term))</dt><dd>\(e(f.detail))</dd></div>\n" }
            out += "<div><dt>Declared in</dt><dd><code>\(e(g.location))</code></dd></div>\n</dl>\n"
            if let text = g.declaration {
                out += "<pre><code>\(e(text))</code></pre>\n"
            }
            out += "</section>\n"
        }
        return out + "</section>\n"
    }

    // MARK: - Pieces

    /// The officers' commentary, a paragraph per paragraph they wrote; escaped like any text.
    private static func commentary(_ text: String, id: String) -> String {
        var out = "<div class=\"commentary\" role=\"note\" aria-labelledby=\"\(id)-commentary\">\n<h4 id=\"\(id)-commentary\">Commentary</h4>\n"
        for paragraph in ReportText.paragraphs(text) {
            out += "<p>" + paragraph.split(separator: "\n", omittingEmptySubsequences: false).map { e(String($0)) }.joined(separator: "<br/>") + "</p>\n"
        }
        return out + "</div>\n"
    }

    /// A scrollable, keyboard-focusable region around a table (WCAG 2.1.1 for wide tables),
    /// named by the table's caption.
    private static func tableOpen(id: String, caption: String) -> String {
        "<div class=\"scroll\" role=\"region\" tabindex=\"0\" aria-labelledby=\"\(id)-c\">\n<table id=\"\(id)\">\n<caption id=\"\(id)-c\">\(e(caption))</caption>\n"
    }

    /// Closes a table and adds the legend of symbols every table carries.
    private static func tableClose() -> String {
        "</table>\n</div>\n<p class=\"legend\">\(e(ReportText.legendLine()))</p>\n"
    }

    private static func cell(_ c: ReportCell) -> String {
        guard let symbol = c.symbol else { return e(c.text) }
        let meaning = symbol.meaning.split(separator: "(").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? symbol.meaning
        return "<abbr class=\"sym\" title=\"\(e(meaning))\">\(e(symbol.rawValue))</abbr>"
    }

    /// The status in words inside a coloured badge: the colour only repeats the text.
    private static func ragBadge(_ status: RAGStatus) -> String {
        "<span class=\"rag rag-\(status.key)\">\(e(status.label))</span>"
    }

    private static func ragExplanation(_ status: RAGStatus) -> String {
        switch status {
        case .rated(let r): return r.meaning
        case .noTarget: return "this measure declares no target, so it has no RAG"
        case .noTargetForYear(let y): return "no target is declared for \(y), so there is no RAG"
        case .notRated(let why): return why
        }
    }

    /// Arrow for the movement (hidden from screen readers), word for what it means.
    private static func change(_ d: DirectionOfTravel, _ m: MeasureReport) -> String {
        let arrow: String
        switch d.movement(better: m.better) {
        case .rose: arrow = "<span class=\"arrow\" aria-hidden=\"true\">▲</span> "
        case .fell: arrow = "<span class=\"arrow\" aria-hidden=\"true\">▼</span> "
        case .held, .unknown: arrow = ""
        }
        let movement: String
        switch d {
        case .better, .worse: movement = d.movement(better: m.better) == .rose ? " (up)" : " (down)"
        default: movement = ""
        }
        return "<span class=\"dot dot-\(HTMLText.anchor(d.key))\">\(arrow)\(e(d.label))<span class=\"visually-hidden\">\(movement)</span></span>"
    }
}
