/// Windows-1252 to UTF-8, so that callers only ever see UTF-8.
///
/// Windows-1252 is Latin-1 except for 0x80–0x9F, where Microsoft put typographic
/// characters instead of C1 controls. That block is why this exists: a curly
/// apostrophe typed in Word and exported from Excel arrives as the single byte 0x92,
/// which is not valid UTF-8 and not the Latin-1 control it would otherwise be.
enum Windows1252 {
    /// Unicode scalar values for bytes 0x80–0x9F. The five bytes the code page leaves
    /// undefined map to U+FFFD: rejecting them would make a whole record unreadable
    /// for one stray byte, and guessing the C1 control would hide the damage.
    static let highBlock: [UInt32] = [
        0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,  // 80–87
        0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD,  // 88–8F
        0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,  // 90–97
        0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178,  // 98–9F
    ]

    /// The Unicode scalar value of any byte.
    static func scalar(for byte: UInt8) -> UInt32 {
        (0x80...0x9F).contains(byte) ? highBlock[Int(byte) - 0x80] : UInt32(byte)
    }

    /// UTF-8 for bytes 0x80–0xFF, packed as length in the low byte then up to three
    /// code units, so transcoding a byte is one table load.
    static let utf8Table: [UInt32] = (0x80...0xFF).map { byte in
        let value = scalar(for: UInt8(byte))
        if value < 0x800 {
            let b0 = 0xC0 | (value >> 6), b1 = 0x80 | (value & 0x3F)
            return 2 | (b0 << 8) | (b1 << 16)
        }
        let b0 = 0xE0 | (value >> 12), b1 = 0x80 | ((value >> 6) & 0x3F), b2 = 0x80 | (value & 0x3F)
        return 3 | (b0 << 8) | (b1 << 16) | (b2 << 24)
    }

    /// Rewrites the record's bytes from Windows-1252 to UTF-8 and shifts its field
    /// ends to match. Pure-ASCII records (the usual case) are left untouched.
    ///
    /// `scratch` is the reader's spare buffer: the UTF-8 is written there and the two
    /// buffers are swapped, so neither is reallocated once both are big enough.
    static func transcode(_ record: inout ByteRecord, scratch: inout [UInt8]) {
        let length = record.length
        guard length > 0 else { return }
        let extra = record.storage.withUnsafeBufferPointer { source -> Int in
            let bytes = source.baseAddress!
            if TextCheck.isASCII(bytes, count: length) { return 0 }
            return utf8Table.withUnsafeBufferPointer { table in
                var extra = 0
                for i in 0..<length where bytes[i] >= 0x80 {
                    extra += Int(table[Int(bytes[i]) - 0x80] & 0xFF) - 1
                }
                return extra
            }
        }
        guard extra > 0 else { return }

        let newLength = length + extra
        if scratch.count < newLength {
            scratch = [UInt8](repeating: 0, count: Swift.max(newLength, record.storage.count))
        }
        let fieldCount = record.fieldCount
        scratch.withUnsafeMutableBufferPointer { target in
            record.storage.withUnsafeBufferPointer { source in
                record.ends.withUnsafeMutableBufferPointer { ends in
                    utf8Table.withUnsafeBufferPointer { table in
                        let out = target.baseAddress!, bytes = source.baseAddress!
                        var i = 0, o = 0
                        for f in 0..<fieldCount {
                            let fieldEnd = ends[f]
                            while i < fieldEnd {
                                let byte = bytes[i]
                                if byte < 0x80 {
                                    out[o] = byte
                                    o += 1
                                } else {
                                    let packed = table[Int(byte) - 0x80]
                                    let n = Int(packed & 0xFF)
                                    out[o] = UInt8(truncatingIfNeeded: packed >> 8)
                                    out[o + 1] = UInt8(truncatingIfNeeded: packed >> 16)
                                    if n == 3 { out[o + 2] = UInt8(truncatingIfNeeded: packed >> 24) }
                                    o += n
                                }
                                i += 1
                            }
                            ends[f] = o
                        }
                    }
                }
            }
        }
        swap(&record.storage, &scratch)
        record.length = newLength
    }
}
