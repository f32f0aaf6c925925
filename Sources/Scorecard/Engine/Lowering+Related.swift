/// `exists`, `first` and `last` as closures: candidates from a grouped-row index when
/// the typed form has an equi-join, the alias's slot set per candidate, and the
/// pre-sorted walk for picks ordered by the alias's dates and codes.
extension Lowering {
    /// Candidate rows: the group sharing the join value, or every row.
    private static func candidates(_ ctx: inout Context, record: Int, joinField: Int?, joinValue: ((inout Context) -> Value)?, slot: Int) -> GroupSlice {
        if let f = joinField, let jv = joinValue {
            guard case .int(let key) = jv(&ctx) else { return GroupSlice(index: nil, range: 0..<0) }
            let index = ctx.data.groups(slot: slot, record: record, field: f)
            return GroupSlice(index: index, range: index.range(of: key))
        }
        return GroupSlice(index: nil, range: 0..<ctx.data.tables[record].count)
    }

    func exists(_ related: TypedRelated) -> Compiled {
        let record = related.record, slot = related.slot, joinField = related.join?.field
        let condition = related.condition.map { lower($0).eval }, joinValue = related.join.map { lower($0.value).eval }
        let excludeSelf = related.excludeSelf
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
        }, timing: related.timing)
    }

    func pick(last: Bool, _ related: TypedRelated, _ order: [TypedExpr]) -> Compiled {
        let record = related.record, slot = related.slot, joinField = related.join?.field
        let condition = related.condition.map { lower($0).eval }, joinValue = related.join.map { lower($0.value).eval }
        let keys = order.map { lower($0).eval }
        let keyCount = order.count
        let groupSlot = joinField.map { groupKeys.slot(record: record, field: $0) } ?? -1
        // The usual shape — joined on a field, ordered by dates and codes of the alias —
        // walks the group pre-sorted by those fields from the wanted end and stops at the
        // first row meeting the condition: the same row the loop below finds (smallest
        // key first, earliest row on ties; largest last, latest row on ties), without
        // computing every row's key in every window.
        if let orderFields = related.presortedBy, let joinField, let joinValue {
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
