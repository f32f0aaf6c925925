import Foundation
import Testing
@testable import Scorecard

/// The typed core the checker builds: the shapes of a few shipped measures (what a
/// backend other than the closure evaluator reads), full coverage of every shipped
/// measure and reject rule, and a reject rule with quoted texts.
@Suite struct TypedCoreTests {
    static let definitions = Repo.definitions

    static func measure(_ id: String) -> Measure { definitions.measures.first { $0.id == id }! }
    static func record(_ name: String) -> Int { definitions.records.firstIndex { $0.name == name }! }
    static func field(_ record: String, _ name: String) -> Int { definitions.records[Self.record(record)].fieldIndex(name)! }

    /// HW2: `exists other case c where c.person = person and c.end <= received and …`:
    /// the join on person is found, the rest stays the per-row condition.
    @Test func hw2HasItsExistsWithTheJoinOnPerson() throws {
        let hw2 = Self.measure("HW2").typed
        let caseRecord = Self.record("case")
        #expect(hw2.record == caseRecord)
        #expect(hw2.timing == .inPeriod(field: Self.field("case", "received")))
        guard case .share(let clause)? = hw2.parts.first?.part, case .exists(let related) = clause.expr else {
            Issue.record("HW2's share is not an exists: \(hw2.parts)")
            return
        }
        #expect(!clause.isStatic)
        #expect(related.record == caseRecord)
        #expect(related.excludeSelf)
        #expect(related.timing == nil)
        let join = try #require(related.join)
        #expect(join.field == Self.field("case", "person"))
        guard case .field(caseRecord, Self.field("case", "person"), .person) = join.value else {
            Issue.record("HW2's join value is not the counted case's person: \(join.value)")
            return
        }
        guard case .and(.compare(.lessEqual, .follow(.alias(related.slot, caseRecord), _, let end, .date), .field(_, let received, .date), kind: .date),
                        .compare(.greaterEqual, _, .shiftDate(_, by: .duration(3, .months), unit: .months, subtract: true), kind: .date)) = try #require(related.condition) else {
            Issue.record("HW2's residual condition has the wrong shape: \(String(describing: related.condition))")
            return
        }
        #expect(end == Self.field("case", "end"))
        #expect(received == Self.field("case", "received"))
    }

    /// IM1: the when is the related-timing shape; its lets are first/last picks joined on
    /// the case and walked pre-sorted by date, then stage.
    @Test func im1PicksAreJoinedAndPresorted() throws {
        let im1 = Self.measure("IM1").typed
        let sheet = Self.record("sheet")
        #expect(im1.timing == .related(record: sheet, ref: Self.field("sheet", "case"), date: Self.field("sheet", "date")))
        #expect(im1.lets.count == 2)
        for (k, item) in im1.lets.enumerated() {
            guard case .pick(let last, let related, let order) = item.value.expr else {
                Issue.record("IM1's let \(k) is not a pick")
                continue
            }
            #expect(last == (k == 1))
            #expect(related.record == sheet)
            #expect(related.join?.field == Self.field("sheet", "case"))
            if case .this(Self.record("case"))? = related.join?.value {} else { Issue.record("IM1's pick \(k) does not join on this") }
            #expect(related.presortedBy == [Self.field("sheet", "date"), Self.field("sheet", "stage")])
            #expect(order.map(\.type) == [.date, .category(Self.definitions.categories.firstIndex { $0.name == "stage" }!)])
            // The first sheet ever has no other condition; the latest is on or before period end.
            #expect((related.condition == nil) == (k == 0))
            #expect(item.value.expr.type == .record(sheet))
        }
        #expect(im1.wheres.count == 1)
        guard case .compare(.notEqual, .letValue(let a, _), .letValue(let b, _), kind: .record(sheet)) = im1.wheres[0].expr else {
            Issue.record("IM1's where is not a comparison of the two picks")
            return
        }
        #expect([a, b] == im1.lets.map(\.slot))
    }

    /// HM8: open at period end, and the `per` row matched on the quarter end of the period.
    @Test func hm8MatchesItsWorkforceRowOnTheQuarterEnd() {
        let hm8 = Self.measure("HM8")
        #expect(hm8.typed.timing == .open(start: Self.field("case", "start"), end: Self.field("case", "end"), yearToDate: false))
        #expect(hm8.per?.record == Self.record("workforce"))
        #expect(hm8.typed.perMatching.count == 1)
        #expect(hm8.typed.perMatching.first?.field == Self.field("workforce", "quarter_end"))
        guard case .call(.quarterEnd, let args, .date)? = hm8.typed.perMatching.first?.value, case .period(.end)? = args.first else {
            Issue.record("HM8's matching is not quarter_end(period.end)")
            return
        }
    }

    /// IM7: a derived value reading IM5 now and at the end of the previous financial year.
    @Test func im7ReadsIM5AtTheEndOfTheLastFinancialYear() throws {
        let im7 = Self.measure("IM7")
        let im5 = Self.definitions.measures.firstIndex { $0.id == "IM5" }!
        #expect(im7.record == nil && im7.typed.when == nil)
        let value = try #require(im7.typed.value)
        #expect(value.type == .int)
        guard case .arithmetic(.times, .arithmetic(.times, .arithmetic(.minus, let before, .figure(im5, .count, .int), .int, .notApplicable), .int(1825), .int, _), .int(52), .int, _) = value,
              case .figureAt(im5, .count, let date, .int) = before,
              case .shiftDate(.call(.fyStart, let args, .date), by: .duration(1, .days), unit: .days, subtract: true) = date,
              case .period(.end)? = args.first else {
            Issue.record("IM7's value has the wrong shape: \(value)")
            return
        }
        #expect(im7.dependencies == [im5])
        #expect(Self.definitions.typedAtDates.contains { if case .shiftDate(.call(.fyStart, _, _), _, _, _) = $0 { true } else { false } })
        #expect(Self.definitions.atDates.count == Self.definitions.typedAtDates.count)
    }

    /// Every shipped measure and reject rule has its typed form, and the closures the
    /// engine runs were lowered from it one for one, with the same types and timings.
    @Test func everyShippedMeasureAndRejectRuleIsTyped() {
        for m in Self.definitions.measures {
            let t = m.typed
            if let value = t.value {
                #expect(m.value?.type == value.type, "\(m.id)")
                #expect((m.valueParts == nil) == (t.valueParts == nil), "\(m.id)")
                continue
            }
            #expect(t.record != nil && t.record == m.record, "\(m.id)")
            #expect(t.when?.type == .bool, "\(m.id)")
            #expect(m.when?.timing == t.timing, "\(m.id)")
            #expect(m.lets.count + m.staticLets.count == t.lets.count, "\(m.id)")
            #expect(m.wheres.count + m.staticWheres.count == t.wheres.count, "\(m.id)")
            #expect(t.wheres.allSatisfy { $0.expr.type == .bool }, "\(m.id)")
            #expect(m.parts.count == t.parts.count && !t.parts.isEmpty, "\(m.id)")
            #expect((m.distinct == nil) == (t.distinct == nil), "\(m.id)")
            #expect((m.aggregate == nil) == (t.aggregate == nil), "\(m.id)")
            #expect(m.per?.matching.count ?? 0 == t.perMatching.count, "\(m.id)")
            #expect(m.comparatorLookups.count == t.comparatorLookups.count, "\(m.id)")
            #expect(m.slotCount == t.slotCount, "\(m.id)")
        }
        var rules = 0
        for source in Self.definitions.sources {
            #expect(source.rejects.count == source.typedRejects.count, "\(source.name)")
            for (rule, typed) in zip(source.rejects, source.typedRejects) {
                #expect(rule.reason == typed.reason)
                #expect(typed.condition.type == .bool)
                // The shipped rules compare whole numbers and dates: each is a flat row program.
                #expect(rule.program != nil, "\(source.name): \(typed.reason)")
                rules += 1
            }
        }
        #expect(rules >= 9)
    }

    /// Every function the language has is a node of the typed core, and every function
    /// of one date has its lowering.
    @Test func everyFunctionHasATypedNode() {
        #expect(Set(TypedExpr.Function.allCases.map(\.rawValue)) == Set(TypeChecker.functionSignatures.keys))
        #expect(Set(Lowering.dateFunctions.keys.map(\.rawValue)) == Set(TypeChecker.dateFunctions.keys))
    }

    /// A reject rule with quoted texts (an equality and a list) and a rule over the
    /// as-at date: typed against the record, run by the intake. Texts are not in the flat
    /// row program's reach, so that rule runs as its lowered closure.
    @Test func rejectRulesWithQuotedTextsAreTypedAndRun() throws {
        let text = MiniCouncil.framework + """
        record line {
          key    id
          column area
          id     text
          day    date
          note   text
          area   area
        }
        source lines {
          file      "lines.csv"
          encoding  utf8
          delimiter ","
          header    yes
          into      line
          id     = "id"
          day    = "day" format "yyyy-mm-dd" required
          note   = "note"
          area   = "area"
          reject "a total or a void line" when id = "Total" or note in ("void", "test")
          reject "dated after the as-at date" when day > as_at
        }
        measure LINES {
          name    "Lines"
          section main
          of      line
          when    day in period
          count
        }
        """
        let definitions = try DefinitionLoader.check([("t.framework", text)])
        let source = try #require(definitions.sources.first { $0.name == "lines" })
        let line = try #require(definitions.records.firstIndex { $0.name == "line" })
        let id = definitions.records[line].fieldIndex("id")!, note = definitions.records[line].fieldIndex("note")!
        guard case .or(.compare(.equal, .field(line, id, .text), .text("Total", let total), kind: .text),
                       .inList(.field(line, note, .text), let items)) = source.typedRejects[0].condition else {
            Issue.record("the text rule has the wrong shape: \(source.typedRejects[0].condition)")
            return
        }
        #expect(definitions.textLiterals.texts[total] == "Total")
        #expect(items.compactMap { if case .text(let s, let k) = $0, definitions.textLiterals.texts[k] == s { s } else { nil } } == ["void", "test"])
        guard case .compare(.greater, .field(line, _, .date), .asAt, kind: .date) = source.typedRejects[1].condition else {
            Issue.record("the as-at rule has the wrong shape: \(source.typedRejects[1].condition)")
            return
        }
        #expect(source.rejects[0].program == nil)
        #expect(source.rejects[1].program != nil)

        let rows = """
        id,day,note,area
        a1,2017-04-03,agency,North
        a2,2017-04-04,void,North
        a3,2017-04-05,Test,South
        a4,2017-09-06,,South
        Total,2017-04-30,,

        """
        let run = try MiniCouncil.evaluate([("t.framework", text)], extracts: ["lines.csv": Data(rows.utf8)])
        #expect(run.rejects.map { "\($0.line):\($0.reason)" } == ["3:a total or a void line", "5:dated after the as-at date", "6:a total or a void line"])
        // a1 and a3 ("Test" is not "test": texts compare byte for byte).
        #expect(run.value("LINES", "2017-04", "All") == 2)
    }
}
