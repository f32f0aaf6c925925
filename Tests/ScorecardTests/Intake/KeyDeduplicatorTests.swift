import Testing
@testable import Scorecard

/// The after-the-load key check must give exactly what the row-by-row check gave:
/// the first row of each key stands, every later one is named with that first row.
@Suite struct KeyDeduplicatorTests {
    /// A seeded generator, so a failure can be replayed.
    struct Seeded {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int64((state >> 33) % UInt64(bound))
        }
    }

    /// Row by row with a dictionary: the reference the partitioned check must match.
    func reference(_ keys: [[Int64]], count: Int) -> [(row: Int32, first: Int32)] {
        var firsts: [[Int64]: Int32] = [:]
        var out: [(row: Int32, first: Int32)] = []
        for r in 0..<count {
            let key = keys.map { $0[r] }
            if let first = firsts[key] { out.append((Int32(r), first)) } else { firsts[key] = Int32(r) }
        }
        return out
    }

    @Test(arguments: [(10, 3), (5_000, 2), (150_000, 4)])
    func matchesTheRowByRowCheck(rows: Int, fields: Int) {
        var random = Seeded(state: UInt64(rows * 31 + fields))
        // Few distinct values per field, so keys repeat often; some blanks among them.
        let keys = (0..<fields).map { f in
            (0..<rows).map { _ -> Int64 in
                let v = random.next(f == 0 ? max(2, rows / 20) : 6)
                return v == 0 ? Table.null : v
            }
        }
        let found = KeyDeduplicator.duplicates(keys: keys, count: rows)
        let expected = reference(keys, count: rows)
        #expect(found.count == expected.count)
        #expect(found.map(\.row) == expected.map(\.row))
        #expect(found.map(\.first) == expected.map(\.first))
        #expect(rows < 1000 || expected.count > 1000, "the case must exercise many duplicates")
    }

    @Test func removingRowsKeepsTheOthersInOrder() {
        let definitions = Repo.definitions
        let record = definitions.records.firstIndex { $0.name == "score" }!
        let table = Table(type: definitions.records[record], recordIndex: record)
        let n = 1_000
        let fields = table.type.fields.count
        let values = (0..<n).flatMap { r in (0..<fields).map { f in Int64(r * 10 + f) } }
        table.append(candidates: (0..<n).map(Int32.init), values: values, fieldCount: fields, lines: (0..<n).map { Int32($0 + 2) }, source: 0)
        let gone: [Int32] = [0, 1, 17, 500, 998, 999]
        table.remove(sortedRows: gone)
        let kept = (0..<n).filter { !gone.contains(Int32($0)) }
        #expect(table.count == kept.count)
        for f in 0..<fields where !table.isDecimal(f) {
            #expect(table.ints[f] == kept.map { Int64($0 * 10 + f) })
        }
        #expect(table.origins.map(\.line) == kept.map { Int32($0 + 2) })
    }
}
