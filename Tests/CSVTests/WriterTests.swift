import CSV
import Testing

@Suite struct WriterTests {
    static let quoting: [(String, Bool)] = [
        ("plain", false), ("", false), ("with space", false), ("é", false),
        ("a,b", true), ("say \"hi\"", true), ("line\nbreak", true), ("cr\r", true), ("\"", true),
    ]

    @Test(arguments: quoting)
    func needsQuoting(field: String, expected: Bool) {
        #expect(CSVWriter.needsQuoting(field) == expected)
    }

    @Test func needsQuotingFollowsTheDialect() {
        #expect(CSVWriter.needsQuoting("a;b", dialect: Dialect(delimiter: UInt8(ascii: ";"))))
        #expect(!CSVWriter.needsQuoting("a,b", dialect: Dialect(delimiter: UInt8(ascii: ";"))))
    }

    @Test func writesMinimalQuotingAndLF() {
        var writer = CSVWriter()
        writer.write(fields: ["a", "b,c", "d\"e", "f\ng", ""])
        writer.write(field: "x")
        writer.write(field: "y")
        writer.endRecord()
        #expect(String(decoding: writer.buffer, as: UTF8.self) == "a,\"b,c\",\"d\"\"e\",\"f\ng\",\nx,y\n")
    }

    @Test func singleEmptyFieldSurvivesTheRoundTrip() {
        var writer = CSVWriter()
        writer.write(fields: [""])
        writer.write(fields: [])  // not representable: writes nothing
        writer.write(fields: [""])
        #expect(String(decoding: writer.bytes, as: UTF8.self) == "\"\"\n\"\"\n")
        #expect(records(String(decoding: writer.bytes, as: UTF8.self)) == [[""], [""]])
        var two = CSVWriter()
        two.write(fields: ["", ""])
        #expect(two.bytes == Array(",\n".utf8))
    }

    @Test(arguments: [UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "|"), UInt8(ascii: "\t")])
    func roundTrip(delimiter: UInt8) {
        var rng = SeededGenerator(seed: UInt64(delimiter))
        let alphabet: [String] = ["a", "b", " ", ",", ";", "|", "\t", "\"", "\n", "\r", "\r\n", "é", "’", "🙂"]
        let dialect = Dialect(delimiter: delimiter, hasHeader: false)
        var table: [[String]] = []
        for _ in 0..<200 {
            table.append((0..<4).map { _ in
                (0..<Int.random(in: 0...6, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! }.joined()
            })
        }
        var writer = CSVWriter(dialect: dialect)
        for row in table { writer.write(fields: row) }
        #expect(records(String(decoding: writer.buffer, as: UTF8.self), dialect: dialect) == table)
    }

    @Test func writesByteFields() {
        var writer = CSVWriter()
        writer.write(byteFields: [[0x61], [0x2C]])
        writer.write(bytes: [UInt8(ascii: "\"")])
        writer.endRecord()
        #expect(writer.buffer == Array("a,\",\"\n\"\"\"\"\n".utf8))
    }
}
