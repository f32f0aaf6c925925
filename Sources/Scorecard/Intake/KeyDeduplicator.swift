import Dispatch

/// Finds the rows of a table whose key an earlier row already has ("first stands"),
/// after the rows are loaded, on both cores.
///
/// Why not one hash index filled in file order: for tens of millions of rows that
/// index is gigabytes, and every probe misses the cache and the TLB (67 M spider rows
/// took 14 s that way, most of it waiting on memory). Here rows are first partitioned
/// by a hash of their key into cache-sized groups, keeping file order within each
/// group; each group is then checked with a small table that stays in cache. The
/// first row of a key is the first in table order, exactly as the in-order check saw it.
enum KeyDeduplicator {
    /// Later rows with an earlier row's key, ascending by row, each with that earlier
    /// row. `keys` are the key columns; rows with a blank key field take part like any
    /// other value, as they did in the in-order check.
    static func duplicates(keys: [[Int64]], count: Int) -> [(row: Int32, first: Int32)] {
        guard count > 1, !keys.isEmpty else { return [] }
        precondition(keys.allSatisfy { $0.count >= count }, "a key column shorter than the table")
        // The key columns' storage, valid for the whole search (and not after).
        return NestedBuffers.read(keys) { buffers in
            duplicates(columns: buffers.map { $0.baseAddress! }, count: count)
        }
    }

    /// As `duplicates(keys:count:)`, over the key columns' storage (at least `count` rows each).
    private static func duplicates(columns keyColumns: [UnsafePointer<Int64>], count: Int) -> [(row: Int32, first: Int32)] {
        var partitionBits = 0
        while (count >> partitionBits) > 32_768 && partitionBits < 12 { partitionBits += 1 }
        let bits = partitionBits
        let partitions = 1 << bits
        let threads = 2
        let columns = Unchecked(keyColumns)

        // 1. Per thread (a contiguous range of rows), how many rows fall in each partition.
        let ranges = (0..<threads).map { t in (count * t / threads)..<(count * (t + 1) / threads) }
        var histograms = [[Int]](repeating: [Int](repeating: 0, count: partitions), count: threads)
        histograms.withUnsafeMutableBufferPointer { out in
            let slots = Unchecked(out)
            DispatchQueue.concurrentPerform(iterations: threads) { t in
                var counts = [Int](repeating: 0, count: partitions)
                let cols = columns.value
                for r in ranges[t] { counts[Self.partition(Self.hash(r, cols), bits: bits)] += 1 }
                slots.value[t] = counts
            }
        }
        // 2. Scatter row numbers by partition; thread 0's rows before thread 1's, so each
        //    partition lists its rows in table order.
        var starts = [Int](repeating: 0, count: partitions + 1)
        var offsets = [[Int]](repeating: [Int](repeating: 0, count: partitions), count: threads)
        var next = 0
        for p in 0..<partitions {
            starts[p] = next
            for t in 0..<threads {
                offsets[t][p] = next
                next += histograms[t][p]
            }
        }
        starts[partitions] = next
        let (firstOffsets, partitionStarts) = (offsets, starts)
        // Each entry: the row in the high half, the low 32 bits of its key's hash in the
        // low half, so checking a partition reads the table only when two hashes agree.
        var order = [UInt64](repeating: 0, count: count)
        order.withUnsafeMutableBufferPointer { out in
            let target = Unchecked(out)
            DispatchQueue.concurrentPerform(iterations: threads) { t in
                var at = firstOffsets[t]
                let cols = columns.value
                for r in ranges[t] {
                    let h = Self.hash(r, cols)
                    let p = Self.partition(h, bits: bits)
                    target.value[at[p]] = UInt64(r) << 32 | (h & 0xFFFF_FFFF)
                    at[p] += 1
                }
            }
        }
        // 3. Each partition against a small table of its own, partitions shared out
        //    between the threads.
        var largest = 0
        for p in 0..<partitions { largest = max(largest, starts[p + 1] - starts[p]) }
        var tableSize = 16
        while tableSize < largest * 2 { tableSize <<= 1 }
        let size = tableSize
        var found = [[(row: Int32, first: Int32)]](repeating: [], count: threads)
        let orderShared = Unchecked(order)
        found.withUnsafeMutableBufferPointer { out in
            let results = Unchecked(out)
            DispatchQueue.concurrentPerform(iterations: threads) { t in
                let cols = columns.value
                let rows = orderShared.value
                var mine: [(row: Int32, first: Int32)] = []
                // Each slot: row + 1 in the low 32 bits (0 is empty), a fingerprint above.
                var slots = [UInt64](repeating: 0, count: size)
                slots.withUnsafeMutableBufferPointer { slots in
                    var p = t
                    while p < partitions {
                        let lo = partitionStarts[p], hi = partitionStarts[p + 1]
                        var mask = 16
                        while mask < (hi - lo) * 2 { mask <<= 1 }
                        mask -= 1
                        for k in lo..<hi {
                            let r = Int(rows[k] >> 32)
                            let h = rows[k] & 0xFFFF_FFFF
                            let fingerprint = h << 32
                            var s = Int(truncatingIfNeeded: h) & mask
                            var duplicateOf: Int32 = -1
                            while slots[s] != 0 {
                                let entry = slots[s]
                                if entry & 0xFFFF_FFFF_0000_0000 == fingerprint {
                                    let other = Int(entry & 0xFFFF_FFFF) - 1
                                    var same = true
                                    for c in cols where c[other] != c[r] { same = false; break }
                                    if same { duplicateOf = Int32(other); break }
                                }
                                s = (s + 1) & mask
                            }
                            if duplicateOf >= 0 {
                                mine.append((Int32(r), duplicateOf))
                            } else {
                                slots[s] = fingerprint | UInt64(r + 1)
                            }
                        }
                        for s in 0...mask { slots[s] = 0 }
                        p += threads
                    }
                }
                results.value[t] = mine
            }
        }
        return found.flatMap { $0 }.sorted { $0.row < $1.row }
    }

    @inline(__always)
    static func hash(_ row: Int, _ cols: [UnsafePointer<Int64>]) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15
        for c in cols {
            h = (h ^ UInt64(bitPattern: c[row])) &* 0xBF58_476D_1CE4_E5B9
            h ^= h >> 31
        }
        h &*= 0x94D0_49BB_1331_11EB
        return h ^ (h >> 29)
    }

    /// The partition: the hash's top bits (its low bits pick the slot within one).
    @inline(__always)
    static func partition(_ h: UInt64, bits: Int) -> Int { bits == 0 ? 0 : Int(h >> UInt64(64 - bits)) }
}
