/// A finance extract's year label and period side by side (`2017/18`, `P01`): `sniff`
/// drafts them as one mapping, `month, month_end = "Year" + "Period" format "yyyy/yy" +
/// "Pnn" starts "April"`, rather than a year and a code list of periods.
///
/// Why only when every value of the second column reads: a period column holding
/// anything else (`Adj`, `P14`) would reject rows; drafted as a code it keeps them, and
/// a person decides.
enum PeriodPair {
    /// The period layout (`Pnn`, or `nn` for a column named like a period) that reads at
    /// least `ColumnType.dateShare` of the column's non-blank values, as a date column's
    /// layout must, with the values it does not read (each such row is rejected, and the
    /// draft says so). Nil when none does.
    static func layout(of p: ColumnProfile, name: String) -> (layout: String, misses: [String])? {
        guard !p.distinct.overflowed, p.nonBlank > 0 else { return nil }
        let named = !ColumnType.words(name).isDisjoint(with: ["period", "per", "prd", "month", "mth"])
        for layout in named ? ["Pnn", "nn"] : ["Pnn"] {
            guard var format = DateFormat("yyyy/yy " + layout) else { continue }
            format.yearStartMonth = 4
            var hits = 0
            var misses: [String] = []
            for i in 0..<p.distinct.count {
                let value = String(decoding: p.distinct.value(i), as: UTF8.self).trimmingCharacters(in: .whitespaces)
                if value.isEmpty { continue }
                if format.parse(Array(("2000/01 " + value).utf8)[...]) != nil { hits += p.distinct.counts[i] } else { misses.append(value) }
            }
            if hits > 0, Double(hits) >= ColumnType.dateShare * Double(p.nonBlank) { return (layout, misses) }
        }
        return nil
    }
}
