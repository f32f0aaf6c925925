import Foundation
import Testing
@testable import Scorecard

/// The checker and the optimised evaluator against the naive reference interpreter:
/// random measures over random records, every figure of every period, column,
/// breakdown row and part compared. `SCORECARD_REFFUZZ_ITERATIONS=N` runs N seeds
/// (each a fresh extract and `measuresPerSeed` measures); `make fuzz` runs thousands.
@Suite struct ReferenceFuzzTests {
    static let measuresPerSeed = 10
    nonisolated(unsafe) static var engineSeconds = 0.0
    static var iterations: Int { Int(ProcessInfo.processInfo.environment["SCORECARD_REFFUZZ_ITERATIONS"] ?? "") ?? 30 }
    static var firstSeed: UInt64 { UInt64(ProcessInfo.processInfo.environment["SCORECARD_REFFUZZ_SEED"] ?? "") ?? 1 }

    /// Every period from April 2016 whose end is on or before the as-at date, by the
    /// reference's own calendar: (label, start, end).
    static func periods(asAt: Int) -> [(label: String, start: Int, end: Int)] {
        var out: [(String, Int, Int)] = []
        for fy in 2016...2018 {
            let label = "\(fy)-\(String(format: "%02d", (fy + 1) % 100))"
            let start = RefCalendar.day(fy, 4, 1)
            let end = RefCalendar.day(fy + 1, 3, 31)
            if end <= asAt { out.append((label, start, end)) }
            for q in 0..<4 {
                let qs = RefCalendar.addMonths(start, q * 3)
                let qe = RefCalendar.addMonths(qs, 3) - 1
                if qe <= asAt { out.append(("\(label) Q\(q + 1)", qs, qe)) }
            }
            for m in 0..<12 {
                let ms = RefCalendar.addMonths(start, m)
                let me = RefCalendar.addMonths(ms, 1) - 1
                let c = RefCalendar.civil(ms)
                if me <= asAt { out.append((String(format: "%04d-%02d", c.y, c.m), ms, me)) }
            }
        }
        return out
    }

    struct Case {
        var seed: UInt64
        var asAt: String
        var items: String
        var events: String
        var holidays: String
        var pops: String
        var measures: [RefMeasure]
        var derived: [RefDerived] = []
    }

    /// A case; with `money`, its measures sum, average and compare money as well (and no
    /// derived values, which the reference reads money figures into only as numbers).
    static func makeCase(seed: UInt64, money: Bool = false) -> Case {
        var g = RefGenerator(seed: seed)
        g.money = money
        let holidays = g.holidays()
        let pops = g.pops()
        let (items, events) = g.extracts()
        let asAt = g.pick(["2017-07-01", "2017-06-30", "2017-08-15", "2017-04-02"])
        let measures = (0..<measuresPerSeed).map { g.measure(id: "M\($0)") }
        let derived = money ? [] : (0..<g.int(3)).compactMap { g.derived(id: "D\($0)", over: measures) }
        return Case(seed: seed, asAt: asAt, items: items, events: events, holidays: holidays, pops: pops, measures: measures, derived: derived)
    }

    /// Runs one case through the engine and the reference; returns the mismatches found
    /// (one line per measure at most, the first differing figure) and the figures compared.
    static func run(_ c: Case, measures: [RefMeasure]? = nil) throws -> (problems: [String], compared: Int, nonZero: Int) {
        let derived = measures == nil ? c.derived : []
        let measures = measures ?? c.measures
        let folder = NSTemporaryDirectory() + "scorecard-reffuzz-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try Data(c.items.utf8).write(to: URL(fileURLWithPath: folder + "/items.csv"))
        try Data(c.events.utf8).write(to: URL(fileURLWithPath: folder + "/events.csv"))
        try Data(c.holidays.utf8).write(to: URL(fileURLWithPath: folder + "/holidays.csv"))
        try Data(c.pops.utf8).write(to: URL(fileURLWithPath: folder + "/pops.csv"))
        let files = [("fuzz.framework", RefGenerator.framework)] + measures.map { ("\($0.id).metric", $0.text) } + derived.map { ("\($0.id).metric", $0.text) }
        let definitions: Definitions
        do {
            definitions = try DefinitionLoader.check(files)
        } catch {
            return (["seed \(c.seed): the checker refused generated measures:\n\(error)\n" + measures.map(\.text).joined()], 0, 0)
        }
        let asAt = Day.parseISO(c.asAt)!
        let t0 = Date()
        let run = try Pipeline.run(definitions: definitions, dataFolder: folder, asAt: asAt)
        engineSeconds += Date().timeIntervalSince(t0)
        var problems: [String] = []
        if !run.rejects.isEmpty { problems.append("seed \(c.seed): rows rejected: \(run.rejects.map { "\($0.reason) \($0.detail)" })") }

        let data = RefData(schema: .standard, csv: ["item": c.items, "event": c.events, "holiday": c.holidays, "pop": c.pops], asAt: RefCalendar.parse(c.asAt)!)
        let periods = periods(asAt: data.asAt)
        let engineLabels = run.periods.map(\.label)
        if Set(engineLabels) != Set(periods.map(\.label)) || engineLabels.count != periods.count {
            problems.append("seed \(c.seed): periods differ: engine \(engineLabels), reference \(periods.map(\.label))")
            return (problems, 0, 0)
        }
        let columnNames = RefSchema.standard.categories["area"]! + ["Area not recorded", "All"]
        var compared = 0, nonZero = 0
        for m in measures {
            guard let index = run.definitions.measures.firstIndex(where: { $0.id == m.id }),
                  let result = run.results.first(where: { $0.measure == index }) else {
                problems.append("seed \(c.seed): no result for \(m.id)")
                continue
            }
            let reference = RefMeasureEvaluator(data: data, measure: m)
            if result.rows != reference.rowLabels {
                problems.append("seed \(c.seed) \(m.id): rows \(result.rows) against \(reference.rowLabels)\n\(m.text)")
                continue
            }
            measure: for p in periods {
                let w = engineLabels.firstIndex(of: p.label)!
                let expected = reference.figures(start: p.start, end: p.end)
                for row in expected.indices {
                    for col in expected[row].indices {
                        for part in expected[row][col].indices {
                            let got = result.figure(window: w, row: row, column: col, part: part)
                            let want = expected[row][col][part]
                            compared += 1
                            if case .number(let n) = want.value, n != .int(0), n != .dec(0) { nonZero += 1 }
                            if !same(got, want) {
                                let hits = reference.population(start: p.start, end: p.end)
                                    .filter { col == columnNames.count - 1 || $0.column == col }
                                let lines = (m.record == "item" ? c.items : c.events).split(separator: "\n")
                                let rows = hits.prefix(40).map { "    line \($0.row + 2): \(lines[$0.row + 1])  parts \($0.parts) distinct \($0.distinct.display) amount \($0.amount.display)" }
                                problems.append("""
                                seed \(c.seed) (as at \(c.asAt)), measure \(m.id), period \(p.label), column \(columnNames[col]), \
                                row \(reference.rowLabels[row] ?? "headline"), part \(part):
                                  engine    \(describe(got))
                                  reference \(describe(want))
                                \(m.text)  the reference's population in this period and column (\(hits.count) records):
                                \(rows.joined(separator: "\n"))
                                """)
                                break measure
                            }
                        }
                    }
                }
            }
        }
        // Derived measures: each column's figure from the reference's figures of the others.
        var cache: [String: [[[RefFigure]]]] = [:]
        func read(_ id: String, _ start: Int, _ end: Int) -> [[[RefFigure]]] {
            let key = "\(id) \(start) \(end)"
            if let found = cache[key] { return found }
            let made = RefMeasureEvaluator(data: data, measure: measures.first { $0.id == id }!).figures(start: start, end: end)
            cache[key] = made
            return made
        }
        for d in derived {
            guard let index = run.definitions.measures.firstIndex(where: { $0.id == d.id }),
                  let result = run.results.first(where: { $0.measure == index }) else {
                problems.append("seed \(c.seed): no result for \(d.id)")
                continue
            }
            func isInteger(_ t: RefDerived.Term) -> Bool {
                switch t {
                case .int: return true
                case .dec: return false
                case .figure(let m, let part, _): return (part == "count" || part == "numerator") && !measures.first { $0.id == m }!.isAggregate
                case .arith(let op, let a, let b): return op != "/" && isInteger(a) && isInteger(b)
                }
            }
            derived: for p in periods {
                let w = engineLabels.firstIndex(of: p.label)!
                for col in columnNames.indices {
                    let want = RefDerived.figure(d.value, isInteger: isInteger, read: { read($0, $1, $2)[0][col][0] },
                                                 start: p.start, end: p.end, asAt: data.asAt)
                    let got = result.figure(window: w, row: 0, column: col, part: 0)
                    compared += 1
                    if case .number(let n) = want.value, n != .int(0), n != .dec(0) { nonZero += 1 }
                    if !same(got, want) {
                        problems.append("""
                        seed \(c.seed) (as at \(c.asAt)), derived \(d.id), period \(p.label), column \(columnNames[col]):
                          engine    \(describe(got))
                          reference \(describe(want))
                        \(d.text)\(measures.map(\.text).joined())
                        """)
                        break derived
                    }
                }
            }
        }
        return (problems, compared, nonZero)
    }

    /// Greedy shrinking of a failing case: the measure's statements, then the extracts'
    /// rows, each dropped while the same measure still differs from the reference.
    static func shrink(_ original: Case, _ problem: String) throws -> String? {
        guard var m = original.measures.first(where: { problem.contains(", measure \($0.id), ") }) else { return nil }
        func fails(_ c: Case, _ m: RefMeasure) -> String? {
            guard let (problems, _, _) = try? run(c, measures: [m]), !problems.contains(where: { $0.contains("rows rejected") }) else { return nil }
            return problems.first { $0.contains(", measure \(m.id), ") }
        }
        var c = original
        guard var last = fails(c, m) else { return nil }
        func simpler(_ m: RefMeasure) -> [RefMeasure] {
            var out: [RefMeasure] = []
            for k in m.wheres.indices { var t = m; t.wheres.remove(at: k); out.append(t) }
            if !m.lets.isEmpty { var t = m; t.lets.removeLast(); out.append(t) }
            if m.breakdown != nil { var t = m; t.breakdown = nil; out.append(t) }
            if m.distinct != nil { var t = m; t.distinct = nil; out.append(t) }
            switch m.kind {
            case .parts(let ps) where ps.count > 1:
                for k in ps.indices { var t = m; var q = ps; q.remove(at: k); t.kind = .parts(q); out.append(t) }
            case .share, .parts: var t = m; t.kind = .count; out.append(t)
            default: break
            }
            return out
        }
        var changed = true
        while changed {
            changed = false
            for candidate in simpler(m) {
                if let p = fails(c, candidate) { m = candidate; last = p; changed = true; break }
            }
        }
        for record in ["event", "item"] {
            var k = 1
            while true {
                var lines = (record == "item" ? c.items : c.events).split(separator: "\n").map(String.init)
                guard k < lines.count else { break }
                lines.remove(at: k)
                var trial = c
                if record == "item" { trial.items = lines.joined(separator: "\n") + "\n" } else { trial.events = lines.joined(separator: "\n") + "\n" }
                if let p = fails(trial, m) { c = trial; last = p } else { k += 1 }
            }
        }
        return "shrunk to:\n\(last)\n  items.csv:\n\(c.items)  events.csv:\n\(c.events)"
    }

    static func same(_ a: Number?, _ b: RefFigure.Num?) -> Bool {
        switch (a, b) {
        case (nil, nil): return true
        case (.int(let x)?, .int(let y)?): return x == y
        case (.money(let x)?, .money(let y)?): return x == y
        case (.double(let x)?, .dec(let y)?): return abs(x - y) <= 1e-9 * max(1, abs(x), abs(y))
        default: return false
        }
    }

    static func same(_ got: Figure, _ want: RefFigure) -> Bool {
        guard same(got.numerator, want.numerator), same(got.denominator, want.denominator) else { return false }
        switch (got.value, want.value) {
        case (.notApplicable, .z), (.notAvailable, .x): return true
        case (.number(let x), .number(let y)): return same(x, y)
        default: return false
        }
    }

    static func describe(_ f: Figure) -> String { "numerator \(String(describing: f.numerator)) denominator \(String(describing: f.denominator)) value \(f.value)" }
    static func describe(_ f: RefFigure) -> String { "numerator \(String(describing: f.numerator)) denominator \(String(describing: f.denominator)) value \(f.value)" }

    @Test func everyFigureMatchesTheReferenceInterpreter() throws {
        var problems: [String] = []
        var compared = 0, nonZero = 0
        let started = Date()
        for seed in Self.firstSeed..<(Self.firstSeed + UInt64(Self.iterations)) {
            let c = Self.makeCase(seed: seed)
            let (found, n, z) = try Self.run(c)
            compared += n
            nonZero += z
            if let first = found.first {
                problems.append(first)
                // The smallest measure and extract still showing the difference, to read by hand.
                if let shrunk = try Self.shrink(c, first) { problems.append(shrunk) }
            }
            if problems.count >= 4 { break }
        }
        for p in problems { Issue.record(Comment(rawValue: p)) }
        // Enough figures were compared, and enough of them were not zero, for the run to mean something.
        if problems.isEmpty {
            #expect(compared >= Self.iterations * Self.measuresPerSeed * 20)
            #expect(nonZero * 6 >= compared, "only \(nonZero) of \(compared) figures were not zero or z")
        }
        print("reference fuzz: \(Self.iterations) seeds × \(Self.measuresPerSeed) measures, \(compared) figures compared (\(nonZero) not zero or z) in \(String(format: "%.1f", Date().timeIntervalSince(started))) s (engine \(String(format: "%.1f", Self.engineSeconds)) s)")
    }

    /// Money and date-times (issues #11, #12) against the reference: amounts as finance
    /// writes them, summed in whole pence, compared with numbers as pounds, divided into
    /// numbers; date-times around 17:00, weekends and holidays given to the working-day
    /// functions under the close of business.
    @Test func moneyAndDateTimeFiguresMatchTheReferenceInterpreter() throws {
        var problems: [String] = []
        var compared = 0, money = 0, dateTimes = 0
        for seed in UInt64(1001)...UInt64(1000 + max(10, Self.iterations / 2)) {
            let c = Self.makeCase(seed: seed, money: true)
            money += c.measures.filter { if case .aggregate(_, _, _, true) = $0.kind { true } else { false } }.count
            dateTimes += c.measures.filter { $0.text.range(of: #"[ (.]t[ ),]"#, options: .regularExpression) != nil }.count
            let (found, n, _) = try Self.run(c)
            compared += n
            if let first = found.first {
                problems.append(first)
                if let shrunk = try Self.shrink(c, first) { problems.append(shrunk) }
            }
            if problems.count >= 4 { break }
        }
        for p in problems { Issue.record(Comment(rawValue: p)) }
        #expect(money >= 5, "only \(money) money aggregates generated")
        #expect(dateTimes >= 5, "only \(dateTimes) measures read a date-time")
        #expect(compared > 0)
    }

    @Test func theGeneratorIsDeterministic() {
        let a = Self.makeCase(seed: 7), b = Self.makeCase(seed: 7)
        #expect(a.items == b.items && a.events == b.events)
        #expect(a.measures.map(\.text) == b.measures.map(\.text))
        #expect(a.measures.map(\.text) != Self.makeCase(seed: 8).measures.map(\.text))
    }

    /// The reference's calendar agrees with the README's examples.
    @Test func theReferenceCalendarFollowsTheReadme() {
        #expect(RefCalendar.iso(RefCalendar.addMonths(RefCalendar.day(2017, 5, 31), -3)) == "2017-02-28")
        #expect(RefCalendar.iso(RefCalendar.addMonths(RefCalendar.day(2016, 5, 31), -3)) == "2016-02-29")
        #expect(RefCalendar.iso(RefCalendar.fyStart(RefCalendar.day(2017, 3, 31))) == "2016-04-01")
        #expect(RefCalendar.parse("1970-01-01") == 0)
        #expect(RefCalendar.civil(RefCalendar.day(2000, 2, 29)) == (2000, 2, 29))
    }

    /// Random ill-typed conditions inside otherwise generated measures: each is refused.
    @Test func randomIllTypedConditionsAreRefused() {
        var accepted: [String] = [], refusedControls: [String] = []
        func checks(_ m: RefMeasure) -> Bool {
            (try? DefinitionLoader.check([("fuzz.framework", RefGenerator.framework), ("BAD.metric", m.text)])) != nil
        }
        for seed in UInt64(1)...150 {
            var g = RefGenerator(seed: seed &+ 0xBAD)
            var m = g.measure(id: "BAD")
            let scope = RefGenerator.Scope(record: m.record)
            m.lets = []
            m.kind = .count
            // The control: the same measure with a well-typed condition is accepted…
            m.wheres = [g.condition(scope, depth: 2)]
            if !checks(m) { refusedControls.append(m.text) }
            // …and with an ill-typed one, refused.
            m.wheres = [g.illTyped(scope)]
            if checks(m) { accepted.append("seed \(seed):\n\(m.text)") }
        }
        #expect(refusedControls.isEmpty, "refused:\n\(refusedControls.prefix(3).joined())")
        #expect(accepted.isEmpty, "accepted:\n\(accepted.prefix(3).joined())")
    }

    /// Ill-typed measures are refused by the checker, never given a figure.
    @Test(arguments: [
        "tag < tag",                     // text has no order
        "person >= person",              // nor persons
        "start + 3 = start",             // a number added to a date
        "stage = 1",                     // a code against a number
        "stage = area",                  // codes of two categories
        "n = start",                     // a number against a date
        "(exists event q where q.item = this) + 1 = 2",
        "not n",                         // not on a number
        "stage in (1, 2)",               // a list of numbers for a code
        "round(x, n) = 1",               // places must be written out
        "x and n = 1",
    ])
    func illTypedMeasuresAreRefused(condition: String) {
        let measure = "measure BAD {\n  name \"bad\"\n  section main\n  of item\n  when start in period\n  where \(condition)\n  count\n}\n"
        #expect(throws: (any Error).self, "'\(condition)' was accepted") {
            _ = try DefinitionLoader.check([("fuzz.framework", RefGenerator.framework), ("BAD.metric", measure)])
        }
    }
}
