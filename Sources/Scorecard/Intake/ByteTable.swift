/// An open-addressing hash table keyed on raw bytes, so the intake can intern codes,
/// ids and names straight from the extract's buffer: no `String`, no allocation per
/// look-up. Keys live once in one byte arena; values are `Int64`.
///
/// Laid out for tables of millions of keys, where every array touched is a cache
/// miss: a slot holds the entry number and 32 bits of the key's hash, so a probe past
/// other keys (and a look-up of a new key) reads the slots alone; an entry's place in
/// the arena and its length share one word, so a match reads that word and the bytes.
struct ByteTable {
    private var arena: [UInt8] = []
    /// Per entry: offset in `arena` (high 40 bits) and length (low 24 bits); a key of
    /// 16 MiB or more has `longLength` there and its length in `longLengths`.
    private var places: [UInt64] = []
    private var longLengths: [Int: Int] = [:]
    private static let longLength: UInt64 = 0xFF_FFFF
    private(set) var values: [Int64] = []
    /// Per slot: entry + 1 in the low 32 bits (0 is empty), the hash's high 32 bits above.
    private var slots: [UInt64]
    private var mask: Int

    init(capacity: Int = 64) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = [UInt64](repeating: 0, count: size)
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

    @inline(__always) private static func fingerprint(_ h: UInt64) -> UInt64 { h & 0xFFFF_FFFF_0000_0000 }

    /// The entry index for a key, if present.
    @inline(__always)
    func find(_ key: UnsafeBufferPointer<UInt8>, hash h: UInt64) -> Int? {
        let print = Self.fingerprint(h)
        return slots.withUnsafeBufferPointer { slots in
            var slot = Int(truncatingIfNeeded: h) & mask
            while true {
                let s = slots[slot]
                if s == 0 { return nil }
                if s & 0xFFFF_FFFF_0000_0000 == print {
                    let e = Int(s & 0xFFFF_FFFF) - 1
                    if equal(e, key) { return e }
                }
                slot = (slot + 1) & mask
            }
        }
    }

    @inline(__always)
    private func length(_ e: Int) -> Int {
        let short = places[e] & Self.longLength
        return short == Self.longLength ? longLengths[e]! : Int(short)
    }

    /// The packed place of a new entry whose key starts at `offset`.
    private mutating func addPlace(_ e: Int, offset: Int, count: Int) {
        if UInt64(count) >= Self.longLength {
            places.append(UInt64(offset) << 24 | Self.longLength)
            longLengths[e] = count
        } else {
            places.append(UInt64(offset) << 24 | UInt64(count))
        }
    }

    @inline(__always)
    private func equal(_ e: Int, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        let place = places[e]
        guard length(e) == key.count else { return false }
        let start = Int(place >> 24)
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
        add(key, hash: h, value: value)
        return value
    }

    /// The key's value, or the value `make` gives it, added: one hash and one probe
    /// where a look-up followed by an insert would take two.
    mutating func value(for key: UnsafeBufferPointer<UInt8>, orInsert make: () -> Int64) -> Int64 {
        let h = Self.hash(key)
        if let e = find(key, hash: h) { return values[e] }
        let value = make()
        add(key, hash: h, value: value)
        return value
    }

    /// Adds a key known to be absent.
    private mutating func add(_ key: UnsafeBufferPointer<UInt8>, hash h: UInt64, value: Int64) {
        if (values.count + 1) * 2 > slots.count { grow() }
        let e = values.count
        addPlace(e, offset: arena.count, count: key.count)
        arena.append(contentsOf: key)
        values.append(value)
        place(e, h)
    }

    /// The key bytes of an entry.
    func key(_ e: Int) -> ArraySlice<UInt8> {
        let start = Int(places[e] >> 24)
        return arena[start..<start + length(e)]
    }

    private mutating func place(_ e: Int, _ h: UInt64) {
        var slot = Int(truncatingIfNeeded: h) & mask
        while slots[slot] != 0 { slot = (slot + 1) & mask }
        slots[slot] = Self.fingerprint(h) | UInt64(e + 1)
    }

    /// Doubles the slots, hashing every key again from the arena (sequential reads).
    private mutating func grow() {
        slots = [UInt64](repeating: 0, count: slots.count * 2)
        mask = slots.count - 1
        let arena = self.arena
        arena.withUnsafeBufferPointer { bytes in
            for e in 0..<values.count {
                let start = Int(places[e] >> 24)
                let h = Self.hash(UnsafeBufferPointer(rebasing: bytes[start..<start + length(e)]))
                place(e, h)
            }
        }
    }
}
