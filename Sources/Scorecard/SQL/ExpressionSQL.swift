/// Translates the checker's typed expressions (`TypedExpr`) into SQL over the exported
/// tables, keeping the language's meaning exactly:
///
/// - A blank makes every comparison false, and `not` of false is true: every condition is
///   written so it is never NULL (`COALESCE(a < b, FALSE)`), so SQL's three-valued logic
///   never leaks in.
/// - Codes are their canonical text; an ordering of codes compares their places in the
///   category's declared order (`CASE x WHEN 'VCM' THEN 0 …`).
/// - Whole numbers are BIGINT, numbers DOUBLE; `/` is always a double, a division by zero
///   blank (NULL), or NaN (`z`) in a derived value.
/// - A reference or `this` is the row's `_id`; `first`/`last` break ties by `_id`.
struct ExpressionSQL {
    /// A translated expression: its SQL and, for numbers, whether its runtime value is a
    /// whole number (a derived value reading another measure's figure may hold a whole
    /// number where the static type says decimal, and prints it as one).
    struct Value {
        var sql: String
        var type: ValueType
        var isWhole: Bool

        init(_ sql: String, _ type: ValueType, isWhole: Bool? = nil) {
            self.sql = sql
            self.type = type
            self.isWhole = isWhole ?? (type == .int)
        }
    }

    /// What names mean where the expression stands.
    struct Scope {
        /// The SQL alias of the row in scope (the record counted) and its record.
        var row: (alias: String, record: Int)?
        /// The period's bounds as SQL, when a window is in scope.
        var window: (start: String, end: String, yearStart: String)?
        /// Aliases of `exists`/`first`/`last`, by slot.
        var aliases: [Int: String] = [:]
        /// `let` values, by slot.
        var lets: [Int: String] = [:]
        /// `let`s written in place where they are read (Spark: a look-up may not sit in a
        /// lateral subquery there), by slot.
        var letExprs: [Int: TypedExpr] = [:]
        /// The column (locality index) in scope, for a derived value's figure reads.
        var column: String?
    }

    let definitions: Definitions
    let dialect: SQLDialect
    let asAt: Int32
    /// The measure being compiled, for errors.
    let measure: Measure
    /// Reads another measure's figure: (measure, part, window start, window end, column).
    var figure: ((Int, TypedExpr.FigurePart, String, String, String) throws(SQLCompileError) -> Value)?
    private var aliasCounter = Box()

    final class Box { var next = 0 }

    init(definitions: Definitions, dialect: SQLDialect, asAt: Int32, measure: Measure) {
        self.definitions = definitions
        self.dialect = dialect
        self.asAt = asAt
        self.measure = measure
    }

    func refuse(_ construct: String) -> SQLCompileError {
        SQLCompileError(measure: measure.id, location: measure.location, construct: construct)
    }

    func freshAlias(_ prefix: String) -> String {
        aliasCounter.next += 1
        return "\(prefix)\(aliasCounter.next)"
    }

    // MARK: - Helpers

    func column(_ alias: String, _ record: Int, _ field: Int) -> String {
        "\(alias).\(SQLName.quoted(definitions.records[record].fields[field].name))"
    }

    func table(_ record: Int) -> String { SQLName.quoted(SQLName.table(definitions.records[record].name)) }

    /// A code's place in its category (from 0), NULL for a blank.
    func position(_ sql: String, category: Int) -> String {
        let values = definitions.categories[category].values
        return "(CASE \(sql) " + values.enumerated().map { "WHEN \(dialect.text($1)) THEN \($0)" }.joined(separator: " ") + " END)"
    }

    /// A condition that is never NULL: NULL (a blank compared) is false.
    func never_null(_ sql: String) -> String { "COALESCE(\(sql), FALSE)" }

    func double(_ v: Value) -> String { v.type == .decimal && !v.isWhole ? v.sql : dialect.double(v.sql) }

    // MARK: - Expressions

    /// - Parameter positive: the condition is only tested for truth (a `WHERE`, a share
    ///   counted), never negated or kept: a NULL there is as good as false, so comparisons
    ///   are left bare and the engine's indexes serve them.
    func sql(_ e: TypedExpr, _ scope: Scope, positive: Bool = false) throws(SQLCompileError) -> Value {
        func never_null(_ sql: String) -> String { positive ? sql : self.never_null(sql) }
        switch e {
        case .int(let i):
            return Value(dialect.bigint(String(i)), .int)
        case .decimal(let d):
            return Value(dialect.doubleConstant(d), .decimal)
        case .duration:
            throw refuse("a duration outside 'DATE + N days/months'")
        case .code(let c, let index):
            return Value(dialect.text(definitions.categories[c].values[Int(index)]), .category(c))
        case .text(let s, _):
            return Value(dialect.text(s), .text)
        case .field(let record, let field, let type):
            try refuseExactTypes(type)
            guard let row = scope.row else { throw refuse("a field with no row in scope") }
            guard row.record == record else { throw refuse("a field of another record than the one in scope") }
            return Value(column(row.alias, record, field), type)
        case .this(let record):
            guard let row = scope.row, row.record == record else { throw refuse("'this' with no row in scope") }
            return Value("\(row.alias).\"_id\"", .record(record))
        case .alias(let slot, let record):
            guard let alias = scope.aliases[slot] else { throw refuse("an alias out of scope") }
            return Value("\(alias).\"_id\"", .record(record))
        case .letValue(let slot, let type):
            if let e = scope.letExprs[slot] { return try sql(e, scope, positive: positive) }
            guard let sql = scope.lets[slot] else { throw refuse("a 'let' read before it is computed") }
            return Value(sql, type)
        case .follow(let given, let record, let field, let type):
            try refuseExactTypes(type)
            var base = given
            while case .letValue(let slot, _) = base, let e = scope.letExprs[slot] { base = e }
            switch base {
            case .pick(let last, let related, let orderBy) where dialect == .spark:
                // Spark resolves an outer row one level down only: the look-up gives the field itself.
                return Value(try pick(last: last, related, orderBy, scope, field: field).sql, type)
            case .alias(let slot, _):
                guard let alias = scope.aliases[slot] else { throw refuse("an alias out of scope") }
                return Value(column(alias, record, field), type)
            case .this:
                guard let row = scope.row else { throw refuse("'this' with no row in scope") }
                return Value(column(row.alias, record, field), type)
            default:
                let b = try sql(base, scope)
                let x = freshAlias("f")
                return Value("(SELECT MAX(\(column(x, record, field))) FROM \(table(record)) \(x) WHERE \(x).\"_id\" = \(b.sql))", type)
            }
        case .period(let bound):
            guard let w = scope.window else { throw refuse("'period' where no period is in scope") }
            switch bound {
            case .start: return Value(w.start, .date)
            case .end: return Value(w.end, .date)
            case .yearStart: return Value(w.yearStart, .date)
            }
        case .asAt:
            return Value(dialect.date(asAt), .date)
        case .not(let inner):
            return Value("(NOT \(try sql(inner, scope).sql))", .bool)
        case .negate(let inner, let type):
            let v = try sql(inner, scope)
            // The engine negates a decimal only when it holds one: a whole-number figure read
            // where a decimal is expected negates to blank.
            if type == .decimal && v.isWhole { return Value(dialect.nullDouble(), .decimal) }
            return Value("(-\(v.sql))", type, isWhole: v.isWhole)
        case .and(let a, let b):
            return Value("(\(try sql(a, scope, positive: positive).sql) AND \(try sql(b, scope, positive: positive).sql))", .bool)
        case .or(let a, let b):
            return Value("(\(try sql(a, scope, positive: positive).sql) OR \(try sql(b, scope, positive: positive).sql))", .bool)
        case .compare(let op, let a, let b, let kind):
            return Value(try compare(op, a, b, kind, scope, positive: positive), .bool)
        case .arithmetic(let op, let a, let b, let type, let byZero):
            return try arithmetic(op, a, b, type, byZero, scope)
        case .shiftDate(let date, let by, let unit, let subtract):
            let d = try sql(date, scope)
            guard case .duration(let n, _) = by else { throw refuse("a date shifted by a computed duration") }
            let count = String(subtract ? -n : n)
            return Value(unit == .days ? dialect.addDays(d.sql, count) : dialect.addMonths(d.sql, count), .date)
        case .isBlank(let inner, let negated):
            let v = try sql(inner, scope)
            if v.type == .bool { return Value(negated ? "TRUE" : "FALSE", .bool) }
            return Value("(\(v.sql) IS \(negated ? "NOT " : "")NULL)", .bool)
        case .inList(let inner, let items):
            let v = try sql(inner, scope)
            let list = try items.map { (item: TypedExpr) throws(SQLCompileError) -> String in try sql(item, scope).sql }
            return Value(never_null("\(v.sql) IN (\(list.joined(separator: ", ")))"), .bool)
        case .inPeriod(let inner, let toDate):
            guard let w = scope.window else { throw refuse("'in period' where no period is in scope") }
            let d = try sql(inner, scope).sql
            return Value(never_null("(\(d) >= \(toDate ? w.yearStart : w.start) AND \(d) <= \(w.end))"), .bool)
        case .open(let record, let start, let end, let duringYear):
            guard let row = scope.row, row.record == record, let w = scope.window else { throw refuse("'open' with no record or period in scope") }
            let s = column(row.alias, record, start), e = column(row.alias, record, end)
            if duringYear {
                return Value(never_null("(\(s) <= \(w.end) AND (\(e) IS NULL OR (\(e) > \(s) AND \(e) > \(w.yearStart))))"), .bool)
            }
            return Value(never_null("(\(s) <= \(w.end) AND (\(e) IS NULL OR \(e) > \(w.end)))"), .bool)
        case .call(let function, let args, let type):
            return try call(function, args, type, scope)
        case .exists(let related):
            let (from, conditions, _) = try relatedRows(related, scope)
            let whereClause = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
            return Value("EXISTS (SELECT 1 FROM \(from)\(whereClause))", .bool)
        case .pick(let last, let related, let orderBy):
            return try pick(last: last, related, orderBy, scope)
        case .figure(let m, let part, let type):
            guard let w = scope.window, let c = scope.column, let figure else { throw refuse("another measure's figure outside a derived value") }
            var v = try figure(m, part, w.start, w.end, c)
            v.type = type
            return v
        case .moneyAsNumber:
            throw refuse("money read as a number of pounds")
        case .arrival:
            throw refuse("a date-time's arrival after the close of business (working days)")
        case .figureAt(let m, let part, let date, let type):
            guard let c = scope.column, let figure else { throw refuse("another measure's figure outside a derived value") }
            let d = try sql(date, scope).sql
            var v = try figure(m, part, d, d, c)
            v.type = type
            return v
        }
    }

    /// Money (exact pence) and date-times (seconds) are not compiled yet: the long
    /// table's money layout and the close-of-business rule have no SQL form here, so a
    /// measure that reads them is refused by name rather than given a figure that could differ.
    private func refuseExactTypes(_ type: ValueType) throws(SQLCompileError) {
        switch type {
        case .money: throw refuse("a money field")
        case .datetime: throw refuse("a date-time field")
        default: return
        }
    }

    private func compare(_ op: TypedExpr.CompareOp, _ a: TypedExpr, _ b: TypedExpr, _ kind: TypedExpr.ComparisonKind, _ scope: Scope, positive: Bool) throws(SQLCompileError) -> String {
        var x = try sql(a, scope).sql, y = try sql(b, scope).sql
        let symbol: String
        switch op {
        case .equal: symbol = "="
        case .notEqual: symbol = "<>"
        case .less: symbol = "<"
        case .lessEqual: symbol = "<="
        case .greater: symbol = ">"
        case .greaterEqual: symbol = ">="
        }
        if case .category(let c) = kind, op != .equal, op != .notEqual {
            x = position(x, category: c)
            y = position(y, category: c)
        }
        return positive ? "(\(x) \(symbol) \(y))" : never_null("\(x) \(symbol) \(y)")
    }

    /// A whole-number operand in exact arithmetic: a + - * of whole numbers stays exact,
    /// anything else is cast.
    private func exactInt(_ e: TypedExpr, _ scope: Scope) throws(SQLCompileError) -> String {
        if case .arithmetic(let op, let a, let b, .int, _) = e, op != .divide {
            return "(\(try exactInt(a, scope)) \(op.rawValue) \(try exactInt(b, scope)))"
        }
        return dialect.exact(try sql(e, scope).sql)
    }

    private func arithmetic(_ op: TypedExpr.ArithmeticOp, _ a: TypedExpr, _ b: TypedExpr, _ type: ValueType,
                            _ byZero: TypedExpr.DivisionByZero, _ scope: Scope) throws(SQLCompileError) -> Value {
        if type == .int, op != .divide {
            // Exact, then blank past BIGINT's range as the engine's whole numbers are (never
            // an error or a wrapped number). A chain of + - * is checked once, at its top.
            let v = "(\(try exactInt(a, scope)) \(op.rawValue) \(try exactInt(b, scope)))"
            return Value("(CASE WHEN \(dialect.fitsBigint(v)) THEN \(dialect.bigint(v)) END)", .int)
        }
        let x = try sql(a, scope), y = try sql(b, scope)
        let p = double(x), q = double(y)
        guard op == .divide else { return Value("(\(p) \(op.rawValue) \(q))", .decimal, isWhole: false) }
        switch byZero {
        case .blank:
            return Value("(\(p) / NULLIF(\(q), 0))", .decimal, isWhole: false)
        case .notApplicable:
            // A blank side is blank before a zero is looked at.
            return Value("(CASE WHEN \(p) IS NULL OR \(q) IS NULL THEN \(dialect.nullDouble()) WHEN \(q) = 0 THEN \(dialect.doubleConstant(.nan)) ELSE \(p) / \(q) END)", .decimal, isWhole: false)
        }
    }

    /// `FROM R a` and the conditions of an `exists`/`first`/`last`.
    private func relatedRows(_ related: TypedRelated, _ scope: Scope) throws(SQLCompileError) -> (from: String, conditions: [String], inner: Scope) {
        let alias = freshAlias("r")
        var inner = scope
        inner.aliases[related.slot] = alias
        var conditions: [String] = []
        if let join = related.join {
            // Evaluated in the outer scope: the join's value does not mention the alias.
            conditions.append("\(column(alias, related.record, join.field)) = \(try sql(join.value, scope).sql)")
        }
        if let condition = related.condition { conditions.append(try sql(condition, inner, positive: true).sql) }
        if related.excludeSelf, let row = scope.row, row.record == related.record {
            conditions.append("\(alias).\"_id\" <> \(row.alias).\"_id\"")
        }
        return ("\(table(related.record)) \(alias)", conditions, inner)
    }

    private func pick(last: Bool, _ related: TypedRelated, _ orderBy: [TypedExpr], _ scope: Scope, field: Int? = nil) throws(SQLCompileError) -> Value {
        let (from, conditions, inner) = try relatedRows(related, scope)
        let alias = inner.aliases[related.slot]!
        var keys: [String] = []
        for o in orderBy {
            let k = try sql(o, inner)
            keys.append(k.type.isCategory ? position(k.sql, category: k.type.category!) : k.sql)
        }
        let whereClause = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        if dialect == .spark {
            // Spark has no correlated ORDER BY … LIMIT 1: the row with the least (greatest)
            // key, the keys and _id in a struct, which orders blanks first and field by field.
            let key = "struct(" + (keys + ["\(alias).\"_id\""]).joined(separator: ", ") + ")"
            let picked = field.map { column(alias, related.record, $0) } ?? "\(alias).\"_id\""
            return Value("(SELECT \(last ? "max_by" : "min_by")(\(picked), \(key)) FROM \(from)\(whereClause))", .record(related.record))
        }
        // A blank key is smaller than any value; ties go to the earliest row (first) or the latest (last).
        var order = keys.map { last ? "\($0) DESC NULLS LAST" : "\($0) ASC NULLS FIRST" }
        order.append(last ? "\(alias).\"_id\" DESC" : "\(alias).\"_id\" ASC")
        return Value("(SELECT \(alias).\"_id\" FROM \(from)\(whereClause) ORDER BY \(order.joined(separator: ", ")) \(dialect.limitOne()))", .record(related.record))
    }

    // MARK: - Functions

    private func call(_ function: TypedExpr.Function, _ args: [TypedExpr], _ type: ValueType, _ scope: Scope) throws(SQLCompileError) -> Value {
        let values = try args.map { (a: TypedExpr) throws(SQLCompileError) -> Value in try sql(a, scope) }
        let d = values.first?.sql ?? ""
        let y = dialect.year(d), m = dialect.month(d)
        func fyStart(_ d: String) -> String {
            dialect.makeDate("\(dialect.year(d)) - CASE WHEN \(dialect.month(d)) < 4 THEN 1 ELSE 0 END", "4", "1")
        }
        func ayStart(_ d: String) -> String {
            dialect.makeDate("\(dialect.year(d)) - CASE WHEN \(dialect.month(d)) < 9 THEN 1 ELSE 0 END", "9", "1")
        }
        func lastDay(_ start: String, months: Int) -> String { dialect.addDays(dialect.addMonths(start, String(months)), "-1") }
        switch function {
        case .date, .hour, .minute: throw refuse("'\(function.rawValue)' of a date-time")
        case .year: return Value(y, .int)
        case .month: return Value(m, .int)
        case .monthStart: return Value(dialect.makeDate(y, m, "1"), .date)
        case .monthEnd: return Value(lastDay(dialect.makeDate(y, m, "1"), months: 1), .date)
        case .quarterStart, .quarterEnd:
            let start = dialect.makeDate(y, "\(dialect.intDiv("(\(m) - 1)", "3")) * 3 + 1", "1")
            return Value(function == .quarterStart ? start : lastDay(start, months: 3), .date)
        case .fyStart: return Value(fyStart(d), .date)
        case .fyEnd: return Value(lastDay(fyStart(d), months: 12), .date)
        case .fyYear: return Value("(\(y) - CASE WHEN \(m) < 4 THEN 1 ELSE 0 END)", .int)
        case .fp: return Value("(CASE WHEN \(m) >= 4 THEN \(m) - 3 ELSE \(m) + 9 END)", .int)
        case .ayStart: return Value(ayStart(d), .date)
        case .ayEnd: return Value(lastDay(ayStart(d), months: 12), .date)
        case .ayYear: return Value("(\(y) - CASE WHEN \(m) < 9 THEN 1 ELSE 0 END)", .int)
        case .weekday: return Value(dialect.isoWeekday(d), .int)
        case .daysBetween: return Value(dialect.daysBetween(values[0].sql, values[1].sql), .int)
        case .age:
            let (a, b) = (values[0].sql, values[1].sql)
            let had = "(\(dialect.month(b)) > \(dialect.month(a)) OR (\(dialect.month(b)) = \(dialect.month(a)) AND \(dialect.day(b)) >= \(dialect.day(a))))"
            return Value("(\(dialect.year(b)) - \(dialect.year(a)) - CASE WHEN \(had) THEN 0 ELSE 1 END)", .int)
        case .min, .max:
            let parts = type == .decimal ? values.map(double) : values.map(\.sql)
            guard type == .decimal else {
                return Value("\(function == .min ? "LEAST" : "GREATEST")(\(parts.joined(separator: ", ")))", type, isWhole: type == .int)
            }
            // A decimal may be NaN (a derived value's `z`). The engine walks the arguments
            // in order, passing over blanks, and a comparison with NaN is false: a NaN first
            // is kept, a NaN later is passed over. SQL's LEAST/GREATEST order NaN above every
            // number instead, so the walk is written out, NaN tested by equality (which both
            // PostgreSQL and Spark make true for NaN).
            guard parts.count <= 4 else { throw refuse("'\(function.rawValue)' of more than four numbers") }
            let nan = dialect.double("'NaN'")
            let better = function == .min ? "<" : ">"
            var best = parts[0]
            for x in parts.dropFirst() {
                best = "(CASE WHEN \(best) IS NULL THEN \(x) WHEN \(x) IS NULL OR \(best) = \(nan) OR \(x) = \(nan) THEN \(best) WHEN \(x) \(better) \(best) THEN \(x) ELSE \(best) END)"
            }
            return Value(best, type)
        case .abs:
            if type == .decimal && values[0].isWhole { return Value(dialect.nullDouble(), .decimal) }
            return Value("ABS(\(values[0].sql))", type, isWhole: type == .int)
        case .round:
            var places: Int64 = 0
            if args.count == 2 {
                guard case .int(let p) = args[1] else { throw refuse("'round' with computed places") }
                places = p
            }
            let x = double(values[0])
            let finite = "ABS(\(x)) < \(dialect.double("'Infinity'"))"
            if places == 0 {
                return Value("(CASE WHEN \(finite) AND ABS(\(x)) < \(dialect.doubleConstant(9.0e18)) THEN \(dialect.bigint(roundHalfAway(x))) END)", .int)
            }
            let scale = dialect.doubleConstant((0..<places).reduce(1.0) { r, _ in r * 10 })
            return Value("(CASE WHEN \(finite) THEN \(roundHalfAway("(\(x) * \(scale))")) / \(scale) END)", .decimal, isWhole: false)
        case .position:
            guard case .category(let c) = values[0].type else { throw refuse("'position' of something not a code") }
            return Value("(\(position(d, category: c)) + 1)", .int)
        case .isWorkingDay:
            return Value(self.never_null("(\(dialect.isoWeekday(d)) <= 5 AND NOT \(try isHoliday(d)))"), .bool)
        case .workingDays:
            return Value(try workingDays(values[0].sql, values[1].sql), .int)
        case .addWorkingDays:
            return Value(try addWorkingDays(values[0].sql, values[1].sql), .date)
        }
    }

    /// Half away from zero, exactly: `x - trunc(x)` is exact in binary floating point.
    private func roundHalfAway(_ x: String) -> String {
        let t = dialect == .postgres ? "TRUNC(\(x))" : "CAST(CAST(\(x) AS BIGINT) AS DOUBLE)"
        return "(\(t) + CASE WHEN ABS(\(x) - \(t)) >= 0.5 THEN SIGN(\(x)) ELSE 0 END)"
    }

    /// Whether a date is one of the framework's holidays (a condition, never NULL).
    private func isHoliday(_ d: String) throws(SQLCompileError) -> String {
        switch definitions.framework.holidays {
        case .none?: return "FALSE"
        case .field(let record, let field)?:
            let h = freshAlias("h")
            return "EXISTS (SELECT 1 FROM \(table(record)) \(h) WHERE \(column(h, record, field)) = \(d))"
        case nil: throw refuse("a working-day function without the framework's 'holidays'")
        }
    }

    /// The date `n` working days after `d` (before it when `n` is negative), as the engine
    /// steps to it: the first working day after `d` with `n` working days in (d, day], or
    /// the last before it with -n in [day, d); blank beyond a hundred thousand. The days
    /// are searched within a bound no answer lies beyond: two days a working day, two weeks,
    /// and every holiday.
    private func addWorkingDays(_ d: String, _ n: String) throws(SQLCompileError) -> String {
        guard dialect == .postgres else { throw refuse("'add_working_days' (a search over days, written with PostgreSQL's generate_series)") }
        var holidays = "0"
        if case .field(let record, _)? = definitions.framework.holidays {
            holidays = "(SELECT COUNT(*) FROM \(table(record)))"
        } else if definitions.framework.holidays == nil {
            throw refuse("a working-day function without the framework's 'holidays'")
        }
        let bound = "(ABS(\(n)) * 2 + 14 + \(holidays))"
        let g = freshAlias("g")
        let day = "CAST(\(g).x AS DATE)"
        let working = "(\(dialect.isoWeekday(day)) <= 5 AND NOT \(try isHoliday(day)))"
        let after = "(SELECT MIN(\(day)) FROM generate_series(\(dialect.addDays(d, "1")), \(dialect.addDays(d, bound)), INTERVAL '1 day') AS \(g)(x) WHERE \(working) AND \(try workingDays(d, day)) = \(n))"
        let g2 = freshAlias("g")
        let day2 = "CAST(\(g2).x AS DATE)"
        let working2 = "(\(dialect.isoWeekday(day2)) <= 5 AND NOT \(try isHoliday(day2)))"
        let before = "(SELECT MAX(\(day2)) FROM generate_series(\(dialect.addDays(d, "-" + bound)), \(dialect.addDays(d, "-1")), INTERVAL '1 day') AS \(g2)(x) WHERE \(working2) AND \(try workingDays(dialect.addDays(day2, "-1"), dialect.addDays(d, "-1"))) = -(\(n)))"
        return "(CASE WHEN \(d) IS NULL OR \(n) IS NULL OR \(n) < -100000 OR \(n) > 100000 THEN \(dialect.nullDate()) WHEN \(n) = 0 THEN \(d) WHEN \(n) > 0 THEN \(after) ELSE \(before) END)"
    }

    /// Working days after `a` up to and including `b` (negative when `b` is earlier):
    /// weekdays by arithmetic on day numbers, less the distinct weekday holidays between.
    private func workingDays(_ a: String, _ b: String) throws(SQLCompileError) -> String {
        // A Sunday before any date the language holds (differences do not depend on which).
        var sunday = Day.number(year: 1600, month: 1, day: 1)
        while WorkingDays.weekday(sunday) != 7 { sunday -= 1 }
        let epoch = dialect.date(sunday)
        func through(_ d: String) -> String {
            let k = dialect.daysBetween(epoch, d)
            return "(\(dialect.intDiv(k, "7")) * 5 + LEAST(MOD(\(k), 7), 5))"
        }
        let low = "LEAST(\(a), \(b))", high = "GREATEST(\(a), \(b))"
        var holidays = "0"
        if case .field(let record, let field)? = definitions.framework.holidays {
            let h = freshAlias("h")
            let f = column(h, record, field)
            holidays = "(SELECT COUNT(DISTINCT \(f)) FROM \(table(record)) \(h) WHERE \(f) > \(low) AND \(f) <= \(high) AND \(dialect.isoWeekday(f)) <= 5)"
        } else if definitions.framework.holidays == nil {
            throw refuse("a working-day function without the framework's 'holidays'")
        }
        return "(CASE WHEN \(a) IS NULL OR \(b) IS NULL THEN NULL ELSE (CASE WHEN \(b) < \(a) THEN -1 ELSE 1 END) * (\(through(high)) - \(through(low)) - \(holidays)) END)"
    }
}

extension ValueType {
    var isCategory: Bool { if case .category = self { true } else { false } }
    var category: Int? { if case .category(let c) = self { c } else { nil } }
}
