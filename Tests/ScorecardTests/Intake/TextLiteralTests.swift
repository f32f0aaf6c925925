import Foundation
import Testing
@testable import Scorecard

/// A text field compared with quoted text — a reject rule dropping a budget's "Total"
/// row, a filter on a free-text field — byte for byte, in reject rules and measures alike.
@Suite struct TextLiteralTests {
    static let definitions = MiniCouncil.framework + """
    record line {
      key    id
      column area
      id     text
      day    date
      note   text
      amount decimal
      area   area
    }
    source budget {
      file      "budget.csv"
      encoding  utf8
      delimiter ","
      header    yes
      into      line
      id     = "id"
      day    = "day" format "yyyy-mm-dd" required
      note   = "note"
      amount = "amount"
      area   = "area"
      reject "the total row" when id = "Total"
    }
    measure SPEND {
      name    "Spend"
      section main
      of      line
      when    day in period
      sum     amount
    }
    measure AGENCY {
      name    "Agency lines"
      section main
      of      line
      when    day in period
      where   note in ("agency", "locum")
      count
    }
    measure OTHER {
      name    "Not agency"
      section main
      of      line
      when    day in period
      where   note != "agency"
      count
    }
    """

    static let rows = """
    id,day,note,amount,area
    a1,2017-04-03,agency,100,North
    a2,2017-04-04,Agency,50,North
    a3,2017-04-05,locum,25,South
    a4,2017-04-06,,10,South
    Total,2017-04-30,,185,

    """

    @Test func quotedTextMatchesTextFieldsExactly() throws {
        let run = try MiniCouncil.evaluate([("b.framework", Self.definitions)], extracts: ["budget.csv": Data(Self.rows.utf8)])
        // The total row is rejected, so it is not counted twice.
        #expect(run.rejects.map(\.reason) == ["the total row"])
        #expect(run.value("SPEND", "2017-04", "All") == 185)
        // "agency" and "locum" as written; "Agency" is other text (comparisons are byte for byte).
        #expect(run.value("AGENCY", "2017-04", "All") == 2)
        // A blank note is neither equal nor unequal to a text, as with every blank.
        #expect(run.value("OTHER", "2017-04", "All") == 2)
    }
}
