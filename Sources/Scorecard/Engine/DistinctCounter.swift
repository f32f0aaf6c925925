/// Counts distinct values per breakdown row and column within one window. Values are
/// interned ids or row numbers (small non-negative integers), so a bit per value marks
/// "seen in this window": a few megabytes a cell that stay in cache, where a hash set
/// or a stamp per value would miss it on every insert. Other values use a set.
struct DistinctCounter {
    private let columns: Int
    private var bits: [[UInt64]]
    /// Per cell, the range of words touched this window, so clearing costs what was used.
    private var touched: [Range<Int>]
    private var counts: [Int64]
    private var sets: [Set<Int64>]

    init(rows: Int, columns: Int) {
        self.columns = columns
        bits = Array(repeating: [], count: rows * columns)
        touched = Array(repeating: 0..<0, count: rows * columns)
        counts = Array(repeating: 0, count: rows * columns)
        sets = Array(repeating: [], count: rows * columns)
    }

    mutating func startWindow() {
        for cell in bits.indices {
            let used = touched[cell]
            if !used.isEmpty {
                bits[cell].withUnsafeMutableBufferPointer { words in
                    for w in used { words[w] = 0 }
                }
            }
            touched[cell] = 0..<0
            counts[cell] = 0
            if !sets[cell].isEmpty { sets[cell].removeAll(keepingCapacity: true) }
        }
    }

    @inline(__always)
    mutating func insert(_ value: Int64, row: Int, column: Int) {
        let cell = row * columns + column
        guard value >= 0, value < 1 << 31 else {
            if sets[cell].insert(value).inserted { counts[cell] += 1 }
            return
        }
        let word = Int(value >> 6)
        if word >= bits[cell].count {
            bits[cell].append(contentsOf: repeatElement(0, count: max(word + 1, bits[cell].count * 2) - bits[cell].count))
        }
        let mask: UInt64 = 1 << UInt64(value & 63)
        let seen = bits[cell].withUnsafeMutableBufferPointer { words -> Bool in
            let old = words[word]
            words[word] = old | mask
            return old & mask != 0
        }
        if !seen {
            counts[cell] += 1
            let used = touched[cell]
            touched[cell] = used.isEmpty ? word..<(word + 1) : min(used.lowerBound, word)..<max(used.upperBound, word + 1)
        }
    }

    func count(row: Int, column: Int) -> Int64 { counts[row * columns + column] }
}
