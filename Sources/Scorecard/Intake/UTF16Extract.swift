import Foundation

/// Excel's "Unicode text" export and some report servers write UTF-16 with a byte-order
/// mark (FF FE little-endian, FE FF big-endian), usually tab-delimited. Declared
/// `encoding utf16`, such an extract is turned into UTF-8 once, in memory, before the
/// byte reader sees it: line breaks stay where they were, so line numbers are the
/// file's; byte offsets in messages are then offsets in the UTF-8 text.
enum UTF16Extract {
    struct Problem: Error, CustomStringConvertible {
        var description: String
    }

    /// An extract file as the byte reader sees it: mapped, and turned into UTF-8 first when
    /// its source declares `encoding utf16`. For every reader of an extract beside the
    /// intake itself (the `read` scan, the footer and truncation checks).
    static func readerBytes(_ path: String, utf16: Bool) throws -> Data {
        let data = try MappedFile.data(path)
        return utf16 ? try utf8(data, file: path) : data
    }

    /// The extract's text as UTF-8 bytes (without a byte-order mark).
    static func utf8(_ data: Data, file: String) throws(Problem) -> Data {
        guard data.count >= 2 else {
            if data.isEmpty { return Data() }
            throw Problem(description: "\(file): declared utf16, but the file is a single byte")
        }
        let bigEndian: Bool
        switch (data[data.startIndex], data[data.startIndex + 1]) {
        case (0xFF, 0xFE): bigEndian = false
        case (0xFE, 0xFF): bigEndian = true
        default:
            throw Problem(description: "\(file): declared utf16, but the file does not start with a UTF-16 byte-order mark (FF FE or FE FF); is it UTF-8 or Windows-1252?")
        }
        guard data.count % 2 == 0 else {
            throw Problem(description: "\(file): declared utf16, but the file has an odd number of bytes: it looks cut short")
        }
        var out = [UInt8]()
        out.reserveCapacity(data.count)
        var failure: Problem?
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let units = raw.count / 2
            var i = 1  // after the byte-order mark
            @inline(__always) func unit(_ k: Int) -> UInt16 {
                let a = UInt16(raw[2 * k]), b = UInt16(raw[2 * k + 1])
                return bigEndian ? a << 8 | b : b << 8 | a
            }
            while i < units {
                var scalar = UInt32(unit(i))
                if scalar >= 0xD800, scalar <= 0xDBFF {
                    guard i + 1 < units, (0xDC00...0xDFFF).contains(unit(i + 1)) else {
                        failure = Problem(description: "\(file): not valid UTF-16 at byte \(2 * i): a high surrogate without its pair")
                        return
                    }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (UInt32(unit(i + 1)) - 0xDC00)
                    i += 1
                } else if scalar >= 0xDC00, scalar <= 0xDFFF {
                    failure = Problem(description: "\(file): not valid UTF-16 at byte \(2 * i): a low surrogate on its own")
                    return
                }
                // UTF-8, by hand: one to four bytes.
                switch scalar {
                case 0..<0x80: out.append(UInt8(scalar))
                case 0x80..<0x800:
                    out.append(UInt8(0xC0 | scalar >> 6)); out.append(UInt8(0x80 | scalar & 0x3F))
                case 0x800..<0x10000:
                    out.append(UInt8(0xE0 | scalar >> 12)); out.append(UInt8(0x80 | scalar >> 6 & 0x3F)); out.append(UInt8(0x80 | scalar & 0x3F))
                default:
                    out.append(UInt8(0xF0 | scalar >> 18)); out.append(UInt8(0x80 | scalar >> 12 & 0x3F))
                    out.append(UInt8(0x80 | scalar >> 6 & 0x3F)); out.append(UInt8(0x80 | scalar & 0x3F))
                }
                i += 1
            }
        }
        if let failure { throw failure }
        return Data(out)
    }
}
