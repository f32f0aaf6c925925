import CSV
import Dispatch
import Foundation

/// Everything `sniff` learned about one extract, before it is written out as definitions.
struct SniffedFile {
    var path: String
    var bytes: Int
    var encoding: EncodingGuess
    var delimiter: UInt8
    /// The delimiter's evidence, and the runner-up's, for the comment.
    var delimiterNote: String
    var hasHeader: Bool
    var headerNote: String
    var header: [String]
    var records = 0
    var malformed = 0
    var firstMalformed: String?
    var quoteBytes = 0
    var columns: [ColumnProfile] = []
    var seconds = 0.0
    /// A report export's title lines before the header and footer lines after the data.
    var preamble = 0
    var footer = 0
    var footerLines: [String] = []
    var areaNote = ""
    /// A footer pattern (`Total rows: #`) whose number equals the records read.
    var footerCount: String?
}

/// The encoding a file's bytes show, from every byte of it.
struct EncodingGuess {
    enum Kind { case ascii, utf8, utf8BOM, windows1252, utf16 }
    var kind: Kind
    /// Well-formed multi-byte UTF-8 sequences, and bytes that are not part of one.
    var utf8Sequences = 0
    var invalidBytes = 0
    var firstInvalidOffset: Int?

    var textEncoding: TextEncoding { kind == .windows1252 ? .windows1252 : .utf8 }
    /// The spelling in a `.source` file. A file of pure ASCII is declared utf8: it reads
    /// the same, and a later export holding one "é" is still read.
    var declared: String { kind == .windows1252 ? "windows1252" : kind == .utf16 ? "utf16" : "utf8" }
    /// For UTF-16: big-endian (FE FF) or little-endian (FF FE).
    var bigEndian = false
}

enum FileSniffer {
    static let delimiters: [UInt8] = [UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "|"), 0x09]

    static func delimiterName(_ d: UInt8) -> String { d == 0x09 ? "tab" : "\"\(String(UnicodeScalar(d)))\"" }

    /// Sniffs one file, reading all of it.
    static func sniff(path: String) throws -> SniffedFile {
        let data = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
        let started = DispatchTime.now()
        var file: SniffedFile
        if data.count >= 2, data[data.startIndex] == 0xFF && data[data.startIndex + 1] == 0xFE || data[data.startIndex] == 0xFE && data[data.startIndex + 1] == 0xFF {
            // UTF-16 with a byte-order mark: sniffed as the intake reads it, turned into UTF-8 first.
            let text = try UTF16Extract.utf8(data, file: path)
            var guess = EncodingGuess(kind: .utf16)
            guess.bigEndian = data[data.startIndex] == 0xFE
            file = text.withUnsafeBytes { sniff($0, path: path, encoding: guess) }
            file.bytes = data.count
        } else {
            file = data.withUnsafeBytes { sniff($0, path: path) }
        }
        file.seconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
        return file
    }

    static func sniff(_ whole: UnsafeRawBufferPointer, path: String, encoding known: EncodingGuess? = nil) -> SniffedFile {
        let encoding = known ?? detectEncoding(whole)
        let (delimiter, delimiterNote) = detectDelimiter(whole, encoding: encoding.textEncoding)
        // A report export: title lines before the header, footer lines after the data.
        let area = detectArea(whole, delimiter: delimiter)
        var bytes = whole
        if area.preamble > 0 || area.footer > 0, let found = ExtractArea.find(whole, preamble: area.preamble, footer: area.footer) {
            bytes = UnsafeRawBufferPointer(rebasing: whole[found.range])
        }
        let (hasHeader, headerNote) = detectHeader(bytes, delimiter: delimiter, encoding: encoding.textEncoding)
        let dialect = Dialect(delimiter: delimiter, hasHeader: hasHeader, encoding: encoding.textEncoding)
        var header: [String] = []
        if hasHeader {
            let reader = CSVReader(bytes: bytes, dialect: dialect)
            header = reader.header ?? []
        }
        var file = SniffedFile(path: path, bytes: whole.count, encoding: encoding, delimiter: delimiter, delimiterNote: delimiterNote,
                               hasHeader: hasHeader, headerNote: headerNote, header: header)
        file.preamble = area.preamble
        file.footer = area.footer
        file.footerLines = area.lines
        file.areaNote = area.note
        scanAll(bytes, dialect: dialect, into: &file)
        file.footerCount = footerCountPattern(area.lines, records: file.records)
        if !hasHeader { file.header = (0..<file.columns.count).map { "\($0 + 1)" } }
        return file
    }

    // MARK: report exports

    /// The fields a line splits into with `delimiter` (quotes respected within the line),
    /// 0 for a blank line, nil when its quotes do not balance (part of a multi-line record).
    static func fieldCount(_ line: UnsafeRawBufferPointer, delimiter: UInt8) -> Int? {
        var fields = 1, quoted = false, blank = true
        for b in line {
            if b == 0x22 { quoted.toggle() } else if b == delimiter, !quoted { fields += 1 }
            if b != 0x20, b != 0x09 { blank = false }
        }
        if quoted { return nil }
        return blank ? 0 : fields
    }

    /// The lines of `bytes` (CR, LF or CRLF ending each, as the intake counts them).
    static func lines(_ bytes: UnsafeRawBufferPointer, limit: Int) -> [Range<Int>] {
        var out: [Range<Int>] = []
        var start = 0, i = 0
        let n = bytes.count
        while i < n, out.count < limit {
            let b = bytes[i]
            if b == 0x0A || b == 0x0D {
                out.append(start..<i)
                if b == 0x0D, i + 1 < n, bytes[i + 1] == 0x0A { i += 1 }
                start = i + 1
            }
            i += 1
        }
        if start < n, out.count < limit { out.append(start..<n) }
        return out
    }

    /// Title lines before the header: the header is the first line after which the field
    /// counts are consistent (the most common count, at least two, on it and the next
    /// five lines). Footer lines: the last non-blank lines (at most five) whose field
    /// count differs from the data's, or that hold one value in the first field only,
    /// worded like a footer ("Total rows: 4", "End of report").
    static func detectArea(_ bytes: UnsafeRawBufferPointer, delimiter: UInt8) -> (preamble: Int, footer: Int, lines: [String], note: String) {
        let head = lines(UnsafeRawBufferPointer(rebasing: bytes[0..<min(bytes.count, 1 << 20)]), limit: 200)
        let counts = head.map { fieldCount(UnsafeRawBufferPointer(rebasing: bytes[$0]), delimiter: delimiter) }
        var tally: [Int: Int] = [:]
        for case let k? in counts where k > 0 { tally[k, default: 0] += 1 }
        guard let mode = tally.max(by: { ($0.value, $0.key) < ($1.value, $1.key) })?.key, mode >= 2 else { return (0, 0, [], "") }
        var preamble = 0
        if counts.first != mode {
            guard let i = counts.indices.first(where: { i in
                counts[i] == mode && counts[(i + 1)..<min(counts.count, i + 6)].allSatisfy { $0 == mode || $0 == nil }
            }), i <= 20 else { return (0, 0, [], "") }
            preamble = i
        }
        // The footer, from the end: past trailing blank lines, line by line backwards.
        let tailStart = max(0, bytes.count - (64 << 10))
        let tail = lines(UnsafeRawBufferPointer(rebasing: bytes[tailStart...]), limit: .max).map { ($0.lowerBound + tailStart)..<($0.upperBound + tailStart) }
        var footer: [String] = []
        var k = tail.count - 1
        let dataStart = preamble < head.count ? head[preamble].upperBound : 0
        while k >= 0, footer.count < 5 {
            let line = UnsafeRawBufferPointer(rebasing: bytes[tail[k]])
            guard tail[k].lowerBound > dataStart else { break }
            guard let fields = fieldCount(line, delimiter: delimiter) else { break }
            if fields == 0 {
                k -= 1
                continue
            }
            let text = String(decoding: line, as: UTF8.self)
            if fields != mode || footerWorded(text, delimiter: delimiter) {
                footer.insert(text, at: 0)
                k -= 1
            } else {
                break
            }
        }
        // Blank lines between the data and the footer are not footer lines (the intake skips them).
        if preamble == 0 && footer.isEmpty { return (0, 0, [], "") }
        var note = ""
        if preamble > 0 {
            let titles = head[0..<preamble].map { String(decoding: UnsafeRawBufferPointer(rebasing: bytes[$0]), as: UTF8.self) }.filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
            note += "\(preamble) line\(preamble == 1 ? "" : "s") before the header do not split into \(mode) fields like the header and the records below it"
            if let t = titles.first { note += " (\"\(Render.short(t))\"\(titles.count > 1 ? ", …" : ""))" }
        }
        if !footer.isEmpty {
            if !note.isEmpty { note += "; " }
            note += "the last \(footer.count) non-blank line\(footer.count == 1 ? "" : "s") " + footer.map { "\"\(Render.short($0))\"" }.joined(separator: ", ")
                + " \(footer.count == 1 ? "is" : "are") not records (another field count, or one value worded as a footer)"
        }
        return (preamble, footer.count, footer, note)
    }

    /// One value in the first field (the rest empty), worded like a footer.
    static func footerWorded(_ line: String, delimiter: UInt8) -> Bool {
        let d = Character(UnicodeScalar(delimiter))
        var text = line.trimmingCharacters(in: .whitespaces)
        while text.last == d { text.removeLast() }
        if text.count >= 2, text.hasPrefix("\""), text.hasSuffix("\"") { text = String(text.dropFirst().dropLast()) }
        guard !text.contains(d), text.contains(where: \.isLetter) else { return false }
        let lower = text.lowercased()
        return ["total", "rows", "records", "end of", "report", "generated", "count"].contains { lower.contains($0) }
    }

    /// `Total rows: #` from the footer line stating the number of records read, if one does.
    static func footerCountPattern(_ footer: [String], records: Int) -> String? {
        for line in footer {
            var text = line.trimmingCharacters(in: .whitespaces)
            while let last = text.last, last == "," || last == ";" || last == "\t" || last == "|" { text.removeLast() }
            if text.count >= 2, text.hasPrefix("\""), text.hasSuffix("\"") { text = String(text.dropFirst().dropLast()) }
            text = text.trimmingCharacters(in: .whitespaces)
            let chars = Array(text)
            guard let start = chars.firstIndex(where: { $0.isASCII && $0.isNumber }) else { continue }
            var end = start
            while end < chars.count, (chars[end].isASCII && chars[end].isNumber) || (chars[end] == "," && end + 1 < chars.count && chars[end + 1].isNumber) { end += 1 }
            let pattern = String(chars[0..<start]) + "#" + String(chars[end..<chars.count])
            guard !pattern.contains("\""), ExtractArea.statedCount(footer, pattern: pattern) == records else { continue }
            return pattern
        }
        return nil
    }

    // MARK: encoding

    /// BOM → UTF-8; every byte < 0x80 → ASCII; otherwise UTF-8 if every sequence is
    /// well-formed, else Windows-1252 (where every byte is a character).
    static func detectEncoding(_ buffer: UnsafeRawBufferPointer) -> EncodingGuess {
        let n = buffer.count
        guard let base = buffer.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return EncodingGuess(kind: .ascii) }
        if n >= 3, base[0] == 0xEF, base[1] == 0xBB, base[2] == 0xBF { return EncodingGuess(kind: .utf8BOM) }
        var guess = EncodingGuess(kind: .ascii)
        let raw = UnsafeRawPointer(base)
        var i = 0
        while i < n {
            if i + 8 <= n, raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 { i += 8; continue }
            let lead = base[i]
            if lead < 0x80 { i += 1; continue }
            let length = utf8Length(base + i, count: n - i)
            if length > 0 {
                guess.utf8Sequences += 1
                i += length
            } else {
                guess.invalidBytes += 1
                if guess.firstInvalidOffset == nil { guess.firstInvalidOffset = i }
                i += 1
            }
        }
        if guess.invalidBytes > 0 { guess.kind = .windows1252 } else if guess.utf8Sequences > 0 { guess.kind = .utf8 }
        return guess
    }

    /// The length of the well-formed UTF-8 sequence at `p`, or 0.
    private static func utf8Length(_ p: UnsafePointer<UInt8>, count: Int) -> Int {
        let lead = p[0]
        func cont(_ k: Int) -> Bool { k < count && p[k] & 0xC0 == 0x80 }
        if lead < 0xC2 { return 0 }
        if lead < 0xE0 { return cont(1) ? 2 : 0 }
        if lead < 0xF0 {
            guard count >= 3 else { return 0 }
            let low: UInt8 = lead == 0xE0 ? 0xA0 : 0x80, high: UInt8 = lead == 0xED ? 0x9F : 0xBF
            return p[1] >= low && p[1] <= high && cont(2) ? 3 : 0
        }
        if lead < 0xF5 {
            guard count >= 4 else { return 0 }
            let low: UInt8 = lead == 0xF0 ? 0x90 : 0x80, high: UInt8 = lead == 0xF4 ? 0x8F : 0xBF
            return p[1] >= low && p[1] <= high && cont(2) && cont(3) ? 4 : 0
        }
        return 0
    }

    // MARK: dialect

    /// The first records of the file (at most `limit`, from at most 4 MB), read with a
    /// dialect; a record cut by the end of the sample is dropped.
    static func sample(_ bytes: UnsafeRawBufferPointer, dialect: Dialect, limit: Int = 2000) -> [[String]] {
        let cut = min(bytes.count, 4 << 20)
        let prefix = UnsafeRawBufferPointer(rebasing: bytes[0..<cut])
        var reader = CSVReader(bytes: prefix, dialect: Dialect(delimiter: dialect.delimiter, hasHeader: false, encoding: dialect.encoding))
        var record = ByteRecord()
        var rows: [[String]] = []
        loop: while rows.count < limit {
            switch reader.read(into: &record) {
            case .endOfInput: break loop
            case .record, .malformed: rows.append(record.strings)
            }
            reader.expectedFieldCount = nil
        }
        if cut < bytes.count, rows.count > 1 { rows.removeLast() }
        return rows
    }

    /// The delimiter that splits the most records into the same number (at least two)
    /// of fields: consistency first, then more fields, then `,` `;` `|` tab in that order.
    static func detectDelimiter(_ bytes: UnsafeRawBufferPointer, encoding: TextEncoding) -> (UInt8, String) {
        var scored: [(delimiter: UInt8, fields: Int, share: Double, records: Int)] = []
        for d in delimiters {
            let rows = sample(bytes, dialect: Dialect(delimiter: d, encoding: encoding))
            var tally: [Int: Int] = [:]
            for r in rows { tally[r.count, default: 0] += 1 }
            let mode = tally.max { ($0.value, $0.key) < ($1.value, $1.key) } ?? (key: 0, value: 0)
            scored.append((d, mode.key, rows.isEmpty ? 0 : Double(mode.value) / Double(rows.count), rows.count))
        }
        let ranked = scored.enumerated().sorted { a, b in
            let x = a.element, y = b.element
            let xs = x.fields >= 2, ys = y.fields >= 2
            if xs != ys { return xs }
            if x.share != y.share { return x.share > y.share }
            if x.fields != y.fields { return x.fields > y.fields }
            return a.offset < b.offset
        }.map(\.element)
        let best = ranked[0]
        guard best.fields >= 2 else {
            return (UInt8(ascii: ","), "no delimiter splits the records: one column (TODO: check the file)")
        }
        var note = "\(delimiterName(best.delimiter)): \(percent(best.share)) of the first \(count(best.records)) records have \(best.fields) fields"
        if let second = ranked.dropFirst().first(where: { $0.fields >= 2 }) {
            note += "; next best \(delimiterName(second.delimiter)): \(percent(second.share)) with \(second.fields)"
        } else {
            note += "; no other delimiter splits them"
        }
        return (best.delimiter, note)
    }

    /// Header or not, DuckDB's way: type each column from the records after the first;
    /// a first record whose value in a typed column does not read as that type is a
    /// header, one that reads as it is data. When every column is text, the first
    /// record is a header when none of its values occurs again in its column.
    static func detectHeader(_ bytes: UnsafeRawBufferPointer, delimiter: UInt8, encoding: TextEncoding) -> (Bool, String) {
        let rows = sample(bytes, dialect: Dialect(delimiter: delimiter, encoding: encoding))
        guard let first = rows.first else { return (true, "the file is empty") }
        guard rows.count > 1 else { return (true, "a single record: taken as a header (TODO: check)") }
        let rest = rows.dropFirst()
        var headerVotes: [String] = [], dataVotes: [String] = []
        for (c, name) in first.enumerated() {
            var profile = ColumnProfile()
            for r in rest where c < r.count { var v = Array(r[c].utf8); v.withUnsafeMutableBufferPointer { profile.add(UnsafeBufferPointer($0)) } }
            guard profile.nonBlank > 0 else { continue }
            var firstProfile = ColumnProfile()
            var v = Array(name.utf8)
            v.withUnsafeMutableBufferPointer { firstProfile.add(UnsafeBufferPointer($0)) }
            guard firstProfile.nonBlank == 1 else { continue }
            let type = ColumnType.decide(profile, name: "", rows: rest.count)
            let label = "\"\(Render.short(name))\""
            switch type.kind {
            case .date(let f):
                if firstProfile.dateCounts[f] == 1 { dataVotes.append("\(label) reads as a date") } else { headerVotes.append("\(label) is not a date like the values below it") }
            case .int, .decimal where type.number != .plain:
                // A number written 5,5 or 1,234.50 or 45%: the first value read in any such layout is data.
                if firstProfile.ints + firstProfile.decimals + firstProfile.layoutHits.max()! >= 1 { dataVotes.append("\(label) reads as a number") } else { headerVotes.append("\(label) is not a number like the values below it") }
            case .int:
                if firstProfile.ints == 1 { dataVotes.append("\(label) reads as a number") } else { headerVotes.append("\(label) is not a number like the values below it") }
            case .money:
                if firstProfile.ints + firstProfile.decimals + firstProfile.moneyHits.max()! >= 1 { dataVotes.append("\(label) reads as money") } else { headerVotes.append("\(label) is not money like the values below it") }
            case .decimal:
                if firstProfile.ints + firstProfile.decimals == 1 { dataVotes.append("\(label) reads as a number") } else { headerVotes.append("\(label) is not a number like the values below it") }
            default: break
            }
        }
        if !headerVotes.isEmpty, headerVotes.count >= dataVotes.count {
            return (true, "yes: " + headerVotes.prefix(2).joined(separator: "; "))
        }
        if !dataVotes.isEmpty {
            return (false, "no: the first record is data (" + dataVotes.prefix(2).joined(separator: "; ") + ")")
        }
        // Every column is text: a header's names do not recur below it.
        var recurring = 0
        for (c, name) in first.enumerated() where rest.contains(where: { c < $0.count && $0[c] == name }) { recurring += 1 }
        if recurring == 0, !first.contains(where: { $0.trimmingCharacters(in: .whitespaces).isEmpty }) {
            return (true, "yes: every column is text and no value of the first record occurs again in its column (TODO: check)")
        }
        return (false, "no: every column is text and \(recurring) value(s) of the first record occur again below it (TODO: check)")
    }

    // MARK: the whole file

    /// Every record, chunk by chunk on every core, each chunk profiling its own columns.
    static func scanAll(_ bytes: UnsafeRawBufferPointer, dialect: Dialect, into file: inout SniffedFile) {
        // A file without a quote byte has a record boundary after every line break, so its
        // chunks are found in a few jumps; otherwise the reader's own splitter walks the quotes.
        let quoteFree = bytes.isEmpty || memchr(bytes.baseAddress!, Int32(dialect.quote), bytes.count) == nil
        let chunks = quoteFree ? lineChunks(bytes, hasHeader: dialect.hasHeader, targetSize: 8 << 20)
            : ChunkSplitter.split(bytes, dialect: dialect, targetSize: 8 << 20)
        let expected = file.hasHeader ? file.header.count : nil
        struct Part { var columns: [ColumnProfile] = []; var records = 0; var malformed = 0; var firstMalformed: String?; var quotes = 0 }
        var parts = [Part](repeating: Part(), count: chunks.count)
        let shared = Unchecked((bytes, chunks, dialect))
        parts.withUnsafeMutableBufferPointer { out in
            let slots = Unchecked(out)
            DispatchQueue.concurrentPerform(iterations: chunks.count) { i in
                let (bytes, chunks, dialect) = shared.value
                var reader = CSVReader(bytes: bytes, dialect: dialect, chunk: chunks[i])
                reader.expectedFieldCount = expected
                var record = ByteRecord()
                var part = Part()
                loop: while true {
                    switch reader.read(into: &record) {
                    case .endOfInput: break loop
                    case .malformed(let reason):
                        part.malformed += 1
                        if part.firstMalformed == nil {
                            part.firstMalformed = quoteFree ? "at byte \(reader.position.byte): \(reason)" : "\(reader.position): \(reason)"
                        }
                        continue
                    case .record: break
                    }
                    part.records += 1
                    let n = record.count
                    while part.columns.count < n { part.columns.append(ColumnProfile()) }
                    record.withUnsafeFields { fieldBytes, ends in
                        part.columns.withUnsafeMutableBufferPointer { columns in
                            var start = 0
                            for c in 0..<n {
                                columns[c].add(UnsafeBufferPointer(rebasing: fieldBytes[start..<ends[c]]))
                                start = ends[c]
                            }
                        }
                    }
                }
                // Quote bytes in the chunk: whether the file uses quoting at all (memchr: most files have few).
                let range = chunks[i].range
                var q = 0
                if let base = bytes.baseAddress, !range.isEmpty {
                    var p = base + range.lowerBound
                    let end = base + range.upperBound
                    while p < end, let hit = memchr(p, Int32(dialect.quote), end - p) {
                        q += 1
                        p = UnsafeRawPointer(hit) + 1
                    }
                }
                part.quotes = q
                slots.value[i] = part
            }
        }
        var columns: [ColumnProfile] = Array(repeating: ColumnProfile(), count: expected ?? 0)
        for part in parts {
            while columns.count < part.columns.count { columns.append(ColumnProfile()) }
            for (c, p) in part.columns.enumerated() { columns[c].merge(p) }
            file.records += part.records
            file.malformed += part.malformed
            file.quoteBytes += part.quotes
            if file.firstMalformed == nil { file.firstMalformed = part.firstMalformed }
        }
        file.columns = columns
    }

    /// Chunks of at least `targetSize` bytes ending just after a line feed, after the BOM
    /// and the header line: for files with no quote byte, where every line break ends a
    /// record. Line and record numbers are not counted (messages give the byte instead).
    static func lineChunks(_ bytes: UnsafeRawBufferPointer, hasHeader: Bool, targetSize: Int) -> [ChunkSplitter.Chunk] {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return [] }
        let n = bytes.count
        var start = n >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0
        func afterLineFeed(from i: Int) -> Int? {
            guard i < n, let hit = memchr(base + i, 0x0A, n - i) else { return nil }
            return UnsafeRawPointer(hit) - base + 1
        }
        if hasHeader {
            // The header ends at its first CR or LF (CRLF taken whole).
            var i = start
            while i < n, bytes[i] != 0x0A, bytes[i] != 0x0D { i += 1 }
            if i < n, bytes[i] == 0x0D { i += 1 }
            if i < n, bytes[i] == 0x0A { i += 1 }
            start = i
        }
        var chunks: [ChunkSplitter.Chunk] = []
        while start < n {
            let end = afterLineFeed(from: start + targetSize) ?? n
            chunks.append(ChunkSplitter.Chunk(range: start..<end, line: 1, record: 1))
            start = end
        }
        return chunks
    }

    static func percent(_ share: Double) -> String {
        if share >= 1 { return "100%" }
        let p = share * 100
        return p >= 99.95 ? "99.9%" : String(format: "%.1f%%", p)
    }

    /// 1,204: thousands separated, as the comments are read by people.
    static func count(_ n: Int) -> String {
        let digits = String(abs(n))
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return n < 0 ? "-" + out : out
    }
}
