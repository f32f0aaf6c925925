/// TEMPORARY, until the checker fills `Measure.typed` (issue #12): builds the typed form
/// of measures from their parsed declarations, for definitions the checker has already
/// accepted (so it reports nothing; a shape it does not know is left untyped and the
/// SQL compiler refuses that measure). Delete once `TypeChecker` fills `typed`.
struct TypedBridge {
    let definitions: Definitions
    let syntax: DefinitionSyntax
    private var slot = 0

    init(definitions: Definitions, syntax: DefinitionSyntax) {
        self.definitions = definitions
        self.syntax = syntax
    }

    struct Unknown: Error {}

    struct Scope {
        var record: Int?
        var aliases: [String: (slot: Int, record: Int)] = [:]
        var lets: [String: (slot: Int, type: ValueType)] = [:]
        var allowPeriod = true
        var measures: [String: Int] = [:]
        var derived = false
    }

    /// The definitions with every measure's typed form filled where it was empty.
    static func filled(_ definitions: Definitions, syntax: DefinitionSyntax) -> Definitions {
        var out = definitions
        for (i, measure) in definitions.measures.enumerated() {
            guard measure.typed.record == nil, measure.typed.value == nil,
                  let decl = syntax.measures.first(where: { $0.id.value == measure.id }) else { continue }
            var bridge = TypedBridge(definitions: definitions, syntax: syntax)
            if let typed = try? bridge.measure(decl, measure) { out.measures[i].typed = typed }
        }
        return out
    }

    private mutating func measure(_ decl: MeasureDecl, _ measure: Measure) throws(Unknown) -> TypedMeasure {
        var typed = TypedMeasure()
        let ids = Dictionary(uniqueKeysWithValues: definitions.measures.enumerated().map { ($1.id, $0) })
        if let value = decl.value {
            var scope = Scope()
            scope.measures = ids
            scope.derived = true
            typed.value = try expr(value, scope)
            if case .binary(.divide, let a, let b, _) = value {
                typed.valueParts = (try expr(a, scope), try expr(b, scope))
            }
            return typed
        }
        guard let record = measure.record else { throw Unknown() }
        typed.record = record
        var scope = Scope(record: record)
        typed.when = try expr(decl.when!, scope)
        for (name, value) in decl.lets {
            let v = try expr(value, scope)
            let s = newSlot()
            scope.lets[name.value] = (s, v.type)
            typed.lets.append(.init(slot: s, value: TypedClause(expr: v, isStatic: false)))
        }
        typed.wheres = try decl.wheres.map { (w: Expr) throws(Unknown) -> TypedClause in TypedClause(expr: try expr(w, scope), isStatic: false) }
        if case .distinct(let e) = decl.count { typed.distinct = try expr(e, scope) }
        if let aggregate = decl.aggregate {
            typed.aggregate = (Aggregate.Kind(rawValue: aggregate.kind.value)!, try expr(aggregate.value, scope))
            typed.parts = [(nil, .count)]
        } else if let share = decl.share {
            typed.parts = [(nil, .share(TypedClause(expr: try expr(share, scope), isStatic: false)))]
        } else if decl.parts.isEmpty {
            typed.parts = [(nil, .count)]
        }
        for (name, kind) in decl.parts {
            switch kind {
            case .count: typed.parts.append((name.value, .count))
            case .share(let e): typed.parts.append((name.value, .share(TypedClause(expr: try expr(e, scope), isStatic: false))))
            }
        }
        if let per = decl.per, let p = measure.per {
            for (key, value) in per.matching {
                guard let f = definitions.records[p.record].fieldIndex(key.value) else { throw Unknown() }
                typed.perMatching.append((f, try expr(value, Scope())))
            }
        }
        return typed
    }

    private mutating func newSlot() -> Int {
        slot += 1
        return slot - 1
    }

    private func fieldType(_ t: FieldType) -> ValueType {
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

    private func category(_ c: Int, _ s: String) throws(Unknown) -> TypedExpr {
        guard let i = definitions.categories[c].index(of: s) else { throw Unknown() }
        return .code(category: c, index: Int64(i))
    }

    private mutating func expr(_ e: Expr, _ scope: Scope) throws(Unknown) -> TypedExpr {
        switch e {
        case .number(let n, let isInteger, _): return isInteger ? .int(Int64(n)) : .decimal(n)
        case .duration(let n, let unit, _): return .duration(Int64(n), unit)
        case .string: throw Unknown()
        case .this:
            guard let r = scope.record else { throw Unknown() }
            return .this(record: r)
        case .name(let name, _):
            if let l = scope.lets[name] { return .letValue(slot: l.slot, type: l.type) }
            if let a = scope.aliases[name] { return .alias(slot: a.slot, record: a.record) }
            if name == "as_at" { return .asAt }
            if let r = scope.record, let f = definitions.records[r].fieldIndex(name) {
                return .field(record: r, field: f, type: fieldType(definitions.records[r].fields[f].type))
            }
            throw Unknown()
        case .member(let base, let name, _):
            if case .name("period", _) = base, scope.lets["period"] == nil {
                switch name {
                case "start": return .period(.start)
                case "end": return .period(.end)
                case "year_start": return .period(.yearStart)
                default: throw Unknown()
                }
            }
            if case .name(let m, _) = base, let measure = scope.measures[m] {
                guard let part = TypedExpr.FigurePart(rawValue: name) else { throw Unknown() }
                let aggregate = syntax.measures.first { $0.id.value == m }?.aggregate != nil
                let whole = (part == .count || part == .numerator) && !aggregate
                return .figure(measure: measure, part: part, type: whole ? .int : .decimal)
            }
            let b = try expr(base, scope)
            guard case .record(let r) = b.type, let f = definitions.records[r].fieldIndex(name) else { throw Unknown() }
            return .follow(b, record: r, field: f, type: fieldType(definitions.records[r].fields[f].type))
        case .not(let inner, _): return .not(try expr(inner, scope))
        case .negate(let inner, _):
            let v = try expr(inner, scope)
            return .negate(v, type: v.type)
        case .binary(let op, let a, let b, _):
            switch op {
            case .and: return .and(try expr(a, scope), try expr(b, scope))
            case .or: return .or(try expr(a, scope), try expr(b, scope))
            case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual:
                var x: TypedExpr, y: TypedExpr
                if case .string(let s, _) = b {
                    x = try expr(a, scope)
                    y = try constant(s, against: x.type)
                } else if case .string(let s, _) = a {
                    y = try expr(b, scope)
                    x = try constant(s, against: y.type)
                } else {
                    x = try expr(a, scope)
                    y = try expr(b, scope)
                }
                let kind: TypedExpr.ComparisonKind
                switch x.type {
                case .int, .decimal: kind = .numeric
                case .date: kind = .date
                case .text: kind = .text
                case .person: kind = .person
                case .category(let c): kind = .category(c)
                case .record(let r): kind = .record(r)
                default: throw Unknown()
                }
                return .compare(TypedExpr.CompareOp(rawValue: op.rawValue)!, x, y, kind: kind)
            case .plus, .minus, .times, .divide:
                let x = try expr(a, scope), y = try expr(b, scope)
                if x.type == .date, case .duration(let unit) = y.type {
                    return .shiftDate(x, by: y, unit: unit, subtract: op == .minus)
                }
                guard x.type.isNumeric, y.type.isNumeric else { throw Unknown() }
                let type: ValueType = x.type == .int && y.type == .int && op != .divide ? .int : .decimal
                return .arithmetic(TypedExpr.ArithmeticOp(rawValue: op.rawValue)!, x, y, type: type,
                                   divisionByZero: scope.derived ? .notApplicable : .blank)
            }
        case .isBlank(let inner, let negated, _): return .isBlank(try expr(inner, scope), negated: negated)
        case .inList(let inner, let items, _):
            let x = try expr(inner, scope)
            let list = try items.map { (item: Expr) throws(Unknown) -> TypedExpr in
                switch item {
                case .string(let s, _): return try constant(s, against: x.type)
                case .number(let n, let isInteger, _): return x.type == .decimal ? .decimal(n) : (isInteger ? .int(Int64(n)) : .decimal(n))
                default: throw Unknown()
                }
            }
            return .inList(x, items: list)
        case .inPeriod(let inner, let toDate, _): return .inPeriod(try expr(inner, scope), toDate: toDate)
        case .open(let during, _):
            guard let r = scope.record, let span = definitions.records[r].span else { throw Unknown() }
            return .open(record: r, start: span.start, end: span.end, duringYearToDate: during)
        case .call(let name, let args, _):
            guard let function = TypedExpr.Function(rawValue: name) else { throw Unknown() }
            let typedArgs = try args.map { (a: Expr) throws(Unknown) -> TypedExpr in try expr(a, scope) }
            let type: ValueType
            switch function {
            case .year, .month, .fyYear, .fp, .ayYear, .weekday, .daysBetween, .age, .position, .workingDays: type = .int
            case .monthStart, .monthEnd, .quarterStart, .quarterEnd, .fyStart, .fyEnd, .ayStart, .ayEnd, .addWorkingDays: type = .date
            case .isWorkingDay: type = .bool
            case .min, .max:
                if typedArgs.allSatisfy({ $0.type == .date }) { type = .date }
                else if typedArgs.allSatisfy({ $0.type == .int }) { type = .int }
                else { type = .decimal }
            case .abs: type = typedArgs[0].type
            case .round: type = typedArgs.count == 2 ? .decimal : .int
            }
            return .call(function, typedArgs, type: type)
        case .exists(let related):
            let (r, inner) = try relate(related, scope)
            return .exists(r.with(inner))
        case .pick(let last, let related, let orderBy):
            let (r, inner) = try relate(related, scope)
            let keys = try orderBy.map { (o: Expr) throws(Unknown) -> TypedExpr in try expr(o, inner) }
            return .pick(last: last, r.with(inner), orderBy: keys)
        case .at(let base, let date, _):
            guard case .figure(let m, let part, let type) = try expr(base, scope) else { throw Unknown() }
            var dateScope = Scope()
            dateScope.derived = scope.derived
            return .figureAt(measure: m, part: part, date: try expr(date, dateScope), type: type)
        }
    }

    private func constant(_ s: String, against type: ValueType) throws(Unknown) -> TypedExpr {
        switch type {
        case .category(let c): return try category(c, s)
        case .text: return .text(s, literal: definitions.textLiterals.texts.firstIndex(of: s) ?? -1)
        default: throw Unknown()
        }
    }

    /// A related record's alias and condition (no join is split off: the SQL reads the whole condition).
    private mutating func relate(_ related: Related, _ scope: Scope) throws(Unknown) -> (Pending, Scope) {
        guard let r = definitions.records.firstIndex(where: { $0.name == related.record }) else { throw Unknown() }
        var inner = scope
        let s = newSlot()
        inner.aliases[related.alias] = (s, r)
        let condition = try related.condition.map { (c: Expr) throws(Unknown) -> TypedExpr in try expr(c, inner) }
        return (Pending(record: r, slot: s, excludeSelf: related.excludeSelf && scope.record == r, condition: condition), inner)
    }

    struct Pending {
        var record: Int
        var slot: Int
        var excludeSelf: Bool
        var condition: TypedExpr?

        func with(_ scope: Scope) -> TypedRelated {
            TypedRelated(record: record, slot: slot, excludeSelf: excludeSelf, join: nil, condition: condition, timing: nil, presortedBy: nil)
        }
    }
}
