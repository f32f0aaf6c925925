import CSV
import Testing

/// Table-driven parsing cases in the spirit of rust-csv's `parses_to!`: input text on
/// the left, the records it must give on the right. No header, so every record shows.
@Suite struct ParsingTests {
    static let wellFormed: [(String, [[String]])] = [
        // Empty input and blank lines.
        ("", []),
        ("\n", []),
        ("\r", []),
        ("\r\n", []),
        ("\n\n\r\n\r\r", []),
        // Terminators outside quotes: LF, CRLF, lone CR, none.
        ("a", [["a"]]),
        ("a\n", [["a"]]),
        ("a\r\n", [["a"]]),
        ("a\r", [["a"]]),
        ("a,b", [["a", "b"]]),
        ("a,b\nc,d", [["a", "b"], ["c", "d"]]),
        ("a,b\nc,d\n", [["a", "b"], ["c", "d"]]),
        ("a,b\r\nc,d\r\n", [["a", "b"], ["c", "d"]]),
        ("a,b\rc,d\r", [["a", "b"], ["c", "d"]]),
        ("a,b\r\nc,d\rе,f\ng,h", [["a", "b"], ["c", "d"], ["е", "f"], ["g", "h"]]),
        // Blank lines in the middle and at the ends are skipped.
        ("\n\na,b\n\n\nc,d\n\n", [["a", "b"], ["c", "d"]]),
        ("a\r\n\r\nb\r\n", [["a"], ["b"]]),
        ("a\r\rb", [["a"], ["b"]]),
        // Empty fields.
        (",", [["", ""]]),
        (",\n", [["", ""]]),
        ("a,", [["a", ""]]),
        (",a", [["", "a"]]),
        (",,", [["", "", ""]]),
        ("a,,b\n,,\n", [["a", "", "b"], ["", "", ""]]),
        // Quoting.
        ("\"\"", [[""]]),
        ("\"\"\n", [[""]]),
        ("\"\",\"\"", [["", ""]]),
        ("\"a\"", [["a"]]),
        ("\"a\"\n", [["a"]]),
        ("\"a\"\r\n\"b\"\r", [["a"], ["b"]]),
        ("\"a\",\"b\"", [["a", "b"]]),
        ("\"a,b\"", [["a,b"]]),
        ("\"a\"\"b\"", [["a\"b"]]),
        ("\"\"\"\"", [["\""]]),
        ("\"\"\"\"\"\"", [["\"\""]]),
        ("\"\"\"a\"\"\"", [["\"a\""]]),
        ("\"a\",b,\"c\"", [["a", "b", "c"]]),
        ("a,\"\",b", [["a", "", "b"]]),
        ("a,\"\"", [["a", ""]]),
        // Line breaks inside quotes are data.
        ("\"a\nb\"", [["a\nb"]]),
        ("\"a\r\nb\"", [["a\r\nb"]]),
        ("\"a\rb\"", [["a\rb"]]),
        ("\"\n\"", [["\n"]]),
        ("\"\r\n\"\r\n", [["\r\n"]]),
        ("a,\"b\nc\",d\r\ne,f,g", [["a", "b\nc", "d"], ["e", "f", "g"]]),
        ("\"a\n\nb\",c\n\n", [["a\n\nb", "c"]]),
        ("\"x,\ny\",\"\"\"\n\"\"\"", [["x,\ny", "\"\n\""]]),
        // Spaces are data; nothing is trimmed.
        (" a , b ", [[" a ", " b "]]),
        ("  \n", [["  "]]),
        // Bytes that are special elsewhere are ordinary here.
        ("a\tb;c|d", [["a\tb;c|d"]]),
        ("\u{0}a\u{0},\u{0}", [["\u{0}a\u{0}", "\u{0}"]]),
        ("é,日本,🙂", [["é", "日本", "🙂"]]),
    ]

    @Test(arguments: wellFormed)
    func parsesTo(input: String, expected: [[String]]) {
        #expect(records(input) == expected, "input: \(input.debugDescription)")
    }

    static let malformed: [(String, [Row])] = [
        ("ab\"c", [.malformed(.quoteInUnquotedField, ["ab\"c"])]),
        ("a\"", [.malformed(.quoteInUnquotedField, ["a\""])]),
        ("x,ab\"c,d\ne,f,g", [.malformed(.quoteInUnquotedField, ["x", "ab\"c", "d"]), .record(["e", "f", "g"])]),
        ("\"abc\"x", [.malformed(.textAfterClosingQuote, ["abcx"])]),
        ("\"abc\" ,d\ne,f", [.malformed(.textAfterClosingQuote, ["abc ", "d"]), .record(["e", "f"])]),
        ("\"a\"b\"c\"", [.malformed(.textAfterClosingQuote, ["ab\"c\""])]),
        ("\"abc", [.malformed(.unterminatedQuote, ["abc"])]),
        ("\"", [.malformed(.unterminatedQuote, [""])]),
        ("a,\"b\nc,d\ne,f\n", [.malformed(.unterminatedQuote, ["a", "b\nc,d\ne,f\n"])]),
        ("\"a\"\"", [.malformed(.unterminatedQuote, ["a\""])]),
        // The first problem in a record is the one reported.
        ("a\"b,\"c\"d", [.malformed(.quoteInUnquotedField, ["a\"b", "cd"])]),
    ]

    @Test(arguments: malformed)
    func malformedParsesTo(input: String, expected: [Row]) {
        #expect(rows(input) == expected, "input: \(input.debugDescription)")
    }

    static let dialects: [(Dialect, String, [[String]])] = [
        (Dialect(delimiter: UInt8(ascii: ";"), hasHeader: false), "a;b,c;\"d;e\"\n1;2,5;3", [["a", "b,c", "d;e"], ["1", "2,5", "3"]]),
        (Dialect(delimiter: UInt8(ascii: "|"), hasHeader: false), "a|b|\"c|d\"\n|x|", [["a", "b", "c|d"], ["", "x", ""]]),
        (Dialect(delimiter: UInt8(ascii: "\t"), hasHeader: false), "a\tb c\t\"d\te\"", [["a", "b c", "d\te"]]),
        (Dialect(quote: UInt8(ascii: "'"), hasHeader: false), "'a,b','it''s',\"x\"", [["a,b", "it's", "\"x\""]]),
        // Degenerate dialect: the same byte as delimiter and quote acts as a delimiter.
        (Dialect(delimiter: UInt8(ascii: "\""), hasHeader: false), "a\"b\"\"c", [["a", "b", "", "c"]]),
    ]

    @Test(arguments: dialects)
    func customDialect(dialect: Dialect, input: String, expected: [[String]]) {
        #expect(records(input, dialect: dialect) == expected, "input: \(input.debugDescription)")
    }

    @Test func headerIsReadEagerlyAndNotReturnedAsData() {
        var reader = CSVReader(bytes: Array("id,\"full name\"\n1,Ann\n".utf8), dialect: Dialect())
        #expect(reader.header == ["id", "full name"])
        #expect(reader.expectedFieldCount == 2)
        let rows = readAll(&reader)
        #expect(rows == [PositionedRow(row: .record(["1", "Ann"]), position: RecordPosition(record: 1, line: 2, byte: 15))])
    }

    @Test func headerOnlyFile() {
        var reader = CSVReader(bytes: Array("a,b\r\n".utf8), dialect: Dialect())
        #expect(reader.header == ["a", "b"])
        #expect(readAll(&reader).isEmpty)
    }

    @Test func blankLinesBeforeHeaderAreSkippedButCounted() {
        var reader = CSVReader(bytes: Array("\n\nh\n\nv\n".utf8), dialect: Dialect())
        #expect(reader.header == ["h"])
        #expect(readAll(&reader) == [PositionedRow(row: .record(["v"]), position: RecordPosition(record: 1, line: 5, byte: 5))])
    }

    @Test func noHeaderLearnsFieldCountFromFirstRecord() {
        var reader = CSVReader(bytes: Array("a,b\nc\nd,e\n".utf8), dialect: Dialect(hasHeader: false))
        #expect(reader.header == nil)
        #expect(reader.expectedFieldCount == nil)
        #expect(readAll(&reader).map(\.row) == [
            .record(["a", "b"]),
            .malformed(.wrongFieldCount(expected: 2, found: 1), ["c"]),
            .record(["d", "e"]),
        ])
        #expect(reader.expectedFieldCount == 2)
    }

    @Test func callerSetFieldCountWins() {
        var reader = CSVReader(bytes: Array("h1,h2\na,b,c\n".utf8), dialect: Dialect())
        reader.expectedFieldCount = 3
        #expect(readAll(&reader).map(\.row) == [.record(["a", "b", "c"])])
    }

    @Test func recordBuffersAreReusedAcrossReads() {
        var reader = CSVReader(bytes: Array("aaaaaaaaaa,bbbbbbbbbb\nc,d\n".utf8), dialect: Dialect(hasHeader: false))
        var record = ByteRecord()
        #expect(reader.read(into: &record) == .record)
        #expect(record.fields == [Array("aaaaaaaaaa".utf8), Array("bbbbbbbbbb".utf8)])
        #expect(reader.read(into: &record) == .record)
        #expect(record.count == 2)
        #expect(record.byteCount == 2)
        #expect(record.string(0) == "c")
        #expect(Array(record.field(1)) == [UInt8(ascii: "d")])
        #expect(record.withField(1) { Array($0) } == [UInt8(ascii: "d")])
        #expect(reader.read(into: &record) == .endOfInput)
        #expect(reader.read(into: &record) == .endOfInput)
    }

    @Test func copiedRecordIsIndependentOfTheReader() {
        var reader = CSVReader(bytes: Array("a,b\nc,d\n".utf8), dialect: Dialect(hasHeader: false))
        var record = ByteRecord()
        _ = reader.read(into: &record)
        let kept = record
        _ = reader.read(into: &record)
        #expect(kept.strings == ["a", "b"])
        #expect(record.strings == ["c", "d"])
        #expect(kept == ByteRecord(fields: [Array("a".utf8), Array("b".utf8)]))
    }

    @Test func readerOverUnsafeBufferAndStartingOffset() {
        let bytes = Array("h\nr1\n\"r\n2\"\nr3\n".utf8)
        bytes.withUnsafeBytes { buffer in
            var whole = CSVReader(bytes: buffer, dialect: Dialect())
            let all = readAll(&whole)
            #expect(all.map(\.row) == [.record(["r1"]), .record(["r\n2"]), .record(["r3"])])
            // Start at the second data record, telling the reader where that is.
            let second = all[1].position
            var part = CSVReader(bytes: buffer, dialect: Dialect(), startingAt: second.byte,
                                 line: second.line, record: second.record, readHeader: false)
            #expect(readAll(&part) == Array(all[1...]))
        }
    }
}
