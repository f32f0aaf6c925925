/// A slice of the arena: the pre-encoded bytes of one value as it appears in a file
/// (`Children’s Centre` in Windows-1252, a quoted note with its doubled quotes).
struct Piece: Sendable, Equatable {
    var offset: Int32
    var length: Int32
}

/// Every fixed text value the extracts use, encoded once into one block of memory
/// so the writers copy bytes by pointer, with no `String` or array traffic per field.
final class ByteArena {
    /// Fixed for the arena's life (a `let`, so reading it in a hot loop costs no
    /// exclusivity check); the capacity is ample for every vocabulary here.
    let base: UnsafeMutablePointer<UInt8>
    private let capacity: Int
    private var used = 0

    init(capacity: Int = 1 << 16) {
        self.capacity = capacity
        base = .allocate(capacity: capacity)
    }

    deinit { base.deallocate() }

    /// Stores bytes and returns their piece.
    func add(_ bytes: [UInt8]) -> Piece {
        precondition(used + bytes.count <= capacity, "vocabulary arena full")
        for (i, b) in bytes.enumerated() { base[used + i] = b }
        defer { used += bytes.count }
        return Piece(offset: Int32(used), length: Int32(bytes.count))
    }

    /// UTF-8 text as it stands.
    func utf8(_ text: String) -> Piece { add(Array(text.utf8)) }

    /// Text as a CSV field: quoted (with quotes doubled) only when it holds the
    /// delimiter, a quote or a line break.
    func field(_ text: String, delimiter: UInt8 = UInt8(ascii: ","), encoding: (String) -> [UInt8] = { Array($0.utf8) }) -> Piece {
        add(ByteArena.quotedIfNeeded(encoding(text), delimiter: delimiter))
    }

    func bytes(_ p: Piece) -> ArraySlice<UInt8> {
        ArraySlice(UnsafeBufferPointer(start: base + Int(p.offset), count: Int(p.length)))
    }

    static func quotedIfNeeded(_ bytes: [UInt8], delimiter: UInt8) -> [UInt8] {
        let quote = UInt8(ascii: "\"")
        guard bytes.contains(where: { $0 == delimiter || $0 == quote || $0 == 10 || $0 == 13 }) else { return bytes }
        var out: [UInt8] = [quote]
        for b in bytes {
            out.append(b)
            if b == quote { out.append(quote) }
        }
        out.append(quote)
        return out
    }

    /// Windows-1252 bytes of the few non-ASCII characters the MAT extract holds.
    static func windows1252(_ text: String) -> [UInt8] {
        text.unicodeScalars.map { s -> UInt8 in
            switch s.value {
            case 0..<0x80, 0xA0..<0x100: return UInt8(s.value)
            case 0x2019: return 0x92  // ’
            case 0x2018: return 0x91  // ‘
            case 0x2013: return 0x96  // –
            case 0x2014: return 0x97  // —
            case 0x20AC: return 0x80  // €
            default: preconditionFailure("no Windows-1252 byte for U+\(String(s.value, radix: 16))")
            }
        }
    }
}
