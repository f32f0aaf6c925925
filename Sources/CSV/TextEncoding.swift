/// The character encoding a CSV file is declared to be in.
///
/// Whatever the declared encoding, a `ByteRecord` handed out by `CSVReader` always
/// holds UTF-8: `.utf8` and `.ascii` files are validated (valid bytes already *are*
/// UTF-8), `.windows1252` files are transcoded field by field as records are read.
/// Downstream code therefore only ever has to understand one encoding.
///
/// The raw values are the spellings accepted in configuration files.
public enum TextEncoding: String, Sendable, CaseIterable {
    /// UTF-8; a record holding an invalid sequence is reported as `.invalidUTF8`.
    case utf8
    /// Windows code page 1252, the default "ANSI" export of Excel and many case
    /// management systems in the UK. Every byte is accepted; the five bytes the code
    /// page leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) become U+FFFD.
    case windows1252
    /// 7-bit ASCII; any byte >= 0x80 is reported as `.invalidUTF8`.
    case ascii
}
