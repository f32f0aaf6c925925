import Foundation
import Testing
@testable import Scorecard

/// What the reference fuzz found the engine doing against the README, each fixed and
/// pinned here with figures worked out by hand from a few rows.
@Suite struct ReferenceFindingsTests {
    static let items = """
    id,person,start,end,area,stage,n,x,tag,m,t
    i1,p1,2017-04-03,,North,Start,2,2,a,,
    i2,p1,2017-04-10,,North,End,5,2.5,a,£1.50,10/04/2017 17:00
    i3,p2,2017-05-01,,North,End,3,3,b,,
    i4,p3,2017-05-20,,South,Start,1,,c,(0.25),

    """
    static let events = """
    id,item,date,stage,n,y,area
    e1,i1,2017-04-04,End,2,1.5,North
    e2,i2,2017-04-11,Start,7,0,North
    e3,i4,2017-05-21,End,9,6,South

    """

    static func figures(_ measure: String) throws -> (Evaluation, MeasureResult) {
        let folder = NSTemporaryDirectory() + "scorecard-findings-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try Data(items.utf8).write(to: URL(fileURLWithPath: folder + "/items.csv"))
        try Data(events.utf8).write(to: URL(fileURLWithPath: folder + "/events.csv"))
        try Data("date\n".utf8).write(to: URL(fileURLWithPath: folder + "/holidays.csv"))
        try Data("area,month,people,weight\n".utf8).write(to: URL(fileURLWithPath: folder + "/pops.csv"))
        let checked = try DefinitionLoader.check([("fuzz.framework", RefGenerator.framework), ("F.metric", measure)])
        let run = try Pipeline.run(definitions: checked, dataFolder: folder, asAt: Day.parseISO("2017-07-01")!)
        let index = run.definitions.measures.firstIndex { $0.id == "F" }!
        return (run, run.results.first { $0.measure == index }!)
    }

    static func measure(_ body: String) -> String {
        "measure F {\n  name \"f\"\n  section main\n  of item\n  when start in period\n\(body)\n}\n"
    }

    /// Seed 7: `q.stage = "End"` inside `exists … where` was refused ("the text "End" must be
    /// compared with a field") because the join finder tried to look the quoted code up
    /// as a value on its own. A comparison with a code is as valid there as anywhere.
    @Test(arguments: ["q.stage = \"End\"", "\"End\" = q.stage"])
    func aQuotedCodeInsideExistsIsACondition(condition: String) throws {
        let (run, result) = try Self.figures(Self.measure("  where exists event q where q.item = this and \(condition)\n  count"))
        let q1 = run.periods.firstIndex { $0.label == "2017-18 Q1" }!
        // i1's event and i4's event are at End; i2's is at Start.
        #expect(result.figure(window: q1, row: 0, column: 4, part: 0) == .count(2))
        #expect(result.figure(window: q1, row: 0, column: 0, part: 0) == .count(1))
    }

    /// Seed 13: a whole-number field joined to a decimal (`q.n = x`) looked the decimal up
    /// in the whole-number index, found no key, and counted nothing; 2.0 equals 2.
    @Test func aWholeNumberJoinedToADecimalFindsItsEqual() throws {
        let (run, result) = try Self.figures(Self.measure("  where exists event q where q.n = x\n  count"))
        let q1 = run.periods.firstIndex { $0.label == "2017-18 Q1" }!
        // Only i1 (x = 2) has an event with n = 2; i2's x is 2.5, i3's 3, i4's blank.
        #expect(result.figure(window: q1, row: 0, column: 4, part: 0) == .count(1))
    }

    /// Seed 13: `count distinct` with `breakdown … as share` divided each category's
    /// distinct count by the number of records, not by the headline's distinct count.
    @Test func aBreakdownAsShareOfDistinctValuesIsOverTheDistinctValues() throws {
        let (run, result) = try Self.figures(Self.measure("  count distinct person\n  breakdown stage as share"))
        let q1 = run.periods.firstIndex { $0.label == "2017-18 Q1" }!
        // North: 3 items of 2 people (p1 twice). Start: p1; End: p1 and p2.
        #expect(result.figure(window: q1, row: 0, column: 0, part: 0) == .count(2))
        #expect(result.figure(window: q1, row: 1, column: 0, part: 0) == .percent(1, 2))
        #expect(result.figure(window: q1, row: 3, column: 0, part: 0) == .percent(2, 2))
        // City: p1, p2, p3; Start: p1 and p3.
        #expect(result.figure(window: q1, row: 1, column: 4, part: 0) == .percent(2, 3))
        // With a share beside it, the same.
        let (_, withShare) = try Self.figures(Self.measure("  count distinct person\n  part all = count\n  part big = share n > 2\n  breakdown stage as share"))
        #expect(withShare.figure(window: q1, row: 1, column: 4, part: 0) == .percent(2, 3))
        #expect(withShare.figure(window: q1, row: 3, column: 0, part: 1) == .percent(2, 2))
    }
}
