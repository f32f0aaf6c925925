/// One disclosure decision for a whole published report: which of the cells it
/// prints are `c`. Every format (HTML with its trend chart, Markdown, JSON, the
/// quarterly return) reads this one plan, so none can show what another hides.
///
/// The plan lays out everything the report publishes — each measure's table for the
/// period, the City of the previous period and of the same period a year before for
/// every row, the trend's City headlines and the computed baseline — as the counts
/// behind them and the relations a reader of the framework knows (see `Suppression`):
/// - localities + not recorded = City, for counts of records. Distinct counts (one
///   child in two localities is one child in the City) only bound the City, but they
///   are treated as sums all the same: so few children are counted twice that a
///   reader assuming none would come within one or two of a lone `c`;
/// - a breakdown declared `including "Not recorded"` (and not `only`) sums to its
///   headline, in every column;
/// - a percentage's numerator and denominator; a breakdown `as share` has the
///   headline count as its denominator, a `share` part the measure's `count` part, and
///   measures declaring the same `of`, `when`, `where` and `let` count the same
///   records, so one's denominator is another's count;
/// - a rate or average shows its count (its denominator, a population or worker FTE,
///   is public);
/// - a measure computed from others (`value`) relates the counts it reads, in the
///   windows it reads them (`IM5.count at …`);
/// - over time: counts of records dated `in period` add up (a year is its quarters, a
///   quarter its months) wherever the report prints or reads all the pieces, and
///   counts `open` at a period's end are the same for every window ending that day.
struct DisclosurePlan: Sendable {
    /// A printed cell: measure (index in the definitions), row, part, style index
    /// (0 the value, 1 the count beside a rate), window, column.
    struct Cell: Hashable, Sendable {
        var measure: Int, row: Int, part: Int, k: Int, window: Int, column: Int
    }

    private(set) var suppressed: Set<Cell> = []

    func isSuppressed(_ cell: Cell) -> Bool { suppressed.contains(cell) }

    /// A count the report rests on: measure, row, part, window, column, numerator (0) or denominator (1).
    private struct Key: Hashable { var m, r, p, w, c, side: Int }

    init(_ run: Evaluation, selection: PeriodSelection, localityCount: Int) {
        var builder = Builder(run: run, columns: localityCount + 2)
        builder.layOut(selection)
        suppressed = builder.solve()
    }

    private struct Builder {
        let run: Evaluation
        let columns: Int
        var city: Int { columns - 1 }
        var problem = Suppression()
        var printed: [(Cell, Suppression.CellID)] = []
        private var vars: [Key: Suppression.Var] = [:]
        private var alias: [Key: Key] = [:]
        private var windows: Set<Int> = []
        let evaluator: Evaluator
        let resultOf: [Int: MeasureResult]

        init(run: Evaluation, columns: Int) {
            self.run = run
            self.columns = columns
            evaluator = Evaluator(dataset: run.dataset, periods: run.periods)
            resultOf = Dictionary(run.results.map { ($0.measure, $0) }, uniquingKeysWith: { a, _ in a })
        }

        var measures: [Measure] { run.definitions.measures }

        /// Every printed cell, with the windows and columns it is printed in.
        mutating func layOut(_ selection: PeriodSelection) {
            let baselineWindow = run.periods.firstIndex { $0.kind == .year && $0.label == run.definitions.framework.baselineYear }
            var places: [(m: Int, r: Int, p: Int, w: Int, c: Int)] = []
            for result in run.results {
                let m = result.measure
                for r in result.rows.indices {
                    for p in result.parts.indices {
                        for c in 0..<columns { places.append((m, r, p, selection.index, c)) }
                        for w in [selection.previous, selection.yearBefore].compactMap({ $0 }) { places.append((m, r, p, w, city)) }
                    }
                }
                // The trend and a computed baseline: the City headline (row 0, part 0), drawn when row 0 is the headline.
                guard result.rows.first == .some(nil) else { continue }
                for w in selection.trend { places.append((m, 0, 0, w, city)) }
                if measures[m].baseline == nil, let w = baselineWindow { places.append((m, 0, 0, w, city)) }
            }
            for place in places {
                windows.insert(place.w)
                if measures[place.m].value != nil { for key in reads(place.m, place.w, place.c) { windows.insert(key.w) } }
            }
            // Counts first (so aliases are known), then cells, then the sums over every window used.
            unify()
            var seen = Set<Cell>()
            for place in places {
                let styles = MeasureReportBuilder.styles(measures[place.m], sample: figure(place.m, place.r, place.p, selection.index, city))
                for k in styles.indices {
                    let cell = Cell(measure: place.m, row: place.r, part: place.p, k: k, window: place.w, column: place.c)
                    guard seen.insert(cell).inserted else { continue }
                    addCell(cell, style: styles[k])
                }
            }
            addSums()
        }

        func figure(_ m: Int, _ r: Int, _ p: Int, _ w: Int, _ c: Int) -> Figure {
            resultOf[m]!.figure(window: w, row: r, column: c, part: p)
        }

        /// The count behind a key, through any alias the declarations imply.
        mutating func variable(_ key: Key) -> Suppression.Var {
            var key = key
            while let other = alias[key] { key = other }
            if let v = vars[key] { return v }
            let f = figure(key.m, key.r, key.p, key.w, key.c)
            let n = key.side == 0 ? f.numerator : f.denominator
            var value: Int64 = 0
            if case .int(let i)? = n { value = i }
            let v = problem.addVar(value: value, isCity: key.c == city)
            vars[key] = v
            return v
        }

        private func isCount(_ n: Number?) -> Bool { if case .int? = n { return true } else { return false } }

        /// Whether a (measure, row, part) has counted denominators: a percentage.
        private func isShare(_ m: Int, _ r: Int, _ p: Int) -> Bool {
            guard measures[m].per == nil, measures[m].value == nil else { return false }
            return windows.contains { w in (0..<columns).contains { c in isCount(figure(m, r, p, w, c).denominator) } }
        }

        /// Counts that are the same count under another name.
        private mutating func unify() {
            var byPopulation: [String: [Int]] = [:]
            for result in run.results {
                let m = result.measure, measure = measures[m]
                guard measure.value == nil, measure.distinct == nil, result.rows.first == .some(nil),
                      let population = Self.population(measure.declaration) else { continue }
                byPopulation[population, default: []].append(m)
            }
            for w in windows.sorted() {
                for c in 0..<columns {
                    for group in byPopulation.values.map({ $0.sorted() }) where group.count > 1 {
                        let keys = group.map { Key(m: $0, r: 0, p: 0, w: w, c: c, side: isShare($0, 0, 0) ? 1 : 0) }
                        // Only where the figures agree: the declarations say so, the values must bear it out.
                        for k in keys.dropFirst() where countValue(k) == countValue(keys[0]) { link(k, to: keys[0]) }
                    }
                }
            }
            // Counts of records open at a period's end: every window ending that day holds the same table.
            for result in run.results where isOpenAtEnd(result.measure) {
                let m = result.measure
                for group in sameEnd() {
                    let first = group[0]
                    for w in group.dropFirst() {
                        var keys: [(Key, Key)] = []
                        for r in result.rows.indices {
                            for p in result.parts.indices {
                                for c in 0..<columns {
                                    for side in 0...1 {
                                        keys.append((Key(m: m, r: r, p: p, w: w, c: c, side: side), Key(m: m, r: r, p: p, w: first, c: c, side: side)))
                                    }
                                }
                            }
                        }
                        guard keys.allSatisfy({ countValue($0.0) == countValue($0.1) }) else { continue }
                        for (a, b) in keys where countValue(a) != nil { link(a, to: b) }
                    }
                }
            }
            for result in run.results {
                let m = result.measure, measure = measures[m]
                guard measure.value == nil else { continue }
                let countPart = measure.parts.firstIndex { if case .count = $0.part { return true } else { return false } }
                for w in windows.sorted() {
                    for r in result.rows.indices {
                        for p in result.parts.indices where isShare(m, r, p) {
                            for c in 0..<columns {
                                let d = Key(m: m, r: r, p: p, w: w, c: c, side: 1)
                                if measure.breakdown?.asShare == true, r > 0 {
                                    let headline = Key(m: m, r: 0, p: p, w: w, c: c, side: 0)
                                    if countValue(d) == countValue(headline) { link(d, to: headline) }
                                } else if let q = countPart, q != p {
                                    let count = Key(m: m, r: r, p: q, w: w, c: c, side: 0)
                                    if countValue(d) == countValue(count) { link(d, to: count) }
                                }
                            }
                        }
                    }
                }
            }
        }

        private func countValue(_ k: Key) -> Int64? {
            let f = figure(k.m, k.r, k.p, k.w, k.c)
            if case .int(let i)? = (k.side == 0 ? f.numerator : f.denominator) { return i }
            return nil
        }

        private mutating func link(_ a: Key, to b: Key) {
            var root = b
            while let other = alias[root] { root = other }
            var from = a
            while let other = alias[from] { from = other }
            if from != root { alias[from] = root }
        }

        private func isOpenAtEnd(_ m: Int) -> Bool {
            if case .open? = measures[m].when?.timing { return measures[m].value == nil }
            return false
        }

        /// Whether a measure's counts on `side` add up over time: records counted once, by a
        /// date in the period, with nothing else that changes with the period.
        private func addsUpOverTime(_ m: Int, part p: Int, side: Int) -> Bool {
            let measure = measures[m]
            guard measure.value == nil, measure.distinct == nil, measure.wheres.isEmpty, measure.lets.isEmpty,
                  case .inPeriod? = measure.when?.timing else { return false }
            if side == 1 { return true }
            switch measure.parts[p].part {
            case .count, .staticShare: return true
            case .share: return false
            }
        }

        /// Windows ending on the same day (a quarter, its year or last month, an `at` day), in groups.
        private func sameEnd() -> [[Int]] {
            Dictionary(grouping: windows.sorted(), by: { evaluator.windows[$0].end }).values.filter { $0.count > 1 }.sorted { $0[0] < $1[0] }
        }

        /// Windows the report uses that are tiled exactly by other windows it uses: a
        /// year by its four quarters, a quarter by its three months.
        private func tilings() -> [(total: Int, parts: [Int])] {
            let periods = run.periods
            var out: [(Int, [Int])] = []
            for w in windows.sorted() where w < periods.count && periods[w].kind != .month {
                let smaller: Period.Kind = periods[w].kind == .year ? .quarter : .month
                let window = periods[w].window
                let pieces = windows.filter { $0 < periods.count && periods[$0].kind == smaller
                    && periods[$0].window.start >= window.start && periods[$0].window.end <= window.end }
                    .sorted { periods[$0].window.start < periods[$1].window.start }
                guard let first = pieces.first, let last = pieces.last, periods[first].window.start == window.start,
                      periods[last].window.end == window.end,
                      zip(pieces, pieces.dropFirst()).allSatisfy({ periods[$0].window.end + 1 == periods[$1].window.start }) else { continue }
                out.append((w, pieces))
            }
            return out
        }

        /// `of`, `when`, `where` and `let` statements as declared, comments and spacing aside:
        /// two measures that agree on them count the same records in every window and column.
        static func population(_ declaration: String) -> String? {
            let starts: Set<String> = ["of", "when", "where", "let"]
            let others: Set<String> = ["measure", "name", "description", "section", "count", "share", "breakdown", "part", "per",
                                       "value", "unit", "better", "baseline", "target", "comparator", "}"]
            var statements: [String] = []
            var inPopulation = false
            for raw in declaration.split(separator: "\n") {
                let line = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
                let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
                guard let first = words.first else { continue }
                if starts.contains(first) {
                    statements.append(words.joined(separator: " "))
                    inPopulation = true
                } else if others.contains(first) {
                    inPopulation = false
                } else if inPopulation {
                    statements[statements.count - 1] += " " + words.joined(separator: " ")
                }
            }
            return statements.isEmpty ? nil : statements.sorted().joined(separator: "\n")
        }

        /// One printed cell and what it reveals.
        private mutating func addCell(_ cell: Cell, style: CellStyle) {
            let (m, r, p, w, c) = (cell.measure, cell.row, cell.part, cell.window, cell.column)
            let f = figure(m, r, p, w, c)
            let shown = cell.k == 0 ? f : Figure(numerator: f.numerator, denominator: nil, value: f.numerator.map { .number($0) } ?? .notAvailable)
            let n = Key(m: m, r: r, p: p, w: w, c: c, side: 0), d = Key(m: m, r: r, p: p, w: w, c: c, side: 1)
            let reveals: Suppression.Reveals
            switch style {
            case .count:
                reveals = isCount(shown.numerator) ? .count(variable(n)) : .nothing
            case .percent:
                if !isCount(f.numerator) || !isCount(f.denominator) { reveals = .nothing }
                else if case .number = f.value { reveals = .ratio(numerator: variable(n), denominator: variable(d)) }
                else { reveals = .zeros([variable(n), variable(d)]) }
            case .rate, .ratio:
                reveals = isCount(f.numerator) ? .count(variable(n)) : .nothing
            case .pounds, .number:
                reveals = measures[m].value != nil ? .combination(inputs(m, w, c)) : .nothing
            }
            var isNumber = false
            if case .number = shown.value { isNumber = true }
            let primary = isNumber && Disclosure.isPrimary(shown, style)
            printed.append((cell, problem.addCell(reveals, primary: primary)))
        }

        /// The counts a computed measure reads in window w, column c: found by evaluating
        /// its expression and recording what it asks for (so `at` windows come out right).
        private func reads(_ m: Int, _ w: Int, _ c: Int) -> [Key] {
            guard let value = measures[m].value else { return [] }
            let windowsByRange = Dictionary(evaluator.windows.enumerated().map { ($0.element, $0.offset) }, uniquingKeysWith: { a, _ in a })
            var reads: [Key] = []
            var ctx = Context(data: run.dataset, slotCount: 1)
            ctx.window = evaluator.windows[w]
            let resultOf = self.resultOf
            ctx.readFigure = { dep, part, window in
                guard let wi = windowsByRange[window], let result = resultOf[dep] else { return .null }
                let f = result.figure(window: wi, row: 0, column: c, part: 0)
                let side = part == "denominator" ? 1 : 0
                reads.append(Key(m: dep, r: 0, p: 0, w: wi, c: c, side: side))
                let n = side == 0 ? f.numerator : f.denominator
                switch n {
                case .int(let i)?, .money(let i)?: return .int(i)
                case .double(let x)?: return .double(x)
                case nil: return .null
                }
            }
            _ = value.eval(&ctx)
            return reads.filter { countValue($0) != nil }
        }

        private mutating func inputs(_ m: Int, _ w: Int, _ c: Int) -> [Suppression.Var] {
            reads(m, w, c).map { variable($0) }
        }

        /// The sums every reader knows (or can nearly assume), in every window the report prints or reads.
        private mutating func addSums() {
            let tiled = tilings()
            for result in run.results {
                let m = result.measure, measure = measures[m]
                guard measure.value == nil else { continue }
                let exhaustive = result.rows.first == .some(nil) && measure.breakdown.map { $0.notRecordedLabel != nil && !$0.only } == true
                for w in windows.sorted() {
                    for p in result.parts.indices {
                        for r in result.rows.indices {
                            guard isCount(figure(m, r, p, w, city).numerator) else { continue }
                            for side in isShare(m, r, p) ? [0, 1] : [0] {
                                let parts = (0..<city).map { variable(Key(m: m, r: r, p: p, w: w, c: $0, side: side)) }
                                problem.addSum(parts: parts, total: variable(Key(m: m, r: r, p: p, w: w, c: city, side: side)))
                            }
                        }
                        guard exhaustive else { continue }
                        for c in 0..<columns {
                            let parts = (1..<result.rows.count).map { variable(Key(m: m, r: $0, p: p, w: w, c: c, side: 0)) }
                            problem.addSum(parts: parts, total: variable(Key(m: m, r: 0, p: p, w: w, c: c, side: 0)))
                        }
                    }
                }
                for (total, pieces) in tiled {
                    for p in result.parts.indices {
                        for r in result.rows.indices {
                            for side in 0...1 where addsUpOverTime(m, part: p, side: side) && (side == 0 || isShare(m, r, p)) {
                                guard isCount(figure(m, r, p, total, city).numerator) else { continue }
                                for c in 0..<columns {
                                    let parts = pieces.map { variable(Key(m: m, r: r, p: p, w: $0, c: c, side: side)) }
                                    problem.addSum(parts: parts, total: variable(Key(m: m, r: r, p: p, w: total, c: c, side: side)))
                                }
                            }
                        }
                    }
                }
            }
        }

        func solve() -> Set<Cell> {
            let hidden = problem.solve().hidden
            return Set(printed.filter { hidden.contains($0.1) }.map(\.0))
        }
    }
}
