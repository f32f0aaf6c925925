import CSV
import Foundation

/// An extract cut short — a copy that stopped halfway, a disk that filled — must stop a
/// month-end run, not pass as "one bad row". Two shapes give it away:
/// - the file ends inside a quoted field (the reader swallowed everything after the
///   opening quote into one field);
/// - the file does not end with a line break and its last row is malformed (fewer
///   fields than the header, or otherwise unreadable as a record).
enum TruncatedExtract {
    /// A message when the extract looks cut short, else nil.
    static func check(source: String, file: String, folder: String, rejects: [RejectedRow], utf16: Bool = false) -> String? {
        let unterminated = MalformedReason.unterminatedQuote.description
        var lastMalformed: RejectedRow?
        for row in rejects where row.source == source {
            if row.detail == unterminated || row.reason == unterminated {
                return "truncated: the file ends inside a quoted field that opens on line \(row.line); it looks cut short (copy the extract again)"
            }
            if row.reason == "malformed record" || row.reason == "missing field" || row.detail.hasPrefix("the record has") {
                if lastMalformed == nil || row.line > lastMalformed!.line { lastMalformed = row }
            }
        }
        guard let last = lastMalformed, !folder.isEmpty,
              let finalLine = unterminatedFinalLine((folder as NSString).appendingPathComponent(file), utf16: utf16),
              last.line == finalLine else { return nil }
        return "truncated: the file stops in the middle of a row (line \(last.line) has no line break after it and cannot be read: \(last.detail.isEmpty ? last.reason : last.detail)); it looks cut short (copy the extract again)"
    }

    /// The number of the file's last line when the file does not end with a line break
    /// (each LF, CR or CRLF ends a line); nil when it ends with one, or is empty.
    static func unterminatedFinalLine(_ path: String, utf16: Bool = false) -> Int? {
        // A UTF-16 extract's lines are those of its text, as the intake reads it.
        guard let data = try? UTF16Extract.readerBytes(path, utf16: utf16) else { return nil }
        guard let lastByte = data.last,
              lastByte != UInt8(ascii: "\n"), lastByte != UInt8(ascii: "\r") else { return nil }
        return data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) -> Int in
            var breaks = 0
            var i = 0
            let n = bytes.count
            while i < n {
                let b = bytes[i]
                if b == UInt8(ascii: "\n") {
                    breaks += 1
                } else if b == UInt8(ascii: "\r") {
                    breaks += 1
                    if i + 1 < n, bytes[i + 1] == UInt8(ascii: "\n") { i += 1 }
                }
                i += 1
            }
            return breaks + 1
        }
    }
}
