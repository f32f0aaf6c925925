/// Writes RFC 4180 records by appending UTF-8 bytes to `bytes`.
///
/// A field is quoted only when it has to be (it holds the delimiter, the quote, CR or
/// LF), with quotes doubled inside: minimal quoting keeps output diffable and lets
/// the common case be a plain byte copy. Records end with LF by default, which every
/// reader (this one, Excel, pandas) accepts, or CRLF as RFC 4180 writes it.
///
/// Callers flush by taking `bytes` and clearing it between records, e.g. when it
/// passes some size, so memory stays bounded however long the output.
public struct CSVWriter: Sendable {
    /// Everything written so far.
    public var bytes: [UInt8]

    /// Another name for `bytes`.
    public var buffer: [UInt8] {
        get { bytes }
        set { bytes = newValue }
    }
    /// Field separator; taken from the dialect.
    public let delimiter: UInt8
    /// Quote byte; taken from the dialect.
    public let quote: UInt8
    /// Whether records end with CRLF (RFC 4180, Python's csv module) rather than LF.
    public var crlf = false

    /// Fields written in the current record, and whether the only one was empty.
    private var fieldsInRecord = 0
    private var lastFieldWasEmpty = false

    /// A writer for `dialect`'s delimiter and quote, appending to `bytes`.
    public init(dialect: Dialect = Dialect(), bytes: [UInt8] = []) {
        self.bytes = bytes
        self.delimiter = dialect.delimiter
        self.quote = dialect.quote
    }

    /// Writes one complete record.
    public mutating func write(fields: [String]) {
        for field in fields { write(field: field) }
        endRecord()
    }

    /// Writes one complete record of raw (UTF-8) fields.
    public mutating func write(byteFields: [[UInt8]]) {
        for field in byteFields { write(bytes: field) }
        endRecord()
    }

    /// Writes one field of the current record.
    public mutating func write(field: String) {
        var field = field
        field.withUTF8 { write(bytes: $0) }
    }

    /// Writes one field of the current record from its UTF-8 bytes.
    public mutating func write<C: Collection>(bytes field: C) where C.Element == UInt8 {
        if fieldsInRecord > 0 { bytes.append(delimiter) }
        fieldsInRecord += 1
        lastFieldWasEmpty = field.isEmpty
        guard Self.needsQuoting(field, delimiter: delimiter, quote: quote) else {
            bytes.append(contentsOf: field)
            return
        }
        bytes.append(quote)
        for byte in field {
            if byte == quote { bytes.append(quote) }
            bytes.append(byte)
        }
        bytes.append(quote)
    }

    /// Ends the current record with LF (or CRLF).
    ///
    /// A record whose only field is empty is written as `""`: written bare it would be
    /// a blank line, which readers skip, and the record would vanish on the round
    /// trip. A record with no fields cannot be represented in CSV and writes nothing.
    public mutating func endRecord() {
        guard fieldsInRecord > 0 else { return }
        if fieldsInRecord == 1 && lastFieldWasEmpty {
            bytes.append(quote)
            bytes.append(quote)
        }
        if crlf { bytes.append(asciiCR) }
        bytes.append(asciiLF)
        fieldsInRecord = 0
        lastFieldWasEmpty = false
    }

    /// Whether `field` must be quoted under the default dialect (`,` and `"`).
    public static func needsQuoting(_ field: String) -> Bool {
        needsQuoting(field, dialect: Dialect())
    }

    /// Whether `field` must be quoted under `dialect`.
    public static func needsQuoting(_ field: String, dialect: Dialect) -> Bool {
        needsQuoting(field.utf8, delimiter: dialect.delimiter, quote: dialect.quote)
    }

    /// Whether a field with these UTF-8 bytes must be quoted: it holds the delimiter,
    /// the quote, CR or LF.
    public static func needsQuoting<C: Collection>(_ field: C, delimiter: UInt8, quote: UInt8) -> Bool where C.Element == UInt8 {
        field.contains { $0 == delimiter || $0 == quote || $0 == asciiCR || $0 == asciiLF }
    }
}
