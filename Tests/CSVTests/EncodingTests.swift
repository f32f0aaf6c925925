import CSV
import Foundation
import Testing

/// BOM handling, UTF-8 and ASCII validation, Windows-1252 transcoding.
@Suite struct EncodingTests {
    static let bom: [UInt8] = [0xEF, 0xBB, 0xBF]

    @Test func bomIsSkippedButCountedInByteOffsets() {
        var reader = CSVReader(bytes: Self.bom + Array("id,name\n1,x\n".utf8), dialect: Dialect())
        #expect(reader.header == ["id", "name"])
        #expect(readAll(&reader) == [PositionedRow(row: .record(["1", "x"]), position: RecordPosition(record: 1, line: 2, byte: 11))])
    }

    @Test func bomWithoutHeader() {
        let rows = readAll(Self.bom + Array("a\n".utf8), dialect: Dialect(hasHeader: false))
        #expect(rows == [PositionedRow(row: .record(["a"]), position: RecordPosition(record: 1, line: 1, byte: 3))])
    }

    @Test func bomOnlyAndBomInTheMiddle() {
        var reader = CSVReader(bytes: Self.bom, dialect: Dialect())
        #expect(reader.header == nil)
        #expect(readAll(&reader).isEmpty)
        // Only a leading BOM is special; later it is ordinary (valid UTF-8) data.
        #expect(rows("a\n\u{FEFF}b\n") == [.record(["a"]), .record(["\u{FEFF}b"])])
    }

    static let windows1252Cases: [([UInt8], [String])] = [
        (Array("Don".utf8) + [0x92] + Array("t".utf8), ["Don\u{2019}t"]),
        (Array("caf".utf8) + [0xE9], ["café"]),
        ([0x80, 0x2C, 0x9F, 0x2C, 0xA0, 0x2C, 0xFF], ["€", "Ÿ", "\u{A0}", "ÿ"]),
        ([0x81, 0x8D, 0x8F, 0x90, 0x9D], ["\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}"]),
        // Quoted fields, escaped quotes and several non-ASCII fields: field ends must shift.
        ([0x22, 0x93, 0x22, 0x22, 0x94, 0x22, 0x2C, 0xE9, 0xE9, 0x2C, 0x78], ["\u{201C}\"\u{201D}", "éé", "x"]),
        (Array("plain,ascii".utf8), ["plain", "ascii"]),
    ]

    @Test(arguments: windows1252Cases)
    func windows1252IsTranscodedToUTF8(bytes: [UInt8], expected: [String]) {
        let rows = readAll(bytes, dialect: Dialect(hasHeader: false, encoding: .windows1252))
        #expect(rows.map(\.row) == [.record(expected)])
    }

    @Test func windows1252HeaderAndRecordBytesAreUTF8() {
        let bytes: [UInt8] = Array("R".utf8) + [0xE9] + Array("f,Note\n1,it".utf8) + [0x92] + Array("s\n".utf8)
        var reader = CSVReader(bytes: bytes, dialect: Dialect(encoding: .windows1252))
        #expect(reader.header == ["Réf", "Note"])
        var record = ByteRecord()
        #expect(reader.read(into: &record) == .record)
        #expect(Array(record.field(1)) == [0x69, 0x74, 0xE2, 0x80, 0x99, 0x73])
    }

    /// Records of growing and shrinking non-ASCII size through one reused `ByteRecord`,
    /// so the transcoding buffer swap and growth paths are exercised.
    @Test func windows1252AcrossReusedRecordsOfVaryingSize() {
        var bytes: [UInt8] = []
        var expected: [[String]] = []
        for n in [1, 300, 2, 5000, 0, 70_000, 3] {
            bytes += [UInt8](repeating: 0xE9, count: n) + [0x2C, 0x92, 0x0A]
            expected.append([String(repeating: "é", count: n), "\u{2019}"])
        }
        let rows = readAll(bytes, dialect: Dialect(hasHeader: false, encoding: .windows1252))
        #expect(rows.map(\.row) == expected.map { .record($0) })
    }

    /// Every defined byte agrees with Foundation's own Windows-1252 decoder.
    @Test func windows1252TableMatchesFoundation() {
        let undefined: Set<UInt8> = [0x81, 0x8D, 0x8F, 0x90, 0x9D]
        for byte in UInt8(0x80)...UInt8(0xFF) where !undefined.contains(byte) {
            let ours = readAll([byte], dialect: Dialect(hasHeader: false, encoding: .windows1252)).map(\.row)
            let foundation = String(bytes: [byte], encoding: .windowsCP1252)
            #expect(ours == [.record([foundation ?? "?"])], "byte 0x\(String(byte, radix: 16))")
        }
    }

    static let utf8Cases: [([UInt8], Bool)] = [
        (Array("héllo 日本 🙂".utf8), true),
        ([0xFF], false),
        ([0xC3], false),                    // truncated 2-byte sequence
        ([0xC3, 0x2C, 0xA9], false),        // é split by a delimiter: each field invalid
        ([0xC0, 0x80], false),              // overlong NUL
        ([0xE0, 0x80, 0x80], false),        // overlong 3-byte
        ([0xED, 0xA0, 0x80], false),        // surrogate
        ([0xF4, 0x90, 0x80, 0x80], false),  // above U+10FFFF
        ([0xF0, 0x9F, 0x99, 0x82], true),   // 🙂
        ([0xEF, 0xBF, 0xBD], true),         // U+FFFD itself
        (Array("abcdefghijklmnop".utf8) + [0x80], false),  // after the 8-byte fast path
    ]

    @Test(arguments: utf8Cases)
    func utf8Validation(bytes: [UInt8], valid: Bool) {
        let rows = readAll(bytes, dialect: Dialect(hasHeader: false))
        #expect(rows.count == 1)
        if valid {
            #expect(rows.first?.row == .record([String(decoding: bytes, as: UTF8.self)]))
        } else if case .malformed(let reason, _)? = rows.first?.row {
            #expect(reason == .invalidUTF8)
        } else {
            Issue.record("expected invalidUTF8, got \(rows)")
        }
    }

    @Test func asciiRejectsHighBytes() {
        let dialect = Dialect(hasHeader: false, encoding: .ascii)
        let rows = readAll(Array("cafe\ncafé\nok\n".utf8), dialect: dialect).map(\.row)
        #expect(rows == [.record(["cafe"]), .malformed(.invalidUTF8, ["café"]), .record(["ok"])])
    }

    @Test func invalidHeaderIsDecodedLossily() {
        var reader = CSVReader(bytes: [0x61, 0xFF, 0x0A, 0x31, 0x0A], dialect: Dialect())
        #expect(reader.header == ["a\u{FFFD}"])
        #expect(reader.headerProblem == .invalidUTF8)
        #expect(readAll(&reader).map(\.row) == [.record(["1"])])
    }

    @Test func encodingRawValues() {
        #expect(TextEncoding(rawValue: "windows1252") == .windows1252)
        #expect(TextEncoding(rawValue: "utf8") == .utf8)
        #expect(TextEncoding(rawValue: "ascii") == .ascii)
    }
}
