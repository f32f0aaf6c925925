import CSV
import Foundation
import Testing

/// Inputs that must neither crash nor hang nor take long.
@Suite(.timeLimit(.minutes(1))) struct NastyInputTests {
    @Test(arguments: [TextEncoding.utf8, .windows1252, .ascii], [false, true])
    func binaryGarbage(encoding: TextEncoding, header: Bool) {
        var generator = SeededGenerator(seed: 0xBAD_F00D)
        // Bias towards the bytes that drive the state machine, plus NULs and high bytes.
        let alphabet: [UInt8] = [0x00, 0x22, 0x2C, 0x0A, 0x0D, 0x80, 0xFF, 0xC3, 0xE2, 0x41]
        let bytes: [UInt8] = (0..<300_000).map { i in
            i % 3 == 0 ? alphabet.randomElement(using: &generator)! : UInt8.random(in: 0...255, using: &generator)
        }
        var reader = CSVReader(bytes: bytes, dialect: Dialect(hasHeader: header, encoding: encoding))
        let rows = readAll(&reader)
        // Positions must move strictly forward and stay inside the buffer.
        var last = -1
        for row in rows {
            #expect(row.position.byte > last && row.position.byte < bytes.count)
            last = row.position.byte
        }
    }

    @Test func tenMegabyteUnquotedField() {
        let size = 10 * 1024 * 1024
        var bytes = [UInt8](repeating: UInt8(ascii: "x"), count: size)
        bytes += Array(",y\nz,w\n".utf8)
        var reader = CSVReader(bytes: bytes, dialect: Dialect(hasHeader: false))
        var record = ByteRecord()
        #expect(reader.read(into: &record) == .record)
        #expect(record.count == 2)
        #expect(record.withField(0) { $0.count } == size)
        #expect(record.string(1) == "y")
        #expect(reader.read(into: &record) == .record)
        #expect(record.strings == ["z", "w"])
        #expect(reader.position == RecordPosition(record: 2, line: 2, byte: size + 3))
    }

    @Test func tenMegabyteQuotedFieldWithLineBreaksAndQuotes() {
        let chunk = Array("ab\"\"c,\n".utf8)  // 7 bytes, unescapes to 6
        let repeats = 10 * 1024 * 1024 / chunk.count
        var bytes: [UInt8] = [UInt8(ascii: "\"")]
        bytes.reserveCapacity(repeats * chunk.count + 16)
        for _ in 0..<repeats { bytes += chunk }
        bytes += Array("\",1\nnext,2\n".utf8)
        var reader = CSVReader(bytes: bytes, dialect: Dialect(hasHeader: false))
        var record = ByteRecord()
        #expect(reader.read(into: &record) == .record)
        #expect(record.withField(0) { $0.count } == repeats * 6)
        #expect(reader.read(into: &record) == .record)
        #expect(record.strings == ["next", "2"])
        #expect(reader.position.line == repeats + 2)
    }

    @Test func hundredThousandColumns() {
        let columns = 100_000
        let line = Array(repeating: "ab", count: columns).joined(separator: ",") + "\n"
        var reader = CSVReader(bytes: Array((line + line).utf8), dialect: Dialect())
        #expect(reader.header?.count == columns)
        var record = ByteRecord()
        #expect(reader.read(into: &record) == .record)
        #expect(record.count == columns)
        #expect(record.string(columns - 1) == "ab")
        #expect(reader.read(into: &record) == .endOfInput)
    }

    @Test func hundredThousandEmptyColumnsIntoAFreshRecordEachTime() {
        let line = String(repeating: ",", count: 99_999) + "\n"
        var reader = CSVReader(bytes: Array((line + line + line).utf8), dialect: Dialect(hasHeader: false))
        for _ in 0..<3 {
            var record = ByteRecord()
            #expect(reader.read(into: &record) == .record)
            #expect(record.count == 100_000)
            #expect(record.byteCount == 0)
        }
    }

    @Test(arguments: [true, false])
    func emptyFile(header: Bool) {
        var reader = CSVReader(bytes: [UInt8](), dialect: Dialect(hasHeader: header))
        #expect(reader.header == nil)
        var record = ByteRecord()
        #expect(reader.read(into: &record) == .endOfInput)
        #expect(reader.read(into: &record) == .endOfInput)
        var unsafeReader = CSVReader(bytes: UnsafeRawBufferPointer(start: nil, count: 0), dialect: Dialect(hasHeader: header))
        #expect(unsafeReader.header == nil)
        #expect(unsafeReader.read(into: &record) == .endOfInput)
    }

    @Test func onlyBlankLines() {
        var reader = CSVReader(bytes: Array("\r\n\n\r\r\n".utf8), dialect: Dialect())
        #expect(reader.header == nil)
        #expect(readAll(&reader).isEmpty)
    }

    static let truncated: [(String, [Row])] = [
        ("a,b\nc,", [.record(["a", "b"]), .record(["c", ""])]),
        ("a,b\nc", [.record(["a", "b"]), .malformed(.wrongFieldCount(expected: 2, found: 1), ["c"])]),
        ("a,b\n\"c", [.record(["a", "b"]), .malformed(.unterminatedQuote, ["c"])]),
        ("a,b\n\"c\"", [.record(["a", "b"]), .malformed(.wrongFieldCount(expected: 2, found: 1), ["c"])]),
        ("a,b\nc,\"d\"\"", [.record(["a", "b"]), .malformed(.unterminatedQuote, ["c", "d\""])]),
        ("a,b\nc,d\r", [.record(["a", "b"]), .record(["c", "d"])]),
    ]

    @Test(arguments: truncated)
    func truncatedFinalRecord(input: String, expected: [Row]) {
        #expect(rows(input) == expected)
    }

    @Test func nulBytesAreData() {
        #expect(rows("\0,\0\0\n\"\0\"\n") == [.record(["\0", "\0\0"]), .malformed(.wrongFieldCount(expected: 2, found: 1), ["\0"])])
    }
}
