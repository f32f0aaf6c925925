import CSV
import Testing

/// Chunked reading must give exactly the rows, reasons and positions of one pass.
@Suite struct ChunkSplitterTests {
    static let targetSizes = [1, 2, 3, 4, 5, 6, 7, 13, 64, 1000, 1 << 20]

    /// A random CSV file heavy in the cases that make splitting hard: quoted CR, LF and
    /// CRLF, escaped quotes, mixed terminators, blank lines and, if `malformed`, stray
    /// quotes, text after closing quotes and a final unterminated quote.
    static func randomFile(seed: UInt64, dialect: Dialect, malformed: Bool) -> [UInt8] {
        var rng = SeededGenerator(seed: seed)
        let delimiter = dialect.delimiter, quote = dialect.quote
        let quotedPieces: [[UInt8]] = [
            [UInt8(ascii: "a")], [UInt8(ascii: "\n")], [UInt8(ascii: "\r"), UInt8(ascii: "\n")],
            [UInt8(ascii: "\r")], [quote, quote], [delimiter], [UInt8(ascii: " ")], [0xC3, 0xA9],
        ]
        let terminators: [[UInt8]] = [[UInt8(ascii: "\n")], [UInt8(ascii: "\r"), UInt8(ascii: "\n")], [UInt8(ascii: "\r")]]
        var bytes: [UInt8] = Bool.random(using: &rng) ? [0xEF, 0xBB, 0xBF] : []
        let rowCount = Int.random(in: 0...40, using: &rng)
        for row in 0..<rowCount {
            if Int.random(in: 0..<8, using: &rng) == 0 {
                bytes += terminators.randomElement(using: &rng)!  // blank line
            }
            let fieldCount = Int.random(in: 0..<10, using: &rng) == 0 ? Int.random(in: 1...4, using: &rng) : 3
            for field in 0..<fieldCount {
                if field > 0 { bytes.append(delimiter) }
                switch Int.random(in: 0..<(malformed ? 8 : 5), using: &rng) {
                case 0:
                    break  // empty
                case 1, 2:
                    for _ in 0..<Int.random(in: 1...5, using: &rng) { bytes.append(UInt8.random(in: 0x61...0x7A, using: &rng)) }
                case 3, 4:
                    bytes.append(quote)
                    for _ in 0..<Int.random(in: 0...6, using: &rng) { bytes += quotedPieces.randomElement(using: &rng)! }
                    bytes.append(quote)
                case 5:
                    bytes += [UInt8(ascii: "x"), quote, UInt8(ascii: "y")]  // stray quote
                case 6:
                    bytes += [quote, UInt8(ascii: "\n"), quote, UInt8(ascii: "z")]  // text after closing quote
                default:
                    bytes += [UInt8(ascii: "5"), quote]  // stray quote at field end
                }
            }
            if row < rowCount - 1 || Bool.random(using: &rng) {
                bytes += terminators.randomElement(using: &rng)!
            }
        }
        if malformed && Int.random(in: 0..<4, using: &rng) == 0 {
            bytes += [quote, UInt8(ascii: "u"), UInt8(ascii: "\n"), UInt8(ascii: "v")]  // unterminated
        }
        return bytes
    }

    static let dialects: [Dialect] = [
        Dialect(),
        Dialect(hasHeader: false),
        Dialect(delimiter: UInt8(ascii: ";")),
        Dialect(delimiter: UInt8(ascii: "|"), quote: UInt8(ascii: "'"), hasHeader: false),
    ]

    @Test(arguments: dialects, [false, true])
    func chunkedReadEqualsSinglePass(dialect: Dialect, malformed: Bool) {
        // Guard against a vacuous test: the inputs must really contain the hard cases.
        var quotingProblems = 0, multiLineRecords = 0
        defer {
            #expect(multiLineRecords > 10)
            #expect(malformed ? quotingProblems > 10 : quotingProblems == 0)
        }
        for seed in UInt64(1)...25 {
            let bytes = Self.randomFile(seed: seed &* 7919 &+ (malformed ? 1 : 0), dialect: dialect, malformed: malformed)
            bytes.withUnsafeBytes { buffer in
                var single = CSVReader(bytes: buffer, dialect: dialect)
                // Without a header each chunk would learn its own count; fix it for all.
                let expected = single.expectedFieldCount ?? 3
                single.expectedFieldCount = expected
                let onePass = readAll(&single)
                for row in onePass {
                    if case .malformed(let reason, _) = row.row,
                       [.quoteInUnquotedField, .textAfterClosingQuote, .unterminatedQuote].contains(reason) { quotingProblems += 1 }
                    if case .record(let fields) = row.row, fields.contains(where: { $0.contains("\n") || $0.contains("\r") }) { multiLineRecords += 1 }
                }

                for target in Self.targetSizes {
                    let chunks = ChunkSplitter.split(buffer, dialect: dialect, targetSize: target)
                    #expect(chunks.map(\.range) == ChunkSplitter.chunks(of: buffer, dialect: dialect, targetSize: target))
                    if let last = chunks.last { #expect(last.range.upperBound == buffer.count) }
                    for (a, b) in zip(chunks, chunks.dropFirst()) {
                        #expect(a.range.upperBound == b.range.lowerBound)
                        #expect(a.range.count >= target)
                    }
                    var chunked: [PositionedRow] = []
                    for chunk in chunks {
                        var reader = CSVReader(bytes: buffer, dialect: dialect, chunk: chunk)
                        reader.expectedFieldCount = expected
                        chunked += readAll(&reader)
                    }
                    #expect(chunked == onePass, "seed \(seed) target \(target)")
                    if !malformed {
                        Self.expectQuoteParity(at: chunks.dropFirst().map(\.range.lowerBound), in: buffer, quote: dialect.quote)
                    }
                }
            }
        }
    }

    /// On well-formed input every boundary is a line break preceded by an even number
    /// of quote bytes: the RFC 4180 parity rule.
    static func expectQuoteParity(at boundaries: [Int], in buffer: UnsafeRawBufferPointer, quote: UInt8) {
        var quotes = 0
        var index = 0
        for boundary in boundaries {
            while index < boundary {
                if buffer[index] == quote { quotes += 1 }
                index += 1
            }
            #expect(quotes % 2 == 0, "boundary \(boundary) inside quotes")
            #expect(buffer[boundary - 1] == UInt8(ascii: "\n") || buffer[boundary - 1] == UInt8(ascii: "\r"))
        }
    }

    @Test func coversEverythingAfterBomAndHeader() {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("h1,h2\r\na,\"b\nc\"\r\nd,e\n".utf8)
        bytes.withUnsafeBytes { buffer in
            let chunks = ChunkSplitter.split(buffer, dialect: Dialect(), targetSize: 1)
            #expect(chunks == [
                ChunkSplitter.Chunk(range: 10..<19, line: 2, record: 1),   // a,"b\nc"\r\n
                ChunkSplitter.Chunk(range: 19..<bytes.count, line: 4, record: 2),
            ])
            let whole = ChunkSplitter.chunks(of: buffer, dialect: Dialect(), targetSize: 1 << 30)
            #expect(whole == [10..<bytes.count])
            let noHeader = ChunkSplitter.chunks(of: buffer, dialect: Dialect(hasHeader: false), targetSize: 1 << 30)
            #expect(noHeader == [3..<bytes.count])
        }
    }

    @Test func emptyDataGivesNoChunks() {
        for text in ["", "h1,h2\n", "h1,h2", "\n\n"] {
            Array(text.utf8).withUnsafeBytes { buffer in
                #expect(ChunkSplitter.chunks(of: buffer, dialect: Dialect(), targetSize: 4).isEmpty, "\(text.debugDescription)")
            }
        }
        #expect(ChunkSplitter.chunks(of: UnsafeRawBufferPointer(start: nil, count: 0), dialect: Dialect(), targetSize: 4).isEmpty)
    }

    @Test func nonPositiveTargetSizeStillTerminates() {
        Array("a\nb\nc\n".utf8).withUnsafeBytes { buffer in
            #expect(ChunkSplitter.chunks(of: buffer, dialect: Dialect(hasHeader: false), targetSize: 0) == [0..<2, 2..<4, 4..<6])
            #expect(ChunkSplitter.chunks(of: buffer, dialect: Dialect(hasHeader: false), targetSize: -5).count == 3)
        }
    }
}
