import CSV
import Testing

/// Each malformed reason with its record, line and byte pinned, and resynchronisation.
@Suite struct MalformedTests {
    /// Builds a file from lines so byte offsets can be computed rather than counted by hand.
    static func offsets(of parts: [String]) -> [Int] {
        var offsets: [Int] = []
        var total = 0
        for part in parts {
            offsets.append(total)
            total += part.utf8.count
        }
        return offsets
    }

    @Test func eachReasonWithItsPosition() {
        let parts = [
            "name,age\n",            // header, line 1
            "ann,3\n",               // record 1, line 2
            "\"bo\nb\",4\n",         // record 2, lines 3–4
            "\n",                    // blank, line 5
            "c\"y,5\r\n",            // record 3, line 6: quote in unquoted field
            "\"dee\"x,6\r",          // record 4, line 7: text after closing quote (lone CR ends it)
            "ed,7,extra\n",          // record 5, line 8: wrong field count
            "f\u{e9},8\n",           // record 6, line 9: valid UTF-8
            "g,\"9\n\n",             // record 7, line 10: unterminated quote to EOF
        ]
        let at = Self.offsets(of: parts)
        let rows = readAll(Array(parts.joined().utf8), dialect: Dialect())
        #expect(rows == [
            PositionedRow(row: .record(["ann", "3"]), position: RecordPosition(record: 1, line: 2, byte: at[1])),
            PositionedRow(row: .record(["bo\nb", "4"]), position: RecordPosition(record: 2, line: 3, byte: at[2])),
            PositionedRow(row: .malformed(.quoteInUnquotedField, ["c\"y", "5"]), position: RecordPosition(record: 3, line: 6, byte: at[4])),
            PositionedRow(row: .malformed(.textAfterClosingQuote, ["deex", "6"]), position: RecordPosition(record: 4, line: 7, byte: at[5])),
            PositionedRow(row: .malformed(.wrongFieldCount(expected: 2, found: 3), ["ed", "7", "extra"]), position: RecordPosition(record: 5, line: 8, byte: at[6])),
            PositionedRow(row: .record(["f\u{e9}", "8"]), position: RecordPosition(record: 6, line: 9, byte: at[7])),
            PositionedRow(row: .malformed(.unterminatedQuote, ["g", "9\n\n"]), position: RecordPosition(record: 7, line: 10, byte: at[8])),
        ])
    }

    @Test func invalidUTF8Position() {
        var bytes = Array("h\nok\n".utf8)
        let start = bytes.count
        bytes += [UInt8(ascii: "x"), 0xFF, UInt8(ascii: "\n")]
        bytes += Array("fine\n".utf8)
        #expect(readAll(bytes, dialect: Dialect()) == [
            PositionedRow(row: .record(["ok"]), position: RecordPosition(record: 1, line: 2, byte: 2)),
            PositionedRow(row: .malformed(.invalidUTF8, ["x\u{FFFD}"]), position: RecordPosition(record: 2, line: 3, byte: start)),
            PositionedRow(row: .record(["fine"]), position: RecordPosition(record: 3, line: 4, byte: start + 3)),
        ])
    }

    @Test func readerResynchronisesAfterEachKindOfProblem() {
        let text = "a,b\nc\"d,e\nf,g\n\"h\"x,i\nj,k\n1,2,3\nl,m\n\"n\nn\"x,\"o\r\np\"\nq,r\n\"unterminated,s\nt,u\n"
        #expect(rows(text) == [
            .record(["a", "b"]),
            .malformed(.quoteInUnquotedField, ["c\"d", "e"]),
            .record(["f", "g"]),
            .malformed(.textAfterClosingQuote, ["hx", "i"]),
            .record(["j", "k"]),
            .malformed(.wrongFieldCount(expected: 2, found: 3), ["1", "2", "3"]),
            .record(["l", "m"]),
            .malformed(.textAfterClosingQuote, ["n\nnx", "o\r\np"]),
            .record(["q", "r"]),
            .malformed(.unterminatedQuote, ["unterminated,s\nt,u\n"]),
        ])
    }

    @Test func lineNumbersCountEveryKindOfLineBreak() {
        // LF, CRLF, lone CR, and the same inside quotes: each ends one line, as an editor shows it.
        let text = "a\nb\r\nc\rd\n\"e\n\r\nf\rg\"\nh\n"
        let lines = readAll(Array(text.utf8), dialect: Dialect(hasHeader: false)).map(\.position.line)
        #expect(lines == [1, 2, 3, 4, 5, 9])
    }

    @Test func firstMalformedRecordDoesNotTeachFieldCount() {
        #expect(rows("a\"b\nc,d\ne\n") == [
            .malformed(.quoteInUnquotedField, ["a\"b"]),
            .record(["c", "d"]),
            .malformed(.wrongFieldCount(expected: 2, found: 1), ["e"]),
        ])
    }

    @Test func malformedHeaderIsReportedButStillUsed() {
        var reader = CSVReader(bytes: Array("a,b\"c\n1,2\n".utf8), dialect: Dialect())
        #expect(reader.header == ["a", "b\"c"])
        #expect(reader.headerProblem == .quoteInUnquotedField)
        #expect(readAll(&reader).map(\.row) == [.record(["1", "2"])])
    }

    @Test func errorMessagesNameRecordLineAndByte() {
        let error = CSVError(reason: .wrongFieldCount(expected: 3, found: 1), position: RecordPosition(record: 7, line: 9, byte: 120))
        #expect(error.description == "record 7 (line 9, byte 120): expected 3 fields but found 1")
        #expect(MalformedReason.unterminatedQuote.description.contains("quoted field"))
    }
}
