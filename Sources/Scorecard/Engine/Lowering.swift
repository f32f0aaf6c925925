/// Lowers the typed core (`TypedExpr`) to the closures the columnar evaluator and the
/// intake run (`Compiled`). Every name was resolved and every type checked by the
/// `TypeChecker`: nothing here can fail, and nothing reads syntax.
///
/// The closures read columns through pointers where they can (`thisField`, `read`),
/// keep the timing shapes the candidate finder answers from an index, and look related
/// rows up through grouped-row indexes (`GroupKeys`, shared by one definition set).
struct Lowering {
    enum Mode {
        /// Rows of the dataset, by record and row number (measures).
        case dataset
        /// The staged row of a reject rule, before it joins its table.
        case staged
    }

    let records: [RecordType]
    let groupKeys: GroupKeys
    var mode: Mode = .dataset

    /// Reads a field of the record a row value points at.
    private func read(record: Int, field: Int, of base: Compiled) -> Compiled {
        let isDecimal = records[record].fields[field].type == .decimal
        let type = fieldType(record, field)
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

    private func fieldType(_ record: Int, _ field: Int) -> ValueType { records[record].fields[field].type.valueType }

    /// A field of the row in scope: a column read (and `thisField`, so the evaluator can
    /// read the column itself), or the staged row's value.
    func thisField(record: Int, field: Int, mode: Mode) -> Compiled {
        let type = fieldType(record, field)
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

    func lower(_ expr: TypedExpr) -> Compiled {
        switch expr {
        case .int(let n): return Compiled(type: .int) { _ in .int(n) }
        case .decimal(let d): return Compiled(type: .decimal) { _ in .double(d) }
        case .duration(let n, let unit): return Compiled(type: .duration(unit)) { _ in .int(n) }
        case .code(let c, let i):
            let v = Value.int(i)
            return Compiled(type: .category(c)) { _ in v }
        case .text(_, let k): return Compiled(type: .text) { ctx in .int(ctx.data.literalIDs[k]) }
        case .field(let r, let f, _): return thisField(record: r, field: f, mode: mode)
        case .this(let record): return Compiled(type: .record(record)) { ctx in .int(Int64(ctx.row)) }
        case .alias(let slot, let record): return Compiled(type: .record(record)) { ctx in ctx.slots[slot] }
        case .letValue(let slot, let type): return Compiled(type: type) { ctx in ctx.slots[slot] }
        case .follow(let base, let r, let f, _): return read(record: r, field: f, of: lower(base))
        case .period(let bound):
            switch bound {
            case .start: return Compiled(type: .date) { ctx in .int(Int64(ctx.window.start)) }
            case .end: return Compiled(type: .date) { ctx in .int(Int64(ctx.window.end)) }
            case .yearStart: return Compiled(type: .date) { ctx in .int(Int64(ctx.window.yearStart)) }
            }
        case .asAt: return Compiled(type: .date) { ctx in .int(Int64(ctx.asAt)) }
        case .not(let inner):
            let eval = lower(inner).eval
            return Compiled(type: .bool) { ctx in .bool(!eval(&ctx).isTrue) }
        case .negate(let inner, let type):
            let eval = lower(inner).eval
            if type == .int || type == .money {
                // -Int64.min has no whole number: blank, never a trap.
                return Compiled(type: type) { ctx in if case .int(let i) = eval(&ctx), i != .min { return .int(-i) }; return .null }
            }
            return Compiled(type: .decimal) { ctx in if case .double(let d) = eval(&ctx) { return .double(-d) }; return .null }
        case .and(let a, let b):
            let ex = lower(a).eval, ey = lower(b).eval
            return Compiled(type: .bool) { ctx in .bool(ex(&ctx).isTrue && ey(&ctx).isTrue) }
        case .or(let a, let b):
            let ex = lower(a).eval, ey = lower(b).eval
            return Compiled(type: .bool) { ctx in .bool(ex(&ctx).isTrue || ey(&ctx).isTrue) }
        case .compare(let op, let a, let b, _):
            return compare(op, lower(a), lower(b))
        case .arithmetic(let op, let a, let b, let type, let zero):
            return arithmetic(op, lower(a), lower(b), type: type, zeroDivision: zero == .notApplicable ? .double(.nan) : .null)
        case .shiftDate(let date, let by, let unit, let subtract):
            let ex = lower(date).eval, ey = lower(by).eval
            let sign: Int64 = subtract ? -1 : 1
            return Compiled(type: .date) { ctx in
                guard case .int(let d) = ex(&ctx), case .int(let n) = ey(&ctx) else { return .null }
                if unit == .days { return .int(d + sign * n) }
                return .int(Int64(Day.addMonths(Int32(d), Int(sign * n))))
            }
        case .moneyAsNumber(let inner):
            let eval = lower(inner).eval
            return Compiled(type: .decimal) { ctx in if case .int(let p) = eval(&ctx) { return .double(Money.pounds(p)) }; return .null }
        case .arrival(let inner, let closeOfBusiness):
            let eval = lower(inner).eval
            let close = Int64(closeOfBusiness)
            return Compiled(type: .date) { ctx in
                guard case .int(let s) = eval(&ctx) else { return .null }
                return .int(Int64(ctx.data.workingDays.arrival(day: DateTime.day(s), secondOfDay: DateTime.secondOfDay(s), closeOfBusiness: close)))
            }
        case .isBlank(let inner, let negated):
            let eval = lower(inner).eval
            return Compiled(type: .bool) { ctx in .bool((eval(&ctx) == .null) != negated) }
        case .inList(let inner, let items):
            return inList(lower(inner), items)
        case .inPeriod(let inner, let toDate):
            let eval = lower(inner).eval
            return Compiled(type: .bool, eval: { ctx in
                guard case .int(let d) = eval(&ctx) else { return .bool(false) }
                let start = toDate ? ctx.window.yearStart : ctx.window.start
                return .bool(d >= Int64(start) && d <= Int64(ctx.window.end))
            }, timing: expr.timing)
        case .open(let r, let s, let e, let duringYear):
            let start = thisField(record: r, field: s, mode: .dataset).eval
            let end = thisField(record: r, field: e, mode: .dataset).eval
            return Compiled(type: .bool, eval: { ctx in
                guard case .int(let s) = start(&ctx) else { return .bool(false) }
                let pe = Int64(ctx.window.end)
                guard s <= pe else { return .bool(false) }
                guard case .int(let e) = end(&ctx) else { return .bool(true) }
                if duringYear { return .bool(e > s && e > Int64(ctx.window.yearStart)) }
                return .bool(e > pe)
            }, timing: expr.timing)
        case .call(let function, let args, let type):
            return call(function, args, type: type)
        case .exists(let related):
            return exists(related)
        case .pick(let last, let related, let order):
            return pick(last: last, related, order)
        case .figure(let measure, let part, let type):
            let name = part.rawValue
            return Compiled(type: type) { ctx in
                ctx.readFigure?(measure, name, ctx.window) ?? .null
            }
        case .figureAt(let measure, let part, let date, let type):
            let name = part.rawValue
            let dateEval = lower(date).eval
            return Compiled(type: type) { ctx in
                guard case .int(let day) = dateEval(&ctx), let reader = ctx.readFigure else { return .null }
                return reader(measure, name, Window(start: Int32(day), end: Int32(day)))
            }
        }
    }

    /// A blank on either side makes any comparison false, as in SQL. Codes compare as
    /// their indexes (the declared order); texts and person ids only for (in)equality.
    private func compare(_ op: TypedExpr.CompareOp, _ x: Compiled, _ y: Compiled) -> Compiled {
        let ex = x.eval, ey = y.eval
        let test: (Int) -> Bool
        switch op {
        case .equal: test = { $0 == 0 }
        case .notEqual: test = { $0 != 0 }
        case .less: test = { $0 < 0 }
        case .lessEqual: test = { $0 <= 0 }
        case .greater: test = { $0 > 0 }
        case .greaterEqual: test = { $0 >= 0 }
        }
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

    private func arithmetic(_ op: TypedExpr.ArithmeticOp, _ x: Compiled, _ y: Compiled, type: ValueType, zeroDivision: Value) -> Compiled {
        let ex = x.eval, ey = y.eval
        if type == .int || type == .money {
            // Money is whole pence: exact as whole numbers are (the checker allows only
            // money ± money and money × a whole number here).
            return Compiled(type: type) { ctx in
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
        }
        return Compiled(type: .decimal) { ctx in
            guard let p = ex(&ctx).asDouble, let q = ey(&ctx).asDouble else { return .null }
            switch op {
            case .plus: return .double(p + q)
            case .minus: return .double(p - q)
            case .times: return .double(p * q)
            case .divide: return q == 0 ? zeroDivision : .double(p / q)
            }
        }
    }

    /// Texts match by the ids their literals were interned under; other items are constants.
    private func inList(_ c: Compiled, _ items: [TypedExpr]) -> Compiled {
        let eval = c.eval
        if c.type == .text {
            let literals: [Int] = items.compactMap { if case .text(_, let k) = $0 { return k } else { return nil } }
            return Compiled(type: .bool) { ctx in
                let v = eval(&ctx)
                guard case .int(let id) = v else { return .bool(false) }
                return .bool(literals.contains { ctx.data.literalIDs[$0] == id })
            }
        }
        let codes: [Value] = items.compactMap { item in
            switch item {
            case .int(let i), .code(_, let i): return .int(i)
            case .decimal(let d): return .double(d)
            default: return nil
            }
        }
        return Compiled(type: .bool) { ctx in
            let v = eval(&ctx)
            return .bool(v != .null && codes.contains(v))
        }
    }
}
