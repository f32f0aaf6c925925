/// Byte-level text checks used after a record is parsed.
///
/// They run over the record's unescaped bytes, which are already in cache, and almost
/// every record of a real file is pure ASCII: checking eight bytes per step for a set
/// high bit makes the common case nearly free, and full validation only runs when a
/// record actually holds non-ASCII bytes.
enum TextCheck {
    private static let highBits: UInt64 = 0x8080_8080_8080_8080

    /// True when every byte is < 0x80.
    @inline(__always)
    static func isASCII(_ bytes: UnsafePointer<UInt8>, count: Int) -> Bool {
        var i = 0
        let raw = UnsafeRawPointer(bytes)
        while i + 8 <= count {
            if raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) & highBits != 0 { return false }
            i += 8
        }
        while i < count {
            if bytes[i] >= 0x80 { return false }
            i += 1
        }
        return true
    }

    /// True when the bytes are well-formed UTF-8 (Unicode Table 3-7: no overlong
    /// forms, no surrogates, nothing above U+10FFFF, no truncated sequences).
    static func isValidUTF8(_ bytes: UnsafePointer<UInt8>, count: Int) -> Bool {
        let raw = UnsafeRawPointer(bytes)
        var i = 0
        while i < count {
            if i + 8 <= count && raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) & highBits == 0 {
                i += 8
                continue
            }
            let lead = bytes[i]
            if lead < 0x80 {
                i += 1
            } else if lead < 0xC2 {
                return false  // continuation byte without a lead, or overlong 2-byte form
            } else if lead < 0xE0 {
                guard i + 1 < count, bytes[i + 1] & 0xC0 == 0x80 else { return false }
                i += 2
            } else if lead < 0xF0 {
                guard i + 2 < count else { return false }
                let second = bytes[i + 1]
                let low: UInt8 = lead == 0xE0 ? 0xA0 : 0x80   // no overlong forms
                let high: UInt8 = lead == 0xED ? 0x9F : 0xBF  // no surrogates
                guard second >= low, second <= high, bytes[i + 2] & 0xC0 == 0x80 else { return false }
                i += 3
            } else if lead < 0xF5 {
                guard i + 3 < count else { return false }
                let second = bytes[i + 1]
                let low: UInt8 = lead == 0xF0 ? 0x90 : 0x80   // no overlong forms
                let high: UInt8 = lead == 0xF4 ? 0x8F : 0xBF  // nothing above U+10FFFF
                guard second >= low, second <= high,
                      bytes[i + 2] & 0xC0 == 0x80, bytes[i + 3] & 0xC0 == 0x80 else { return false }
                i += 4
            } else {
                return false
            }
        }
        return true
    }
}
