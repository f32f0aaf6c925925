/// Lowers a whole checked definition set: every measure's typed form, the `at` dates
/// and every source's reject rules become the closures (and, for reject rules, the flat
/// row programs) the intake and the evaluator run. The typed forms stay beside them, for
/// other backends and for tests.
extension Lowering {
    static func lower(_ definitions: inout Definitions) {
        let records = definitions.records
        let measures = Lowering(records: records, groupKeys: definitions.groupKeys)
        var staged = measures
        staged.mode = .staged
        for s in definitions.sources.indices {
            let source = definitions.sources[s]
            definitions.sources[s].rejects = source.typedRejects.map { rule in
                (rule.reason, staged.lower(rule.condition), source.record.flatMap { RowProgram.compile(rule.condition, record: records[$0]) })
            }
        }
        for m in definitions.measures.indices { measures.lower(&definitions.measures[m]) }
        definitions.atDates = definitions.typedAtDates.map(measures.lower)
    }

    /// Fills a measure's closures from its typed form, splitting what is the same in
    /// every window (tested or computed once per record) from what is not.
    func lower(_ measure: inout Measure) {
        let typed = measure.typed
        measure.comparatorLookups = typed.comparatorLookups.map { lookup in
            ComparatorLookup(name: lookup.name, record: lookup.record, field: lookup.field, matching: lookup.matching.map { ($0.field, lower($0.value)) })
        }
        measure.value = typed.value.map(lower)
        measure.valueParts = typed.valueParts.map { (lower($0.numerator), lower($0.denominator)) }
        measure.when = typed.when.map(lower)
        measure.staticLets = []
        measure.lets = []
        for item in typed.lets {
            let c = lower(item.value.expr)
            if item.value.isStatic {
                measure.staticLets.append((item.slot, c))
                continue
            }
            let slot = item.slot
            measure.lets.append(Compiled(type: c.type) { ctx in
                let v = c.eval(&ctx)
                ctx.slots[slot] = v
                return v
            })
        }
        measure.staticWheres = []
        measure.wheres = []
        for w in typed.wheres {
            if w.isStatic { measure.staticWheres.append(lower(w.expr)) } else { measure.wheres.append(lower(w.expr)) }
        }
        measure.distinct = typed.distinct.map(lower)
        measure.aggregate = typed.aggregate.map { Aggregate(kind: $0.kind, value: lower($0.value), isInteger: $0.value.type == .int) }
        measure.parts = typed.parts.map { part -> (name: String?, part: Measure.Part) in
            switch part.part {
            case .count: return (part.name, .count)
            case .share(let clause): return (part.name, clause.isStatic ? .staticShare(lower(clause.expr)) : .share(lower(clause.expr)))
            }
        }
        measure.per?.matching = typed.perMatching.map { ($0.field, lower($0.value)) }
        measure.slotCount = typed.slotCount
    }
}
