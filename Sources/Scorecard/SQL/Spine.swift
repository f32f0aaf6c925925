/// The periods and windows every measure is computed over, as common table expressions:
///
/// - `sc_periods(ws, we, wy, label, ord)`: every month, financial-year quarter and
///   financial year from the framework's first month whose last day is on or before the
///   as-at date, labelled and ordered as `Period.spine` does (by financial year: the
///   year, its quarters, its months);
/// - `sc_windows(ws, we, wy)`: those periods' windows plus the one-day windows that
///   `M.count at DATE` reads (the date computed from each period);
/// - `sc_columns(c, name)`: the localities, then not recorded, then the City.
///
/// `ws`, `we` are a window's first and last day, `wy` 1 April of the financial year
/// holding its last day.
struct Spine {
    let definitions: Definitions
    let dialect: SQLDialect
    let asAt: Int32

    var first: Int32 {
        Day.number(year: definitions.framework.firstMonth.year, month: definitions.framework.firstMonth.month, day: 1)
    }

    /// 1 April of the financial year holding a date.
    func fyStart(_ d: String) -> String {
        dialect.makeDate("\(dialect.year(d)) - CASE WHEN \(dialect.month(d)) < 4 THEN 1 ELSE 0 END", "4", "1")
    }

    func lastDay(_ start: String, months: Int) -> String { dialect.addDays(dialect.addMonths(start, String(months)), "-1") }

    /// The CTEs, given the SQL of each `at` date over a period `p` (`p.ws`, `p.we`, `p.wy`).
    func ctes(atDates: [String]) -> [(name: String, sql: String)] {
        let months: String
        switch dialect {
        case .postgres:
            months = "SELECT CAST(g.m AS DATE) AS ms FROM generate_series(\(dialect.date(first)), \(dialect.date(asAt)), INTERVAL '1 month') AS g(m)"
        case .spark:
            months = "SELECT explode(sequence(\(dialect.date(first)), \(dialect.date(asAt)), INTERVAL 1 MONTH)) AS ms"
        }
        let m = dialect.month("ms")
        let fy = "(\(dialect.year("ms")) - CASE WHEN \(m) < 4 THEN 1 ELSE 0 END)"
        let fyLabel = "concat(\(dialect.toText(fy)), '-', lpad(\(dialect.toText("MOD(\(fy) + 1, 100)")), 2, '0'))"
        let monthLabel = "concat(\(dialect.toText(dialect.year("ms"))), '-', lpad(\(dialect.toText(m)), 2, '0'))"
        let quarter = "(\(dialect.intDiv("MOD(\(m) + 8, 12)", "3")) + 1)"
        let spine = """
        SELECT \(fy) AS fy, 0 AS kind, ms AS ws, \(lastDay("ms", months: 12)) AS we, \(fyLabel) AS label FROM sc_months WHERE \(m) = 4
          UNION ALL SELECT \(fy), 1, ms, \(lastDay("ms", months: 3)), concat(\(fyLabel), ' Q', \(dialect.toText(quarter))) FROM sc_months WHERE \(m) IN (1, 4, 7, 10)
          UNION ALL SELECT \(fy), 2, ms, \(lastDay("ms", months: 1)), \(monthLabel) FROM sc_months
        """
        let periods = """
        SELECT ws, we, \(fyStart("we")) AS wy, label, ROW_NUMBER() OVER (ORDER BY fy, kind, ws) AS ord
          FROM sc_spine WHERE we <= \(dialect.date(asAt))
        """
        var windows = "SELECT ws, we, wy FROM sc_periods"
        for d in atDates {
            windows += "\n  UNION SELECT d, d, \(fyStart("d")) FROM (SELECT \(d) AS d FROM sc_periods p) AS a WHERE d IS NOT NULL"
        }
        let framework = definitions.framework
        let names = definitions.categories[framework.columnCategory].values + [framework.notRecordedLabel, framework.cityLabel]
        let columns = "SELECT * FROM (VALUES " + names.enumerated().map { "(\($0), \(dialect.text($1)))" }.joined(separator: ", ") + ") AS v(c, name)"
        return [("sc_months", months), ("sc_spine", spine), ("sc_periods", periods), ("sc_windows", windows), ("sc_columns", columns)]
    }
}
