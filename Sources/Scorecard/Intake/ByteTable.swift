/// An open-addressing hash table keyed on raw bytes, so the intake can intern codes,
/// ids and names straight from the extract's buffer: no `String`, no allocation per
/// look-up. Keys live once in one byte arena; values are `Int64`.
struct ByteTable {
    private var arena: [UInt8] = []
    /// Per entry: offset and length of its key in `arena`, its hash and its value.
    private var offsets: [Int] = []
    private var lengths: [Int32] = []
    private var hashes: [UInt64] = []
    private(set) var values: [Int64] = []
    /// Slots hold entry index + 1; 0 is empty.
    private var slots: [Int32]
    private var mask: Int

    init(capacity: Int = 64) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = [Int32](repeating: 0, count: size)
        mask = size - 1
    }

    var count: Int { values.count }

    @inline(__always)
    static func hash(_ key: UnsafeBufferPointer<UInt8>) -> UInt64 {
        // FNV-1a, 8 bytes at a time where possible, finished with a mix.
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        var i = 0
        let n = key.count
        if let base = key.baseAddress {
            while i + 8 <= n {
                let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                h = (h ^ word) &* 0x0000_0100_0000_01B3
                h ^= h >> 29
                i += 8
            }
            while i < n {
                h = (h ^ UInt64(base[i])) &* 0x0000_0100_0000_01B3
                i += 1
            }
        }
        h ^= UInt64(n)
        h ^= h >> 33
        h &*= 0xff51_afd7_ed55_8ccd
        h ^= h >> 33
        return h
    }

    /// The entry index for a key, if present.
    @inline(__always)
    func find(_ key: UnsafeBufferPointer<UInt8>, hash h: UInt64) -> Int? {
        var slot = Int(truncatingIfNeeded: h) & mask
        while true {
            let s = slots[slot]
            if s == 0 { return nil }
            let e = Int(s) - 1
            if hashes[e] == h, Int(lengths[e]) == key.count, equal(e, key) { return e }
            slot = (slot + 1) & mask
        }
    }

    @inline(__always)
    private func equal(_ e: Int, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = offsets[e]
        return arena.withUnsafeBufferPointer { a in
            for k in 0..<key.count where a[start + k] != key[k] { return false }
            return true
        }
    }

    func value(for key: UnsafeBufferPointer<UInt8>) -> Int64? {
        find(key, hash: Self.hash(key)).map { values[$0] }
    }

    /// Adds a key with its value unless present; returns the value stored.
    @discardableResult
    mutating func insert(_ key: UnsafeBufferPointer<UInt8>, value: Int64) -> Int64 {
        let h = Self.hash(key)
        if let e = find(key, hash: h) { return values[e] }
        if (values.count + 1) * 2 > slots.count { grow() }
        let e = values.count
        offsets.append(arena.count)
        arena.append(contentsOf: key)
        lengths.append(Int32(key.count))
        hashes.append(h)
        values.append(value)
        place(e, h)
        return value
    }

    /// The key bytes of an entry.
    func key(_ e: Int) -> ArraySlice<UInt8> { arena[offsets[e]..<offsets[e] + Int(lengths[e])] }

    private mutating func place(_ e: Int, _ h: UInt64) {
        var slot = Int(truncatingIfNeeded: h) & mask
        while slots[slot] != 0 { slot = (slot + 1) & mask }
        slots[slot] = Int32(e + 1)
    }

    private mutating func grow() {
        slots = [Int32](repeating: 0, count: slots.count * 2)
        mask = slots.count - 1
        for e in 0..<values.count { place(e, hashes[e]) }
    }
}
