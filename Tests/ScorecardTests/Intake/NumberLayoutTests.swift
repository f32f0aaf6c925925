import Foundation
import Testing
@testable import Scorecard

/// Numbers as councils' extracts write them — decimal commas, thousands separators, a
/// trailing %, blank tokens such as NULL or n/k — read exactly through the real intake,
/// and anything else unreadable: never half-read (`0x10`, `inf`, `1,23,4`).
@Suite struct NumberLayoutTests {
    static let definitions = MiniCouncil.framework + """
    record line {
      key    id
      column area
      id     text
      day    date
      amount decimal
      share  decimal
      people int
      area   area
    }
    source lines {
      file      "lines.csv"
      encoding  utf8
      delimiter ";"
      header    yes
      into      line
      id     = "id"
      day    = "day" format "dd/mm/yyyy" required
      amount = "amount" decimal "," thousands "."
      share  = "share" decimal "," percent
      people = "people" thousands ","
      area   = "area"
      blank  "NULL", "n/k", "-"
      rejected 90 percent error
    }
    measure AMOUNT {
      name    "Amount"
      section main
      of      line
      when    day in period
      sum     amount
    }
    measure SHARE {
      name    "Share"
      section main
      of      line
      when    day in period
      sum     share
    }
    measure PEOPLE {
      name    "People"
      section main
      of      line
      when    day in period
      sum     people
    }
    """

    static let rows = """
    id;day;amount;share;people;area
    a;03/04/2017;1.234,5;45%;1,234;North
    b;04/04/2017;5,5;12,5 %;999;North
    c;05/04/2017;NULL;n/k;-;North
    d;06/04/2017;-0,25;0%;12;South
    e;07/04/2017;1.23,4;;;North
    f;08/04/2017;1,234.5;;;North
    g;09/04/2017;0x10;;;North
    h;10/04/2017;;inf;;North
    i;11/04/2017;;;12,34;North
    j;12/04/2017;;45%%;;North
    k;13/04/2017;1.234.567,5;;1,234,567;South

    """

    @Test func numbersAreReadAsTheirLayoutSaysAndNoOtherWay() throws {
        let run = try MiniCouncil.evaluate([("n.framework", Self.definitions)], extracts: ["lines.csv": Data(Self.rows.utf8)])
        // e–j are unreadable, each for its own reason; c's tokens are blanks, not errors.
        let rejected = run.rejects.filter { $0.source == "lines" }.map { "\($0.line):\($0.reason)" }
        #expect(rejected == ["6:unreadable amount", "7:unreadable amount", "8:unreadable amount", "9:unreadable share",
                             "10:unreadable people", "11:unreadable share"], "\(rejected)")
        #expect(run.value("AMOUNT", "2017-04", "All") == 1234.5 + 5.5 - 0.25 + 1_234_567.5)
        #expect(run.value("SHARE", "2017-04", "All") == 45 + 12.5 + 0)
        #expect(run.figure("PEOPLE", "2017-04", "All")?.value == .number(.int(1234 + 999 + 12 + 1_234_567)))
    }

    @Test(arguments: [
        (#"id = "id" decimal ",""#, "'decimal', 'thousands' and 'percent' are for number fields"),
        (#"people = "people" decimal ",""#, "a decimal mark is for decimal fields"),
        (#"amount = "amount" decimal ";""#, "a decimal mark is one of"),
        (#"amount = "amount" thousands ".""#, "the thousands separator and the decimal mark must differ"),
        (#"blank """#, "an empty value is blank already"),
    ])
    func misdeclaredNumberLayoutsAreDefinitionErrors(statement: String, words: String) {
        let base = Self.definitions.components(separatedBy: "source lines")[0]
        let source = "source odd {\n  file \"odd.csv\"\n  encoding utf8\n  delimiter \";\"\n  header yes\n  into line\n  \(statement)\n}\n"
        do {
            _ = try DefinitionLoader.check([("n.framework", base), ("odd.source", source)])
            Issue.record("accepted: \(statement)")
        } catch {
            #expect(error.description.contains(words) && error.description.contains("odd.source:7:"), "\(error.description)")
        }
    }
}
