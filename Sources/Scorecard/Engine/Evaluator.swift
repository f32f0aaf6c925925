import Dispatch

/// Evaluates every measure over every window and column. Counted measures make one
/// pass over their record per window; the city column is accumulated from all
/// records, never by summing or averaging locality figures.
public struct Evaluator {
    public let dataset: Dataset
    public let periods: [Period]
    /// The periods' windows, then extra windows that `at` expressions ask for.
    public private(set) var windows: [Window] = []
    private var windowIndex: [Window: Int] = [:]
    /// Candidate lists built once per (record, timing) and shared by the measures.
    let candidateCache = CandidateCache()

    var definitions: Definitions { dataset.definitions }
    /// Locality columns, then not recorded, then city.
    public var columnCount: Int { localityCount + 2 }
    public var localityCount: Int { definitions.categories[definitions.framework.columnCategory].values.count }

    public init(dataset: Dataset, periods: [Period]) {
        self.dataset = dataset
        self.periods = periods
        for p in periods { addWindow(p.window) }
        var ctx = Context(data: dataset, slotCount: 0)
        for p in periods {
            ctx.window = p.window
            for at in dataset.definitions.atDates {
                if case .int(let d) = at.eval(&ctx) { addWindow(Window(start: Int32(d), end: Int32(d))) }
            }
        }
    }

    private mutating func addWindow(_ w: Window) {
        if windowIndex[w] == nil {
            windowIndex[w] = windows.count
            windows.append(w)
        }
    }

    /// Results for every measure, in the definitions' order.
    /// Counted measures run in parallel on every core (each reads the records and
    /// writes only its own result); measures computed from others then run in order.
    public func evaluate(timing: (String, Double) -> Void = { _, _ in }) -> [MeasureResult] {
        dataset.prepareGroups()
        // Compiled expressions read the columns through raw pointers while this runs.
        return dataset.withColumnPointers { evaluatePrepared(timing: timing) }
    }

    private func evaluatePrepared(timing: (String, Double) -> Void) -> [MeasureResult] {
        let measures = definitions.measures
        // Longest first, so no long measure starts last and runs alone: measures with a
        // `let` that changes with the window (a look-up per record per window) lead,
        // then larger records before smaller. The order changes no figure.
        let counted = measures.indices.filter { measures[$0].value == nil }.sorted { a, b in
            func weight(_ m: Int) -> (Int, Int) {
                let measure = measures[m]
                return (measure.lets.isEmpty ? 0 : 1, measure.record.map { dataset.tables[$0].count } ?? 0)
            }
            let (wa, wb) = (weight(a), weight(b))
            return wa != wb ? wa > wb : a < b
        }
        var results: [MeasureResult?] = Array(repeating: nil, count: measures.count)
        var seconds = [Double](repeating: 0, count: measures.count)
        let shared = Unchecked(self)
        results.withUnsafeMutableBufferPointer { out in
            seconds.withUnsafeMutableBufferPointer { times in
                let slots = Unchecked((out, times))
                DispatchQueue.concurrentPerform(iterations: counted.count) { i in
                    let m = counted[i]
                    let started = DispatchTime.now()
                    let result = shared.value.withheldUntilDue(shared.value.counted(m))
                    slots.value.0[m] = result
                    slots.value.1[m] = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
                }
            }
        }
        var done = Set(counted)
        func visit(_ m: Int) {
            if done.contains(m) { return }
            done.insert(m)
            for d in measures[m].dependencies { visit(d) }
            let started = DispatchTime.now()
            results[m] = withheldUntilDue(derived(m, results))
            seconds[m] = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
        }
        for m in measures.indices { visit(m) }
        for m in measures.indices { timing(measures[m].id, seconds[m]) }
        return results.map { $0! }
    }

    /// A measure that looks forward (`available 3 months after period end`) has no
    /// figure for a period until the as-at date reaches its end plus the delay: until
    /// then every figure of the period is `x`, not a count that would later grow.
    func withheldUntilDue(_ result: MeasureResult) -> MeasureResult {
        guard let delay = definitions.measures[result.measure].availableAfter else { return result }
        var result = result
        let withheld = Figure(numerator: nil, denominator: nil, value: .notAvailable)
        for (w, window) in windows.enumerated() {
            let due = delay.unit == .days ? Int64(window.end) + Int64(delay.count) : Int64(Day.addMonths(window.end, delay.count))
            guard due > Int64(dataset.asAt) else { continue }
            result.figures[w] = result.figures[w].map { row in row.map { cell in cell.map { _ in withheld } } }
        }
        return result
    }

    // MARK: - Counted measures

    private func rowLabels(_ measure: Measure) -> [String?] {
        var rows: [String?] = []
        guard let b = measure.breakdown else { return [nil] }
        if !b.only { rows.append(nil) }
        rows += definitions.categories[b.category].values.map { Optional($0) }
        if let label = b.notRecordedLabel { rows.append(label) }
        return rows
    }

    /// Where a counted record lands: its column, its breakdown row (if any), which
    /// parts it counts in, and the value it counts distinctly (if the measure does).
    struct Hit {
        var row: Int
        var column: Int
        var breakdownRow: Int
        /// Bit k set when the record counts in part k.
        var partMask: UInt64
        var partCount: Int
        var distinct: Int64?

        /// Per part: does the record count in it.
        var parts: [Bool] { (0..<partCount).map { partMask & (1 << UInt64($0)) != 0 } }
    }

    /// The layout of a counted measure's rows: headline first unless `only`, then
    /// each category, then the not-recorded row if the breakdown has one.
    struct RowLayout {
        var labels: [String?]
        var headline: Int
        var categoryOffset: Int
        var notRecordedRow: Int
    }

    func layout(_ measure: Measure) -> RowLayout {
        let headline = measure.breakdown.map { $0.only ? -1 : 0 } ?? 0
        let categoryOffset = headline == 0 ? 1 : 0
        let categoryCount = measure.breakdown.map { definitions.categories[$0.category].values.count } ?? 0
        let notRecordedRow = measure.breakdown?.notRecordedLabel != nil ? categoryOffset + categoryCount : -1
        return RowLayout(labels: rowLabels(measure), headline: headline, categoryOffset: categoryOffset, notRecordedRow: notRecordedRow)
    }

    /// One pass over a measure's population in one window, calling `visit` for every
    /// record in it. The same pass serves figures and explanations.
    /// Per record: 0 when a window-independent filter rejects it, else bit k + 1 set when
    /// window-independent share k holds. Computed once per measure, not once per window.
    func staticFlags(_ measure: Measure) -> [UInt64]? {
        let hasStatic = !measure.staticWheres.isEmpty || measure.parts.contains { if case .staticShare = $0.part { true } else { false } }
        guard hasStatic, let record = measure.record else { return nil }
        let table = dataset.tables[record]
        var ctx = Context(data: dataset, slotCount: measure.slotCount)
        var flags = [UInt64](repeating: 0, count: table.count)
        rows: for r in 0..<table.count {
            ctx.row = r
            for w in measure.staticWheres where !w.eval(&ctx).isTrue { continue rows }
            var f: UInt64 = 1
            for (k, part) in measure.parts.enumerated() where k < 63 {
                if case .staticShare(let c) = part.part, c.eval(&ctx).isTrue { f |= 1 << UInt64(k + 1) }
            }
            flags[r] = f
        }
        return flags
    }

    /// Values of a measure's window-independent `let`s, computed the first time a record
    /// is met and reused in every later window.
    final class LetMemo {
        @exclusivity(unchecked) var values: [[Value]]
        @exclusivity(unchecked) var done: [Bool]
        init(lets: Int, rows: Int) {
            values = Array(repeating: [], count: lets)
            done = lets == 0 ? [] : [Bool](repeating: false, count: rows)
            if lets > 0 { for k in 0..<lets { values[k] = [Value](repeating: .null, count: rows) } }
        }
    }

    /// Calls `visit` with the hit of every record of the measure in window `w`.
    func scan(_ measure: Measure, window w: Int, candidates: Candidates, flags: [UInt64]? = nil, memo: LetMemo? = nil,
              _ visit: (Hit) -> Void) {
        scanRecords(measure, window: w, candidates: candidates, flags: flags, memo: memo, amount: nil, visit)
    }

    /// As `scan`, and `amount` receives the value a `sum`, `average`, `min` or `max`
    /// aggregates, just before `visit` is called with the record's hit (kept out of `Hit`,
    /// which every count passes in its hottest loop).
    func scan(_ measure: Measure, window w: Int, candidates: Candidates, flags: [UInt64]? = nil, memo: LetMemo? = nil,
              amount: @escaping (Value) -> Void, _ visit: (Hit) -> Void) {
        scanRecords(measure, window: w, candidates: candidates, flags: flags, memo: memo, amount: amount, visit)
    }

    /// The record loop of both `scan`s. Inlined into each, so a count's copy is compiled
    /// with no amount at all: an optional closure tested per record, and the aggregate's
    /// closure held through the loop, cost counts ~5% of their scan (callgrind, scale 20).
    @inline(__always)
    private func scanRecords(_ measure: Measure, window w: Int, candidates: Candidates, flags: [UInt64]?, memo: LetMemo?,
                             amount: ((Value) -> Void)?, _ visit: (Hit) -> Void) {
        let table = dataset.tables[measure.record!]
        let rows = layout(measure)
        let window = windows[w]
        var ctx = Context(data: dataset, slotCount: measure.slotCount)
        ctx.window = window
        let breakdownValues = measure.breakdown.map { table.ints[$0.field] }
        let distinctColumn = measure.distinct?.thisField.map { table.ints[$0] }
        let distinctEval = measure.distinct?.eval
        let amountEval = amount == nil ? nil : measure.aggregate?.value.eval
        let columns = table.columns
        let flags = flags ?? staticFlags(measure)
        let memo = memo ?? LetMemo(lets: measure.staticLets.count, rows: table.count)
        // The measure's pieces taken apart once per window, so the record loop copies no
        // structs holding closures (each copy was a reference count taken and dropped).
        let staticLetSlots = measure.staticLets.map(\.slot)
        let staticLetEvals = measure.staticLets.map(\.value.eval)
        let letEvals = measure.lets.map(\.eval)
        let whereEvals = measure.wheres.map(\.eval)
        let partCount = measure.parts.count
        var countMask: UInt64 = 0, staticMask: UInt64 = 0
        var shareEvals: [(bit: UInt64, eval: (inout Context) -> Value)] = []
        for (k, part) in measure.parts.enumerated() {
            switch part.part {
            case .count: countMask |= 1 << UInt64(k)
            case .share(let c): shareEvals.append((1 << UInt64(k), c.eval))
            case .staticShare: staticMask |= 1 << UInt64(k)
            }
        }
        let notRecordedRow = rows.notRecordedRow, categoryOffset = rows.categoryOffset
        func consider(_ r: Int) {
            let rowFlags = flags?[r] ?? 1
            if rowFlags == 0 { return }
            ctx.row = r
            if !staticLetEvals.isEmpty {
                if !memo.done[r] {
                    for k in 0..<staticLetEvals.count {
                        let v = staticLetEvals[k](&ctx)
                        ctx.slots[staticLetSlots[k]] = v
                        memo.values[k][r] = v
                    }
                    memo.done[r] = true
                } else {
                    for k in 0..<staticLetEvals.count { ctx.slots[staticLetSlots[k]] = memo.values[k][r] }
                }
            }
            for k in 0..<letEvals.count { _ = letEvals[k](&ctx) }
            for k in 0..<whereEvals.count where !whereEvals[k](&ctx).isTrue { return }
            // Static share k is flag bit k + 1 (bit 0 marks "passes the static filters").
            var mask = countMask | ((rowFlags >> 1) & staticMask)
            for k in 0..<shareEvals.count where shareEvals[k].eval(&ctx).isTrue { mask |= shareEvals[k].bit }
            var distinctValue: Int64?
            if let distinctColumn {
                let v = distinctColumn[r]
                if v == Table.null { return }
                distinctValue = v
            } else if let distinctEval {
                guard case .int(let v) = distinctEval(&ctx) else { return }
                distinctValue = v
            }
            var breakdownRow = -1
            if let breakdownValues {
                let v = breakdownValues[r]
                breakdownRow = v == Table.null ? notRecordedRow : categoryOffset + Int(v)
            }
            if let amount, let amountEval { amount(amountEval(&ctx)) }
            visit(Hit(row: r, column: Int(columns[r]), breakdownRow: breakdownRow, partMask: mask, partCount: partCount, distinct: distinctValue))
        }
        switch candidates {
        case .byDate(let sortedRows, let values):
            var k = Candidates.lowerBound(values, Int64(window.start))
            while k < values.count, values[k] <= Int64(window.end) {
                consider(Int(sortedRows[k]))
                k += 1
            }
        case .perWindow(let starts, let list):
            for k in starts[w]..<starts[w + 1] { consider(Int(list[k])) }
        case .all:
            guard let when = measure.when?.eval else { return }
            for r in 0..<table.count {
                ctx.row = r
                if when(&ctx).isTrue { consider(r) }
            }
        }
    }

    private func counted(_ m: Int) -> MeasureResult {
        let measure = definitions.measures[m]
        let rows = layout(measure)
        let parts = measure.parts
        let columns = columnCount
        let city = columns - 1
        let headline = rows.headline
        let candidates = candidateCache.candidates(for: measure, dataset: dataset, windows: windows)
        let flags = staticFlags(measure)
        let memo = LetMemo(lets: measure.staticLets.count, rows: dataset.tables[measure.record!].count)
        var figures: [[[[Figure]]]] = []
        figures.reserveCapacity(windows.count)
        // A distinct count with shares counts distinct values per part (those with a record
        // meeting the part's condition) and for the whole population (the denominator):
        // counter row `row * (parts + 1) + k` for part k, and `+ parts` for the population.
        let distinctShares = measure.distinct != nil && parts.contains { if case .count = $0.part { false } else { true } }
        let distinctStride = distinctShares ? parts.count + 1 : 1
        let distinctCounter = DistinctCounter(rows: rows.labels.count * distinctStride, columns: columns)

        let partCount = parts.count
        let rowCount = rows.labels.count
        // Flat accumulators: numerators[(row * columns + column) * parts + part], denominators[row * columns + column].
        // Raw buffers: they are bumped for every record in every window.
        let numerators = UnsafeMutablePointer<Int64>.allocate(capacity: max(1, rowCount * columns * partCount))
        let denominators = UnsafeMutablePointer<Int64>.allocate(capacity: max(1, rowCount * columns))
        defer { numerators.deallocate(); denominators.deallocate() }
        let aggregates = measure.aggregate.map { AggregateCells(kind: $0.kind, isInteger: $0.isInteger, isMoney: $0.isMoney, cells: rowCount * columns) }
        for (w, window) in windows.enumerated() {
            numerators.initialize(repeating: 0, count: max(1, rowCount * columns * partCount))
            denominators.initialize(repeating: 0, count: max(1, rowCount * columns))
            distinctCounter.startWindow()
            aggregates?.reset()
            if aggregates == nil && !distinctShares {
                // The common case, kept free of the aggregate and distinct-share paths so the
                // optimiser inlines it as tightly as before they existed.
                scan(measure, window: w, candidates: candidates, flags: flags, memo: memo) { hit in
                    @inline(__always) func add(_ row: Int, _ col: Int) {
                        let cell = row * columns + col
                        denominators[cell] += 1
                        var mask = hit.partMask
                        while mask != 0 {
                            let k = mask.trailingZeroBitCount
                            numerators[cell * partCount + k] += 1
                            mask &= mask - 1
                        }
                        if let v = hit.distinct { distinctCounter.insert(v, row: row, column: col) }
                    }
                    if headline >= 0 { add(headline, hit.column); add(headline, city) }
                    if hit.breakdownRow >= 0 { add(hit.breakdownRow, hit.column); add(hit.breakdownRow, city) }
                }
            } else {
                var currentAmount: Value = .null
                scan(measure, window: w, candidates: candidates, flags: flags, memo: memo, amount: { currentAmount = $0 }) { hit in
                    func add(_ row: Int, _ col: Int) {
                        let cell = row * columns + col
                        denominators[cell] += 1
                        if let aggregates { aggregates.add(currentAmount, cell: cell) }
                        var mask = hit.partMask
                        while mask != 0 {
                            let k = mask.trailingZeroBitCount
                            numerators[cell * partCount + k] += 1
                            mask &= mask - 1
                        }
                        if let v = hit.distinct {
                            if distinctShares {
                                distinctCounter.insert(v, row: row * distinctStride + partCount, column: col)
                                var parts = hit.partMask
                                while parts != 0 {
                                    distinctCounter.insert(v, row: row * distinctStride + parts.trailingZeroBitCount, column: col)
                                    parts &= parts - 1
                                }
                            } else {
                                distinctCounter.insert(v, row: row, column: col)
                            }
                        }
                    }
                    if headline >= 0 { add(headline, hit.column); add(headline, city) }
                    if hit.breakdownRow >= 0 { add(hit.breakdownRow, hit.column); add(hit.breakdownRow, city) }
                }
            }

            let reference = measure.per.map { referenceValues($0, window: window) }
            var windowFigures: [[[Figure]]] = []
            for row in 0..<rows.labels.count {
                var rowFigures: [[Figure]] = []
                for col in 0..<columns {
                    var cell: [Figure] = []
                    for (k, part) in parts.enumerated() {
                        let num: Int64, den: Int64
                        if distinctShares {
                            num = distinctCounter.count(row: row * distinctStride + k, column: col)
                            den = distinctCounter.count(row: row * distinctStride + partCount, column: col)
                        } else {
                            num = measure.distinct != nil ? distinctCounter.count(row: row, column: col) : numerators[(row * columns + col) * partCount + k]
                            den = denominators[row * columns + col]
                        }
                        var figure: Figure
                        switch part.part {
                        case .share, .staticShare: figure = .percent(num, den)
                        case .count:
                            if let b = measure.breakdown, b.asShare, row != headline, headline >= 0 {
                                // A share of the headline's figure: with `count distinct`, of
                                // the distinct values there, not of the records behind them.
                                let whole: Int64
                                if measure.distinct == nil {
                                    whole = denominators[headline * columns + col]
                                } else if distinctShares {
                                    whole = distinctCounter.count(row: headline * distinctStride + partCount, column: col)
                                } else {
                                    whole = distinctCounter.count(row: headline, column: col)
                                }
                                figure = .percent(num, whole)
                            } else {
                                figure = .count(num)
                            }
                        }
                        if let per = measure.per, let reference {
                            figure = rate(num, per: per, reference: reference, column: col)
                        }
                        if let aggregates { figure = aggregates.figure(cell: row * columns + col) }
                        cell.append(figure)
                    }
                    rowFigures.append(cell)
                }
                windowFigures.append(rowFigures)
            }
            figures.append(windowFigures)
        }
        return MeasureResult(measure: m, rows: rows.labels, parts: parts.map(\.name), figures: figures)
    }

    /// A count per a reference value: `z` for the not-recorded column, `x` when a
    /// locality's reference row is missing; the city divides by the localities' sum.
    private func rate(_ num: Int64, per: Measure.Per, reference: [Double?], column: Int) -> Figure {
        let notRecorded = localityCount
        if column == notRecorded { return Figure(numerator: .int(num), denominator: nil, value: .notApplicable) }
        let den: Double?
        if column == localityCount + 1 {
            let present = reference.compactMap { $0 }
            den = per.cityFromPresent ? (present.isEmpty ? nil : present.reduce(0.0, +))
                : (present.count < reference.count ? nil : present.reduce(0.0, +))
        } else {
            den = reference[column]
        }
        guard let den else { return Figure(numerator: .int(num), denominator: nil, value: .notAvailable) }
        let isWhole = definitions.records[per.record].fields[per.field].type == .int
        let denominator: Number = isWhole ? .int(Int64(den)) : .double(den)
        if den == 0 { return Figure(numerator: .int(num), denominator: denominator, value: .notApplicable) }
        let value = per.scale == 1 ? Double(num) / den : Double(num) * per.scale / den
        return Figure(numerator: .int(num), denominator: denominator, value: .number(.double(value)))
    }

    /// Each locality's reference value for a window (first matching row), or nil.
    private func referenceValues(_ per: Measure.Per, window: Window) -> [Double?] {
        var ctx = Context(data: dataset, slotCount: 1)
        ctx.window = window
        let keys = per.matching.map { ($0.field, $0.value.eval(&ctx)) }
        let table = dataset.tables[per.record]
        var values = [Double?](repeating: nil, count: localityCount)
        for r in 0..<table.count {
            let col = Int(table.columns[r])
            guard col < localityCount, values[col] == nil else { continue }
            guard keys.allSatisfy({ table.value($0.0, r) == $0.1 }) else { continue }
            values[col] = table.value(per.field, r).asDouble
        }
        return values
    }

    // MARK: - Derived measures

    /// A finite runtime number as a figure's number (NaN and blanks are none).
    private static func number(_ v: Value, money: Bool = false) -> Number? {
        switch v {
        case .int(let i): return money ? .money(i) : .int(i)
        case .double(let d) where d.isFinite: return .double(d)
        default: return nil
        }
    }

    private func derived(_ m: Int, _ results: [MeasureResult?]) -> MeasureResult {
        let measure = definitions.measures[m]
        let windowIndex = self.windowIndex
        var ctx = Context(data: dataset, slotCount: 1)
        let isMoney = measure.value?.type == .money
        var figures: [[[[Figure]]]] = []
        for window in windows {
            ctx.window = window
            var row: [[Figure]] = []
            for col in 0..<columnCount {
                ctx.readFigure = { dep, part, w in
                    guard let wi = windowIndex[w], let result = results[dep] else { return .null }
                    let f = result.figures[wi][0][col][0]
                    let n: Number?
                    switch part {
                    case "count", "numerator": n = f.numerator
                    case "denominator": n = f.denominator
                    default:
                        if case .number(let v) = f.value { n = v } else { n = nil }
                    }
                    switch n {
                    // Money is read as whole pence: the checker typed the read as money (`moneyParts`).
                    case .int(let i), .money(let i): return .int(i)
                    case .double(let d): return .double(d)
                    case nil: return .null
                    }
                }
                let v = measure.value!.eval(&ctx)
                // A division's two sides are shown beside its value; NaN marks a division by zero.
                var numerator: Number?, denominator: Number?
                if let parts = measure.valueParts {
                    numerator = Self.number(parts.numerator.eval(&ctx), money: parts.numerator.type == .money)
                    denominator = Self.number(parts.denominator.eval(&ctx), money: parts.denominator.type == .money)
                }
                let figure: Figure
                switch v {
                case .int(let i) where isMoney: figure = Figure(numerator: numerator, denominator: denominator, value: .number(.money(i)))
                case .int(let i): figure = Figure(numerator: numerator, denominator: denominator, value: .number(.int(i)))
                case .double(let d) where d.isFinite: figure = Figure(numerator: numerator, denominator: denominator, value: .number(.double(d)))
                case .double(let d) where d.isNaN: figure = Figure(numerator: numerator, denominator: denominator, value: .notApplicable)
                default: figure = Figure(numerator: numerator, denominator: denominator, value: .notAvailable)
                }
                row.append([figure])
            }
            figures.append([row])
        }
        return MeasureResult(measure: m, rows: [nil], parts: [nil], figures: figures)
    }
}

/// Hands a value to concurrent work that only reads it (or writes disjoint slots of it).
struct Unchecked<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
