/// Counts distinct values per breakdown row and column within one window. Values are
/// interned ids or row numbers (small non-negative integers), so a bit per value marks
/// "seen in this window": a few megabytes a cell that stay in cache, where a hash set
/// or a stamp per value would miss it on every insert. Other values use a set.
///
/// The bits, counts and touched ranges live in raw storage this class owns: an insert
/// runs for every record in every window, and arrays inside arrays would check their
/// uniqueness (and bounds) at each level on every one.
final class DistinctCounter {
    private let columns: Int
    private let cells: Int
    /// Per cell: its words, and how many it has.
    private let words: UnsafeMutablePointer<UnsafeMutablePointer<UInt64>?>
    private let capacities: UnsafeMutablePointer<Int>
    /// Per cell, the range of words touched this window, so clearing costs what was used.
    private let touchedLow: UnsafeMutablePointer<Int>
    private let touchedHigh: UnsafeMutablePointer<Int>
    private let counts: UnsafeMutablePointer<Int64>
    @exclusivity(unchecked) private var sets: [Set<Int64>]

    init(rows: Int, columns: Int) {
        self.columns = columns
        cells = rows * columns
        words = .allocate(capacity: cells)
        words.initialize(repeating: nil, count: cells)
        capacities = .allocate(capacity: cells)
        capacities.initialize(repeating: 0, count: cells)
        touchedLow = .allocate(capacity: cells)
        touchedLow.initialize(repeating: 0, count: cells)
        touchedHigh = .allocate(capacity: cells)
        touchedHigh.initialize(repeating: 0, count: cells)
        counts = .allocate(capacity: cells)
        counts.initialize(repeating: 0, count: cells)
        sets = Array(repeating: [], count: cells)
    }

    deinit {
        for c in 0..<cells { words[c]?.deallocate() }
        words.deallocate()
        capacities.deallocate()
        touchedLow.deallocate()
        touchedHigh.deallocate()
        counts.deallocate()
    }

    func startWindow() {
        for cell in 0..<cells {
            if touchedHigh[cell] > touchedLow[cell], let w = words[cell] {
                (w + touchedLow[cell]).update(repeating: 0, count: touchedHigh[cell] - touchedLow[cell])
            }
            touchedLow[cell] = 0
            touchedHigh[cell] = 0
            counts[cell] = 0
            if !sets[cell].isEmpty { sets[cell].removeAll(keepingCapacity: true) }
        }
    }

    @inline(__always)
    func insert(_ value: Int64, row: Int, column: Int) {
        let cell = row * columns + column
        guard value >= 0, value < 1 << 31 else {
            if sets[cell].insert(value).inserted { counts[cell] += 1 }
            return
        }
        let word = Int(value >> 6)
        if word >= capacities[cell] { grow(cell, toHold: word) }
        let w = words[cell].unsafelyUnwrapped
        let mask: UInt64 = 1 << UInt64(value & 63)
        let old = w[word]
        if old & mask != 0 { return }
        w[word] = old | mask
        counts[cell] += 1
        if touchedHigh[cell] == touchedLow[cell] {
            touchedLow[cell] = word
            touchedHigh[cell] = word + 1
        } else {
            if word < touchedLow[cell] { touchedLow[cell] = word }
            if word >= touchedHigh[cell] { touchedHigh[cell] = word + 1 }
        }
    }

    private func grow(_ cell: Int, toHold word: Int) {
        let old = capacities[cell]
        let size = max(word + 1, old * 2, 64)
        let fresh = UnsafeMutablePointer<UInt64>.allocate(capacity: size)
        fresh.initialize(repeating: 0, count: size)
        if let w = words[cell] {
            fresh.update(from: w, count: old)
            w.deallocate()
        }
        words[cell] = fresh
        capacities[cell] = size
    }

    func count(row: Int, column: Int) -> Int64 { counts[row * columns + column] }
}
