/// Reads records from an in-memory buffer (the caller memory-maps the file with
/// `Data(contentsOf:options: .alwaysMapped)`).
///
/// A pull reader: each `read(into:)` fills a caller-owned `ByteRecord` with the next
/// record, reusing its buffers, and says whether the record was well-formed. It never
/// throws and never traps on any input, because its job is to get through whatever a
/// council export contains and report the bad rows precisely (see `position`).
///
/// ```swift
/// var reader = CSVReader(bytes: buffer, dialect: Dialect())
/// var record = ByteRecord()
/// loop: while true {
///     switch reader.read(into: &record) {
///     case .record: use(record)
///     case .malformed(let reason): report(CSVError(reason: reason, position: reader.position))
///     case .endOfInput: break loop
///     }
/// }
/// ```
///
/// Lifetime: `init(bytes: UnsafeRawBufferPointer, ...)` does not copy; the memory must
/// outlive the reader. `init(bytes: [UInt8], ...)` keeps its own copy.
public struct CSVReader {
    /// The dialect the reader was created with.
    public let dialect: Dialect

    /// The header's field names (decoded per the dialect's encoding, lossily), read
    /// eagerly at init when `dialect.hasHeader`; nil otherwise or when the file is empty.
    public private(set) var header: [String]?

    /// Why the header record was malformed, if it was. The header is still set from
    /// its best-effort fields, so the caller decides whether that is fatal.
    public private(set) var headerProblem: MalformedReason?

    /// The number of fields every record must have: the header's count, else what
    /// the caller set, else learned from the first record that is not malformed by
    /// quoting. Records with another count come back `.malformed(.wrongFieldCount)`.
    public var expectedFieldCount: Int?

    /// Position of the record just returned; valid after `.record` or `.malformed`.
    public private(set) var position: RecordPosition

    /// Called, while the reader walks a record longer than `Dialect.maxRecordBytes`,
    /// with the record's first byte and an offset in it that the walk has passed and
    /// will not read again (every few megabytes), so a caller reading a memory-mapped
    /// file can let the pages between go and a record of any length costs a bounded
    /// amount of memory. Not called for records within the bound.
    public var passed: ((_ recordStart: Int, _ offset: Int) -> Void)?

    /// The bytes being read, and the object keeping them alive when the reader owns them.
    private let input: UnsafeRawBufferPointer
    private let owner: OwnedBytes?
    private let classes: ByteClassTable
    /// Index into `input` of the first unread byte, and of the end of the readable part.
    private var cursor: Int
    private let end: Int
    /// Line and record number the next record will get.
    private var nextLine: Int
    private var nextRecord: Int
    /// Spare buffer for Windows-1252 transcoding, swapped with the record's storage.
    private var scratch: [UInt8] = []

    /// Reads `bytes` from the start, skipping a UTF-8 BOM (EF BB BF) if present, and
    /// reads the header if `dialect.hasHeader`.
    public init(bytes: UnsafeRawBufferPointer, dialect: Dialect) {
        self.init(input: bytes, owner: nil, dialect: dialect, range: 0..<bytes.count,
                  line: dialect.firstLine, record: 1, readHeader: dialect.hasHeader)
    }

    /// As `init(bytes: UnsafeRawBufferPointer, dialect:)`, over a private copy of `bytes`.
    public init(bytes: [UInt8], dialect: Dialect) {
        let owner = OwnedBytes(copying: bytes)
        self.init(input: owner.buffer, owner: owner, dialect: dialect, range: 0..<bytes.count,
                  line: dialect.firstLine, record: 1, readHeader: dialect.hasHeader)
    }

    /// Reads `bytes[offset...]`, reporting positions as if from the start of `bytes`:
    /// pass the whole mapped file (or a prefix of it ending where reading should
    /// stop), the byte offset to begin at, and the line and record numbers the first
    /// record there will get, so positions stay file-relative when a file is read in
    /// pieces. A BOM is skipped only when `offset` is 0. If `readHeader`, the first
    /// record at `offset` is read as the header.
    ///
    /// For pieces from `ChunkSplitter`, `init(bytes:dialect:chunk:)` fills these in.
    public init(bytes: UnsafeRawBufferPointer, dialect: Dialect, startingAt offset: Int, line: Int, record: Int, readHeader: Bool) {
        let start = Swift.min(Swift.max(offset, 0), bytes.count)
        self.init(input: bytes, owner: nil, dialect: dialect, range: start..<bytes.count,
                  line: line, record: record, readHeader: readHeader)
    }

    /// Reads exactly one chunk of `bytes` (the whole file the chunk was computed
    /// from), with file-relative positions and no header. Set `expectedFieldCount`
    /// (typically to the header's count) so every chunk checks the same thing.
    public init(bytes: UnsafeRawBufferPointer, dialect: Dialect, chunk: ChunkSplitter.Chunk) {
        let upper = Swift.min(Swift.max(chunk.range.upperBound, 0), bytes.count)
        let lower = Swift.min(Swift.max(chunk.range.lowerBound, 0), upper)
        self.init(input: bytes, owner: nil, dialect: dialect, range: lower..<upper,
                  line: chunk.line, record: chunk.record, readHeader: false)
    }

    private init(input: UnsafeRawBufferPointer, owner: OwnedBytes?, dialect: Dialect, range: Range<Int>,
                 line: Int, record: Int, readHeader: Bool) {
        self.dialect = dialect
        self.input = input
        self.owner = owner
        self.classes = ByteClassTable(dialect: dialect)
        self.end = range.upperBound
        self.cursor = range.lowerBound
        if range.lowerBound == 0 {
            self.cursor = UTF8BOM.length(in: input, end: range.upperBound)
        }
        self.nextLine = line
        self.nextRecord = record
        self.position = RecordPosition(record: record, line: line, byte: cursor)
        if readHeader {
            var headerRecord = ByteRecord()
            switch readRecord(into: &headerRecord, isHeader: true) {
            case .endOfInput:
                break
            case .record:
                header = headerRecord.strings
                expectedFieldCount = headerRecord.count
            case .malformed(let reason):
                header = headerRecord.strings
                expectedFieldCount = headerRecord.count
                headerProblem = reason
            }
            // The header is not a data record: the first data record is number `record`.
            nextRecord = record
            position = RecordPosition(record: record, line: nextLine, byte: cursor)
        }
    }

    /// Reads the next record into `record` (replacing its contents, reusing its
    /// capacity). Blank lines are skipped; they still count for line numbers.
    public mutating func read(into record: inout ByteRecord) -> ReadResult {
        readRecord(into: &record, isHeader: false)
    }

    private mutating func readRecord(into record: inout ByteRecord, isHeader: Bool) -> ReadResult {
        guard let base = input.baseAddress, cursor < end else {
            record.removeAll()
            return .endOfInput
        }
        let bytes = base.assumingMemoryBound(to: UInt8.self)
        let end = self.end
        var i = cursor
        var line = nextLine

        // Blank lines are not records (as in rust-csv), but they are lines.
        while i < end {
            let byte = bytes[i]
            if byte == asciiLF {
                i += 1
            } else if byte == asciiCR {
                i += 1
                if i < end && bytes[i] == asciiLF { i += 1 }
            } else {
                break
            }
            line += 1
        }
        guard i < end else {
            cursor = end
            nextLine = line
            record.removeAll()
            return .endOfInput
        }

        position = RecordPosition(record: nextRecord, line: line, byte: i)
        nextRecord += 1

        // Parse; if the record's buffers were too small, grow them and parse again, up
        // to what a record within `maxRecordBytes` can need: its unescaped bytes are at
        // most its raw bytes, and its fields at most one more than its raw bytes. A
        // record that needs more is longer than the bound, so it is only walked.
        let classes = self.classes.table
        let quote = self.classes.quote
        let start = i
        let maxRecord = dialect.maxRecordBytes
        let outputCap = maxRecord
        let endsCap = maxRecord == Int.max ? Int.max : maxRecord + 1
        if record.storage.count < 256 || record.ends.count < 16 {
            record.grow(bytesAtLeast: 256, endsAtLeast: 16)
        }
        var scan: RecordScan
        var overLimit = false
        while true {
            scan = record.storage.withUnsafeMutableBufferPointer { output in
                record.ends.withUnsafeMutableBufferPointer { ends in
                    parseRecord(input: bytes, start: start, end: end, classes: classes, quote: quote,
                                output: output.baseAddress!, outputCapacity: output.count,
                                ends: ends.baseAddress!, endsCapacity: ends.count)
                }
            }
            switch scan.status {
            case .complete:
                break
            case .outputFull:
                if record.storage.count >= outputCap { overLimit = true; break }
                record.grow(bytesAtLeast: Swift.min(Swift.max(record.storage.count * 2, 256), outputCap), endsAtLeast: 0)
                continue
            case .endsFull:
                if record.ends.count >= endsCap { overLimit = true; break }
                record.grow(bytesAtLeast: 0, endsAtLeast: Swift.min(Swift.max(record.ends.count * 2, 16), endsCap))
                continue
            }
            break
        }
        if overLimit || scan.contentEnd - start > maxRecord {
            // Too long to keep: find where it ends without copying, and hand back no fields.
            let report = passed.map { passed in { (offset: Int) in passed(start, offset) } }
            let (next, contentEnd, breaks) = skipRecord(bytes, from: start, end: end, classes: classes, quote: quote, passed: report)
            record.removeAll()
            cursor = next
            nextLine = line + breaks
            return .malformed(.recordTooLong(length: contentEnd - start, limit: maxRecord))
        }
        record.length = scan.byteCount
        record.fieldCount = scan.fieldCount
        cursor = scan.end
        nextLine = line + scan.lineBreaks

        // A field over its bound: checked on the unescaped bytes, before transcoding,
        // and only when the record as a whole is long enough to hold one.
        if record.length > dialect.maxFieldBytes {
            var fieldStart = 0
            for f in 0..<record.fieldCount {
                let length = record.ends[f] - fieldStart
                if length > dialect.maxFieldBytes {
                    if dialect.encoding == .windows1252 { Windows1252.transcode(&record, scratch: &scratch) }
                    return .malformed(.fieldTooLong(field: f + 1, length: length, limit: dialect.maxFieldBytes))
                }
                fieldStart = record.ends[f]
            }
        }

        // Always transcode, malformed or not, so callers only ever see UTF-8.
        if dialect.encoding == .windows1252 {
            Windows1252.transcode(&record, scratch: &scratch)
        }
        // Structural problems first: they say the most about what went wrong.
        if let problem = scan.problem {
            return .malformed(problem)
        }
        if !isHeader {
            if let expected = expectedFieldCount {
                if record.count != expected {
                    return .malformed(.wrongFieldCount(expected: expected, found: record.count))
                }
            } else {
                expectedFieldCount = record.count
            }
        }
        if !Self.isValidText(record, encoding: dialect.encoding) {
            return .malformed(.invalidUTF8)
        }
        return .record
    }

    /// Checks the record's bytes against the declared encoding. Each field is checked
    /// on its own: a sequence split by a delimiter is invalid even though the
    /// concatenated bytes would pass.
    private static func isValidText(_ record: ByteRecord, encoding: TextEncoding) -> Bool {
        if encoding == .windows1252 { return true }  // transcoded output is always valid
        return record.storage.withUnsafeBufferPointer { buffer in
            guard let bytes = buffer.baseAddress else { return true }
            if TextCheck.isASCII(bytes, count: record.length) { return true }
            if encoding == .ascii { return false }
            var start = 0
            for f in 0..<record.fieldCount {
                let fieldEnd = record.ends[f]
                if !TextCheck.isValidUTF8(bytes + start, count: fieldEnd - start) { return false }
                start = fieldEnd
            }
            return true
        }
    }
}

/// The UTF-8 byte order mark, which Excel's "CSV UTF-8" export puts at the start.
enum UTF8BOM {
    /// 3 if `buffer` starts with EF BB BF within `end` bytes, else 0.
    static func length(in buffer: UnsafeRawBufferPointer, end: Int) -> Int {
        if end >= 3 && buffer.count >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF {
            return 3
        }
        return 0
    }
}

/// A private copy of the input for `CSVReader(bytes: [UInt8], ...)`, so the reader can
/// use the same raw-pointer loops as for mapped memory without an array in the way.
final class OwnedBytes {
    let buffer: UnsafeRawBufferPointer

    init(copying bytes: [UInt8]) {
        let memory = UnsafeMutableRawBufferPointer.allocate(byteCount: Swift.max(bytes.count, 1), alignment: 8)
        bytes.withUnsafeBytes { source in
            if let base = source.baseAddress { memory.baseAddress!.copyMemory(from: base, byteCount: source.count) }
        }
        buffer = UnsafeRawBufferPointer(start: memory.baseAddress, count: bytes.count)
    }

    deinit {
        buffer.deallocate()
    }
}
