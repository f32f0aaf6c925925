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

    public init(
        delimiter: UInt8 = UInt8(ascii: ","),
        quote: UInt8 = UInt8(ascii: "\""),
        hasHeader: Bool = true,
        encoding: TextEncoding = .utf8
    ) {
        self.delimiter = delimiter
        self.quote = quote
        self.hasHeader = hasHeader
        self.encoding = encoding
    }
}
