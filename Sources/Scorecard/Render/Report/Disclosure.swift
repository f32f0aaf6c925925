/// Disclosure control for published reports, exactly as FRAMEWORK.md "Published
/// mode" sets it, so that no figure about fewer than six children or families can
/// be read, or worked back, from a report that leaves the council.
enum Disclosure {
    /// Counts from 1 to 5 are suppressed; a true zero stays `0`.
    static let smallCounts: ClosedRange<Int64> = 1...5

    /// The primary rule for one figure shown in `style`:
    /// - a count of 1 to 5;
    /// - a percentage or rate whose numerator or denominator is 1 to 5. An average
    ///   (a ratio, HM8's open cases per FTE) follows the same rule, but only counts
    ///   are tested: a decimal denominator such as worker FTE is a measurement, not
    ///   a count of people, and would otherwise suppress every locality's caseload.
    /// Money and other computed values carry no counts and are not suppressed.
    static func isPrimary(_ figure: Figure, _ style: CellStyle) -> Bool {
        guard case .number(let value) = figure.value else { return false }
        switch style {
        case .count:
            return isSmallCount(value)
        case .percent, .rate, .ratio:
            return figure.numerator.map(isSmallCount) == true || figure.denominator.map(isSmallCount) == true
        case .pounds, .number:
            return false
        }
    }

    private static func isSmallCount(_ n: Number) -> Bool {
        if case .int(let i) = n { return smallCounts.contains(i) }
        return false
    }

    /// The secondary rule over one table row. `primary` and `sizes` run over the
    /// locality and not-recorded cells only (the City is never a candidate): where
    /// exactly one of them is suppressed, the smallest other cell is suppressed too,
    /// so the suppressed figure cannot be recovered as City minus the rest.
    ///
    /// `sizes` holds each cell's value (nil for a symbol). Only cells showing a
    /// number above zero are candidates: a true zero stays `0`, and hiding it would
    /// protect nothing, since the lone suppressed cell would still be City minus the
    /// rest. Ties go to the leftmost column, so the choice is reproducible.
    static func secondary(primary: [Bool], sizes: [Double?]) -> [Bool] {
        var suppressed = primary
        guard primary.filter({ $0 }).count == 1 else { return suppressed }
        var best: Int?
        for (i, size) in sizes.enumerated() where !primary[i] {
            guard let size, size > 0 else { continue }
            if best == nil || size < sizes[best!]! { best = i }
        }
        if let best { suppressed[best] = true }
        return suppressed
    }

    /// One table row's figures (localities, not recorded, City) as published:
    /// the primary rule on every cell, then the secondary rule on the locality and
    /// not-recorded cells. `linked` rows (a rate and the count beside it) are
    /// suppressed together, since either would give the other away.
    static func suppressRow(_ figures: [[Figure]], styles: [CellStyle], localityAndNotRecorded count: Int) -> [Bool] {
        let columns = figures[0].count
        var primary = [Bool](repeating: false, count: columns)
        for (row, style) in zip(figures, styles) {
            for c in 0..<columns where isPrimary(row[c], style) { primary[c] = true }
        }
        // Sizes come from the first row that is a count, else the first row's values.
        let sizeRow = zip(figures, styles).first { $0.1 == .count }?.0 ?? figures[0]
        let sizes: [Double?] = sizeRow.prefix(count).map { f in
            if case .number(let n) = f.value { return n.double }
            return nil
        }
        let inner = secondary(primary: Array(primary.prefix(count)), sizes: sizes)
        return inner + primary.dropFirst(count)
    }
}
