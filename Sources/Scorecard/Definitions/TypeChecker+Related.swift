/// `exists`, `first` and `last`: the related record, its alias, its condition, and the
/// shapes (an equi-join, a timing, a pre-sorted order) every backend can use to avoid
/// scanning a whole table per row.
extension TypeChecker {
    /// The related record, its alias slot, its typed condition, and the equality
    /// (`alias.f = outer`) that groups candidates, so look-ups never scan a whole table.
    private mutating func prepare(_ related: Related, _ scope: Scope) throws(Failure) -> (record: Int, slot: Int, condition: TypedExpr?, join: (field: Int, value: TypedExpr)?, inner: Scope) {
        guard let r = records.firstIndex(where: { $0.name == related.record }) else {
            throw error(related.location, "unknown record '\(related.record)'\(Suggestion.hint(for: related.record, in: records.map(\.name)))")
        }
        usedRecords.insert(r)
        var inner = scope
        let slot = newSlot()
        inner.aliases[related.alias] = (slot, r)
        var condition: TypedExpr?
        var join: (field: Int, value: TypedExpr)?
        if let cond = related.condition {
            let checked = try build(cond, inner)
            guard checked.type == .bool else { throw error(cond.location, "expected a condition after 'where'") }
            condition = checked
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
                        join = (fi, value)
                    }
                }
                if join != nil { joinConjunct = k; break }
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
        return (r, slot, condition, join, inner)
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

    mutating func exists(_ related: Related, _ scope: Scope) throws(Failure) -> TypedExpr {
        let p = try prepare(related, scope)
        return .exists(TypedRelated(
            record: p.record, slot: p.slot, excludeSelf: related.excludeSelf && scope.record == p.record,
            join: p.join, condition: p.condition, timing: relatedTiming(related, record: p.record, scope: scope), presortedBy: nil))
    }

    mutating func pick(last: Bool, _ related: Related, _ order: [Expr], _ scope: Scope) throws(Failure) -> TypedExpr {
        let p = try prepare(related, scope)
        guard order.count <= 4 else { throw error(order[4].location, "order by takes at most four keys") }
        var keys: [TypedExpr] = []
        for o in order {
            let k = try build(o, p.inner)
            switch k.type {
            case .int, .decimal, .date, .category: keys.append(k)
            default: throw error(o.location, "cannot order by a \(k.type)")
            }
        }
        let record = p.record
        // Ordered by dates and codes of the alias only: their values are small, so
        // comparing them as whole numbers orders them exactly as comparing them as
        // doubles does (a whole number beyond 2^53 could tie there and not here), and a
        // group sorted by them can be walked from the wanted end.
        let presorted: [Int]? = order.allSatisfy { o in
            guard case .member(.name(let a, _), let f, _) = o, a == related.alias, let fi = records[record].fieldIndex(f) else { return false }
            switch records[record].fields[fi].type {
            case .date, .category: return true
            default: return false
            }
        } ? order.map { o in
            guard case .member(_, let f, _) = o else { return -1 }
            return records[record].fieldIndex(f)!
        } : nil
        // `other` is for `exists` only: a pick may find the row in scope itself.
        return .pick(last: last, TypedRelated(
            record: record, slot: p.slot, excludeSelf: false, join: p.join, condition: p.condition,
            timing: nil, presortedBy: presorted), orderBy: keys)
    }
}
