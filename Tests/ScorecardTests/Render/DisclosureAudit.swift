import Foundation
@testable import Scorecard

/// An attacker's audit of a published report.
///
/// It reads `report.json` exactly as published (every table, the previous period,
/// the same period a year before, the trend and the baseline) and builds the linear
/// system a reader who knows the framework's declarations can write down:
/// - every count is ≥ 0, and a share's numerator is at most its denominator;
/// - localities + not recorded = City for counts that add up (counted records); for
///   distinct counts only City ≤ their sum and each ≤ City;
/// - an exhaustive breakdown (`including "Not recorded"`) sums to its headline, in
///   every column;
/// - a published percentage p (one decimal place) of numerator n and denominator d:
///   (p − 0.05)·d ≤ 100·n ≤ (p + 0.05)·d; a breakdown `as share` has the headline
///   count as its denominator, a `share` part the measure's `count` part, and
///   measures with the same `of`/`when`/`where`/`let` count the same population;
/// - a rate or average reveals its count within its rounding, the denominator
///   (population, worker FTE) being public;
/// - a measure computed from others (`value`) is the linear form of its inputs
///   (found by evaluating the compiled expression), within its rounding;
/// - counts of records dated `in period` add up over time (a year is its quarters)
///   where every piece is in play, and counts `open at period end` are one count
///   for every window ending on the same day.
/// For every `c` it then asks an exact simplex for the least and greatest value of
/// the hidden count (or, for a computed measure, of its linear form).
///
/// Written apart from the engine's own disclosure code on purpose: it shares none of
/// its reasoning, only the declarations and the published file.
struct DisclosureAudit {
    struct Finding: CustomStringConvertible {
        var cell: String
        var low: Rational?
        var high: Rational?
        var truth: Rational
        /// A count (whole numbers) rather than a computed value (money).
        var integral: Bool
        /// The least and greatest possible values are one and the same.
        var degenerate: Bool { low != nil && low == high }
        /// The hidden value can be read back: for a count, a single whole number fits
        /// (a reader knows counts are whole, so [1.7, 2.2] gives 2 away); for a computed
        /// value, a single value fits.
        var pinned: Bool {
            guard let low, let high else { return false }
            return integral ? high.floor - low.ceiling < 1 : low == high
        }
        var description: String { "\(cell): true \(truth), interval [\(low?.description ?? "-∞"), \(high?.description ?? "∞")]" }
    }

    /// One count the reader does not see directly: measure, row, part, window, column, numerator (0) or denominator (1).
    struct Key: Hashable { var m, r, p, w, c, side: Int }

    let run: Evaluation
    let columns: Int
    var city: Int { columns - 1 }
    let windows: [Window]
    let windowIndex: [Window: Int]

    // Union-find over keys: counts the declarations say are the same count.
    private var ids: [Key: Int] = [:]
    private var keys: [Key] = []
    private var parent: [Int] = []

    private var linear: [(terms: [(Int, Rational)], relation: LinearProgram.Relation, bound: Rational)] = []
    private var targets: [(name: String, form: [(Int, Rational)], constant: Rational, truth: Rational, integral: Bool)] = []
    private var windowsUsed = Set<Int>()

    init(_ run: Evaluation, json: [String: Any]) {
        self.run = run
        columns = (json["columns"] as! [String]).count
        windows = Evaluator(dataset: run.dataset, periods: run.periods).windows
        var index: [Window: Int] = [:]
        for (i, w) in windows.enumerated() where index[w] == nil { index[w] = i }
        windowIndex = index
    }

    /// Audits the published reports of `run` for `period` (the latest quarter by default).
    static func audit(_ run: Evaluation, period: String? = nil) throws -> [Finding] {
        let files = try Reports.render(run, period: period, publish: true)
        let bytes = files.first { $0.name == "report.json" }!.bytes
        let json = try JSONSerialization.jsonObject(with: Data(bytes)) as! [String: Any]
        var audit = DisclosureAudit(run, json: json)
        audit.read(json)
        return audit.solve()
    }

    private var definitions: Definitions { run.definitions }

    private mutating func id(_ k: Key) -> Int {
        if let i = ids[k] { return i }
        ids[k] = keys.count
        keys.append(k)
        parent.append(keys.count - 1)
        return keys.count - 1
    }

    private mutating func find(_ i: Int) -> Int {
        var i = i
        while parent[i] != i { parent[i] = parent[parent[i]]; i = parent[i] }
        return i
    }

    private mutating func same(_ a: Key, _ b: Key) {
        let x = find(id(a)), y = find(id(b))
        if x != y { parent[max(x, y)] = min(x, y) }
    }

    private func result(_ m: Int) -> MeasureResult { run.results.first { $0.measure == m }! }

    /// The true value of a count (for the report; the solver never sees it).
    private func truth(_ k: Key) -> Rational {
        let f = result(k.m).figure(window: k.w, row: k.r, column: k.c, part: k.p)
        let n = k.side == 0 ? f.numerator : f.denominator
        switch n {
        case .int(let i)?: return Rational(i)
        case .double(let d)?: return Rational(d)
        case .money(let p)?: return Rational(p) / Rational(100)
        case nil: return .zero
        }
    }

    // MARK: - Reading the published file

    private mutating func read(_ json: [String: Any]) {
        let period = json["period"] as! [String: Any]
        let label = period["label"] as! String
        func window(_ label: String?) -> Int? { label.flatMap { l in run.periods.firstIndex { $0.label == l } } }
        let now = window(label)!
        let previous = window(period["previous"] as? String)
        let yearBefore = window(period["yearBefore"] as? String)
        for section in json["sections"] as! [[String: Any]] {
            for measure in section["measures"] as! [[String: Any]] {
                let m = definitions.measures.firstIndex { $0.id == measure["id"] as! String }!
                let res = result(m)
                let rows = measure["rows"] as! [[String: Any]]
                for r in res.rows.indices {
                    for p in res.parts.indices {
                        let breakdown = [res.rows[r], res.parts[p]].compactMap { $0 }.joined(separator: ": ")
                        let names = [breakdown] + (definitions.measures[m].per != nil ? [breakdown.isEmpty ? "count" : breakdown + ": count"] : [])
                        for (k, name) in names.enumerated() {
                            guard let row = rows.first(where: { $0["breakdown"] as? String == name }) else { continue }
                            let unit = row["unit"] as! String
                            for (c, cell) in (row["cells"] as! [[String: Any]]).enumerated() {
                                observe(m, r, p, k, unit, now, c, cell)
                            }
                            if let w = previous { observe(m, r, p, k, unit, w, city, row["previous"] as! [String: Any]) }
                            if let w = yearBefore { observe(m, r, p, k, unit, w, city, row["yearBefore"] as! [String: Any]) }
                            if r == 0, p == 0, k == 0 {
                                if let trend = measure["trend"] as? [String: Any] {
                                    for point in trend["points"] as! [[String: Any]] {
                                        observe(m, r, p, k, unit, window(point["period"] as? String)!, city, point["value"] as! [String: Any])
                                    }
                                }
                                if let baseline = measure["baseline"] as? [String: Any], baseline["declared"] as? Bool == false,
                                   let w = window(baseline["year"] as? String) {
                                    observe(m, r, p, k, unit, w, city, baseline["value"] as! [String: Any])
                                }
                            }
                        }
                    }
                }
            }
        }
        relate()
    }

    /// A published value exactly as written (JSON numbers at displayed precision).
    private static func number(_ cell: [String: Any]) -> Rational? {
        guard let n = cell["value"] as? NSNumber else { return nil }
        return Rational(decimal: "\(n)") ?? Rational(n.doubleValue)
    }

    private mutating func observe(_ m: Int, _ r: Int, _ p: Int, _ k: Int, _ unit: String, _ w: Int, _ c: Int, _ cell: [String: Any]) {
        windowsUsed.insert(w)
        let n = Key(m: m, r: r, p: p, w: w, c: c, side: 0), d = Key(m: m, r: r, p: p, w: w, c: c, side: 1)
        let value = Self.number(cell)
        let suppressed = cell["symbol"] as? String == "c"
        let name = "\(definitions.measures[m].id) \(result(m).rows[r] ?? "headline")\(result(m).parts[p].map { ": " + $0 } ?? "")\(k == 1 ? " count" : "") \(run.periods[w].label) column \(c)"
        let half = Rational(1, 20)
        switch unit {
        case "count":
            if let value { linear.append(([(id(n), .one)], .equal, value)) }
            if suppressed { targets.append((name, [(id(n), .one)], .zero, truth(n), true)) }
        case "percent":
            if let value {
                // (p − 0.05)·d ≤ 100·n ≤ (p + 0.05)·d
                linear.append(([(id(n), Rational(100)), (id(d), -(value - half))], .greaterOrEqual, .zero))
                linear.append(([(id(n), Rational(100)), (id(d), -(value + half))], .lessOrEqual, .zero))
            } else if cell["symbol"] as? String == "z" {
                linear.append(([(id(d), .one)], .equal, .zero))
            }
            // The numerator, unless it is a true zero (not protected): then the small denominator.
            if suppressed {
                let k = truth(n).isZero ? d : n
                targets.append((name + (k == d ? " denominator" : ""), [(id(k), .one)], .zero, truth(k), true))
            }
        case "rate", "ratio":
            // The count within the rounding of value = n · scale / denominator; the denominator is public.
            let f = result(m).figure(window: w, row: r, column: c, part: p)
            let scale = Rational(definitions.measures[m].per?.scale ?? 1)
            if let value, let den = f.denominator {
                let dq: Rational
                switch den { case .int(let i): dq = Rational(i); case .double(let x): dq = Rational(x); case .money(let p): dq = Rational(p) / Rational(100) }
                linear.append(([(id(n), .one)], .greaterOrEqual, (value - half) * dq / scale))
                linear.append(([(id(n), .one)], .lessOrEqual, (value + half) * dq / scale))
            }
            if suppressed { targets.append((name, [(id(n), .one)], .zero, truth(n), true)) }
        default:
            // A value computed from other measures: its linear form in their counts.
            guard definitions.measures[m].value != nil, let (form, constant, truth) = derivedForm(m, w, c) else { return }
            if let value {
                let margin = Rational(1, 2)
                linear.append((form, .greaterOrEqual, value - margin - constant))
                linear.append((form, .lessOrEqual, value + margin - constant))
            }
            if suppressed { targets.append((name, form, constant, truth, false)) }
        }
    }

    /// The derived measure's value in window w, column c as constant + Σ coefficient · count,
    /// found by evaluating its compiled expression with each input moved by one and by two.
    private mutating func derivedForm(_ m: Int, _ w: Int, _ c: Int) -> ([(Int, Rational)], Rational, Rational)? {
        let measure = definitions.measures[m]
        struct Input: Hashable { var dep: Int; var part: String; var w: Int }
        var reads: [Input] = []
        let windowIndex = self.windowIndex
        let results = run.results
        func evaluate(_ shift: [Input: Double]) -> Double? {
            var ctx = Context(data: run.dataset, slotCount: 1)
            ctx.window = windows[w]
            var seen: [Input] = []
            ctx.readFigure = { dep, part, window in
                guard let wi = windowIndex[window], let res = results.first(where: { $0.measure == dep }) else { return .null }
                let input = Input(dep: dep, part: part, w: wi)
                seen.append(input)
                let f = res.figure(window: wi, row: 0, column: c, part: 0)
                let n: Number?
                switch part {
                case "count", "numerator": n = f.numerator
                case "denominator": n = f.denominator
                default: n = f.denominator == nil ? f.numerator : nil
                }
                guard let n else { return .null }
                return .double(n.double + (shift[input] ?? 0))
            }
            let v = measure.value!.eval(&ctx)
            reads = seen
            return v.asDouble
        }
        guard let base = evaluate([:]) else { return nil }
        let inputs = Array(Set(reads))
        var form: [(Int, Rational)] = []
        var constant = Rational(base)
        for input in inputs {
            guard let one = evaluate([input: 1]), let two = evaluate([input: 2]) else { return nil }
            let coefficient = Rational(one - base)
            guard Rational(two - base) == coefficient + coefficient else { return nil }  // not linear in this input
            guard !coefficient.isZero else { continue }
            let side = input.part == "denominator" ? 1 : 0
            let key = Key(m: input.dep, r: 0, p: 0, w: input.w, c: c, side: side)
            windowsUsed.insert(input.w)
            form.append((id(key), coefficient))
            constant = constant - coefficient * truth(key)
        }
        return (form, constant, Rational(base))
    }

    // MARK: - Relations every reader knows from the declarations

    /// Whether a (measure, row, part) figure has a counted denominator (a percentage).
    private func hasCountedDenominator(_ m: Int, _ r: Int, _ p: Int) -> Bool {
        guard definitions.measures[m].per == nil, definitions.measures[m].value == nil else { return false }
        let res = result(m)
        for w in windowsUsed {
            for c in 0..<columns {
                if case .int? = res.figure(window: w, row: r, column: c, part: p).denominator { return true }
            }
        }
        return false
    }

    /// `of`, `when`, `where` and `let` as declared: measures that agree on them count the same records.
    static func population(_ declaration: String) -> String? {
        var statements: [String] = []
        for raw in declaration.split(separator: "\n") {
            let line = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            guard let first = words.first else { continue }
            if ["of", "when", "where", "let"].contains(first) { statements.append(words.joined(separator: " ")) }
            else if ["and", "or"].contains(first) || (line.first == " " && !statements.isEmpty && !["count", "share", "name", "section", "breakdown", "part", "per", "better", "baseline", "target", "comparator", "unit", "value", "description", "}"].contains(first)) {
                if !statements.isEmpty { statements[statements.count - 1] += " " + words.joined(separator: " ") }
            }
        }
        return statements.isEmpty ? nil : statements.sorted().joined(separator: "\n")
    }

    private mutating func relate() {
        let measures = definitions.measures
        // Same counts under different names.
        var byPopulation: [String: [Int]] = [:]
        for m in measures.indices where measures[m].value == nil && measures[m].distinct == nil {
            let res = result(m)
            guard res.rows.first == .some(nil), let key = Self.population(measures[m].declaration) else { continue }
            byPopulation[key, default: []].append(m)
        }
        for w in windowsUsed.sorted() {
            for c in 0..<columns {
                for group in byPopulation.values where group.count > 1 {
                    let keys = group.map { m in Key(m: m, r: 0, p: 0, w: w, c: c, side: hasCountedDenominator(m, 0, 0) ? 1 : 0) }
                    for k in keys.dropFirst() { same(keys[0], k) }
                }
            }
        }
        // Over time: one count for windows ending on the same day (records open at the end)…
        let byEnd = Dictionary(grouping: windowsUsed.sorted(), by: { windows[$0].end }).values.filter { $0.count > 1 }
        for m in measures.indices where measures[m].value == nil {
            guard case .open? = measures[m].when?.timing else { continue }
            let res = result(m)
            for group in byEnd {
                for w in group.dropFirst() {
                    var pairs: [(Key, Key)] = []
                    for r in res.rows.indices {
                        for p in res.parts.indices {
                            for c in 0..<columns {
                                for side in 0...1 { pairs.append((Key(m: m, r: r, p: p, w: w, c: c, side: side), Key(m: m, r: r, p: p, w: group[0], c: c, side: side))) }
                            }
                        }
                    }
                    if pairs.allSatisfy({ truth($0.0) == truth($0.1) }) { for (a, b) in pairs { same(a, b) } }
                }
            }
        }
        // …and a year that is the sum of its quarters (a quarter of its months) for records dated in the period.
        var tilings: [(Int, [Int])] = []
        for w in windowsUsed where w < run.periods.count && run.periods[w].kind != .month {
            let outer = run.periods[w]
            let inner: Period.Kind = outer.kind == .year ? .quarter : .month
            let pieces = windowsUsed.filter { $0 < run.periods.count && run.periods[$0].kind == inner
                && run.periods[$0].window.start >= outer.window.start && run.periods[$0].window.end <= outer.window.end }
            let days = pieces.reduce(0) { $0 + Int(run.periods[$1].window.end - run.periods[$1].window.start) + 1 }
            if days == Int(outer.window.end - outer.window.start) + 1 { tilings.append((w, pieces.sorted())) }
        }
        for m in measures.indices {
            let measure = measures[m]
            guard measure.value == nil, measure.distinct == nil, measure.wheres.isEmpty, measure.lets.isEmpty,
                  case .inPeriod? = measure.when?.timing else { continue }
            let res = result(m)
            for (total, pieces) in tilings {
                for p in res.parts.indices {
                    let numerators: Bool
                    switch measure.parts[p].part { case .share: numerators = false; default: numerators = true }
                    for r in res.rows.indices {
                        let sides = (numerators ? [0] : []) + (hasCountedDenominator(m, r, p) ? [1] : [])
                        for side in sides {
                            for c in 0..<columns {
                                let parts = pieces.map { id(Key(m: m, r: r, p: p, w: $0, c: c, side: side)) }
                                linear.append((parts.map { ($0, .one) } + [(id(Key(m: m, r: r, p: p, w: total, c: c, side: side)), -.one)], .equal, .zero))
                            }
                        }
                    }
                }
            }
        }
        for m in measures.indices where measures[m].value == nil {
            let measure = measures[m], res = result(m)
            let countPart = measure.parts.firstIndex { if case .count = $0.part { return true } else { return false } }
            let additive = measure.distinct == nil
            let exhaustive = additive && res.rows.first == .some(nil) && measure.breakdown.map { $0.notRecordedLabel != nil && !$0.only } == true
            for w in windowsUsed.sorted() {
                for p in res.parts.indices {
                    for r in res.rows.indices {
                        let shares = hasCountedDenominator(m, r, p)
                        for c in 0..<columns {
                            let n = Key(m: m, r: r, p: p, w: w, c: c, side: 0), d = Key(m: m, r: r, p: p, w: w, c: c, side: 1)
                            if shares {
                                linear.append(([(id(n), .one), (id(d), -.one)], .lessOrEqual, .zero))
                                if measure.breakdown?.asShare == true, r > 0 { same(d, Key(m: m, r: 0, p: p, w: w, c: c, side: 0)) }
                                if let q = countPart, q != p { same(d, Key(m: m, r: r, p: q, w: w, c: c, side: 0)) }
                            }
                        }
                        for side in shares ? [0, 1] : [0] {
                            let inner = (0..<city).map { id(Key(m: m, r: r, p: p, w: w, c: $0, side: side)) }
                            let total = id(Key(m: m, r: r, p: p, w: w, c: city, side: side))
                            if additive {
                                linear.append((inner.map { ($0, .one) } + [(total, -.one)], .equal, .zero))
                            } else {
                                linear.append((inner.map { ($0, .one) } + [(total, -.one)], .greaterOrEqual, .zero))
                                for i in inner { linear.append(([(i, .one), (total, -.one)], .lessOrEqual, .zero)) }
                            }
                        }
                    }
                    if exhaustive {
                        for c in 0..<columns {
                            let parts = (1..<res.rows.count).map { id(Key(m: m, r: $0, p: p, w: w, c: c, side: 0)) }
                            linear.append((parts.map { ($0, .one) } + [(id(Key(m: m, r: 0, p: p, w: w, c: c, side: 0)), -.one)], .equal, .zero))
                        }
                    }
                }
            }
        }
    }

    // MARK: - Solving

    private mutating func solve() -> [Finding] {
        // Every count is a variable of its class; components are solved apart.
        let roots = (0..<keys.count).map { find($0) }
        func root(_ terms: [(Int, Rational)]) -> [(Int, Rational)] {
            var sum: [Int: Rational] = [:]
            for (v, a) in terms { sum[roots[v], default: .zero] = sum[roots[v], default: .zero] + a }
            return sum.filter { !$0.value.isZero }.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        }
        let constraints = linear.map { (terms: root($0.terms), relation: $0.relation, bound: $0.bound) }
        // Components over variables.
        var comp = Array(0..<keys.count)
        func cf(_ i: Int) -> Int { var i = i; while comp[i] != i { comp[i] = comp[comp[i]]; i = comp[i] }; return i }
        for con in constraints {
            guard let first = con.terms.first?.0 else { continue }
            for (v, _) in con.terms.dropFirst() { let a = cf(first), b = cf(v); if a != b { comp[max(a, b)] = min(a, b) } }
        }
        var byComponent: [Int: [Int]] = [:]
        for (i, con) in constraints.enumerated() { if let v = con.terms.first?.0 { byComponent[cf(v), default: []].append(i) } }
        var programs: [Int: (ExactSimplex?, [Int: Int])] = [:]
        var findings: [Finding] = []
        for target in targets {
            let form = root(target.form)
            guard let anchor = form.first?.0 else { continue }
            let component = cf(anchor)
            if programs[component] == nil {
                var local: [Int: Int] = [:]
                var program = LinearProgram(variableCount: 0)
                for i in byComponent[component] ?? [] {
                    let con = constraints[i]
                    let terms = con.terms.map { (v, a) -> (Int, Rational) in
                        if local[v] == nil { local[v] = local.count }
                        return (local[v]!, a)
                    }
                    program.add(terms, con.relation, con.bound)
                }
                for (v, _) in form where local[v] == nil { local[v] = local.count }
                program.variableCount = local.count
                programs[component] = (ExactSimplex(program), local)
            }
            let (simplex, local) = programs[component]!
            let objective = form.map { (local[$0.0]!, $0.1) }
            guard let simplex else {
                findings.append(Finding(cell: target.name + " (infeasible system: the audit's model is wrong)", low: .zero, high: .zero, truth: target.truth, integral: false))
                continue
            }
            let low = simplex.minimum(objective).map { $0 + target.constant }
            let high = simplex.maximum(objective).map { $0 + target.constant }
            findings.append(Finding(cell: target.name, low: low, high: high, truth: target.truth, integral: target.integral))
        }
        return findings
    }
}
