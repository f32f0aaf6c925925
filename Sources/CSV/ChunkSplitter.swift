/// Splits a buffer into byte ranges that each start exactly at a record boundary, so
/// the ranges can be parsed in parallel and give the same records as one pass.
///
/// The hard part is quoted line breaks: a newline is only a record boundary outside
/// quotes, and whether a byte is inside quotes depends on everything before it. For an
/// RFC 4180 file the rule is quote parity: a newline is a boundary iff an even number
/// of quote bytes precede it. This splitter applies that rule by walking the quote
/// structure with the reader's own transition rules (a quote only opens a field at the
/// field's start; `""` inside quotes is data) instead of counting every quote byte.
/// On well-formed files the two are the same thing. On a malformed file they are not:
/// one stray quote in an unquoted field (`5" screen`) would flip pure parity for the
/// rest of the file, and every chunk boundary after it would fall inside what the
/// reader considers a field. Following the reader's rules keeps parallel and
/// sequential reads identical on every input, malformed records included.
///
/// The walk only stops at quotes and line breaks and copies nothing, so it is a small
/// fraction of the cost of parsing.
public struct ChunkSplitter {
    /// One piece of a file: where it is, and the numbering of its first record.
    public struct Chunk: Sendable, Equatable, Hashable {
        /// Byte range in the file; starts at a record boundary.
        public var range: Range<Int>
        /// 1-based line number at `range.lowerBound`.
        public var line: Int
        /// 1-based number the first data record in the chunk will get.
        public var record: Int

        public init(range: Range<Int>, line: Int, record: Int) {
            self.range = range
            self.line = line
            self.record = record
        }
    }

    /// Byte ranges covering the whole buffer after the BOM and the header (if
    /// `dialect.hasHeader`), without overlap, each starting at a record boundary and
    /// each at least `targetSize` bytes long except the last. Empty if there is no
    /// data after the header.
    public static func chunks(of bytes: UnsafeRawBufferPointer, dialect: Dialect, targetSize: Int) -> [Range<Int>] {
        split(bytes, dialect: dialect, targetSize: targetSize).map(\.range)
    }

    /// As `chunks(of:dialect:targetSize:)`, with the line and record numbers at each
    /// chunk's start so that `CSVReader(bytes:dialect:chunk:)` reports file-relative
    /// positions.
    ///
    /// `passed`, if given, is called as the walk goes with offsets it has passed and
    /// will not read again (every few megabytes, also inside one long record), so a
    /// caller splitting a memory-mapped file can let the pages behind go.
    public static func split(_ bytes: UnsafeRawBufferPointer, dialect: Dialect, targetSize: Int,
                             passed: ((Int) -> Void)? = nil) -> [Chunk] {
        guard let base = bytes.baseAddress else { return [] }
        let input = base.assumingMemoryBound(to: UInt8.self)
        let table = ByteClassTable(dialect: dialect)
        return withExtendedLifetime(table) {
            walk(input, end: bytes.count, bomLength: UTF8BOM.length(in: bytes, end: bytes.count),
                 hasHeader: dialect.hasHeader, classes: UnsafePointer(table.table), quote: table.quote,
                 target: Swift.max(targetSize, 1), firstLine: dialect.firstLine, passed: passed)
        }
    }

    private static func walk(
        _ input: UnsafePointer<UInt8>, end: Int, bomLength: Int, hasHeader: Bool,
        classes: UnsafePointer<UInt8>, quote: UInt8, target: Int, firstLine: Int, passed: ((Int) -> Void)?
    ) -> [Chunk] {
        var i = bomLength
        var line = firstLine
        if hasHeader {
            // Skip blank lines, then the header record, exactly as the reader does.
            while i < end, let next = skipBlankLine(input, at: i, end: end) {
                i = next
                line += 1
            }
            if i < end {
                let (next, _, breaks) = skipRecord(input, from: i, end: end, classes: classes, quote: quote, passed: passed)
                i = next
                line += breaks
            }
        }
        guard i < end else { return [] }
        var reported = i

        var chunks: [Chunk] = []
        chunks.reserveCapacity(end / target + 1)
        var record = 1
        var current = Chunk(range: i..<i, line: line, record: record)
        while i < end {
            if i - current.range.lowerBound >= target {
                current.range = current.range.lowerBound..<i
                chunks.append(current)
                current = Chunk(range: i..<i, line: line, record: record)
            }
            if let next = skipBlankLine(input, at: i, end: end) {
                i = next
                line += 1
            } else {
                let (next, _, breaks) = skipRecord(input, from: i, end: end, classes: classes, quote: quote, passed: passed)
                i = next
                line += breaks
                record += 1
            }
            if let passed, i - reported >= passedWindow {
                passed(i)
                reported = i
            }
        }
        current.range = current.range.lowerBound..<end
        chunks.append(current)
        return chunks
    }

    /// If `input[i]` starts a blank line (CR, LF or CRLF), the index after it.
    @inline(__always)
    private static func skipBlankLine(_ input: UnsafePointer<UInt8>, at i: Int, end: Int) -> Int? {
        let byte = input[i]
        if byte == asciiLF { return i + 1 }
        if byte == asciiCR { return i + 1 < end && input[i + 1] == asciiLF ? i + 2 : i + 1 }
        return nil
    }
}
