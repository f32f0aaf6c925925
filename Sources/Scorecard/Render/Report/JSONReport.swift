/// The report as JSON, for dashboards and other systems: the same content as the
/// HTML and Markdown, numbers at displayed precision, symbols in their own field.
/// Unrounded values are left out on purpose: the published JSON must not carry
/// more than the published page.
enum JSONReport {
    static func render(_ model: ReportModel) -> String {
        JSONValue.object([
            "title": .string(model.title),
            "asAt": .string(model.asAt),
            "published": .bool(model.published),
            "status": .string(ReportText.status(model)),
            "notes": .array((ReportText.guidance(model) + [ReportText.periodSentence(model)]).map(JSONValue.string)),
            "period": period(model.period),
            "columns": .array(model.columns.map(JSONValue.string)),
            "legend": .object(Dictionary(uniqueKeysWithValues: ReportModel.legend.map { ($0.symbol, JSONValue.string($0.meaning)) })),
            "sections": .array(model.sections.map { section in
                .object(["id": .string(section.id), "title": .string(section.title), "measures": .array(section.measures.map { measure($0, model) })])
            }),
            "dataQuality": .array(model.dataQuality.map(extract)),
            "glossary": .array(model.glossary.map(glossary)),
        ]).serialized()
    }

    private static func period(_ p: ReportModel.PeriodInfo) -> JSONValue {
        .object([
            "label": .string(p.label), "kind": .string(p.kindName), "start": .string(p.start), "end": .string(p.end),
            "financialYear": .string(p.financialYear), "previous": .optional(p.previous), "yearBefore": .optional(p.yearBefore),
            "baselineYear": .string(p.baselineYear),
        ])
    }

    /// `{"symbol": null, "text": "79.3%", "value": 79.3}` or `{"symbol": "c", "text": "c", "value": null}`.
    static func cell(_ c: ReportCell) -> JSONValue {
        .object([
            "value": c.isNumber ? .number(c.plain) : .null,
            "symbol": .optional(c.symbol?.rawValue),
            "text": .string(c.text),
        ])
    }

    private static func measure(_ m: MeasureReport, _ model: ReportModel) -> JSONValue {
        var members: [String: JSONValue] = [
            "id": .string(m.id), "name": .string(m.name), "description": .optional(m.description), "commentary": .optional(m.commentary),
            "better": .string(m.better.rawValue), "unit": .string(m.style.rawValue),
            "rag": .object(["status": .string(m.rag.key), "label": .string(m.rag.label), "text": .string(m.rag.text)]),
            "target": m.target.map { t in .object(["year": .string(t.year), "value": cell(t.value), "tolerance": cell(t.tolerance)]) } ?? .null,
            "baseline": m.baseline.map { b in .object(["year": .string(b.year), "value": cell(b.value), "declared": .bool(b.declared)]) } ?? .null,
            "comparators": .array(m.comparators.map { c in .object(["name": .string(c.name), "year": .string(c.year), "value": cell(c.value)]) }),
        ]
        members["rows"] = .array(m.rows.map { row in
            .object([
                "label": .string(row.label), "breakdown": .string(row.breakdown), "headline": .bool(row.isHeadline),
                "unit": .string(row.style.rawValue),
                "cells": .array(zip(model.columns, row.cells).map { column, c in
                    var o: [String: JSONValue] = ["column": .string(column)]
                    if case .object(let fields) = cell(c) { o.merge(fields) { a, _ in a } }
                    return .object(o)
                }),
                "previous": cell(row.previous), "yearBefore": cell(row.yearBefore),
                "changeOnPrevious": .string(row.changeOnPrevious.key), "changeOnYearBefore": .string(row.changeOnYearBefore.key),
            ])
        })
        members["trend"] = m.trend.map { t in
            .object(["row": .string(t.rowLabel), "column": .string(model.columns.last ?? "City"),
                     "points": .array(t.points.map { p in .object(["period": .string(p.label), "value": cell(p.cell)]) })])
        } ?? .null
        return .object(members)
    }

    private static func extract(_ q: ExtractQuality) -> JSONValue {
        .object([
            "source": .string(q.source), "file": .string(q.file), "rowsRead": .int(q.rowsRead), "accepted": .int(q.accepted),
            "rejected": .int(q.rejected), "merged": .int(q.merged), "unplaced": .int(q.unplaced),
            "reasons": .array(q.reasons.map { .object(["reason": .string($0.reason), "rows": .int($0.rows)]) }),
        ])
    }

    private static func glossary(_ g: GlossaryEntry) -> JSONValue {
        .object([
            "id": .string(g.id), "name": .string(g.name), "section": .string(g.section), "description": .optional(g.description),
            "facts": .array(g.facts.map { .object(["term": .string($0.term), "detail": .string($0.detail)]) }),
            "location": .string(g.location), "declaration": .optional(g.declaration),
        ])
    }
}
