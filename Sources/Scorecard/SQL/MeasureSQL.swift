/// One measure's figures as common table expressions, ending in `f<k>`: a row per
/// window, breakdown row `r`, column `c` and part `p`, holding the figure as the engine
/// makes it — numerator, denominator and value as a whole number (`ni`, `di`, `vi`) or a
/// double (`nd`, `dd`, `vd`), and `sym` (`''`, `z` or `x`).
///
/// A counted measure: `p<k>` its population (a row per window and record meeting `when`
/// and every `where`, with its column, breakdown row, distinct value, shares and amount),
/// `h<k>` each record in its own column and the City (and its breakdown row), `a<k>` the
/// counts per cell, `f<k>` the figures over every cell, zero where nothing counted.
/// A derived measure: `f<k>` from the figures of the measures its value reads.
struct MeasureSQL {
    let definitions: Definitions
    let dialect: SQLDialect
    let asAt: Int32
    let index: Int
    /// Per measure already compiled: whether its headline figure's numerator,
    /// denominator and value are whole numbers (how a derived value reads them).
    let headlineKinds: [Int: Kinds]

    struct Kinds {
        var numerator = true
        var denominator = true
        var value = true
    }

    var measure: Measure { definitions.measures[index] }
    var name: String { "f\(index)" }
    var localities: Int { definitions.categories[definitions.framework.columnCategory].values.count }
    var notRecorded: Int { localities }
    var city: Int { localities + 1 }

    func refuse(_ construct: String) -> SQLCompileError {
        SQLCompileError(measure: measure.id, location: measure.location, construct: construct)
    }

    /// The row labels, as the evaluator lays them out: the headline (nil) unless `only`,
    /// each category value, then the not-recorded row if the breakdown has one.
    var rowLabels: [String?] {
        guard let b = measure.breakdown else { return [nil] }
        var rows: [String?] = b.only ? [] : [nil]
        rows += definitions.categories[b.category].values.map { Optional($0) }
        if let label = b.notRecordedLabel { rows.append(label) }
        return rows
    }

    var partNames: [String?] {
        measure.typed.value != nil ? [nil] : measure.typed.parts.map(\.name)
    }

    /// The CTEs, and the kinds of the headline figure.
    func ctes() throws(SQLCompileError) -> (ctes: [(name: String, sql: String)], kinds: Kinds) {
        let typed = measure.typed
        if typed.value != nil { return try derived() }
        guard typed.record != nil, typed.when != nil, !typed.parts.isEmpty else {
            throw refuse("the measure's typed form (the checker has not filled it)")
        }
        return try counted()
    }

    // MARK: - Counted

    private func counted() throws(SQLCompileError) -> (ctes: [(name: String, sql: String)], kinds: Kinds) {
        let typed = measure.typed
        let record = typed.record!
        let k = index
        let x = ExpressionSQL(definitions: definitions, dialect: dialect, asAt: asAt, measure: measure)
        // The candidates first (window and record meeting `when`), kept apart so the
        // look-ups of lets and wheres run for them only.
        let when = try x.sql(typed.when!, ExpressionSQL.Scope(row: ("t", record), window: ("w.ws", "w.we", "w.wy")), positive: true).sql
        let candidates = """
        SELECT w.ws AS "_ws", w.we AS "_we", w.wy AS "_wy", t.*
          FROM sc_windows w CROSS JOIN sc_rec\(record) t
          WHERE \(when)
        """
        var scope = ExpressionSQL.Scope(row: ("t", record), window: ("t.\"_ws\"", "t.\"_we\"", "t.\"_wy\""))
        var joins: [String] = []
        for l in typed.lets {
            let v = try x.sql(l.value.expr, scope)
            let alias = "l\(l.slot)"
            if dialect == .spark {
                // Spark decorrelates a look-up written in place, not one inside a lateral subquery.
                scope.letExprs[l.slot] = l.value.expr
                continue
            }
            joins.append(dialect.lateral("SELECT \(v.sql) AS v", as: alias))
            scope.lets[l.slot] = "\(alias).v"
        }
        var conditions = ["TRUE"]
        for w in typed.wheres { conditions.append(try x.sql(w.expr, scope, positive: true).sql) }
        var select = ["t.\"_ws\" AS ws", "t.\"_we\" AS we", "t.\"_col\" AS col"]
        // The breakdown row of each record.
        let layout = rowLabels
        let headline = measure.breakdown?.only == true ? -1 : 0
        if let b = measure.breakdown {
            let offset = headline == 0 ? 1 : 0
            let values = definitions.categories[b.category].values
            let field = x.column("t", record, b.field)
            let otherwise = b.notRecordedLabel != nil ? String(offset + values.count) : "NULL"
            select.append("(CASE \(field) " + values.enumerated().map { "WHEN \(dialect.text($1)) THEN \(offset + $0)" }.joined(separator: " ") + " ELSE \(otherwise) END) AS brow")
        }
        if let distinct = typed.distinct {
            let d = try x.sql(distinct, scope).sql
            select.append("\(d) AS dv")
            // A record whose distinct value is blank is not counted at all.
            conditions.append("\(d) IS NOT NULL")
        }
        for (p, part) in typed.parts.enumerated() {
            if case .share(let clause) = part.part { select.append("\(try x.sql(clause.expr, scope, positive: true).sql) AS s\(p)") }
        }
        // Decimals are added in the engine's order (a different order can change the last
        // digit): the records of a window by the timing's date, then as read.
        var orderedSum = false
        if let aggregate = typed.aggregate {
            let v = try x.sql(aggregate.value, scope)
            select.append("\(v.sql) AS amt")
            if v.type == .decimal, aggregate.kind == .sum || aggregate.kind == .average {
                orderedSum = true
                var order = dialect.nullDate()
                if case .inPeriod(let field)? = typed.timing { order = x.column("t", record, field) }
                select.append("\(order) AS so")
                select.append("t.\"_id\" AS sid")
            }
        }
        let population = """
        SELECT \(select.joined(separator: ", "))
          FROM c\(k) t\(joins.map { "\n  " + $0 }.joined())
          WHERE \(conditions.joined(separator: "\n    AND "))
        """
        // Each record counts in its own column and in the City, in the headline row and its breakdown row.
        let carried = ["dv", "amt", "so", "sid"].filter { c in
            (c == "dv" && typed.distinct != nil) || (c == "amt" && typed.aggregate != nil) || ((c == "so" || c == "sid") && orderedSum)
        } + typed.parts.indices.compactMap { p in if case .share = typed.parts[p].part { "s\(p)" } else { nil } }
        let extra = carried.map { ", " + $0 }.joined()
        var hits: [String] = []
        if headline == 0 {
            hits.append("SELECT ws, we, 0 AS r, col AS c\(extra) FROM p\(k)")
            hits.append("SELECT ws, we, 0, \(city)\(extra) FROM p\(k)")
        }
        if measure.breakdown != nil {
            hits.append("SELECT ws, we, brow, col\(extra) FROM p\(k) WHERE brow IS NOT NULL")
            hits.append("SELECT ws, we, brow, \(city)\(extra) FROM p\(k) WHERE brow IS NOT NULL")
        }
        if headline != 0 {
            // Only breakdown rows: name the columns on the first branch.
            hits[0] = "SELECT ws, we, brow AS r, col AS c\(extra) FROM p\(k) WHERE brow IS NOT NULL"
        }
        var aggregates = ["ws", "we", "r", "c", "COUNT(*) AS n"]
        for (p, part) in typed.parts.enumerated() {
            if case .share = part.part {
                aggregates.append("COUNT(CASE WHEN s\(p) THEN 1 END) AS n\(p)")
                if typed.distinct != nil { aggregates.append("COUNT(DISTINCT CASE WHEN s\(p) THEN dv END) AS d\(p)") }
            }
        }
        if typed.distinct != nil { aggregates.append("COUNT(DISTINCT dv) AS d") }
        if let aggregate = typed.aggregate {
            aggregates.append("COUNT(amt) AS an")
            switch aggregate.kind {
            // Whole numbers exactly (a sum past BIGINT is x, as the engine's is); decimals in order, below.
            case .sum, .average: if !orderedSum { aggregates.append("SUM(\(dialect.exact("amt"))) AS asum") }
            case .min: aggregates.append("MIN(amt) AS abest")
            case .max: aggregates.append("MAX(amt) AS abest")
            }
        }
        var cells = "SELECT \(aggregates.joined(separator: ", ")) FROM h\(k) GROUP BY ws, we, r, c"
        var ctes: [(String, String)] = [(dialect.materialized("c\(k)"), candidates), ("p\(k)", population), ("h\(k)", hits.joined(separator: "\n  UNION ALL "))]
        if orderedSum {
            // A running sum in that order; each cell's last row holds its total.
            let cell = "PARTITION BY ws, we, r, c"
            ctes.append(("s\(k)", """
            SELECT ws, we, r, c, run AS asum FROM (
                SELECT ws, we, r, c, SUM(amt) OVER (\(cell) ORDER BY so, sid ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS run,
                       ROW_NUMBER() OVER (\(cell) ORDER BY so DESC, sid DESC) AS k
                  FROM h\(k) WHERE amt IS NOT NULL
              ) AS x WHERE k = 1
            """))
            cells = "SELECT q.*, s.asum FROM (\(cells)) AS q LEFT JOIN s\(k) s ON s.ws = q.ws AND s.we = q.we AND s.r = q.r AND s.c = q.c"
        }
        ctes.append(("a\(k)", cells))
        if let per = measure.per { ctes.append(("ref\(k)", try reference(per))) }
        let (figures, kinds) = try figureRows(layout: layout, headline: headline)
        ctes.append(("\(name)", withheld(figures)))
        return (ctes, kinds)
    }

    /// Each locality's reference value for `per` in each window: the first row (in
    /// Scorecard's order) in its column whose `matching` fields equal the window's values
    /// and whose value is not blank; one row per window, a column `v<c>` per locality.
    private func reference(_ per: Measure.Per) throws(SQLCompileError) -> String {
        let x = ExpressionSQL(definitions: definitions, dialect: dialect, asAt: asAt, measure: measure)
        let scope = ExpressionSQL.Scope(window: ("w.ws", "w.we", "w.wy"))
        var on = ["t.\"_col\" < \(localities)", "\(x.column("t", per.record, per.field)) IS NOT NULL"]
        for m in measure.typed.perMatching {
            on.append(dialect.nullSafeEqual(x.column("t", per.record, m.field), try x.sql(m.value, scope).sql))
        }
        let value = dialect.double(x.column("t", per.record, per.field))
        let pivot = (0..<localities).map { "MAX(CASE WHEN c = \($0) THEN v END) AS v\($0)" }.joined(separator: ", ")
        return """
        SELECT ws, we, \(pivot) FROM (
            SELECT w.ws, w.we, t."_col" AS c, \(value) AS v,
                   ROW_NUMBER() OVER (PARTITION BY w.ws, w.we, t."_col" ORDER BY t."_id") AS k
              FROM sc_windows w JOIN sc_rec\(per.record) t ON \(on.joined(separator: " AND "))
          ) AS x WHERE k = 1 GROUP BY ws, we
        """
    }

    /// A figure's seven columns from SQL for each (NULL where it has none).
    struct FigureSQL {
        var ni = "NULL", nd = "NULL", di = "NULL", dd = "NULL", vi = "NULL", vd = "NULL", sym = "''"

        func select(_ d: SQLDialect) -> String {
            "\(d.bigint(ni)) AS ni, \(d.double(nd)) AS nd, \(d.bigint(di)) AS di, \(d.double(dd)) AS dd, \(d.bigint(vi)) AS vi, \(d.double(vd)) AS vd, \(sym) AS sym"
        }
    }

    func percent(_ num: String, _ den: String) -> FigureSQL {
        FigureSQL(ni: num, di: den, vd: "CASE WHEN \(den) = 0 THEN NULL ELSE \(dialect.double(num)) * 100 / \(dialect.double(den)) END",
                  sym: "CASE WHEN \(den) = 0 THEN 'z' ELSE '' END")
    }

    /// The grid of every window, row, column and part, with each cell's figure.
    private func figureRows(layout: [String?], headline: Int) throws(SQLCompileError) -> (String, Kinds) {
        let typed = measure.typed
        let k = index
        let distinctShares = typed.distinct != nil && typed.parts.contains { if case .share = $0.part { true } else { false } }
        var selects: [String] = []
        var kinds = Kinds()
        // Headline and breakdown rows differ only for `as share`: a row kind at a time.
        var rowGroups: [[Int]] = []
        let asShare = measure.breakdown?.asShare == true && headline == 0
        if asShare {
            rowGroups = [[0], Array(1..<layout.count)]
        } else {
            rowGroups = [Array(0..<layout.count)]
        }
        for rows in rowGroups where !rows.isEmpty {
            let isHeadline = rows == [headline]
            for (p, part) in typed.parts.enumerated() {
                let n = "COALESCE(a.n, 0)"
                let num: String, den: String
                var isShare = false
                if case .share = part.part { isShare = true }
                if distinctShares {
                    num = isShare ? "COALESCE(a.d\(p), 0)" : "COALESCE(a.d, 0)"
                    den = "COALESCE(a.d, 0)"
                } else {
                    num = typed.distinct != nil ? "COALESCE(a.d, 0)" : (isShare ? "COALESCE(a.n\(p), 0)" : n)
                    den = n
                }
                var f: FigureSQL
                var joinHeadline = false
                if isShare {
                    f = percent(num, den)
                } else if asShare && !isHeadline {
                    joinHeadline = true
                    let whole = typed.distinct == nil ? "COALESCE(hd.n, 0)" : "COALESCE(hd.d, 0)"
                    f = percent(num, whole)
                } else {
                    f = FigureSQL(ni: num, vi: num)
                }
                var joinReference = false
                if let per = measure.per {
                    joinReference = true
                    f = rate(num, per)
                }
                if let aggregate = typed.aggregate {
                    f = try aggregateFigure(aggregate.kind)
                }
                if rows.contains(0) && p == 0 && (headline == 0) {
                    kinds = Kinds(numerator: f.ni != "NULL", denominator: f.di != "NULL", value: f.vi != "NULL")
                }
                var sql = """
                SELECT g.ws, g.we, g.r, g.c, \(p) AS p, \(f.select(dialect))
                    FROM (SELECT w.ws, w.we, rr.r, cc.c FROM sc_windows w CROSS JOIN (VALUES \(rows.map { "(\($0))" }.joined(separator: ", "))) AS rr(r) CROSS JOIN sc_columns cc) AS g
                    LEFT JOIN a\(k) a ON a.ws = g.ws AND a.we = g.we AND a.r = g.r AND a.c = g.c
                """
                if joinHeadline { sql += "\n    LEFT JOIN a\(k) hd ON hd.ws = g.ws AND hd.we = g.we AND hd.r = 0 AND hd.c = g.c" }
                if joinReference { sql += "\n    LEFT JOIN ref\(k) rf ON rf.ws = g.ws AND rf.we = g.we" }
                selects.append(sql)
            }
        }
        return (selects.joined(separator: "\n  UNION ALL "), kinds)
    }

    /// A count per a reference value: `z` in the not-recorded column, `x` where a
    /// locality's value is missing; the City divides by the localities' sum (`city all`:
    /// `x` if any is missing; `city present`: those present), added in column order.
    private func rate(_ num: String, _ per: Measure.Per) -> FigureSQL {
        let values = (0..<localities).map { "rf.v\($0)" }
        let sum = values.reduce(dialect.doubleConstant(0)) { "(\($0) + COALESCE(\($1), 0))" }
        let citySum: String
        if per.cityFromPresent {
            citySum = "CASE WHEN " + values.map { "\($0) IS NULL" }.joined(separator: " AND ") + " THEN NULL ELSE \(sum) END"
        } else {
            citySum = "CASE WHEN " + values.map { "\($0) IS NULL" }.joined(separator: " OR ") + " THEN NULL ELSE \(sum) END"
        }
        let den = "(CASE WHEN g.c = \(city) THEN \(citySum) " + values.enumerated().map { "WHEN g.c = \($0) THEN \($1)" }.joined(separator: " ") + " END)"
        let isWhole = definitions.records[per.record].fields[per.field].type == .int
        let scaled = per.scale == 1 ? dialect.double(num) : "\(dialect.double(num)) * \(dialect.doubleConstant(per.scale))"
        return FigureSQL(
            ni: num,
            dd: isWhole ? "NULL" : "CASE WHEN g.c = \(notRecorded) THEN NULL ELSE \(den) END",
            vd: "CASE WHEN g.c = \(notRecorded) OR \(den) IS NULL OR \(den) = 0 THEN NULL ELSE \(scaled) / \(den) END",
            sym: "CASE WHEN g.c = \(notRecorded) THEN 'z' WHEN \(den) IS NULL THEN 'x' WHEN \(den) = 0 THEN 'z' ELSE '' END"
        ).with(di: isWhole ? "CASE WHEN g.c = \(notRecorded) THEN NULL ELSE \(den) END" : "NULL")
    }

    /// A sum (numerator and value), an average (the sum over the number of values), or
    /// the least or greatest value; `z` where there is no value to average or pick.
    private func aggregateFigure(_ kind: Aggregate.Kind) throws(SQLCompileError) -> FigureSQL {
        let isWhole = measure.typed.aggregate.map { ExpressionSQL.isWholeType($0.value) } ?? true
        let count = "COALESCE(a.an, 0)"
        switch kind {
        case .sum, .average:
            let sum = "COALESCE(a.asum, 0)"
            // A whole-number sum past BIGINT's range: the figure is x, with no counts.
            let fits = isWhole ? dialect.fitsBigint(sum) : "TRUE"
            let kept = "CASE WHEN \(fits) THEN \(sum) END"
            var f = isWhole ? FigureSQL(ni: kept) : FigureSQL(nd: sum)
            if kind == .sum {
                if isWhole { f.vi = kept } else { f.vd = sum }
                f.sym = "CASE WHEN \(fits) THEN '' ELSE 'x' END"
                return f
            }
            f.di = "CASE WHEN \(fits) THEN \(count) END"
            f.vd = "CASE WHEN \(count) = 0 OR NOT (\(fits)) THEN NULL ELSE \(dialect.double(sum)) / \(dialect.double(count)) END"
            f.sym = "CASE WHEN NOT (\(fits)) THEN 'x' WHEN \(count) = 0 THEN 'z' ELSE '' END"
            return f
        case .min, .max:
            var f = FigureSQL(sym: "CASE WHEN \(count) = 0 THEN 'z' ELSE '' END")
            if isWhole { f.vi = "a.abest" } else { f.vd = "a.abest" }
            return f
        }
    }

    /// A measure that looks forward: every figure of a window not yet due is `x`.
    private func withheld(_ figures: String) -> String {
        guard let delay = measure.availableAfter else { return figures }
        let due = delay.unit == .days ? dialect.addDays("ws_we", String(delay.count)) : dialect.addMonths("ws_we", String(delay.count))
        let notDue = "\(due.replacingOccurrences(of: "ws_we", with: "x.we")) > \(dialect.date(asAt))"
        let columns = ["ni", "nd", "di", "dd", "vi", "vd"].map { "CASE WHEN \(notDue) THEN NULL ELSE x.\($0) END AS \($0)" }
        return "SELECT x.ws, x.we, x.r, x.c, x.p, \(columns.joined(separator: ", ")), CASE WHEN \(notDue) THEN 'x' ELSE x.sym END AS sym FROM (\n  \(figures)\n) AS x"
    }

    // MARK: - Derived

    private func derived() throws(SQLCompileError) -> (ctes: [(name: String, sql: String)], kinds: Kinds) {
        let typed = measure.typed
        var x = ExpressionSQL(definitions: definitions, dialect: dialect, asAt: asAt, measure: measure)
        let kinds = headlineKinds
        x.figure = { (m: Int, part: TypedExpr.FigurePart, ws: String, we: String, c: String) throws(SQLCompileError) -> ExpressionSQL.Value in
            guard let dep = kinds[m] else { throw SQLCompileError(measure: definitions.measures[index].id, location: definitions.measures[index].location, construct: "a figure of a measure not compiled before it") }
            let column: String, whole: Bool
            switch part {
            case .count, .numerator: whole = dep.numerator; column = whole ? "ni" : "nd"
            case .denominator: whole = dep.denominator; column = whole ? "di" : "dd"
            case .value: whole = dep.value; column = whole ? "vi" : "vd"
            }
            // A figure that is x or z reads as missing.
            let read = part == .value ? "CASE WHEN y.sym = '' THEN y.\(column) END" : "y.\(column)"
            let sql = "(SELECT MAX(\(read)) FROM f\(m) y WHERE y.ws = \(ws) AND y.we = \(we) AND y.c = \(c) AND y.r = 0 AND y.p = 0)"
            return ExpressionSQL.Value(sql, whole ? .int : .decimal, isWhole: whole)
        }
        let scope = ExpressionSQL.Scope(window: ("w.ws", "w.we", "w.wy"), column: "cc.c")
        let v = try x.sql(typed.value!, scope)
        var f = FigureSQL()
        if v.isWhole {
            f.vi = v.sql
            f.sym = "CASE WHEN \(v.sql) IS NULL THEN 'x' ELSE '' END"
        } else {
            f.vd = "CASE WHEN \(dialect.isNaN(v.sql)) THEN NULL ELSE \(v.sql) END"
            f.sym = "CASE WHEN \(v.sql) IS NULL THEN 'x' WHEN \(dialect.isNaN(v.sql)) THEN 'z' ELSE '' END"
        }
        var kindsOut = Kinds(numerator: true, denominator: true, value: v.isWhole)
        if let parts = typed.valueParts {
            let n = try x.sql(parts.numerator, scope), dn = try x.sql(parts.denominator, scope)
            kindsOut.numerator = n.isWhole
            kindsOut.denominator = dn.isWhole
            if n.isWhole { f.ni = n.sql } else { f.nd = "CASE WHEN \(dialect.isNaN(n.sql)) THEN NULL ELSE \(n.sql) END" }
            if dn.isWhole { f.di = dn.sql } else { f.dd = "CASE WHEN \(dialect.isNaN(dn.sql)) THEN NULL ELSE \(dn.sql) END" }
        }
        let sql = "SELECT w.ws, w.we, 0 AS r, cc.c, 0 AS p, \(f.select(dialect))\n    FROM sc_windows w CROSS JOIN sc_columns cc"
        return ([(name, withheld(sql))], kindsOut)
    }
}

extension MeasureSQL.FigureSQL {
    func with(di: String) -> Self {
        var copy = self
        copy.di = di
        return copy
    }
}

extension ExpressionSQL {
    /// Whether an expression's value is a whole number (its static type).
    static func isWholeType(_ e: TypedExpr) -> Bool { e.type == .int }
}
