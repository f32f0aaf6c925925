import CSV
import Testing

/// The optimised reader against a deliberately naive one: one byte per step, arrays of
/// arrays, written straight from the state table in RecordParser.swift. Random inputs
/// over the bytes that matter must give identical fields, reasons and positions.
@Suite struct ReferenceModelTests {
    struct Expected: Equatable, CustomStringConvertible {
        var fields: [[UInt8]]
        var problem: MalformedReason?
        var position: RecordPosition
        var description: String { "\(fields.map { String(decoding: $0, as: UTF8.self) }) \(String(describing: problem)) @ \(position)" }
    }

    /// The reference parser (no header, UTF-8), with the dialect's size bounds.
    static func reference(_ bytes: [UInt8], delimiter: UInt8, quote: UInt8,
                          maxRecord: Int = .max, maxField: Int = .max) -> [Expected] {
        let lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")
        enum State { case start, unquoted, quoted, afterQuote }
        var out: [Expected] = []
        var i = 0, line = 1, record = 1
        var expectedCount: Int?
        let n = bytes.count
        while true {
            while i < n && (bytes[i] == lf || bytes[i] == cr) {
                i += (bytes[i] == cr && i + 1 < n && bytes[i + 1] == lf) ? 2 : 1
                line += 1
            }
            if i >= n { break }
            let position = RecordPosition(record: record, line: line, byte: i)
            record += 1
            var fields: [[UInt8]] = [[]]
            var problem: MalformedReason?
            var state = State.start
            func isQuote(_ c: UInt8) -> Bool { c == quote && c != delimiter && c != cr && c != lf }
            func isDelimiter(_ c: UInt8) -> Bool { c == delimiter && c != cr && c != lf }
            scan: while true {
                guard i < n else {
                    if state == .quoted { problem = problem ?? .unterminatedQuote }
                    break scan
                }
                let c = bytes[i]
                switch state {
                case .start:
                    if isQuote(c) { state = .quoted; i += 1 } else { state = .unquoted }
                case .unquoted:
                    if isDelimiter(c) { fields.append([]); state = .start; i += 1 }
                    else if c == cr || c == lf { break scan }
                    else {
                        if isQuote(c) { problem = problem ?? .quoteInUnquotedField }
                        fields[fields.count - 1].append(c)
                        i += 1
                    }
                case .quoted:
                    if c == quote { state = .afterQuote } else {
                        // Each LF, and each CR not followed by an LF, ends a line.
                        if c == lf || (c == cr && !(i + 1 < n && bytes[i + 1] == lf)) { line += 1 }
                        fields[fields.count - 1].append(c)
                    }
                    i += 1
                case .afterQuote:
                    if c == quote { fields[fields.count - 1].append(c); state = .quoted; i += 1 }
                    else if isDelimiter(c) { fields.append([]); state = .start; i += 1 }
                    else if c == cr || c == lf { break scan }
                    else { problem = problem ?? .textAfterClosingQuote; state = .unquoted }
                }
            }
            let contentEnd = i
            if i < n {  // terminator
                i += (bytes[i] == cr && i + 1 < n && bytes[i + 1] == lf) ? 2 : 1
                line += 1
            }
            // Size first: a record over its bound has no fields; then a field over its bound.
            if contentEnd - position.byte > maxRecord {
                out.append(Expected(fields: [], problem: .recordTooLong(length: contentEnd - position.byte, limit: maxRecord), position: position))
                continue
            }
            if let f = fields.firstIndex(where: { $0.count > maxField }) {
                out.append(Expected(fields: fields, problem: .fieldTooLong(field: f + 1, length: fields[f].count, limit: maxField), position: position))
                continue
            }
            if problem == nil {
                if let expected = expectedCount {
                    if fields.count != expected { problem = .wrongFieldCount(expected: expected, found: fields.count) }
                } else {
                    expectedCount = fields.count
                }
            }
            if problem == nil && fields.contains(where: { String(validating: $0, as: UTF8.self) == nil }) {
                problem = .invalidUTF8
            }
            out.append(Expected(fields: fields, problem: problem, position: position))
        }
        return out
    }

    static func actual(_ bytes: [UInt8], dialect: Dialect) -> [Expected] {
        var reader = CSVReader(bytes: bytes, dialect: dialect)
        var record = ByteRecord()
        var out: [Expected] = []
        while true {
            switch reader.read(into: &record) {
            case .record: out.append(Expected(fields: record.fields, problem: nil, position: reader.position))
            case .malformed(let reason): out.append(Expected(fields: record.fields, problem: reason, position: reader.position))
            case .endOfInput: return out
            }
        }
    }

    static let dialects: [(UInt8, UInt8)] = [
        (UInt8(ascii: ","), UInt8(ascii: "\"")),
        (UInt8(ascii: ";"), UInt8(ascii: "\"")),
        (UInt8(ascii: "|"), UInt8(ascii: "'")),
        (UInt8(ascii: "\t"), UInt8(ascii: "\"")),
        (UInt8(ascii: ","), UInt8(ascii: ",")),   // degenerate: quote is the delimiter
        (UInt8(ascii: ","), UInt8(ascii: "\n")),  // degenerate: quote is a line break
    ]

    @Test(arguments: dialects)
    func randomInputsMatchTheReference(delimiter: UInt8, quote: UInt8) {
        var rng = SeededGenerator(seed: UInt64(delimiter) << 8 | UInt64(quote))
        let alphabet: [UInt8] = [UInt8(ascii: "a"), UInt8(ascii: " "), delimiter, delimiter, quote, quote, quote,
                                 UInt8(ascii: "\r"), UInt8(ascii: "\n"), UInt8(ascii: "\n"), 0xC3, 0xA9, 0xFF, 0x00]
        let dialect = Dialect(delimiter: delimiter, quote: quote, hasHeader: false)
        for _ in 0..<400 {
            let bytes = (0..<Int.random(in: 0...120, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! }
            let expected = Self.reference(bytes, delimiter: delimiter, quote: quote)
            let got = Self.actual(bytes, dialect: dialect)
            #expect(got == expected, "input \(bytes)")
            if got != expected { return }
        }
    }

    /// The same, with small record and field bounds, so that records over them (and
    /// the reading after them) are compared too.
    @Test(arguments: dialects)
    func randomInputsWithSizeBoundsMatchTheReference(delimiter: UInt8, quote: UInt8) {
        var rng = SeededGenerator(seed: (UInt64(delimiter) << 8 | UInt64(quote)) ^ 0x5151)
        let alphabet: [UInt8] = [UInt8(ascii: "a"), UInt8(ascii: "b"), delimiter, quote, quote,
                                 UInt8(ascii: "\r"), UInt8(ascii: "\n"), UInt8(ascii: "\n"), 0xC3, 0xA9]
        for _ in 0..<400 {
            let maxRecord = Int.random(in: 0...12, using: &rng)
            let maxField = Bool.random(using: &rng) ? Int.max : Int.random(in: 0...6, using: &rng)
            let dialect = Dialect(delimiter: delimiter, quote: quote, hasHeader: false, maxRecordBytes: maxRecord, maxFieldBytes: maxField)
            let bytes = (0..<Int.random(in: 0...120, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! }
            let expected = Self.reference(bytes, delimiter: delimiter, quote: quote, maxRecord: maxRecord, maxField: maxField)
            let got = Self.actual(bytes, dialect: dialect)
            #expect(got == expected, "input \(bytes), max record \(maxRecord), max field \(maxField)")
            if got != expected { return }
        }
    }
}
