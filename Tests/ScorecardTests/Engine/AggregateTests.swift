import Foundation
import Testing
@testable import Scorecard

/// Measures beyond counting: `sum`, `average`, `min` and `max` of whole numbers and
/// decimals, with breakdowns, the City from all records, and a ratio of two such
/// measures — through the whole pipeline, figures worked out by hand from six rows.
@Suite struct AggregateTests {
    static let definitions = MiniCouncil.framework + """
    category kind { "Staff", "Venue" }
    record payment {
      key    id
      column area
      id     text
      date   date
      amount decimal
      cases  int
      area   area
      kind   kind
    }
    source payments {
      file      "payments.csv"
      encoding  utf8
      delimiter ","
      header    yes
      into      payment
      id     = "id"
      date   = "date" format "yyyy-mm-dd" required
      amount = "amount"
      cases  = "cases"
      area   = "area"
      kind   = "kind"
    }
    measure SPEND {
      name    "Spend"
      section main
      of      payment
      when    date in period
      sum     amount
      unit    pounds
    }
    measure CASES {
      name      "Cases held in a cell"
      section   main
      of        payment
      when      date in period
      sum       cases
      breakdown kind
    }
    measure AVG {
      name    "Average payment"
      section main
      of      payment
      when    date in period
      average amount
    }
    measure LEAST {
      name    "Smallest payment"
      section main
      of      payment
      when    date in period
      min     amount
    }
    measure MOST {
      name    "Most cases"
      section main
      of      payment
      when    date in period
      max     cases
    }
    # Spend per case: a ratio of two aggregate measures.
    measure PERCASE {
      name    "Spend per case"
      section main
      unit    pounds
      value   SPEND.value / CASES.value
    }
    """

    static let rows = """
    id,date,amount,cases,area,kind
    1,2017-04-03,100.50,3,North,Staff
    2,2017-04-10,-20.25,1,North,Venue
    3,2017-05-01,1000,,South,Staff
    4,2017-05-15,,4,South,Venue
    5,2017-06-30,0.1,2,,Staff
    6,2017-06-30,0.2,5,North,Staff

    """

    nonisolated(unsafe) static let run: Evaluation = {
        let folder = NSTemporaryDirectory() + "scorecard-aggregate-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try! FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try! Data(rows.utf8).write(to: URL(fileURLWithPath: folder + "/payments.csv"))
        let checked = try! DefinitionLoader.check([("spend.framework", definitions)])
        return try! Pipeline.run(definitions: checked, dataFolder: folder, asAt: Day.parseISO("2017-07-01")!)
    }()

    static func close(_ a: Double?, _ b: Double) -> Bool { a.map { abs($0 - b) < 1e-9 } ?? false }

    @Test func sumsAreExactForWholeNumbersAndPerCellForDecimals() {
        let r = Self.run
        #expect(Self.close(r.value("SPEND", "2017-18 Q1", "North"), 100.50 - 20.25 + 0.2))
        #expect(Self.close(r.value("SPEND", "2017-18 Q1", "South"), 1000))          // the blank amount is not counted
        #expect(Self.close(r.value("SPEND", "2017-18 Q1", "Area not recorded"), 0.1))
        #expect(Self.close(r.value("SPEND", "2017-18 Q1", "All"), 1080.55))
        #expect(r.figure("CASES", "2017-18 Q1", "All")?.value == .number(.int(15)))
        #expect(r.figure("CASES", "2017-18 Q1", "North")?.value == .number(.int(9)))
        #expect(r.figure("CASES", "2017-18 Q1", "All", row: "Staff")?.value == .number(.int(10)))
        #expect(r.figure("CASES", "2017-18 Q1", "All", row: "Venue")?.value == .number(.int(5)))
        // A month with no payments in North sums to 0.
        #expect(r.figure("SPEND", "2017-05", "North")?.value == .number(.double(0)))
    }

    @Test func averagesDivideByTheValuesPresent() {
        let r = Self.run
        let north = r.figure("AVG", "2017-18 Q1", "North")
        #expect(north?.denominator == .int(3))
        #expect(Self.close(r.value("AVG", "2017-18 Q1", "North"), (100.50 - 20.25 + 0.2) / 3))
        #expect(r.figure("AVG", "2017-18 Q1", "South")?.denominator == .int(1))
        #expect(Self.close(r.value("AVG", "2017-18 Q1", "All"), 1080.55 / 5))
        // Nothing to average: not applicable.
        #expect(r.figure("AVG", "2017-05", "North")?.value == .notApplicable)
    }

    @Test func leastAndGreatestComeFromTheCellsOwnRecords() {
        let r = Self.run
        #expect(r.value("LEAST", "2017-18 Q1", "All") == -20.25)
        #expect(r.value("LEAST", "2017-18 Q1", "South") == 1000)
        #expect(r.figure("MOST", "2017-18 Q1", "All")?.value == .number(.int(5)))
        #expect(r.figure("MOST", "2017-18 Q1", "South")?.value == .number(.int(4)))
        #expect(r.figure("LEAST", "2017-05", "North")?.value == .notApplicable)
    }

    @Test func aRatioOfAggregatesIsDeclarable() {
        let figure = Self.run.figure("PERCASE", "2017-18 Q1", "All")
        #expect(Self.close(figure?.numerator?.double, 1080.55))
        #expect(figure?.denominator == .int(15))
        #expect(Self.close(Self.run.value("PERCASE", "2017-18 Q1", "All"), 1080.55 / 15))
        // The long table shows the sum in full precision.
        let row = LongTable.rows(Self.run).first { $0.measure == "CASES" && $0.period == "2017-18 Q1" && $0.column == "All" && $0.breakdown == "" }
        #expect(row?.value == "15" && row?.numerator == "15")
    }

    @Test(arguments: [
        ("sum id", "'sum' takes a number, found a text"),
        ("sum amount\n  count", "'sum' is the measure's figure; it has no 'count'"),
        ("average amount\n  max cases", "a measure aggregates once"),
    ])
    func misusedAggregatesAreDefinitionErrors(statement: String, words: String) {
        let measure = "measure BAD {\n  name \"bad\"\n  section main\n  of payment\n  when date in period\n  \(statement)\n}\n"
        do {
            _ = try DefinitionLoader.check([("spend.framework", Self.definitions), ("BAD.metric", measure)])
            Issue.record("'\(statement)' was accepted")
        } catch {
            #expect(error.description.contains(words), "\(error.description)")
        }
    }
}
