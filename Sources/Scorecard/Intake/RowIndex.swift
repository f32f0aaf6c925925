/// An open-addressing index of a table's rows by some of its fields, storing only
/// row numbers (4 bytes a slot) and comparing keys against the table itself. Used
/// for "a later row with an accepted row's key is rejected" and for grouping, where
/// a dictionary of tens of millions of tuple keys would cost gigabytes.
struct RowIndex {
    /// Each slot: the row in the low 32 bits and a 32-bit fingerprint of the key's hash
    /// above it, so a probe reads the table only when fingerprints agree; -1 is empty.
    private var slots: [Int64]
    private var mask: Int
    private(set) var count = 0
    private let fields: [Int]

    init(fields: [Int], capacity: Int = 1024) {
        self.fields = fields
        var size = 1024
        while size < capacity * 2 { size <<= 1 }
        slots = [Int64](repeating: -1, count: size)
        mask = size - 1
    }

    @inline(__always) private static func pack(_ row: Int32, _ hash: Int) -> Int64 {
        Int64(UInt32(truncatingIfNeeded: hash >> 32)) << 32 | Int64(UInt32(bitPattern: row))
    }
    @inline(__always) private static func row(_ slot: Int64) -> Int32 { Int32(truncatingIfNeeded: slot) }
    @inline(__always) private static func fingerprint(_ slot: Int64) -> UInt32 { UInt32(truncatingIfNeeded: slot >> 32) }

    /// The key's hash. Its low six bits come from the whole key but the rest from the
    /// first field alone, so rows sharing a first field (a case's scores, which extracts
    /// keep together) land in the same 64-slot stretch: neighbouring rows hit the same
    /// cache lines instead of a random place in a gigabyte of slots.
    @inline(__always)
    static func hash(_ key: UnsafeBufferPointer<Int64>) -> Int {
        var whole: UInt64 = 0x9E37_79B9_7F4A_7C15
        for v in key {
            whole = (whole ^ UInt64(bitPattern: v)) &* 0xBF58_476D_1CE4_E5B9
            whole ^= whole >> 31
        }
        guard key.count > 1 else { return Int(truncatingIfNeeded: whole) }
        var first = (UInt64(bitPattern: key[0]) ^ 0x94D0_49BB_1331_11EB) &* 0xBF58_476D_1CE4_E5B9
        first ^= first >> 29
        first &*= 0x94D0_49BB_1331_11EB
        first ^= first >> 32
        // High 32 bits stay whole-key (the slot's fingerprint); the slot bits are first-field + 6 bits of the whole key.
        let slotBits = (first << 6) | (whole & 63)
        return Int(truncatingIfNeeded: (whole & 0xFFFF_FFFF_0000_0000) | (slotBits & 0x0000_0000_FFFF_FFFF))
    }

    /// Walks the key's probe sequence; `same` is asked only where fingerprints agree.
    @inline(__always)
    private func probe(_ key: UnsafeBufferPointer<Int64>, _ same: (Int) -> Bool) -> Int32? {
        let h = Self.hash(key)
        let fp = UInt32(truncatingIfNeeded: h >> 32)
        var slot = h & mask
        while true {
            let entry = slots[slot]
            if entry == -1 { return nil }
            let row = Self.row(entry)
            if Self.fingerprint(entry) == fp, same(Int(row)) { return row }
            slot = (slot + 1) & mask
        }
    }

    /// The row holding `key` (one value per indexed field), if any.
    @inline(__always)
    func find(_ key: UnsafeBufferPointer<Int64>, in columns: [[Int64]]) -> Int32? {
        probe(key) { matches($0, key, columns) }
    }

    @inline(__always)
    private func matches(_ row: Int, _ key: UnsafeBufferPointer<Int64>, _ columns: [[Int64]]) -> Bool {
        for (k, f) in fields.enumerated() where columns[f][row] != key[k] { return false }
        return true
    }

    /// As `find`, where rows from `tableCount` on are not in the table yet but are the
    /// pending candidates `pendingRows[row - tableCount]` of a chunk whose values are
    /// `pending` (`fieldCount` a row).
    @inline(__always)
    func find(_ key: UnsafeBufferPointer<Int64>, in columns: [[Int64]], tableCount: Int,
              pending: UnsafeBufferPointer<Int64>, pendingRows: UnsafeBufferPointer<Int32>, fieldCount: Int) -> Int32? {
        probe(key) { r in
            if r < tableCount { return matches(r, key, columns) }
            let base = Int(pendingRows[r - tableCount]) * fieldCount
            for (k, f) in fields.enumerated() where pending[base + f] != key[k] { return false }
            return true
        }
    }

    /// Indexes a row by its key without reading it back (the caller guarantees room
    /// was reserved with `reserve`, so no rehash needs the rows' values).
    @inline(__always)
    mutating func insertReserved(row: Int32, key: UnsafeBufferPointer<Int64>) {
        let h = Self.hash(key)
        var slot = h & mask
        while slots[slot] != -1 { slot = (slot + 1) & mask }
        slots[slot] = Self.pack(row, h)
        count += 1
    }

    /// Makes room for `more` rows, rehashing the rows already indexed (all in `columns`).
    /// Slots stay at most half full: keys that share a first field share a stretch of
    /// slots, and fuller tables made those stretches run into each other (measured:
    /// 67 M spider rows took 14 s in order at 70% against 6.5 s at half).
    mutating func reserve(_ more: Int, columns: [[Int64]]) {
        var size = slots.count
        while (count + more) * 2 > size { size <<= 1 }
        if size > slots.count { grow(columns, to: size) }
    }

    /// Indexes `row`, whose key must not be present yet.
    mutating func insert(row: Int32, key: UnsafeBufferPointer<Int64>, columns: [[Int64]]) {
        if (count + 1) * 2 > slots.count { grow(columns, to: slots.count * 2) }
        insertReserved(row: row, key: key)
    }

    /// Grows the slots to `size` (a power of two) in one step; the fingerprint keeps only part of the hash, so keys are
    /// read back from the table to place them again.
    private mutating func grow(_ columns: [[Int64]], to size: Int) {
        let old = slots
        slots = [Int64](repeating: -1, count: size)
        mask = slots.count - 1
        var key = [Int64](repeating: 0, count: fields.count)
        for entry in old where entry != -1 {
            let row = Self.row(entry)
            for (k, f) in fields.enumerated() { key[k] = columns[f][Int(row)] }
            let h = key.withUnsafeBufferPointer { Self.hash($0) }
            var slot = h & mask
            while slots[slot] != -1 { slot = (slot + 1) & mask }
            slots[slot] = Self.pack(row, h)
        }
    }
}
