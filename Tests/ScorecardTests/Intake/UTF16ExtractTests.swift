import Foundation
import Testing
@testable import Scorecard

/// Excel's "Unicode text" export: UTF-16 with a byte-order mark, tab-delimited, CRLF —
/// read through the real intake, little- and big-endian, text beyond ASCII intact and
/// line numbers those of the file.
@Suite struct UTF16ExtractTests {
    static let definitions = MiniCouncil.framework + """
    record contact {
      key    id
      column area
      id     text
      day    date
      note   text
      area   area
    }
    source contacts {
      file      "contacts.txt"
      encoding  utf16
      delimiter "\\t"
      header    yes
      into      contact
      id   = "Id"
      day  = "Day" format "dd/mm/yyyy hh:mm" required
      note = "Note"
      area = "Area"
    }
    measure C1 {
      name    "Contacts"
      section main
      of      contact
      when    day in period
      count
    }
    """

    static let text = "Id\tDay\tNote\tArea\r\nc1\t03/04/2017 09:30\tCafé visit\tNorth\r\nc2\t04/04/2017\tno time\tNorth\r\nc3\t05/04/2017 10:00\tfamily 👪\tSouth\r\n"

    static func encoded(bigEndian: Bool, bom: Bool = true) -> Data {
        var bytes: [UInt8] = bom ? (bigEndian ? [0xFE, 0xFF] : [0xFF, 0xFE]) : []
        for unit in text.utf16 {
            let hi = UInt8(unit >> 8), lo = UInt8(unit & 0xFF)
            bytes += bigEndian ? [hi, lo] : [lo, hi]
        }
        return Data(bytes)
    }

    static func run(_ data: Data) throws -> Evaluation {
        let folder = NSTemporaryDirectory() + "scorecard-utf16-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try data.write(to: URL(fileURLWithPath: folder + "/contacts.txt"))
        let checked = try DefinitionLoader.check([("u.framework", definitions)])
        return try Pipeline.run(definitions: checked, dataFolder: folder, asAt: Day.parseISO("2017-07-01")!)
    }

    @Test(arguments: [false, true])
    func bothByteOrdersReadTheSameRecords(bigEndian: Bool) throws {
        let run = try Self.run(Self.encoded(bigEndian: bigEndian))
        #expect(run.value("C1", "2017-04", "All") == 2)
        // The date without its time is unreadable, on the file's own line 3.
        #expect(run.rejects.map { "\($0.line):\($0.reason)" } == ["3:unreadable date in Day"])
        let notes = (0..<run.dataset.tables[0].count).map { Explain.text(run, record: 0, field: 2, row: $0) }
        #expect(notes == ["Café visit", "family 👪"])
    }

    @Test func aFileWithoutAByteOrderMarkSaysWhatItMayBe() {
        do {
            _ = try Self.run(Self.encoded(bigEndian: false, bom: false))
            Issue.record("read without a byte-order mark")
        } catch {
            #expect(String(describing: error).contains("does not start with a UTF-16 byte-order mark"), "\(error)")
        }
    }
}
