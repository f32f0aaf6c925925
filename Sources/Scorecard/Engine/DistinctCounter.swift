/// Counts distinct values per breakdown row and column within one window. Values are
/// interned ids or row numbers (small non-negative integers), so a stamp per value
/// marks "seen in this window" without a hash set; other values use a set.
struct DistinctCounter {
    private let columns: Int
    private var stamps: [[Int32]]
    private var counts: [Int64]
    private var sets: [Set<Int64>]
    private var epoch: Int32 = 0

    init(rows: Int, columns: Int) {
        self.columns = columns
        stamps = Array(repeating: [], count: rows * columns)
        counts = Array(repeating: 0, count: rows * columns)
        sets = Array(repeating: [], count: rows * columns)
    }

    mutating func startWindow() {
        epoch += 1
        for i in counts.indices { counts[i] = 0 }
        for i in sets.indices where !sets[i].isEmpty { sets[i].removeAll(keepingCapacity: true) }
    }

    @inline(__always)
    mutating func insert(_ value: Int64, row: Int, column: Int) {
        let cell = row * columns + column
        guard value >= 0, value < 1 << 28 else {
            if sets[cell].insert(value).inserted { counts[cell] += 1 }
            return
        }
        let v = Int(value)
        if v >= stamps[cell].count {
            stamps[cell].append(contentsOf: repeatElement(0, count: max(v + 1, stamps[cell].count * 2) - stamps[cell].count))
        }
        if stamps[cell][v] != epoch {
            stamps[cell][v] = epoch
            counts[cell] += 1
        }
    }

    func count(row: Int, column: Int) -> Int64 { counts[row * columns + column] }
}
