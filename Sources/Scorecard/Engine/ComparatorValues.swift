/// Comparators read from an extract: for each measure, period and declared lookup, the
/// number in the first row (in file order) whose key fields equal the matching
/// expressions for that period, or nil when no row matches.
enum ComparatorValues {
    /// `[measure][period][lookup]`.
    static func compute(dataset: Dataset, periods: [Period]) -> [[[Double?]]] {
        dataset.definitions.measures.map { measure in
            guard !measure.comparatorLookups.isEmpty else { return [] }
            var ctx = Context(data: dataset, slotCount: 1)
            return periods.map { period in
                ctx.window = period.window
                return measure.comparatorLookups.map { lookup in
                    let table = dataset.tables[lookup.record]
                    let keys = lookup.matching.map { ($0.field, $0.value.eval(&ctx)) }
                    guard !keys.contains(where: { $0.1 == .null }) else { return nil }
                    for r in 0..<table.count where keys.allSatisfy({ table.value($0.0, r) == $0.1 }) {
                        return table.value(lookup.field, r).asDouble
                    }
                    return nil
                }
            }
        }
    }
}
