/// The small set of choices that vary between CSV files in the wild.
///
/// Delimiter and quote are single bytes, not `Character`s, because the reader works on
/// bytes: every delimiter seen in practice (`,` `;` `|` tab) is ASCII, and a byte
/// comparison in the hot loop is what makes multi-gigabyte files cheap to read.
///
/// CR and LF always end a record outside quotes, whatever the dialect says. If a
/// dialect names the same byte as both delimiter and quote, the byte acts as a
/// delimiter (such a file cannot contain quoted fields). Neither case is rejected:
/// the reader must never trap, so odd dialects are given a defined meaning instead.
public struct Dialect: Sendable, Equatable, Hashable {
    /// The byte that separates fields, e.g. `UInt8(ascii: ";")` or `UInt8(ascii: "|")`.
    public var delimiter: UInt8
    /// The byte that opens and closes a quoted field; doubled inside one it stands for itself.
    public var quote: UInt8
    /// Whether the first record names the columns (and is not data).
    public var hasHeader: Bool
    /// How field bytes are to be decoded; see `TextEncoding`.
    public var encoding: TextEncoding
    /// The largest record the reader will hold, in bytes of the file from the record's
    /// first byte to its last (quoted line breaks included, its terminator not). A
    /// longer record comes back `.malformed(.recordTooLong)` with no fields, and the
    /// reader's memory stays within a small multiple of this bound however long the
    /// record is: it stops copying at the bound and only walks the rest to find where
    /// the next record starts. `Int.max`: no bound.
    public var maxRecordBytes: Int
    /// The largest field, in unescaped bytes (as the field's value holds them, before
    /// any transcoding). A record with a longer field comes back
    /// `.malformed(.fieldTooLong)`. `Int.max`: no bound beyond `maxRecordBytes`.
    public var maxFieldBytes: Int
    /// The line number of the buffer's first byte: 1 for a whole file, more when the
    /// buffer starts after lines a caller set aside (a report's title lines), so
    /// positions are still the file's lines.
    public var firstLine = 1

    public init(
        delimiter: UInt8 = UInt8(ascii: ","),
        quote: UInt8 = UInt8(ascii: "\""),
        hasHeader: Bool = true,
        encoding: TextEncoding = .utf8,
        maxRecordBytes: Int = .max,
        maxFieldBytes: Int = .max
    ) {
        self.delimiter = delimiter
        self.quote = quote
        self.hasHeader = hasHeader
        self.encoding = encoding
        self.maxRecordBytes = Swift.max(maxRecordBytes, 0)
        self.maxFieldBytes = Swift.max(maxFieldBytes, 0)
    }
}
