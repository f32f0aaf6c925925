import Foundation

/// A report export's data between its title lines and its footer: `preamble 2 lines`
/// (titles, "Run at …", blank lines — counted as lines, before the header) and
/// `footer 1 line` (the last non-blank lines: "Total rows: 3031", "End of report").
/// A line ends at each CR, LF or CRLF, as everywhere else.
enum ExtractArea {
    /// The byte range of the data (header included), and the footer lines' text.
    static func find(_ bytes: UnsafeRawBufferPointer, preamble: Int, footer: Int) -> (range: Range<Int>, footer: [String])? {
        let n = bytes.count
        var start = 0
        var skipped = 0
        while skipped < preamble {
            guard start < n else { return nil }
            let b = bytes[start]
            start += 1
            if b == 0x0A { skipped += 1 } else if b == 0x0D {
                if start < n, bytes[start] == 0x0A { start += 1 }
                skipped += 1
            }
        }
        var end = n
        var footerLines: [String] = []
        while footerLines.count < footer {
            // Past the line breaks and blank lines at the end, then back to the line's start.
            while end > start, bytes[end - 1] == 0x0A || bytes[end - 1] == 0x0D || bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
            guard end > start else { return nil }
            var lineStart = end
            while lineStart > start, bytes[lineStart - 1] != 0x0A, bytes[lineStart - 1] != 0x0D { lineStart -= 1 }
            footerLines.insert(String(decoding: UnsafeRawBufferPointer(rebasing: bytes[lineStart..<end]), as: UTF8.self), at: 0)
            end = lineStart
        }
        return (start..<end, footerLines)
    }

    /// The number a footer line states, for a pattern such as `Total rows: #` (`#` is a
    /// whole number, the rest literal, spaces at either end and quotes around the line
    /// ignored); nil when no footer line reads so.
    static func statedCount(_ footer: [String], pattern: String) -> Int? {
        let parts = pattern.components(separatedBy: "#")
        guard parts.count == 2 else { return nil }
        for line in footer {
            var text = line.trimmingCharacters(in: .whitespaces)
            // Trailing delimiters of an export that pads the footer row: "Total rows: 3031",,,
            while let last = text.last, last == "," || last == ";" || last == "\t" || last == "|" { text.removeLast() }
            if text.count >= 2, text.hasPrefix("\""), text.hasSuffix("\"") { text = String(text.dropFirst().dropLast()) }
            text = text.trimmingCharacters(in: .whitespaces)
            guard text.hasPrefix(parts[0]), text.hasSuffix(parts[1]), text.count >= parts[0].count + parts[1].count else { continue }
            let middle = text.dropFirst(parts[0].count).dropLast(parts[1].count).replacingOccurrences(of: ",", with: "")
            if let n = Int(middle), n >= 0 { return n }
        }
        return nil
    }
}
