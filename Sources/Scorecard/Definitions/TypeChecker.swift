/// Type-checks a parsed expression against the record schema and resolves every name,
/// giving its typed form (`TypedExpr`). Type errors become diagnostics at the
/// expression's location. Builds no closures: the engine lowers the typed form.
struct TypeChecker {
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
        /// The parts of other measures' figures that are money (a sum of money, a money
        /// value): read as money, exactly, rather than as numbers.
        var moneyParts: [Int: Set<TypedExpr.FigurePart>] = [:]
        /// Measures with `breakdown … only`: they have no headline figure to read.
        var measuresWithoutHeadline: Set<Int> = []
        /// In a derived measure's `value`, a division by zero is "not applicable" (`z`),
        /// carried through the arithmetic as NaN; elsewhere it is blank.
        var zeroDivisionIsNotApplicable = false
    }

    let categories: [Category]
    let records: [RecordType]
    /// Quoted texts compared with text fields, shared by every checker of one definition set.
    var textLiterals = TextLiterals()
    var diagnostics: [Diagnostic] = []
    /// Slots used so far (aliases and lets), so a measure knows how many to allocate.
    var slotCount = 0
    /// Counts the nodes checked so far that read the window, a `let` or an alias: an
    /// expression whose checking leaves it unchanged has the same value in every
    /// window, and the engine tests it once per record instead of once per window.
    var windowReads = 0
    var dependencies: Set<Int> = []
    /// Records whose rows the expressions read.
    var usedRecords: Set<Int> = []
    /// The dates of every `M.x at <date>` checked, in order.
    var atDates: [TypedExpr] = []
    /// The framework's holidays, for the working-day functions (nil: undeclared).
    var holidays: Holidays?
    /// The framework's close of business (a second of the day), for date-times given to
    /// the working-day functions (nil: undeclared, and they refuse date-times).
    var closeOfBusiness: Int32?

    struct Failure: Error {}

    mutating func check(_ expr: Expr, _ scope: Scope) -> TypedExpr? {
        try? build(expr, scope)
    }

    mutating func checkCondition(_ expr: Expr, _ scope: Scope) -> TypedExpr? {
        guard let c = check(expr, scope) else { return nil }
        guard c.type == .bool else {
            diagnostics.append(Diagnostic(at: expr.location, "expected a condition, found a \(c.type)"))
            return nil
        }
        return c
    }

    mutating func error(_ location: SourceLocation, _ message: String) -> Failure {
        diagnostics.append(Diagnostic(at: location, message))
        return Failure()
    }

    mutating func newSlot() -> Int {
        slotCount += 1
        return slotCount - 1
    }

    // MARK: - Fields

    func fieldType(_ t: FieldType) -> ValueType { t.valueType }

    private mutating func field(of record: Int, named name: String, at location: SourceLocation) throws(Failure) -> (Int, ValueType) {
        usedRecords.insert(record)
        let type = records[record]
        guard let f = type.fieldIndex(name) else {
            throw error(location, "record '\(type.name)' has no field '\(name)'\(Suggestion.hint(for: name, in: type.fields.map(\.name)))")
        }
        return (f, fieldType(type.fields[f].type))
    }

    // MARK: - Expressions

    mutating func build(_ expr: Expr, _ scope: Scope) throws(Failure) -> TypedExpr {
        switch expr {
        case .string(let s, let l):
            throw error(l, "the text \"\(s)\" must be compared with a field, as in 'route = \"\(s)\"'")
        case .number(let n, let isInteger, _):
            return isInteger ? .int(Int64(n)) : .decimal(n)
        case .duration(let n, let unit, _):
            return .duration(Int64(n), unit)
        case .this(let l):
            guard let record = scope.record, scope.mode == .dataset else { throw error(l, "'this' means the record being counted; there is none here") }
            return .this(record: record)
        case .name(let name, let l):
            return try resolveName(name, l, scope)
        case .member(let base, let name, let l):
            return try member(base, name, l, scope)
        case .not(let inner, let l):
            let c = try build(inner, scope)
            guard c.type == .bool else { throw error(l, "'not' needs a condition, found a \(c.type)") }
            return .not(c)
        case .negate(let inner, let l):
            let c = try build(inner, scope)
            switch c.type {
            case .int, .decimal, .money: return .negate(c, type: c.type)
            default: throw error(l, "cannot negate a \(c.type)")
            }
        case .binary(let op, let a, let b, let l):
            return try binary(op, a, b, l, scope)
        case .isBlank(let inner, let negated, _):
            return .isBlank(try build(inner, scope), negated: negated)
        case .inList(let inner, let items, let l):
            let c = try build(inner, scope)
            var typed: [TypedExpr] = []
            if c.type == .text {
                for item in items {
                    guard case .string(let s, _) = item else { throw error(item.location, "a list compared with a text field holds quoted texts") }
                    typed.append(.text(s, literal: textLiterals.index(of: s)))
                }
            } else {
                for item in items { typed.append(try constant(item, as: c.type, l)) }
            }
            return .inList(c, items: typed)
        case .inPeriod(let inner, let toDate, let l):
            guard scope.allowPeriod else { throw error(l, "'in period' has no period here") }
            let c = try build(inner, scope)
            guard c.type == .date else { throw error(l, "'in period' needs a date, found a \(c.type)\(Self.dateHint(c.type))") }
            windowReads += 1
            return .inPeriod(c, toDate: toDate)
        case .open(let duringYear, let l):
            guard scope.allowPeriod, let r = scope.record, scope.mode == .dataset else { throw error(l, "'open' needs a record and a period") }
            guard let span = records[r].span else {
                throw error(l, "record '\(records[r].name)' declares no 'span start to end', so 'open' has no meaning for it")
            }
            windowReads += 1
            return .open(record: r, start: span.start, end: span.end, duringYearToDate: duringYear)
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
            guard d.type == .date else { throw error(date.location, "'at' needs a date, found a \(d.type)\(Self.dateHint(d.type))") }
            atDates.append(d)
            // Only `period.start` (a measure named 'period' shadowed by the period) gets here without a figure part.
            guard case .figure = figure, let p = TypedExpr.FigurePart(rawValue: part) else {
                throw error(l, "'at' reads another measure's figure on a date, as in 'IM5.count at (fy_start(period.end) - 1 day)'")
            }
            return .figureAt(measure: measure, part: p, date: d, type: figure.type)
        }
    }

    private mutating func resolveName(_ name: String, _ l: SourceLocation, _ scope: Scope) throws(Failure) -> TypedExpr {
        if let slot = scope.lets[name] {
            windowReads += 1
            return .letValue(slot: slot.slot, type: slot.type)
        }
        if let alias = scope.aliases[name] {
            windowReads += 1
            return .alias(slot: alias.slot, record: alias.record)
        }
        if name == "as_at", scope.allowAsAt {
            return .asAt
        }
        if let r = scope.record, let f = records[r].fieldIndex(name) {
            return .field(record: r, field: f, type: fieldType(records[r].fields[f].type))
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

    private mutating func member(_ base: Expr, _ name: String, _ l: SourceLocation, _ scope: Scope) throws(Failure) -> TypedExpr {
        if case .name("period", _) = base, scope.allowPeriod, scope.lets["period"] == nil {
            windowReads += 1
            guard let bound = TypedExpr.PeriodBound(rawValue: name) else {
                throw error(l, "a period has 'start', 'end' and 'year_start'\(Suggestion.hint(for: name, in: ["start", "end", "year_start"]))")
            }
            return .period(bound)
        }
        if case .name(let m, _) = base, let measure = scope.measures[m] {
            let parts = ["count", "numerator", "denominator", "value"]
            guard let part = TypedExpr.FigurePart(rawValue: name) else {
                throw error(l, "a measure's figure is one of \(parts.joined(separator: ", "))\(Suggestion.hint(for: name, in: parts))")
            }
            if scope.measuresWithoutHeadline.contains(measure) {
                throw error(l, "measure '\(m)' has only breakdown rows ('breakdown … only'), no headline figure for a value to read")
            }
            dependencies.insert(measure)
            windowReads += 1
            let whole = (part == .count || part == .numerator) && !scope.aggregateMeasures.contains(measure)
            let money = scope.moneyParts[measure]?.contains(part) == true
            return .figure(measure: measure, part: part, type: money ? .money : whole ? .int : .decimal)
        }
        let b = try build(base, scope)
        guard case .record(let r) = b.type else { throw error(l, "a \(b.type) has no field '\(name)'") }
        let (f, type) = try field(of: r, named: name, at: l)
        return .follow(b, record: r, field: f, type: type)
    }

    /// A literal converted to the type it is compared with: a code's index, a number.
    private mutating func constant(_ expr: Expr, as type: ValueType, _ l: SourceLocation) throws(Failure) -> TypedExpr {
        switch (expr, type) {
        case (.string(let s, let sl), .category(let c)):
            guard let i = categories[c].index(of: s) else {
                throw error(sl, "\"\(s)\" is not a value of '\(categories[c].name)'\(Suggestion.hint(for: s, in: categories[c].values))")
            }
            return .code(category: c, index: Int64(i))
        case (.number(let n, true, _), .int): return .int(Int64(n))
        case (.number(let n, _, _), .decimal): return .decimal(n)
        default:
            throw error(expr.location, "a list item here must be a \(type) written as a constant")
        }
    }

    private mutating func binary(_ op: BinaryOp, _ a: Expr, _ b: Expr, _ l: SourceLocation, _ scope: Scope) throws(Failure) -> TypedExpr {
        switch op {
        case .and, .or:
            let x = try build(a, scope), y = try build(b, scope)
            guard x.type == .bool, y.type == .bool else { throw error(l, "'\(op.rawValue)' joins conditions") }
            return op == .and ? .and(x, y) : .or(x, y)
        case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual:
            return try compare(TypedExpr.CompareOp(rawValue: op.rawValue)!, a, b, l, scope)
        case .plus, .minus, .times, .divide:
            return try arithmetic(TypedExpr.ArithmeticOp(rawValue: op.rawValue)!, a, b, l, scope)
        }
    }

    private mutating func compare(_ op: TypedExpr.CompareOp, _ a: Expr, _ b: Expr, _ l: SourceLocation, _ scope: Scope) throws(Failure) -> TypedExpr {
        let x: TypedExpr
        let y: TypedExpr
        if case .string = b {
            x = try build(a, scope)
            y = try textConstant(b, against: x.type, scope)
        } else if case .string = a {
            y = try build(b, scope)
            x = try textConstant(a, against: y.type, scope)
        } else {
            x = try build(a, scope)
            y = try build(b, scope)
        }
        let kind: TypedExpr.ComparisonKind?
        switch (x.type, y.type) {
        case (.int, .int), (.int, .decimal), (.decimal, .int), (.decimal, .decimal): kind = .numeric
        case (.money, .money): kind = .money
        // Money with a number: as pounds (`amount > 100`), exactly for any amount written to the penny.
        case (.money, let t) where t.isNumeric: return .compare(op, .moneyAsNumber(x), y, kind: .numeric)
        case (let t, .money) where t.isNumeric: return .compare(op, x, .moneyAsNumber(y), kind: .numeric)
        case (.datetime, .datetime): kind = .datetime
        case (.date, .datetime), (.datetime, .date):
            throw error(l, "cannot compare a \(x.type) with a \(y.type): a date-time is not truncated to its day unasked; write date(…) of the date-time to compare days")
        case (.date, .date): kind = .date
        case (.text, .text): kind = .text
        case (.person, .person): kind = .person
        case (.category(let c1), .category(let c2)): kind = c1 == c2 ? .category(c1) : nil
        case (.record(let r1), .record(let r2)): kind = r1 == r2 && (op == .equal || op == .notEqual) ? .record(r1) : nil
        default: kind = nil
        }
        guard let kind else { throw error(l, "cannot compare a \(x.type) with a \(y.type)") }
        // Text and person ids are interned in first-seen order: ordering them would order
        // the ids, not the values — a wrong figure with no error. Only = and != are honoured.
        if op != .equal && op != .notEqual && (x.type == .text || x.type == .person) {
            throw error(l, "\(x.type) has no order here: '\(op.rawValue)' can only compare numbers, dates and codes (codes in their category's declared order); compare \(x.type) with = or !=, or declare the field as a date, a number or a category")
        }
        return .compare(op, x, y, kind: kind)
    }

    /// A quoted text compared with a code (its index) or a text field (the id the text
    /// was interned under before any extract was read: byte for byte, case and all).
    private mutating func textConstant(_ expr: Expr, against other: ValueType, _ scope: Scope) throws(Failure) -> TypedExpr {
        guard case .string(let s, let sl) = expr else { throw Failure() }
        switch other {
        case .category:
            return try constant(expr, as: other, sl)
        case .text:
            return .text(s, literal: textLiterals.index(of: s))
        default:
            throw error(sl, "cannot compare a \(other) with the text \"\(s)\"")
        }
    }

    private mutating func arithmetic(_ op: TypedExpr.ArithmeticOp, _ a: Expr, _ b: Expr, _ l: SourceLocation, _ scope: Scope) throws(Failure) -> TypedExpr {
        let x = try build(a, scope), y = try build(b, scope)
        let zeroDivision: TypedExpr.DivisionByZero = scope.zeroDivisionIsNotApplicable ? .notApplicable : .blank
        switch (x.type, y.type, op) {
        case (.date, .duration(let unit), .plus), (.date, .duration(let unit), .minus):
            return .shiftDate(x, by: y, unit: unit, subtract: op == .minus)
        case (.int, .int, .plus), (.int, .int, .minus), (.int, .int, .times):
            return .arithmetic(op, x, y, type: .int, divisionByZero: zeroDivision)
        // Money stays exact where the result is money: money ± money, money × a whole number.
        case (.money, .money, .plus), (.money, .money, .minus), (.money, .int, .times), (.int, .money, .times):
            return .arithmetic(op, x, y, type: .money, divisionByZero: zeroDivision)
        case (.money, .int, .plus), (.money, .int, .minus), (.money, .decimal, .plus), (.money, .decimal, .minus),
             (.int, .money, .plus), (.int, .money, .minus), (.decimal, .money, .plus), (.decimal, .money, .minus):
            throw error(l, "cannot apply '\(op.rawValue)' to a \(x.type) and a \(y.type): money adds to money only (a bare number has no pounds and pence); divide the money by 1 to work in numbers")
        // Money divided, or times a decimal: a number of pounds.
        case (.money, let t2, _) where t2.isNumeric || t2 == .money:
            return .arithmetic(op, .moneyAsNumber(x), y.type == .money ? .moneyAsNumber(y) : y, type: .decimal, divisionByZero: zeroDivision)
        case (let t1, .money, _) where t1.isNumeric:
            return .arithmetic(op, x, .moneyAsNumber(y), type: .decimal, divisionByZero: zeroDivision)
        case (let t1, let t2, _) where t1.isNumeric && t2.isNumeric:
            return .arithmetic(op, x, y, type: .decimal, divisionByZero: zeroDivision)
        default:
            throw error(l, "cannot apply '\(op.rawValue)' to a \(x.type) and a \(y.type)\(Self.dateHint(x.type == .datetime ? x.type : y.type))")
        }
    }

    /// The hint where a date-time stands in place of a date: never truncated silently.
    static func dateHint(_ type: ValueType) -> String {
        type == .datetime ? "; a date-time is not cut to its day unasked: write date(…) for the day it falls on" : ""
    }
}
