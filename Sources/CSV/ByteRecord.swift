/// One record: all unescaped field bytes concatenated, plus the end offset of each field.
///
/// This is rust-csv's `ByteRecord` layout. Two flat arrays instead of an array of
/// fields means reading a record allocates nothing once the buffers have grown to the
/// size of the largest record: pass the same `ByteRecord` to every `read(into:)` call
/// and its capacity is reused row after row.
///
/// The bytes are always UTF-8 (see `TextEncoding`), with quoting already undone:
/// surrounding quotes removed and `""` turned into `"`.
public struct ByteRecord: Sendable {
    // Both arrays are kept at their full capacity (`count` is the capacity) and only
    // the prefix described by `length` / `fieldCount` is meaningful. That lets the
    // parser write through one unsafe pointer without `append` bookkeeping per byte.

    /// Unescaped field bytes; only `storage[0..<length]` is meaningful.
    @usableFromInline var storage: [UInt8]
    /// Number of meaningful bytes in `storage`.
    @usableFromInline var length: Int
    /// `ends[i]` is the offset in `storage` just past field `i`; only
    /// `ends[0..<fieldCount]` is meaningful.
    @usableFromInline var ends: [Int]
    /// Number of fields.
    @usableFromInline var fieldCount: Int

    public init() {
        storage = []
        length = 0
        ends = []
        fieldCount = 0
    }

    /// Builds a record from already-unescaped fields (for tests and for callers that
    /// synthesise records).
    public init(fields: [[UInt8]]) {
        self.init()
        for field in fields { append(field: field) }
    }

    /// The number of fields.
    @inlinable public var count: Int { fieldCount }

    /// The total number of unescaped bytes across all fields.
    @inlinable public var byteCount: Int { length }

    @inlinable func bounds(_ i: Int) -> Range<Int> {
        precondition(i >= 0 && i < fieldCount, "field index \(i) out of range 0..<\(fieldCount)")
        let start = i == 0 ? 0 : ends[i - 1]
        return start..<ends[i]
    }

    /// The unescaped bytes of field `i`.
    ///
    /// The slice shares the record's storage, so its indices are offsets into the
    /// whole record: use `startIndex`, not 0. Prefer `withField` in hot loops.
    @inlinable public func field(_ i: Int) -> ArraySlice<UInt8> {
        storage[bounds(i)]
    }

    /// Calls `body` with the unescaped bytes of field `i`, without copying.
    @inlinable public func withField<R>(_ i: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        let range = bounds(i)
        return try storage.withUnsafeBufferPointer { all in
            try body(UnsafeBufferPointer(rebasing: all[range]))
        }
    }

    /// Calls `body` with all field bytes and the field ends (`ends[i]` is just past
    /// field `i`; field `i` starts at `ends[i - 1]`, or 0), without copying: the form
    /// for loops that read many fields of every record.
    @inlinable public func withUnsafeFields<R>(_ body: (UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<Int>) throws -> R) rethrows -> R {
        try storage.withUnsafeBufferPointer { bytes in
            try ends.withUnsafeBufferPointer { ends in
                try body(bytes, UnsafeBufferPointer(rebasing: ends[0..<fieldCount]))
            }
        }
    }

    /// Field `i` decoded as UTF-8, replacing any invalid sequence with U+FFFD.
    /// Meant for messages; values for computation are best parsed from the bytes.
    public func string(_ i: Int) -> String {
        withField(i) { String(decoding: $0, as: UTF8.self) }
    }

    /// Every field as its own array. Convenient, but allocates per field: not for hot loops.
    public var fields: [[UInt8]] {
        (0..<fieldCount).map { Array(field($0)) }
    }

    /// Every field decoded as in `string(_:)`.
    public var strings: [String] {
        (0..<fieldCount).map { string($0) }
    }

    /// Empties the record but keeps its capacity, so the next record costs no allocation.
    public mutating func removeAll() {
        length = 0
        fieldCount = 0
    }

    /// Appends one already-unescaped field.
    public mutating func append<C: Collection>(field bytes: C) where C.Element == UInt8 {
        let newLength = length + bytes.count
        if storage.count < newLength {
            storage.append(contentsOf: repeatElement(0, count: Swift.max(newLength, storage.count * 2) - storage.count))
        }
        var offset = length
        for byte in bytes {
            storage[offset] = byte
            offset += 1
        }
        length = newLength
        if ends.count <= fieldCount {
            ends.append(contentsOf: repeatElement(0, count: Swift.max(8, ends.count)))
        }
        ends[fieldCount] = newLength
        fieldCount += 1
    }

    /// Replaces the buffers with larger ones of exactly the sizes asked for (where
    /// larger than now), discarding their contents: the reader calls this when a record
    /// did not fit and then parses the record again. The reader asks for double the
    /// size, which keeps the total re-parsing work proportional to the record's size,
    /// capped at what its record bound needs.
    mutating func grow(bytesAtLeast minBytes: Int, endsAtLeast minEnds: Int) {
        if storage.count < minBytes {
            storage = [UInt8](repeating: 0, count: minBytes)
        }
        if ends.count < minEnds {
            ends = [Int](repeating: 0, count: minEnds)
        }
        length = 0
        fieldCount = 0
    }
}

extension ByteRecord: Equatable {
    /// Records are equal when they have the same fields; spare capacity is ignored.
    public static func == (lhs: ByteRecord, rhs: ByteRecord) -> Bool {
        guard lhs.fieldCount == rhs.fieldCount, lhs.length == rhs.length else { return false }
        return lhs.ends[0..<lhs.fieldCount] == rhs.ends[0..<rhs.fieldCount]
            && lhs.storage[0..<lhs.length] == rhs.storage[0..<rhs.length]
    }
}

extension ByteRecord: CustomStringConvertible {
    public var description: String { "ByteRecord(\(strings))" }
}
