import Foundation
import CSV
import Testing
@testable import Scorecard

/// Small odd files written here, each sniffed through the command: the drafts pass
/// `check` on them as written, and each oddity is recognised and said so.
@Suite(.serialized) struct SniffOddFilesTests {
    static func day(_ i: Int) -> (d: Int, m: Int, y: Int) {
        let (y, m, d) = Day.civil(Day.number(year: 2015, month: 4, day: 1) + Int32(i * 7))
        return (d, m, y)
    }
    static func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }

    /// Semicolons and Windows-1252 (é is 0xE9, a curly apostrophe 0x92), CRLF, dates `dd.mm.yyyy`, decimals with a comma-free point.
    static func semicolon1252() -> [UInt8] {
        var bytes = Array("Ref;Opened;Team;Amount\r\n".utf8)
        let teams: [[UInt8]] = [Array("Caf".utf8) + [0xE9], Array("St Mary".utf8) + [0x92] + Array("s".utf8), Array("North".utf8)]
        for i in 0..<40 {
            let (d, m, y) = day(i)
            bytes += Array("R\(1000 + i);\(two(d)).\(two(m)).\(y);".utf8) + teams[i % 3] + Array(";\(i % 7).\(i % 10)5\r\n".utf8)
        }
        return bytes
    }

    /// No header, `|`, day-month-name dates, a fixed-width id.
    static func headerlessPipe() -> String {
        (0..<30).map { i in
            let (d, m, y) = day(i)
            let month = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][m - 1]
            return "X\(5000 + i)|\(two(d))-\(month)-\(y)|\(["HEALTH", "SCHOOL"][i % 2])|\(i % 4 + 1)\n"
        }.joined()
    }

    /// Quoted fields holding commas, doubled quotes and line breaks.
    static func quotedBreaks() -> String {
        "Case,Date,Notes\n" + (0..<25).map { i in
            let (d, m, y) = day(i)
            let note = i % 3 == 0 ? "\"Seen at home,\nagreed \"\"next steps\"\"\r\nwith mum \(i)\"" : "\"plain, note \(i)\""
            return "C\(i),\(y)-\(two(m))-\(two(d)),\(note)\n"
        }.joined()
    }

    /// A column of dates with a few junk values, an all-blank column, and dates whose
    /// day never passes 12 (day first or month first cannot be told).
    static func junkAndBlank() -> String {
        "Id,Returned,Unused,Visit\n" + (0..<60).map { i in
            let (d, m, y) = day(i)
            let returned = i == 7 ? "TBC" : i == 20 ? "31/02/2016" : i == 33 ? "" : "\(two(d))/\(two(m))/\(y)"
            let visit = "\(two(i % 12 + 1))/\(two((i * 5) % 12 + 1))/2016"
            return "\(i + 1),\(returned),,\(visit)\n"
        }.joined()
    }

    @Test func oddFilesAreRecognisedAndTheirDraftsCheck() throws {
        let data = SniffSupport.temporaryFolder("odd-data")
        try Data(Self.semicolon1252()).write(to: URL(fileURLWithPath: data + "/legacy.csv"))
        try Self.headerlessPipe().write(toFile: data + "/partner.txt", atomically: true, encoding: .utf8)
        try Self.quotedBreaks().write(toFile: data + "/notes.csv", atomically: true, encoding: .utf8)
        try Self.junkAndBlank().write(toFile: data + "/returns.csv", atomically: true, encoding: .utf8)
        try "Ref,Date,Amount\r\n".write(toFile: data + "/empty.csv", atomically: true, encoding: .utf8)
        let out = SniffSupport.temporaryFolder("odd") + "/sniffed"
        let files = ["legacy.csv", "partner.txt", "notes.csv", "returns.csv", "empty.csv"].map { data + "/" + $0 }
        #expect(SniffSupport.sniff(files, out: out) == 0)
        let metrics = try SniffSupport.metricsFolder(from: out)
        let definitions = try DefinitionLoader.load(folder: metrics)
        #expect(definitions.sources.count == 5)
        #expect(ScorecardCommand.main(["check", "--data", data, "--as-at", "2018-04-06", "--metrics", metrics]) == 0)

        func source(_ file: String) throws -> SourceSpec { try #require(definitions.sources.first { $0.file == file }) }
        func kinds(_ s: SourceSpec) -> [String] { s.mappings.map { SniffSupport.kind($0.conversion) } }

        // Semicolons and Windows-1252.
        let legacy = try source("legacy.csv")
        #expect(legacy.encoding == "windows1252" && legacy.dialectDelimiter == UInt8(ascii: ";") && legacy.hasHeader)
        #expect(kinds(legacy) == ["text", "date dd.mm.yyyy", "code", "decimal"])
        let teams = try SniffSupport.text(out + "/codes/legacy_team.codes")
        #expect(teams.contains("\"Café\"") && teams.contains("\"St Mary’s\""))

        // Headerless pipe: positional mappings and placeholder names.
        let partner = try source("partner.txt")
        #expect(!partner.hasHeader && partner.dialectDelimiter == UInt8(ascii: "|"))
        #expect(kinds(partner) == ["text", "date dd-Mon-yyyy", "code", "int"])
        let partnerText = try SniffSupport.text(out + "/sources/partner.source")
        #expect(partnerText.contains("field_1 = 1 required\n") && partnerText.contains("field_2 = 2 format \"dd-Mon-yyyy\" required\n"))
        #expect(partnerText.contains("# header: no: the first record is data"))

        // Quoted line breaks: 25 records, not 25 + the extra lines; the notes are text.
        let notes = try source("notes.csv")
        #expect(kinds(notes) == ["text", "date yyyy-mm-dd", "text"])
        let notesText = try SniffSupport.text(out + "/sources/notes.source")
        #expect(notesText.contains("25 records after the header"))
        #expect(notesText.contains("9 values hold line breaks"))

        // Mostly dates: typed as a date, the junk counted and quoted; all blank: a TODO;
        // day first or month first cannot be told: refused, with a TODO.
        let returns = try source("returns.csv")
        #expect(kinds(returns) == ["text", "date dd/mm/yyyy", "text", "text"])
        let returnsText = try SniffSupport.text(out + "/sources/returns.source")
        #expect(returnsText.contains("# \"Returned\": date dd/mm/yyyy: 57 of 59 non-blank values (96.6%); 2 unreadable, e.g. \"TBC\", \"31/02/2016\""))
        #expect(returnsText.contains("# \"Unused\": always blank (60 rows)"))
        #expect(returnsText.contains("# TODO always blank: what is it?"))
        #expect(returnsText.contains("# TODO day first or month first? Every value reads both ways, so sniff will not guess"))
        #expect(returnsText.contains("visit    = \"Visit\" required\n"))

        // A header and no records yet: every column a TODO, and 'empty' a warning so check passes.
        let empty = try SniffSupport.text(out + "/sources/empty_extract.source")
        #expect(empty.contains("0 records after the header"))
        #expect(empty.contains("empty  warning   # TODO the file has no records"))
        #expect(kinds(try source("empty.csv")) == ["text", "text", "text"])
    }

    /// The sniffer's own reading, without the command: the delimiter and header choices on tab files, and the encodings.
    @Test func encodingsAndDelimiters() {
        func guess(_ bytes: [UInt8]) -> EncodingGuess { bytes.withUnsafeBytes { FileSniffer.detectEncoding($0) } }
        #expect(guess(Array("a,b\n1,2\n".utf8)).kind == .ascii)
        #expect(guess([0xEF, 0xBB, 0xBF] + Array("a,b\n".utf8)).kind == .utf8BOM)
        #expect(guess(Array("name\nJosé\n".utf8)).kind == .utf8)
        #expect(guess(Array("name\nJos".utf8) + [0xE9, 0x0A]).kind == .windows1252)
        let tab = Array("id\tscore\tnote\n1\t2.5\ta, b; c\n2\t3\tx|y\n3\t4.25\tz\n".utf8)
        let (delimiter, _) = tab.withUnsafeBytes { FileSniffer.detectDelimiter($0, encoding: .utf8) }
        #expect(delimiter == 0x09)
        let file = tab.withUnsafeBytes { FileSniffer.sniff($0, path: "tab.tsv") }
        #expect(file.hasHeader && file.records == 3 && file.header == ["id", "score", "note"])
        #expect(ColumnType.decide(file.columns[1], name: "score", rows: 3).kind == .decimal)
    }

    /// A file with no quote byte is split at line feeds alone: read chunk by chunk, it
    /// gives exactly the records one sequential read gives (BOM, header, CRLF, a CR-only line).
    @Test func lineChunksGiveTheSameRecordsAsOneRead() {
        var text = "\u{FEFF}a;b;c\r\n"
        for i in 0..<3000 { text += "\(i);x\(i % 7);\(i * 3)" + (i % 500 == 7 ? "\r" : "\r\n") }
        let bytes = Array(text.utf8)
        bytes.withUnsafeBytes { buffer in
            let dialect = Dialect(delimiter: UInt8(ascii: ";"), hasHeader: true, encoding: .utf8)
            var sequential: [[String]] = []
            var reader = CSVReader(bytes: buffer, dialect: dialect)
            var record = ByteRecord()
            while case .record = reader.read(into: &record) { sequential.append(record.strings) }
            let chunks = FileSniffer.lineChunks(buffer, hasHeader: true, targetSize: 1000)
            #expect(chunks.count > 20)
            var chunked: [[String]] = []
            for chunk in chunks {
                var r = CSVReader(bytes: buffer, dialect: dialect, chunk: chunk)
                while case .record = r.read(into: &record) { chunked.append(record.strings) }
            }
            #expect(sequential.count == 3000)
            #expect(chunked == sequential)
        }
    }

    /// Two columns the intake could not tell apart by name (the same name but for case
    /// and spaces, or none) are mapped by position, and the draft reads each column.
    @Test func repeatedHeaderNamesAreMappedByPosition() throws {
        let data = SniffSupport.temporaryFolder("dup-data")
        try "Date,date ,,Notes\n01/02/2016,03/04/2016,a,x\n13/02/2016,14/04/2016,b,y\n".write(toFile: data + "/dup.csv", atomically: true, encoding: .utf8)
        let out = SniffSupport.temporaryFolder("dup") + "/sniffed"
        #expect(SniffSupport.sniff([data + "/dup.csv"], out: out) == 0)
        let text = try SniffSupport.text(out + "/sources/dup.source")
        #expect(text.contains("date    = \"Date\" format \"dd/mm/yyyy\" required\n"))
        #expect(text.contains("date_2  = 2 format \"dd/mm/yyyy\" required\n"))
        #expect(text.contains("field_3 = 3 required\n"))
        let metrics = try SniffSupport.metricsFolder(from: out)
        #expect(ScorecardCommand.main(["check", "--data", data, "--as-at", "2018-04-06", "--metrics", metrics]) == 0)
    }
}
