/// The running sums, counts, least and greatest values of one aggregate measure's
/// cells (row × column) in one window. Whole numbers are summed as integers, so a sum
/// of counts held in cells is exact; decimals as doubles, in the records' fixed order,
/// so the same inputs always give the same bits. Money is summed as whole pence, like
/// whole numbers: exact to the penny, its figures money.
final class AggregateCells {
    let kind: Aggregate.Kind
    let isInteger: Bool
    let isMoney: Bool
    @exclusivity(unchecked) private var intSums: [Int64]
    @exclusivity(unchecked) private var sums: [Double]
    @exclusivity(unchecked) private var counts: [Int64]
    @exclusivity(unchecked) private var best: [Double]
    @exclusivity(unchecked) private var bestInt: [Int64]
    /// Cells whose whole-number sum left Int64's range: their figure is `x`, never a wrapped number.
    @exclusivity(unchecked) private var overflowed: [Bool]

    init(kind: Aggregate.Kind, isInteger: Bool, isMoney: Bool = false, cells: Int) {
        self.kind = kind
        self.isInteger = isInteger || isMoney
        self.isMoney = isMoney
        intSums = [Int64](repeating: 0, count: cells)
        sums = [Double](repeating: 0, count: cells)
        counts = [Int64](repeating: 0, count: cells)
        best = [Double](repeating: 0, count: cells)
        bestInt = [Int64](repeating: 0, count: cells)
        overflowed = [Bool](repeating: false, count: cells)
    }

    func reset() {
        for i in counts.indices {
            intSums[i] = 0
            sums[i] = 0
            counts[i] = 0
            overflowed[i] = false
        }
    }

    /// Adds one record's value to a cell; a blank value is not counted at all.
    @inline(__always)
    func add(_ value: Value, cell: Int) {
        switch value {
        case .int(let i) where !isInteger:
            add(.double(Double(i)), cell: cell)
        case .int(let i):
            let first = counts[cell] == 0
            let (sum, overflow) = intSums[cell].addingReportingOverflow(i)
            intSums[cell] = sum
            if overflow { overflowed[cell] = true }
            counts[cell] += 1
            if first || (kind == .min ? i < bestInt[cell] : i > bestInt[cell]) { bestInt[cell] = i }
        case .double(let d) where d.isFinite:
            let first = counts[cell] == 0
            sums[cell] += d
            counts[cell] += 1
            if first || (kind == .min ? d < best[cell] : d > best[cell]) { best[cell] = d }
        default:
            break
        }
    }

    /// The cell's figure: a sum (numerator and value), an average (sum over the count
    /// of values), or the least or greatest value; `z` when there is no value to average
    /// or to pick from.
    func figure(cell: Int) -> Figure {
        let n = counts[cell]
        if overflowed[cell], kind == .sum || kind == .average { return Figure(numerator: nil, denominator: nil, value: .notAvailable) }
        let sum: Number = isMoney ? .money(intSums[cell]) : isInteger ? .int(intSums[cell]) : .double(sums[cell])
        switch kind {
        case .sum:
            return Figure(numerator: sum, denominator: nil, value: .number(sum))
        case .average:
            if n == 0 { return Figure(numerator: sum, denominator: .int(0), value: .notApplicable) }
            // Money divides at the end, once: pence over (count × 100), one rounding.
            let mean = isMoney ? Double(intSums[cell]) / (Double(n) * Double(Money.scale)) : sum.double / Double(n)
            return Figure(numerator: sum, denominator: .int(n), value: .number(.double(mean)))
        case .min, .max:
            if n == 0 { return Figure(numerator: nil, denominator: nil, value: .notApplicable) }
            return Figure(numerator: nil, denominator: nil, value: .number(isMoney ? .money(bestInt[cell]) : isInteger ? .int(bestInt[cell]) : .double(best[cell])))
        }
    }
}
