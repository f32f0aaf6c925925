import CSV
import Testing

/// Line numbers against an independent count, for every mix of line endings.
///
/// A line, for a person with a text editor, ends at each CR, each LF and each CRLF,
/// wherever it is: between records, in blank lines and inside quoted fields. The test
/// builds files whose records it knows the start of, counts the lines before each
/// start the plainest way there is (one pass over the bytes, knowing nothing of CSV),
/// and requires the reader, and the reader over the chunk splitter's pieces, to say
/// the same.
@Suite struct LineNumberTests {
    static let cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")

    /// The 1-based lines on which `offsets` (increasing) lie: 1 plus the line endings
    /// before each, a CRLF counting once. One pass over the bytes.
    static func naiveLines(_ bytes: [UInt8], at offsets: [Int]) -> [Int] {
        var lines: [Int] = []
        var line = 1
        var i = 0
        for offset in offsets {
            while i < offset {
                if bytes[i] == cr {
                    line += 1
                    if i + 1 < offset, bytes[i + 1] == lf { i += 1 }
                } else if bytes[i] == lf {
                    line += 1
                }
                i += 1
            }
            lines.append(line)
        }
        return lines
    }

    /// A file of `rows` records (after a header) with random endings among `endings`,
    /// blank lines, and quoted fields holding CR, LF and CRLF; and each data record's
    /// start offset.
    static func file(rows: Int, endings: [[UInt8]], seed: UInt64) -> (bytes: [UInt8], starts: [Int]) {
        var rng = SeededGenerator(seed: seed)
        let breaks: [[UInt8]] = [[lf], [cr, lf], [cr]]
        var bytes = Array("Case Ref,Stage,Notes,Score".utf8) + endings.randomElement(using: &rng)!
        var starts: [Int] = []
        for r in 0..<rows {
            while Int.random(in: 0..<6, using: &rng) == 0 { bytes += endings.randomElement(using: &rng)! }
            starts.append(bytes.count)
            bytes += Array("C\(r),Start,".utf8)
            if Bool.random(using: &rng) {
                bytes.append(UInt8(ascii: "\""))
                for _ in 0..<Int.random(in: 0...4, using: &rng) {
                    bytes += Array("note \"\" ".utf8)
                    bytes += breaks.randomElement(using: &rng)!
                }
                bytes.append(UInt8(ascii: "\""))
            } else {
                bytes += Array("plain".utf8)
            }
            bytes += Array(",\(r % 10)".utf8)
            if r < rows - 1 || Bool.random(using: &rng) { bytes += endings.randomElement(using: &rng)! }
        }
        return (bytes, starts)
    }

    static let endingMixes: [[[UInt8]]] = [[[cr]], [[lf]], [[cr, lf]], [[cr], [lf]], [[cr], [cr, lf]], [[cr], [lf], [cr, lf]]]

    @Test(arguments: 0..<endingMixes.count)
    func readerLinesMatchANaiveCount(mix: Int) {
        for seed in 0..<10 {
            let (bytes, starts) = Self.file(rows: 300, endings: Self.endingMixes[mix], seed: UInt64(mix * 100 + seed))
            let rows = readAll(bytes, dialect: Dialect())
            for row in rows { if case .malformed(let why, _) = row.row { Issue.record("record \(row.position.record) malformed: \(why)") } }
            #expect(rows.map(\.position.byte) == starts)
            #expect(rows.map(\.position.line) == Self.naiveLines(bytes, at: starts), "seed \(seed)")
        }
    }

    @Test(arguments: 0..<endingMixes.count)
    func chunkedLinesMatchANaiveCount(mix: Int) {
        for seed in 0..<5 {
            let (bytes, starts) = Self.file(rows: 200, endings: Self.endingMixes[mix], seed: UInt64(mix * 1000 + seed))
            let expected = Self.naiveLines(bytes, at: starts)
            for target in [1, 64, 500, 4096] {
                var lines: [Int] = []
                bytes.withUnsafeBytes { raw in
                    for chunk in ChunkSplitter.split(raw, dialect: Dialect(), targetSize: target) {
                        var reader = CSVReader(bytes: raw, dialect: Dialect(), chunk: chunk)
                        lines += readAll(&reader).map(\.position.line)
                    }
                }
                #expect(lines == expected, "seed \(seed), target \(target)")
            }
        }
    }

    /// The issue's case: a CR-only file whose notes hold line breaks. Every record's
    /// line, far down the file, is where an editor shows it.
    @Test func crOnlyFileWithQuotedBreaksKeepsItsLines() {
        var bytes = Array("a,b\r".utf8)
        for r in 0..<700 { bytes += Array("\(r),\"one\rtwo\"\r".utf8) }
        let rows = readAll(bytes, dialect: Dialect())
        #expect(rows.count == 700)
        #expect(rows.last?.position.line == 2 + 699 * 2)
        #expect(rows.map(\.position.line) == (0..<700).map { 2 + $0 * 2 })
    }
}
