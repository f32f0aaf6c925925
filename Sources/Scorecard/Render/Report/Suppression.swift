/// Complementary suppression over everything a report publishes at once.
///
/// The problem is abstract (no measures or periods here, so it can be tested on
/// small tables): a set of hidden **counts** (`Var`), the **sums** a reader knows
/// hold between them (localities + not recorded = City; breakdown rows = headline),
/// and the **cells** a report prints, each revealing counts: a count cell its count,
/// a percentage the relation between its numerator and denominator, a value computed
/// from other measures the relation between its inputs.
///
/// `solve` decides which cells are `c`. It starts from the primary cells and the
/// sensitive counts (1 to 5), hides every cell that would show a protected count or be
/// built on one, and then works out what a reader can still determine: a count shown
/// in a visible cell is known; a sum with one unknown left gives it away, and so does
/// a sum whose known parts already reach its total (the rest are zero, since counts
/// are never negative); a visible percentage or computed value with one unknown input
/// gives that away. Wherever that would determine a protected count, the smallest
/// other count in the sum that gave it away is protected too (a part before the total,
/// a locality before the City), and the whole is worked out again, to a fixed point.
/// When no single sum gives anything away, `SumElimination` checks the sums together
/// (rows and columns can pin a count that no one of them does), and a count beside
/// any protected count they pin is protected in the same way.
/// The attacker's audit in the tests checks the result with linear programming.
struct Suppression {
    typealias Var = Int
    typealias CellID = Int

    enum Reveals: Sendable {
        /// A count shown as it is (a count cell, or a rate or average whose denominator is public).
        case count(Var)
        /// A percentage of two counts: either one known gives the other away.
        case ratio(numerator: Var, denominator: Var)
        /// A value computed from these counts: all but one known gives the last away.
        case combination([Var])
        /// A symbol showing that these counts are zero (`z`: a zero denominator).
        case zeros([Var])
        /// Nothing (a symbol such as `x`, or money carrying no counts).
        case nothing
    }

    struct Sum: Sendable {
        var parts: [Var]
        var total: Var
    }

    /// Each count's true value; counts of 1 to 5 are sensitive.
    private(set) var values: [Int64] = []
    /// Whether the count's column is the City (the last choice for a complementary count).
    private var isTotalColumn: [Bool] = []
    private(set) var sums: [Sum] = []
    private(set) var cells: [Reveals] = []
    private var primary: Set<CellID> = []

    mutating func addVar(value: Int64, isCity: Bool) -> Var {
        values.append(value)
        isTotalColumn.append(isCity)
        return values.count - 1
    }

    mutating func addSum(parts: [Var], total: Var) { sums.append(Sum(parts: parts, total: total)) }

    mutating func addCell(_ reveals: Reveals, primary isPrimary: Bool) -> CellID {
        cells.append(reveals)
        if isPrimary { primary.insert(cells.count - 1) }
        return cells.count - 1
    }

    static func isSensitive(_ value: Int64) -> Bool { Disclosure.smallCounts.contains(value) }

    /// The cells to show as `c`, and the counts protected (sensitive or chosen to protect them).
    func solve() -> (hidden: Set<CellID>, protected: Set<Var>) {
        var protected = Set(values.indices.filter { Self.isSensitive(values[$0]) })
        // Sums and cells by the counts they mention, for the propagation's worklist.
        var sumsOf = [[Int]](repeating: [], count: values.count)
        for (s, sum) in sums.enumerated() {
            for v in Set(sum.parts + [sum.total]) { sumsOf[v].append(s) }
        }
        var cellsOf = [[Int]](repeating: [], count: values.count)
        for (c, cell) in cells.enumerated() {
            for v in Set(Self.vars(cell)) { cellsOf[v].append(c) }
        }
        while true {
            let hidden = hiddenCells(protected)
            let (disclosure, known) = firstDisclosure(hidden: hidden, protected: protected, sumsOf: sumsOf, cellsOf: cellsOf)
            if let (sum, loner) = disclosure {
                guard let chosen = complement(sums[sum], avoiding: loner, protected: protected) else {
                    // Nothing left to hide beside it (cannot happen with counts ≥ 0: the total is then positive and known).
                    return (hidden, protected)
                }
                protected.insert(chosen)
                continue
            }
            // No single sum gives a protected count away; several together still might.
            let joint = SumElimination(sums: sums, known: known, protected: protected)
            let loners = joint.determined()
            var progress = false
            for loner in loners {
                let candidates = sumsOf[loner].compactMap { complement(sums[$0], avoiding: loner, protected: protected) }
                let best = candidates.min { a, b in (isTotalColumn[a] ? 1 : 0, values[a], a) < (isTotalColumn[b] ? 1 : 0, values[b], b) }
                if let chosen = best ?? joint.knownNeighbour(of: loner, values: values, protected: protected) {
                    progress = protected.insert(chosen).inserted || progress
                }
            }
            if !progress { return (hidden, protected) }
        }
    }

    private static func vars(_ r: Reveals) -> [Var] {
        switch r {
        case .count(let v): return [v]
        case .ratio(let n, let d): return [n, d]
        case .combination(let vs), .zeros(let vs): return vs
        case .nothing: return []
        }
    }

    /// Primary cells, and every cell that shows a protected count or is built on one.
    private func hiddenCells(_ protected: Set<Var>) -> Set<CellID> {
        var hidden = primary
        for (c, cell) in cells.enumerated() {
            switch cell {
            case .zeros, .nothing: continue
            default: if Self.vars(cell).contains(where: protected.contains) { hidden.insert(c) }
            }
        }
        return hidden
    }

    /// Works out what a reader can know from the visible cells and the sums; returns the
    /// first sum (in a fixed order) that would determine a protected count, with that count.
    private func firstDisclosure(hidden: Set<CellID>, protected: Set<Var>, sumsOf: [[Int]], cellsOf: [[Int]]) -> ((Int, Var)?, [Bool]) {
        var known = [Bool](repeating: false, count: values.count)
        var queue: [Var] = []
        func learn(_ v: Var) {
            if !known[v] { known[v] = true; queue.append(v) }
        }
        for (c, cell) in cells.enumerated() where !hidden.contains(c) {
            switch cell {
            case .count(let v): learn(v)
            case .zeros(let vs): vs.forEach(learn)
            default: break
            }
        }
        // Sums and visible relations are re-examined whenever one of their counts becomes known.
        var disclosure: (Int, Var)?
        func examineSum(_ s: Int) {
            let sum = sums[s]
            let unknownParts = sum.parts.filter { !known[$0] }
            let unknown = unknownParts + (known[sum.total] ? [] : [sum.total])
            if unknown.count == 1 {
                let v = unknown[0]
                if protected.contains(v) {
                    if disclosure == nil || s < disclosure!.0 { disclosure = (s, v) }
                } else {
                    learn(v)
                }
            } else if known[sum.total], !unknownParts.isEmpty {
                // The known parts already make the total: every other part is zero.
                let shown = sum.parts.filter { known[$0] }.reduce(Int64(0)) { $0 + values[$1] }
                if shown == values[sum.total] {
                    for v in unknownParts where !protected.contains(v) { learn(v) }
                }
            }
        }
        func examineCell(_ c: Int) {
            guard !hidden.contains(c) else { return }
            let vs: [Var]
            switch cells[c] {
            case .ratio(let n, let d): vs = [n, d]
            case .combination(let list): vs = list
            default: return
            }
            let unknown = Set(vs.filter { !known[$0] })
            // Hidden cells already cover protected counts, so what a visible cell gives away is never protected.
            if unknown.count == 1 { learn(unknown.first!) }
        }
        for s in sums.indices { examineSum(s) }
        for c in cells.indices { examineCell(c) }
        while let v = queue.popLast() {
            for s in sumsOf[v] { examineSum(s) }
            for c in cellsOf[v] { examineCell(c) }
        }
        return (disclosure, known)
    }

    /// The count to protect beside `loner` in `sum`: a known, positive, unprotected
    /// count, parts before the total, localities before the City, then the smallest
    /// (hiding the least), then the first declared (so the choice is reproducible).
    private func complement(_ sum: Sum, avoiding loner: Var, protected: Set<Var>) -> Var? {
        let candidates = Set(sum.parts + [sum.total]).filter { $0 != loner && !protected.contains($0) && values[$0] > 0 }
        return candidates.min { a, b in
            let ka = (a == sum.total ? 1 : 0, isTotalColumn[a] ? 1 : 0, values[a], a)
            let kb = (b == sum.total ? 1 : 0, isTotalColumn[b] ? 1 : 0, values[b], b)
            return ka < kb
        }
    }
}
