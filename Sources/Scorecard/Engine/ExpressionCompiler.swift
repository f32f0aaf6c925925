/// Type-checks an expression against the record schema and compiles it into a
/// closure. Type errors become diagnostics at the expression's location.
struct ExpressionCompiler {
    enum Mode { case dataset, staged }

    /// What names mean where the expression stands.
    struct Scope {
        var record: Int?
        var mode: Mode = .dataset
        var aliases: [String: (slot: Int, record: Int)] = [:]
        var lets: [String: (slot: Int, type: ValueType)] = [:]
        var allowPeriod = true
        var allowAsAt = false
        var measures: [String: Int] = [:]
        /// Measures whose figure is a sum, average, minimum or maximum: their numerator
        /// may be a decimal, so it is read as one.
        var aggregateMeasures: Set<Int> = []
        /// Measures with `breakdown … only`: they have no headline figure to read.
        var measuresWithoutHeadline: Set<Int> = []
        /// In a derived measure's `value`, a division by zero is "not applicable" (`z`),
        /// carried through the arithmetic as NaN; elsewhere it is blank.
        var zeroDivisionIsNotApplicable = false
    }

    let categories: [Category]
    let records: [RecordType]
    /// The grouped-row indexes expressions need, shared by every compiler of one definition set.
    var groupKeys = GroupKeys()
    /// Quoted texts compared with text fields, shared by every compiler of one definition set.
    var textLiterals = TextLiterals()
    var diagnostics: [Diagnostic] = []
    /// Slots used so far (aliases and lets), so a measure knows how many to allocate.
    var slotCount = 0
    /// Counts the nodes compiled so far that read the window, a `let` or an alias: an
    /// expression whose compilation leaves it unchanged has the same value in every
    /// window, and the engine tests it once per record instead of once per window.
    var windowReads = 0
    var dependencies: Set<Int> = []
    /// Records whose rows the compiled expressions read.
    var usedRecords: Set<Int> = []
    var atDates: [Compiled] = []
    /// The framework's holidays, for the working-day functions (nil: undeclared).
    var holidays: Holidays?

    private struct Failure: Error {}

    mutating func compile(_ expr: Expr, _ scope: Scope) -> Compiled? {
        try? build(expr, scope)
    }

    mutating func compileCondition(_ expr: Expr, _ scope: Scope) -> Compiled? {
        guard let c = compile(expr, scope) else { return nil }
        guard c.type == .bool else {
            diagnostics.append(Diagnostic(at: expr.location, "expected a condition, found a \(c.type)"))
            return nil
        }
        return c
    }

    private mutating func error(_ location: SourceLocation, _ message: String) -> Failure {
        diagnostics.append(Diagnostic(at: location, message))
        return Failure()
    }

    mutating func newSlot() -> Int {
        slotCount += 1
        return slotCount - 1
    }

    // MARK: - Fields

    func fieldType(_ t: FieldType) -> ValueType {
        switch t {
        case .text: return .text
        case .int: return .int
        case .decimal: return .decimal
        case .date: return .date
        case .person: return .person
        case .category(let c): return .category(c)
        case .ref(let r): return .record(r)
        }
    }

    private mutating func field(of record: Int, named name: String, at location: SourceLocation) throws(Failure) -> (Int, ValueType) {
        usedRecords.insert(record)
        let type = records[record]
        guard let f = type.fieldIndex(name) else {
            throw error(location, "record '\(type.name)' has no field '\(name)'\(Suggestion.hint(for: name, in: type.fields.map(\.name)))")
        }
        return (f, fieldType(type.fields[f].type))
    }

    /// Reads a field of the record a row value points at.
    private func read(record: Int, field: Int, of base: Compiled) -> Compiled {
        let isDecimal = records[record].fields[field].type == .decimal
        let type = fieldType(records[record].fields[field].type)
        let eval = base.eval
        return Compiled(type: type) { ctx in
            guard case .int(let row) = eval(&ctx) else { return .null }
            if isDecimal, let column = ctx.data.doubleColumn(record, field) {
                let d = column[Int(row)]
                return d.isNaN ? .null : .double(d)
            }
            if !isDecimal, let column = ctx.data.intColumn(record, field) {
                let v = column[Int(row)]
                return v == Table.null ? .null : .int(v)
            }
            let table = ctx.data.tables[record]
            if isDecimal {
                let d = table.doubles[field][Int(row)]
                return d.isNaN ? .null : .double(d)
            }
            let v = table.ints[field][Int(row)]
            return v == Table.null ? .null : .int(v)
        }
    }

    private func thisField(record: Int, field: Int, mode: Mode) -> Compiled {
        let type = fieldType(records[record].fields[field].type)
        switch mode {
        case .staged:
            return Compiled(type: type) { ctx in ctx.staged[field] }
        case .dataset:
            if records[record].fields[field].type == .decimal {
                return Compiled(type: type) { ctx in
                    let d = ctx.data.doubleColumn(record, field)?[ctx.row] ?? ctx.data.tables[record].doubles[field][ctx.row]
                    return d.isNaN ? .null : .double(d)
                }
            }
            return Compiled(type: type, eval: { ctx in
                let v = ctx.data.intColumn(record, field)?[ctx.row] ?? ctx.data.tables[record].ints[field][ctx.row]
                return v == Table.null ? .null : .int(v)
            }, thisField: field)
        }
    }

    // MARK: - Expressions

    private mutating func build(_ expr: Expr, _ scope: Scope) throws(Failure) -> Compiled {
        switch expr {
        case .string(let s, let l):
            throw error(l, "the text \"\(s)\" must be compared with a field, as in 'route = \"\(s)\"'")
        case .number(let n, let isInteger, _):
            if isInteger { return Compiled(type: .int) { _ in .int(Int64(n)) } }
            return Compiled(type: .decimal) { _ in .double(n) }
        case .duration(let n, let unit, _):
            return Compiled(type: .duration(unit)) { _ in .int(Int64(n)) }
        case .this(let l):
            guard let record = scope.record, scope.mode == .dataset else { throw error(l, "'this' means the record being counted; there is none here") }
            return Compiled(type: .record(record)) { ctx in .int(Int64(ctx.row)) }
        case .name(let name, let l):
            return try resolveName(name, l, scope)
        case .member(let base, let name, let l):
            return try member(base, name, l, scope)
        case .not(let inner, let l):
            let c = try build(inner, scope)
            guard c.type == .bool else { throw error(l, "'not' needs a condition, found a \(c.type)") }
            let eval = c.eval
            return Compiled(type: .bool) { ctx in .bool(!eval(&ctx).isTrue) }
        case .negate(let inner, let l):
            let c = try build(inner, scope)
            let eval = c.eval
            switch c.type {
            case .int: return Compiled(type: .int) { ctx in if case .int(let i) = eval(&ctx) { return .int(-i) }; return .null }
            case .decimal: return Compiled(type: .decimal) { ctx in if case .double(let d) = eval(&ctx) { return .double(-d) }; return .null }
            default: throw error(l, "cannot negate a \(c.type)")
            }
        case .binary(let op, let a, let b, let l):
            return try binary(op, a, b, l, scope)
        case .isBlank(let inner, let negated, _):
            let eval = try build(inner, scope).eval
            return Compiled(type: .bool) { ctx in .bool((eval(&ctx) == .null) != negated) }
        case .inList(let inner, let items, let l):
            let c = try build(inner, scope)
            if c.type == .text {
                var literals: [Int] = []
                for item in items {
                    guard case .string(let s, _) = item else { throw error(item.location, "a list compared with a text field holds quoted texts") }
                    literals.append(textLiterals.index(of: s))
                }
                let eval = c.eval
                return Compiled(type: .bool) { ctx in
                    let v = eval(&ctx)
                    guard case .int(let id) = v else { return .bool(false) }
                    return .bool(literals.contains { ctx.data.literalIDs[$0] == id })
                }
            }
            var codes: [Value] = []
            for item in items { codes.append(try constant(item, as: c.type, l)) }
            let eval = c.eval
            return Compiled(type: .bool) { ctx in
                let v = eval(&ctx)
                return .bool(v != .null && codes.contains(v))
            }
        case .inPeriod(let inner, let toDate, let l):
            guard scope.allowPeriod else { throw error(l, "'in period' has no period here") }
            let c = try build(inner, scope)
            guard c.type == .date else { throw error(l, "'in period' needs a date, found a \(c.type)") }
            windowReads += 1
            let eval = c.eval
            var compiled = Compiled(type: .bool) { ctx in
                guard case .int(let d) = eval(&ctx) else { return .bool(false) }
                let start = toDate ? ctx.window.yearStart : ctx.window.start
                return .bool(d >= Int64(start) && d <= Int64(ctx.window.end))
            }
            if !toDate, case .name(let n, _) = inner, let r = scope.record, scope.lets[n] == nil, scope.aliases[n] == nil,
               let f = records[r].fieldIndex(n) {
                compiled.timing = .inPeriod(field: f)
            }
            return compiled
        case .open(let duringYear, let l):
            guard scope.allowPeriod, let r = scope.record, scope.mode == .dataset else { throw error(l, "'open' needs a record and a period") }
            guard let span = records[r].span else {
                throw error(l, "record '\(records[r].name)' declares no 'span start to end', so 'open' has no meaning for it")
            }
            windowReads += 1
            let start = thisField(record: r, field: span.start, mode: .dataset).eval
            let end = thisField(record: r, field: span.end, mode: .dataset).eval
            return Compiled(type: .bool, eval: { ctx in
                guard case .int(let s) = start(&ctx) else { return .bool(false) }
                let pe = Int64(ctx.window.end)
                guard s <= pe else { return .bool(false) }
                guard case .int(let e) = end(&ctx) else { return .bool(true) }
                if duringYear { return .bool(e > s && e > Int64(ctx.window.yearStart)) }
                return .bool(e > pe)
            }, timing: .open(start: span.start, end: span.end, yearToDate: duringYear))
        case .call(let name, let args, let l):
            return try call(name, args, l, scope)
        case .exists(let related):
            return try exists(related, scope)
        case .pick(let last, let related, let order):
            return try pick(last: last, related, order, scope)
        case .at(let base, let date, let l):
            guard case .member(.name(let m, _), let part, _) = base, let measure = scope.measures[m] else {
                throw error(l, "'at' reads another measure's figure on a date, as in 'IM5.count at (fy_start(period.end) - 1 day)'")
            }
            let figure = try build(base, scope)
            let d = try build(date, Scope(allowPeriod: true, allowAsAt: true))
            guard d.type == .date else { throw error(date.location, "'at' needs a date, found a \(d.type)") }
            atDates.append(d)
            let dateEval = d.eval
            return Compiled(type: figure.type) { ctx in
                guard case .int(let day) = dateEval(&ctx), let reader = ctx.readFigure else { return .null }
                return reader(measure, part, Window(start: Int32(day), end: Int32(day)))
            }
        }
    }

    private mutating func resolveName(_ name: String, _ l: SourceLocation, _ scope: Scope) throws(Failure) -> Compiled {
        if let slot = scope.lets[name] {
            windowReads += 1
            return Compiled(type: slot.type) { ctx in ctx.slots[slot.slot] }
        }
        if let alias = scope.aliases[name] {
            windowReads += 1
            return Compiled(type: .record(alias.record)) { ctx in ctx.slots[alias.slot] }
        }
        if name == "as_at", scope.allowAsAt {
            return Compiled(type: .date) { ctx in .int(Int64(ctx.asAt)) }
        }
        if let r = scope.record, let f = records[r].fieldIndex(name) {
            return thisField(record: r, field: f, mode: scope.mode)
        }
        var candidates = Array(scope.lets.keys) + Array(scope.aliases.keys)
        if let r = scope.record { candidates += records[r].fields.map(\.name) }
        if scope.allowAsAt { candidates.append("as_at") }
        if scope.allowPeriod { candidates.append("period") }
        if name == "period" || scope.measures[name] != nil {
            throw error(l, "'\(name)' needs a member, as in '\(name == "period" ? "period.end" : name + ".count")'")
        }
        // Near misses for the as-at date: 'as-at' reads as 'as' minus 'at'.
        if scope.allowAsAt, ["as", "asat", "asof", "as_of", "today", "now", "asatdate", "as_at_date"].contains(name.lowercased()) {
            throw error(l, "the run's as-at date is written 'as_at' (with an underscore)")
        }
        throw error(l, "unknown name '\(name)'\(Suggestion.hint(for: name, in: candidates))")
    }

    private mutating func member(_ base: Expr, _ name: String, _ l: SourceLocation, _ scope: Scope) throws(Failure) -> Compiled {
        if case .name("period", _) = base, scope.allowPeriod, scope.lets["period"] == nil {
            windowReads += 1
            switch name {
            case "start": return Compiled(type: .date) { ctx in .int(Int64(ctx.window.start)) }
            case "end": return Compiled(type: .date) { ctx in .int(Int64(ctx.window.end)) }
            case "year_start": return Compiled(type: .date) { ctx in .int(Int64(ctx.window.yearStart)) }
            default: throw error(l, "a period has 'start', 'end' and 'year_start'\(Suggestion.hint(for: name, in: ["start", "end", "year_start"]))")
            }
        }
        if case .name(let m, _) = base, let measure = scope.measures[m] {
            let parts = ["count", "numerator", "denominator", "value"]
            guard parts.contains(name) else { throw error(l, "a measure's figure is one of \(parts.joined(separator: ", "))\(Suggestion.hint(for: name, in: parts))") }
            if scope.measuresWithoutHeadline.contains(measure) {
                throw error(l, "measure '\(m)' has only breakdown rows ('breakdown … only'), no headline figure for a value to read")
            }
            dependencies.insert(measure)
            windowReads += 1
            let whole = (name == "count" || name == "numerator") && !scope.aggregateMeasures.contains(measure)
            return Compiled(type: whole ? .int : .decimal) { ctx in
                ctx.readFigure?(measure, name, ctx.window) ?? .null
            }
        }
        let b = try build(base, scope)
        guard case .record(let r) = b.type else { throw error(l, "a \(b.type) has no field '\(name)'") }
        let (f, _) = try field(of: r, named: name, at: l)
        return read(record: r, field: f, of: b)
    }

    /// A literal converted to the type it is compared with: a code's index, a number.
    private mutating func constant(_ expr: Expr, as type: ValueType, _ l: SourceLocation) throws(Failure) -> Value {
        switch (expr, type) {
        case (.string(let s, let sl), .category(let c)):
            guard let i = categories[c].index(of: s) else {
                throw error(sl, "\"\(s)\" is not a value of '\(categories[c].name)'\(Suggestion.hint(for: s, in: categories[c].values))")
            }
            return .int(Int64(i))
        case (.number(let n, true, _), .int): return .int(Int64(n))
        case (.number(let n, _, _), .decimal): return .double(n)
        default:
            throw error(expr.location, "a list item here must be a \(type) written as a constant")
        }
    }

    private mutating func binary(_ op: BinaryOp, _ a: Expr, _ b: Expr, _ l: SourceLocation, _ scope: Scope) throws(Failure) -> Compiled {
        switch op {
        case .and, .or:
            let x = try build(a, scope), y = try build(b, scope)
            guard x.type == .bool, y.type == .bool else { throw error(l, "'\(op.rawValue)' joins conditions") }
            let ex = x.eval, ey = y.eval
            if op == .and { return Compiled(type: .bool) { ctx in .bool(ex(&ctx).isTrue && ey(&ctx).isTrue) } }
            return Compiled(type: .bool) { ctx in .bool(ex(&ctx).isTrue || ey(&ctx).isTrue) }
        case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual:
            return try compare(op, a, b, l, scope)
        case .plus, .minus, .times, .divide:
            return try arithmetic(op, a, b, l, scope)
        }
    }

    private mutating func compare(_ op: BinaryOp, _ a: Expr, _ b: Expr, _ l: SourceLocation, _ scope: Scope) throws(Failure) -> Compiled {
        let x: Compiled
        let y: Compiled
        if case .string = b {
            x = try build(a, scope)
            y = try textConstant(b, against: x, scope)
        } else if case .string = a {
            y = try build(b, scope)
            x = try textConstant(a, against: y, scope)
        } else {
            x = try build(a, scope)
            y = try build(b, scope)
        }
        let comparable: Bool
        switch (x.type, y.type) {
        case (.int, .int), (.int, .decimal), (.decimal, .int), (.decimal, .decimal), (.date, .date), (.text, .text), (.person, .person):
            comparable = true
        case (.category(let c1), .category(let c2)): comparable = c1 == c2
        case (.record(let r1), .record(let r2)): comparable = r1 == r2 && (op == .equal || op == .notEqual)
        default: comparable = false
        }
        guard comparable else { throw error(l, "cannot compare a \(x.type) with a \(y.type)") }
        // Text and person ids are interned in first-seen order: ordering them would order
        // the ids, not the values — a wrong figure with no error. Only = and != are honoured.
        if op != .equal && op != .notEqual && (x.type == .text || x.type == .person) {
            throw error(l, "\(x.type) has no order here: '\(op.rawValue)' can only compare numbers, dates and codes (codes in their category's declared order); compare \(x.type) with = or !=, or declare the field as a date, a number or a category")
        }
        let ex = x.eval, ey = y.eval
        let test: (Int) -> Bool
        switch op {
        case .equal: test = { $0 == 0 }
        case .notEqual: test = { $0 != 0 }
        case .less: test = { $0 < 0 }
        case .lessEqual: test = { $0 <= 0 }
        case .greater: test = { $0 > 0 }
        default: test = { $0 >= 0 }
        }
        // A blank on either side makes any comparison false, as in SQL.
        return Compiled(type: .bool) { ctx in
            let u = ex(&ctx), v = ey(&ctx)
            switch (u, v) {
            case (.int(let i), .int(let j)): return .bool(test(i < j ? -1 : (i == j ? 0 : 1)))
            default:
                guard let p = u.asDouble, let q = v.asDouble else { return .bool(false) }
                return .bool(test(p < q ? -1 : (p == q ? 0 : 1)))
            }
        }
    }

    /// A quoted text compared with a code (its index) or a text field (the id the text
    /// was interned under before any extract was read: byte for byte, case and all).
    private mutating func textConstant(_ expr: Expr, against other: Compiled, _ scope: Scope) throws(Failure) -> Compiled {
        guard case .string(let s, let sl) = expr else { throw Failure() }
        switch other.type {
        case .category:
            let v = try constant(expr, as: other.type, sl)
            return Compiled(type: other.type) { _ in v }
        case .text:
            let k = textLiterals.index(of: s)
            return Compiled(type: .text) { ctx in .int(ctx.data.literalIDs[k]) }
        default:
            throw error(sl, "cannot compare a \(other.type) with the text \"\(s)\"")
        }
    }

    private mutating func arithmetic(_ op: BinaryOp, _ a: Expr, _ b: Expr, _ l: SourceLocation, _ scope: Scope) throws(Failure) -> Compiled {
        let x = try build(a, scope), y = try build(b, scope)
        let zeroDivision: Value = scope.zeroDivisionIsNotApplicable ? .double(.nan) : .null
        let ex = x.eval, ey = y.eval
        switch (x.type, y.type, op) {
        case (.date, .duration(let unit), .plus), (.date, .duration(let unit), .minus):
            let sign: Int64 = op == .plus ? 1 : -1
            return Compiled(type: .date) { ctx in
                guard case .int(let d) = ex(&ctx), case .int(let n) = ey(&ctx) else { return .null }
                if unit == .days { return .int(d + sign * n) }
                return .int(Int64(Day.addMonths(Int32(d), Int(sign * n))))
            }
        case (.int, .int, .plus), (.int, .int, .minus), (.int, .int, .times):
            return Compiled(type: .int) { ctx in
                guard case .int(let i) = ex(&ctx), case .int(let j) = ey(&ctx) else { return .null }
                // Past Int64's range there is no exact whole number: blank, never a wrapped one.
                let (result, overflow): (Int64, Bool)
                switch op {
                case .plus: (result, overflow) = i.addingReportingOverflow(j)
                case .minus: (result, overflow) = i.subtractingReportingOverflow(j)
                default: (result, overflow) = i.multipliedReportingOverflow(by: j)
                }
                return overflow ? .null : .int(result)
            }
        case (let t1, let t2, _) where t1.isNumeric && t2.isNumeric:
            return Compiled(type: .decimal) { ctx in
                guard let p = ex(&ctx).asDouble, let q = ey(&ctx).asDouble else { return .null }
                switch op {
                case .plus: return .double(p + q)
                case .minus: return .double(p - q)
                case .times: return .double(p * q)
                default: return q == 0 ? zeroDivision : .double(p / q)
                }
            }
        default:
            throw error(l, "cannot apply '\(op.rawValue)' to a \(x.type) and a \(y.type)")
        }
    }

    /// Functions of one date, to a date or a whole number.
    static let dateFunctions: [String: (ValueType, @Sendable (Int32) -> Int64)] = [
        "year": (.int, { Int64(Day.civil($0).year) }),
        "month": (.int, { Int64(Day.civil($0).month) }),
        "month_start": (.date, { Int64(Day.monthStart($0)) }),
        "month_end": (.date, { Int64(Day.monthEnd($0)) }),
        "quarter_start": (.date, { Int64(Day.quarterStart($0)) }),
        "quarter_end": (.date, { Int64(Day.quarterEnd($0)) }),
        "fy_start": (.date, { Int64(Day.financialYearStart($0)) }),
        "fy_end": (.date, { Int64(Day.addMonths(Day.financialYearStart($0), 12)) - 1 }),
        "fy_year": (.int, { Int64(Day.civil(Day.financialYearStart($0)).year) }),
        "fp": (.int, { let m = Day.civil($0).month; return Int64(m >= 4 ? m - 3 : m + 9) }),
        "ay_start": (.date, { Int64(Day.academicYearStart($0)) }),
        "ay_end": (.date, { Int64(Day.addMonths(Day.academicYearStart($0), 12)) - 1 }),
        "ay_year": (.int, { Int64(Day.civil(Day.academicYearStart($0)).year) }),
    ]

    /// Every function the language knows, with how it is called (for messages and the reference).
    static let functionSignatures: [String: String] = {
        var all: [String: String] = [:]
        for name in dateFunctions.keys { all[name] = "\(name)(DATE)" }
        all["fy_year"] = "fy_year(DATE): the year the financial year (April to March) starts in: 2015 for 2015-16"
        all["fp"] = "fp(DATE): the financial period, 1 for April to 12 for March"
        all["ay_start"] = "ay_start(DATE): 1 September of the academic year (September to August)"
        all["ay_end"] = "ay_end(DATE): 31 August of the academic year"
        all["ay_year"] = "ay_year(DATE): the year the academic year starts in: 2015 for 2015/16"
        all["days_between"] = "days_between(FROM, TO): whole days from one date to another (negative if TO is earlier)"
        all["age"] = "age(BIRTH, ON): whole years of age on a date"
        all["min"] = "min(A, B, …): the least of two or more numbers or dates"
        all["max"] = "max(A, B, …): the greatest of two or more numbers or dates"
        all["abs"] = "abs(NUMBER)"
        all["round"] = "round(NUMBER) or round(NUMBER, PLACES): half away from zero"
        all["position"] = "position(CODE): the code's place in its category's declared order, from 1"
        all["weekday"] = "weekday(DATE): 1 for Monday to 7 for Sunday"
        all["working_days"] = "working_days(FROM, TO): working days after FROM up to and including TO (weekends and the framework's holidays excluded)"
        all["add_working_days"] = "add_working_days(DATE, N): the date N working days after DATE"
        all["is_working_day"] = "is_working_day(DATE): a weekday that is not one of the framework's holidays"
        return all
    }()

    private mutating func call(_ name: String, _ args: [Expr], _ l: SourceLocation, _ scope: Scope) throws(Failure) -> Compiled {
        if let (type, function) = Self.dateFunctions[name] {
            guard args.count == 1 else { throw error(l, "'\(name)' takes one date, as in '\(name)(period.end)'") }
            let arg = try build(args[0], scope)
            guard arg.type == .date else { throw error(args[0].location, "'\(name)' takes a date, found a \(arg.type)") }
            let eval = arg.eval
            return Compiled(type: type) { ctx in
                guard case .int(let d) = eval(&ctx) else { return .null }
                return .int(function(Int32(d)))
            }
        }
        switch name {
        case "days_between", "age":
            guard args.count == 2 else { throw error(l, "'\(name)' takes two dates: \(Self.functionSignatures[name]!)") }
            let from = try build(args[0], scope), to = try build(args[1], scope)
            for (arg, c) in zip(args, [from, to]) where c.type != .date {
                throw error(arg.location, "'\(name)' takes dates, found a \(c.type)")
            }
            let ef = from.eval, et = to.eval
            let years = name == "age"
            return Compiled(type: .int) { ctx in
                guard case .int(let a) = ef(&ctx), case .int(let b) = et(&ctx) else { return .null }
                if !years { return .int(b - a) }
                let (by, bm, bd) = Day.civil(Int32(a)), (y, m, d) = Day.civil(Int32(b))
                // Birthdays on 29 February fall on 1 March in other years.
                let hadBirthday = (m, d) >= (bm, bd)
                return .int(Int64(y - by - (hadBirthday ? 0 : 1)))
            }
        case "min", "max":
            guard args.count >= 2 else { throw error(l, "'\(name)' takes two or more numbers or dates, as in '\(name)(start, period.start)'") }
            let compiled = try args.map { (a: Expr) throws(Failure) -> Compiled in try build(a, scope) }
            let first = compiled[0].type
            let type: ValueType
            if compiled.allSatisfy({ $0.type == .date }) { type = .date }
            else if compiled.allSatisfy({ $0.type == .int }) { type = .int }
            else if compiled.allSatisfy({ $0.type.isNumeric }) { type = .decimal }
            else { throw error(l, "'\(name)' takes numbers or dates of one kind, found a \(first) and a \(compiled.first { $0.type != first }!.type)") }
            let evals = compiled.map(\.eval)
            let least = name == "min"
            // Blanks are passed over (blank only when every argument is), as SQL's LEAST and
            // GREATEST do: 'min(end, period.end)' is the period's end for a case still open.
            return Compiled(type: type) { ctx in
                var best: Value = .null
                for e in evals {
                    let v = e(&ctx)
                    guard let x = v.asDouble else { continue }
                    if let b = best.asDouble {
                        if least ? x < b : x > b { best = v }
                    } else {
                        best = v
                    }
                }
                if type == .decimal, let d = best.asDouble { return .double(d) }
                return best
            }
        case "weekday":
            guard args.count == 1 else { throw error(l, "'weekday' takes one date") }
            let c = try build(args[0], scope)
            guard c.type == .date else { throw error(args[0].location, "'weekday' takes a date, found a \(c.type)") }
            let eval = c.eval
            return Compiled(type: .int) { ctx in
                guard case .int(let d) = eval(&ctx) else { return .null }
                return .int(Int64(WorkingDays.weekday(Int32(d))))
            }
        case "working_days", "add_working_days", "is_working_day":
            guard holidays != nil else {
                throw error(l, "'\(name)' needs the framework to say which days are holidays: 'holidays RECORD.FIELD' (bank holidays read from an extract) or 'holidays none'")
            }
            guard scope.mode == .dataset else { throw error(l, "'\(name)' is for measures; the holidays are not read yet where this is written") }
            let wanted = name == "is_working_day" ? 1 : 2
            guard args.count == wanted else { throw error(l, "'\(name)' takes \(Self.functionSignatures[name]!)") }
            let compiled = try args.map { (a: Expr) throws(Failure) -> Compiled in try build(a, scope) }
            guard compiled[0].type == .date else { throw error(args[0].location, "'\(name)' takes a date first, found a \(compiled[0].type)") }
            let first = compiled[0].eval
            switch name {
            case "is_working_day":
                return Compiled(type: .bool) { ctx in
                    guard case .int(let d) = first(&ctx) else { return .bool(false) }
                    return .bool(ctx.data.workingDays.isWorkingDay(Int32(d)))
                }
            case "working_days":
                guard compiled[1].type == .date else { throw error(args[1].location, "'working_days' takes two dates, found a \(compiled[1].type)") }
                let second = compiled[1].eval
                return Compiled(type: .int) { ctx in
                    guard case .int(let a) = first(&ctx), case .int(let b) = second(&ctx) else { return .null }
                    return .int(ctx.data.workingDays.between(Int32(a), Int32(b)))
                }
            default:
                guard compiled[1].type == .int else { throw error(args[1].location, "'add_working_days' takes a whole number of days, found a \(compiled[1].type)") }
                let second = compiled[1].eval
                return Compiled(type: .date) { ctx in
                    guard case .int(let d) = first(&ctx), case .int(let n) = second(&ctx),
                          let day = ctx.data.workingDays.adding(n, to: Int32(d)) else { return .null }
                    return .int(Int64(day))
                }
            }
        case "position":
            guard args.count == 1 else { throw error(l, "'position' takes one code, as in 'position(stage)'") }
            let c = try build(args[0], scope)
            guard case .category = c.type else { throw error(args[0].location, "'position' takes a code of a category, found a \(c.type)") }
            let eval = c.eval
            // Codes are held as their index in the declared order.
            return Compiled(type: .int) { ctx in
                guard case .int(let i) = eval(&ctx) else { return .null }
                return .int(i + 1)
            }
        case "abs":
            guard args.count == 1 else { throw error(l, "'abs' takes one number") }
            let c = try build(args[0], scope)
            let eval = c.eval
            switch c.type {
            case .int: return Compiled(type: .int) { ctx in if case .int(let i) = eval(&ctx) { return .int(i < 0 ? 0 &- i : i) }; return .null }
            case .decimal: return Compiled(type: .decimal) { ctx in if case .double(let d) = eval(&ctx) { return .double(Swift.abs(d)) }; return .null }
            default: throw error(args[0].location, "'abs' takes a number, found a \(c.type)")
            }
        case "round":
            guard args.count == 1 || args.count == 2 else { throw error(l, "'round' takes a number and, optionally, a number of decimal places") }
            let c = try build(args[0], scope)
            guard c.type.isNumeric else { throw error(args[0].location, "'round' takes a number, found a \(c.type)") }
            var places = 0
            if args.count == 2 {
                guard case .number(let p, true, _) = args[1], p >= 0, p <= 9 else {
                    throw error(args[1].location, "'round' takes its decimal places as a whole number from 0 to 9 written out, as in 'round(x, 1)'")
                }
                places = Int(p)
            }
            let eval = c.eval
            let scale = (0..<places).reduce(1.0) { r, _ in r * 10 }
            if places == 0 {
                return Compiled(type: .int) { ctx in
                    // Beyond a whole number's range there is no whole number to give: blank.
                    guard let d = eval(&ctx).asDouble, d.isFinite, abs(d) < 9.0e18 else { return .null }
                    return .int(Int64(d.rounded(.toNearestOrAwayFromZero)))
                }
            }
            return Compiled(type: .decimal) { ctx in
                guard let d = eval(&ctx).asDouble, d.isFinite else { return .null }
                return .double((d * scale).rounded(.toNearestOrAwayFromZero) / scale)
            }
        default:
            let known = Self.functionSignatures.keys.sorted()
            let hint = Suggestion.hint(for: name, in: known)
            throw error(l, "unknown function '\(name)'\(hint.isEmpty ? "; the functions are \(known.joined(separator: ", "))" : hint)")
        }
    }

    // MARK: - Related records

    /// The related record, its alias slot, its compiled condition, and the equality
    /// (`alias.f = outer`) that groups candidates, so look-ups never scan a whole table.
    private mutating func prepare(_ related: Related, _ scope: Scope) throws(Failure) -> (record: Int, slot: Int, condition: Compiled?, joinField: Int?, joinValue: Compiled?, inner: Scope) {
        guard let r = records.firstIndex(where: { $0.name == related.record }) else {
            throw error(related.location, "unknown record '\(related.record)'\(Suggestion.hint(for: related.record, in: records.map(\.name)))")
        }
        usedRecords.insert(r)
        var inner = scope
        let slot = newSlot()
        inner.aliases[related.alias] = (slot, r)
        var condition: Compiled?
        var joinField: Int?
        var joinValue: Compiled?
        if let cond = related.condition {
            condition = try build(cond, inner)
            guard condition!.type == .bool else { throw error(cond.location, "expected a condition after 'where'") }
            // Find `alias.field = <expression without the alias>` among the top-level
            // conjuncts, the last one written first.
            var conjuncts: [Expr] = []
            func flatten(_ e: Expr) {
                if case .binary(.and, let x, let y, _) = e { flatten(x); flatten(y) } else { conjuncts.append(e) }
            }
            flatten(cond)
            var joinConjunct: Int?
            for k in conjuncts.indices.reversed() {
                guard case .binary(.equal, let x, let y, _) = conjuncts[k] else { continue }
                for (side, other) in [(x, y), (y, x)] {
                    if case .member(.name(let a, _), let f, _) = side, a == related.alias, !mentions(other, related.alias),
                       let fi = records[r].fieldIndex(f), records[r].fields[fi].type != .decimal {
                        // A quoted code (`x.stage = "End"`) is not a value on its own: the
                        // conjunct stays a condition tested per row, as written.
                        if case .string = other { continue }
                        let value = try build(other, scope)
                        // A whole-number field equal to a decimal (`x.n = abs(d)`) has no
                        // whole-number key to look up: 2.0 must find n = 2. Tested per row.
                        if value.type == .decimal { continue }
                        joinField = fi
                        joinValue = value
                    }
                }
                if joinField != nil { joinConjunct = k; break }
            }
            // The candidates come from the index of rows with that field's value, so the
            // join holds for each of them (a blank value finds none): only the other
            // conjuncts are tested per row. `true and x` is `x` in three-valued logic.
            if let joinConjunct {
                var rest = conjuncts
                rest.remove(at: joinConjunct)
                if let first = rest.first {
                    let residual = rest.dropFirst().reduce(first) { .binary(.and, $0, $1, cond.location) }
                    condition = try build(residual, inner)
                } else {
                    condition = nil
                }
            }
        }
        return (r, slot, condition, joinField, joinValue, inner)
    }

    private func mentions(_ expr: Expr, _ alias: String) -> Bool {
        switch expr {
        case .name(let n, _): return n == alias
        case .member(let b, _, _), .not(let b, _), .negate(let b, _), .isBlank(let b, _, _), .inPeriod(let b, _, _): return mentions(b, alias)
        case .binary(_, let a, let b, _), .at(let a, let b, _): return mentions(a, alias) || mentions(b, alias)
        case .call(_, let args, _), .inList(_, let args, _): return args.contains { mentions($0, alias) }
        case .exists(let r), .pick(_, let r, _): return r.condition.map { mentions($0, alias) } ?? false
        default: return false
        }
    }

    /// Candidate rows: the group sharing the join value, or every row.
    private static func candidates(_ ctx: inout Context, record: Int, joinField: Int?, joinValue: ((inout Context) -> Value)?, slot: Int) -> GroupSlice {
        if let f = joinField, let jv = joinValue {
            guard case .int(let key) = jv(&ctx) else { return GroupSlice(index: nil, range: 0..<0) }
            let index = ctx.data.groups(slot: slot, record: record, field: f)
            return GroupSlice(index: index, range: index.range(of: key))
        }
        return GroupSlice(index: nil, range: 0..<ctx.data.tables[record].count)
    }

    /// `x.ref = this and x.date in period` (either order): the shape whose windows can be
    /// found from R's dates.
    private func relatedTiming(_ related: Related, record: Int, scope: Scope) -> Timing? {
        guard let cond = related.condition, case .binary(.and, let a, let b, _) = cond, scope.record != nil else { return nil }
        var ref: Int?, date: Int?
        for part in [a, b] {
            switch part {
            case .binary(.equal, .member(.name(let x, _), let f, _), .this, _), .binary(.equal, .this, .member(.name(let x, _), let f, _), _):
                if x == related.alias, let fi = records[record].fieldIndex(f), records[record].fields[fi].type == .ref(scope.record!) { ref = fi }
            case .inPeriod(.member(.name(let x, _), let f, _), false, _):
                if x == related.alias, let fi = records[record].fieldIndex(f), records[record].fields[fi].type == .date { date = fi }
            default: break
            }
        }
        guard let ref, let date, !related.excludeSelf else { return nil }
        return .related(record: record, ref: ref, date: date)
    }

    private mutating func exists(_ related: Related, _ scope: Scope) throws(Failure) -> Compiled {
        let p = try prepare(related, scope)
        let timing = relatedTiming(related, record: p.record, scope: scope)
        let record = p.record, slot = p.slot, joinField = p.joinField
        let condition = p.condition?.eval, joinValue = p.joinValue?.eval
        let excludeSelf = related.excludeSelf && scope.record == record
        let groupSlot = joinField.map { groupKeys.slot(record: record, field: $0) } ?? -1
        return Compiled(type: .bool, eval: { ctx in
            let group = Self.candidates(&ctx, record: record, joinField: joinField, joinValue: joinValue, slot: groupSlot)
            let saved = ctx.slots[slot]
            defer { ctx.slots[slot] = saved }
            for k in group.range {
                let row = group.row(k)
                if excludeSelf && row == ctx.row { continue }
                ctx.slots[slot] = .int(Int64(row))
                if condition == nil || condition!(&ctx).isTrue { return .bool(true) }
            }
            return .bool(false)
        }, timing: timing)
    }

    private mutating func pick(last: Bool, _ related: Related, _ order: [Expr], _ scope: Scope) throws(Failure) -> Compiled {
        let p = try prepare(related, scope)
        var keys: [(inout Context) -> Value] = []
        guard order.count <= 4 else { throw error(order[4].location, "order by takes at most four keys") }
        let keyCount = order.count
        for o in order {
            let k = try build(o, p.inner)
            switch k.type {
            case .int, .decimal, .date, .category: keys.append(k.eval)
            default: throw error(o.location, "cannot order by a \(k.type)")
            }
        }
        let record = p.record, slot = p.slot, joinField = p.joinField
        let condition = p.condition?.eval, joinValue = p.joinValue?.eval
        let groupSlot = joinField.map { groupKeys.slot(record: record, field: $0) } ?? -1
        // The usual shape — joined on a field, ordered by whole-number fields of the
        // alias — walks the group pre-sorted by those fields from the wanted end and
        // stops at the first row meeting the condition: the same row the loop below
        // finds (smallest key first, earliest row on ties; largest last, latest row on
        // ties), without computing every row's key in every window.
        let orderFields: [Int]? = order.allSatisfy { o in
            guard case .member(.name(let a, _), let f, _) = o, a == related.alias, let fi = records[record].fieldIndex(f) else { return false }
            // Dates and codes only: their values are small, so comparing them as whole
            // numbers orders them exactly as the general loop's doubles do (a whole
            // number beyond 2^53 could tie there and not here).
            switch records[record].fields[fi].type {
            case .date, .category: return true
            default: return false
            }
        } ? order.map { o in
            guard case .member(_, let f, _) = o else { return -1 }
            return records[record].fieldIndex(f)!
        } : nil
        if let orderFields, let joinField, let joinValue {
            let orderingSlot = groupKeys.orderingSlot(group: groupSlot, fields: orderFields)
            return Compiled(type: .record(record)) { ctx in
                guard case .int(let key) = joinValue(&ctx) else { return .null }
                let index = ctx.data.groups(slot: groupSlot, record: record, field: joinField)
                let range = index.range(of: key)
                if range.isEmpty { return .null }
                let sorted = ctx.data.ordered(slot: orderingSlot, index: index, record: record, fields: orderFields)
                let saved = ctx.slots[slot]
                defer { ctx.slots[slot] = saved }
                return sorted.withUnsafeBufferPointer { sorted in
                    var k = last ? range.upperBound - 1 : range.lowerBound
                    while k >= range.lowerBound && k < range.upperBound {
                        let row = Int64(sorted[k])
                        ctx.slots[slot] = .int(row)
                        if condition == nil || condition!(&ctx).isTrue { return .int(row) }
                        k += last ? -1 : 1
                    }
                    return .null
                }
            }
        }
        return Compiled(type: .record(record)) { ctx in
            let group = Self.candidates(&ctx, record: record, joinField: joinField, joinValue: joinValue, slot: groupSlot)
            let saved = ctx.slots[slot]
            defer { ctx.slots[slot] = saved }
            var best: Int?
            // Up to four order keys, compared without allocating (the checker allows no more).
            var bestKey = SIMD4<Double>(repeating: 0)
            for k in group.range {
                let row = group.row(k)
                ctx.slots[slot] = .int(Int64(row))
                if let condition, !condition(&ctx).isTrue { continue }
                var key = SIMD4<Double>(repeating: 0)
                for (i, order) in keys.enumerated() { key[i] = order(&ctx).asDouble ?? -Double.infinity }
                if best != nil {
                    var precedes = false, equal = true
                    for i in 0..<keyCount where key[i] != bestKey[i] {
                        precedes = key[i] < bestKey[i]
                        equal = false
                        break
                    }
                    // First: strictly smaller wins (earliest row on ties); last: larger or equal wins.
                    let better = last ? !precedes || equal : precedes
                    if !better { continue }
                }
                best = row
                bestKey = key
            }
            return best.map { .int(Int64($0)) } ?? .null
        }
    }
}

