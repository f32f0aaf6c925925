@testable import CSV
import Testing

/// `Dialect.maxRecordBytes` and `maxFieldBytes`: a record or field over its bound is
/// reported with its position, reading goes on at the next record, and the reader's
/// buffers never grow past what the bound needs, however long the record.
@Suite struct SizeBoundTests {
    static let kilobyte = 1024

    @Test func aRecordOverTheBoundIsReportedAndReadingGoesOn() {
        let long = String(repeating: "x", count: 5000)
        let text = "a,b\n1,2\n3,\(long)\n4,5\n"
        let dialect = Dialect(maxRecordBytes: 4 * Self.kilobyte)
        let rows = readAll(Array(text.utf8), dialect: dialect)
        #expect(rows.map(\.row) == [
            .record(["1", "2"]),
            .malformed(.recordTooLong(length: 5002, limit: 4096), []),
            .record(["4", "5"]),
        ])
        #expect(rows.map(\.position.line) == [2, 3, 4])
        #expect(rows.map(\.position.record) == [1, 2, 3])
    }

    @Test func aRecordExactlyAtTheBoundIsKept() {
        let text = "abcd,efg\nabcd,efgh\n"  // 8 and 9 bytes
        let dialect = Dialect(hasHeader: false, maxRecordBytes: 8)
        #expect(readAll(Array(text.utf8), dialect: dialect).map(\.row) == [
            .record(["abcd", "efg"]),
            .malformed(.recordTooLong(length: 9, limit: 8), []),
        ])
    }

    @Test func quotedLineBreaksCountTowardsTheRecordAndItsLines() {
        // The long record spans 3 lines; the next record is on line 5.
        let text = "h\n\"aaaa\r\nbbbb\rcccc\"\nok\n"
        let rows = readAll(Array(text.utf8), dialect: Dialect(maxRecordBytes: 10))
        #expect(rows.map(\.row) == [.malformed(.recordTooLong(length: 17, limit: 10), []), .record(["ok"])])
        #expect(rows.map(\.position.line) == [2, 5])
    }

    @Test func anUnterminatedQuoteRunningToTheEndIsOneRecordTooLong() {
        var bytes = Array("h1,h2\n1,\"".utf8)
        bytes += [UInt8](repeating: UInt8(ascii: "y"), count: 3_000_000)
        bytes += Array("\nmore,rows\n".utf8)
        var reader = CSVReader(bytes: bytes, dialect: Dialect(maxRecordBytes: 64 * Self.kilobyte))
        var record = ByteRecord()
        #expect(reader.read(into: &record) == .malformed(.recordTooLong(length: bytes.count - 6, limit: 65536)))
        #expect(record.count == 0)
        #expect(reader.read(into: &record) == .endOfInput)
        // The buffers stopped at the bound.
        #expect(record.storage.count <= 64 * Self.kilobyte)
        #expect(record.ends.count <= 64 * Self.kilobyte + 1)
    }

    @Test func buffersStayWithinTheBoundForEveryShapeOfLongRecord() {
        let limit = 32 * Self.kilobyte
        let shapes: [[UInt8]] = [
            [UInt8](repeating: UInt8(ascii: "x"), count: 2_000_000),             // one huge unquoted field
            [UInt8](repeating: UInt8(ascii: ","), count: 2_000_000),             // two million empty fields
            Array(String(repeating: "\"\",", count: 700_000).utf8),              // quoted empty fields
            [UInt8(ascii: "\"")] + [UInt8](repeating: UInt8(ascii: "\""), count: 2_000_000) + [UInt8(ascii: "\"")],  // escaped quotes
        ]
        for shape in shapes {
            var reader = CSVReader(bytes: shape + Array("\nlast\n".utf8), dialect: Dialect(hasHeader: false, maxRecordBytes: limit))
            var record = ByteRecord()
            guard case .malformed(.recordTooLong) = reader.read(into: &record) else {
                Issue.record("not reported as too long")
                continue
            }
            #expect(record.storage.count <= limit)
            #expect(record.ends.count <= limit + 1)
            #expect(reader.read(into: &record) == .record)
            #expect(record.strings == ["last"])
            #expect(reader.position.line == 2)
        }
    }

    @Test func aFieldOverItsBoundNamesTheField() {
        let text = "a,b,c\n1,22222,3\n1,2,3\n"
        let rows = readAll(Array(text.utf8), dialect: Dialect(maxFieldBytes: 4))
        #expect(rows.map(\.row) == [
            .malformed(.fieldTooLong(field: 2, length: 5, limit: 4), ["1", "22222", "3"]),
            .record(["1", "2", "3"]),
        ])
        #expect(MalformedReason.fieldTooLong(field: 2, length: 5, limit: 4).description == "field 2 is 5 bytes long, more than the limit of 4 bytes")
    }

    @Test func chunkedReadingGivesTheSameRowsWithBounds() {
        var bytes = Array("h,i\n".utf8)
        for r in 0..<200 {
            bytes += Array((r % 7 == 0 ? "\(r),\"\(String(repeating: "z\r", count: r))\"\r\n" : "\(r),v\r").utf8)
        }
        let dialect = Dialect(maxRecordBytes: 100, maxFieldBytes: 50)
        let whole = readAll(bytes, dialect: dialect)
        for target in [1, 13, 256] {
            var pieces: [PositionedRow] = []
            bytes.withUnsafeBytes { raw in
                for chunk in ChunkSplitter.split(raw, dialect: dialect, targetSize: target) {
                    var reader = CSVReader(bytes: raw, dialect: dialect, chunk: chunk)
                    pieces += readAll(&reader)
                }
            }
            #expect(pieces == whole, "target \(target)")
        }
        #expect(whole.contains { if case .malformed(.recordTooLong, _) = $0.row { true } else { false } })
        #expect(whole.contains { if case .malformed(.fieldTooLong, _) = $0.row { true } else { false } })
    }

    /// Long records are walked a window at a time when the caller asks to hear what
    /// was passed: the same records, positions and chunks as without, every state of
    /// the walk crossing a window edge (millions of empty fields, a quoted field with
    /// line breaks of each kind, escaped quotes, a plain run).
    @Test func walkingLongRecordsInWindowsChangesNothing() {
        var bytes = Array("h1,h2\n".utf8)
        bytes += [UInt8](repeating: UInt8(ascii: ","), count: 5_000_000) + [0x0A]
        bytes += Array("1,\"".utf8) + Array(String(repeating: "ab\r\ncd\ref\ngh\"\"", count: 500_000).utf8) + Array("\"\r".utf8)
        bytes += [UInt8](repeating: UInt8(ascii: "p"), count: 4_500_000) + [0x0D, 0x0A]
        bytes += Array("ok,fine\n".utf8)
        let dialect = Dialect(maxRecordBytes: 1 << 20)
        let plain = readAll(bytes, dialect: dialect)
        var reader = CSVReader(bytes: bytes, dialect: dialect)
        var reports: [(Int, Int)] = []
        reader.passed = { reports.append(($0, $1)) }
        let windowed = readAll(&reader)
        #expect(windowed == plain)
        #expect(plain.map(\.position.line) == [2, 3, 3 + 1_500_001, 3 + 1_500_002])  // 3 line breaks in each of 500,000 pieces
        #expect(plain.last?.row == .record(["ok", "fine"]))
        #expect(reports.count >= 3)
        #expect(reports.allSatisfy { start, offset in offset > start && windowed.contains { $0.position.byte == start } })
        var offsets: [Int] = []
        let chunks = bytes.withUnsafeBytes { ChunkSplitter.split($0, dialect: dialect, targetSize: 1 << 20, passed: { offsets.append($0) }) }
        #expect(chunks == bytes.withUnsafeBytes { ChunkSplitter.split($0, dialect: dialect, targetSize: 1 << 20) })
        #expect(offsets.count >= 3 && offsets == offsets.sorted() && offsets.allSatisfy { $0 <= bytes.count })
    }
}
