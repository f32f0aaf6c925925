/// Where a record sits in its file, so a message can send a person straight to it.
///
/// All three coordinates are given because each serves a different reader of the
/// message: the record number matches what a spreadsheet shows (minus the header),
/// the line number is what a text editor shows (records may span lines), and the byte
/// offset is exact even when line endings are mixed or a field holds line breaks.
public struct RecordPosition: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// 1-based number of the record among data records; the header is not counted,
    /// blank lines are not records, malformed records are counted.
    public var record: Int
    /// 1-based physical line on which the record starts (the header, if any, is on
    /// line 1 unless blank lines precede it). Each LF, CRLF and lone CR ends one line,
    /// wherever it is: between records, in blank lines and inside quoted fields, so
    /// the number is the line a text editor shows whatever mix of endings the file has.
    public var line: Int
    /// 0-based byte offset in the file of the record's first byte. A UTF-8 BOM is
    /// counted, so the offset can be used directly with `dd`, `xxd -s` or `seek`.
    public var byte: Int

    public init(record: Int, line: Int, byte: Int) {
        self.record = record
        self.line = line
        self.byte = byte
    }

    public var description: String { "record \(record) (line \(line), byte \(byte))" }
}

/// Why a record could not be accepted as-is.
///
/// The reader never throws: a malformed record is an ordinary result, because a
/// reporting run over a large export wants to count and report bad rows, not stop at
/// the first one.
public enum MalformedReason: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// The file ended inside a quoted field; everything after the opening quote was
    /// swallowed into the field, so nothing after it could be read.
    case unterminatedQuote
    /// A quote byte in the middle of an unquoted field, e.g. `ab"c`. The quote is kept
    /// as data (as rust-csv does), so the rest of the record still parses normally.
    case quoteInUnquotedField
    /// Bytes after the closing quote of a quoted field, e.g. `"abc"x`. The bytes are
    /// kept as data appended to the field.
    case textAfterClosingQuote
    /// The record is not valid UTF-8 (declared `.utf8`), or holds a byte >= 0x80
    /// (declared `.ascii`).
    case invalidUTF8
    /// The record has a different number of fields from the header (or from the first
    /// record, or from what the caller set).
    case wrongFieldCount(expected: Int, found: Int)
    /// The record is longer than `Dialect.maxRecordBytes` (`length` bytes, from its
    /// first byte to its last): it comes back with no fields, and reading goes on at
    /// the next record.
    case recordTooLong(length: Int, limit: Int)
    /// Field `field` (1-based) holds more than `Dialect.maxFieldBytes` (`length` bytes).
    case fieldTooLong(field: Int, length: Int, limit: Int)

    public var description: String {
        switch self {
        case .unterminatedQuote:
            return "a quoted field is not closed before the end of the file"
        case .quoteInUnquotedField:
            return "a quote character appears inside an unquoted field"
        case .textAfterClosingQuote:
            return "text follows the closing quote of a quoted field"
        case .invalidUTF8:
            return "the record contains bytes that are not valid text in the declared encoding"
        case .wrongFieldCount(let expected, let found):
            return "expected \(expected) field\(expected == 1 ? "" : "s") but found \(found)"
        case .recordTooLong(let length, let limit):
            return "the record is \(length) bytes long, more than the limit of \(limit) bytes"
        case .fieldTooLong(let field, let length, let limit):
            return "field \(field) is \(length) bytes long, more than the limit of \(limit) bytes"
        }
    }
}

/// What one call to `CSVReader.read(into:)` produced.
public enum ReadResult: Sendable, Equatable {
    /// A well-formed record is in the `ByteRecord`.
    case record
    /// A record was read but is malformed; its (best-effort) fields are in the
    /// `ByteRecord` and `CSVReader.position` says where it is. Reading can continue.
    case malformed(MalformedReason)
    /// No more records.
    case endOfInput
}

/// A malformed record as a throwable error, for callers that do want to stop.
///
/// `CSVReader` itself never throws; this exists so every caller formats the
/// "record, line, byte" message the same way.
public struct CSVError: Error, Sendable, Equatable, CustomStringConvertible {
    public var reason: MalformedReason
    public var position: RecordPosition

    public init(reason: MalformedReason, position: RecordPosition) {
        self.reason = reason
        self.position = position
    }

    public var description: String { "\(position): \(reason)" }
}
