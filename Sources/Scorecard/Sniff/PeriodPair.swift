/// A finance extract's year label and period side by side (`2017/18`, `P01`): `sniff`
/// drafts them as one mapping, `month, month_end = "Year" + "Period" format "yyyy/yy" +
/// "Pnn" starts "April"`, rather than a year and a code list of periods.
///
/// Why only when every value of the second column reads: a period column holding
/// anything else (`Adj`, `P14`) would reject rows; drafted as a code it keeps them, and
/// a person decides.
///
/// Why a bare number (`04`) is a period only under a period's name (`Period`, `Per`,
/// `Prd`): beside a year label a `Month` column holding 01–12 is as likely a calendar
/// month (01 January) as a financial period (01 April), and drafting the wrong one moves
/// every row nine months with no error. Only a 13 (no calendar month) settles it.
enum PeriodPair {
    /// Names that say the column holds periods.
    static let periodNames: Set<String> = ["period", "per", "prd"]
    /// Names that may mean a calendar month or a period.
    static let monthNames: Set<String> = ["month", "mth"]

    /// The period layout (`Pnn`; `nn` for a column named like a period, or named like a
    /// month and holding a 13) that reads at least `ColumnType.dateShare` of the column's
    /// non-blank values, as a date column's layout must, with the values it does not read
    /// (each such row is rejected, and the draft says so). Nil when none does.
    static func layout(of p: ColumnProfile, name: String) -> (layout: String, misses: [String])? {
        guard !p.distinct.overflowed, p.nonBlank > 0 else { return nil }
        let words = ColumnType.words(name)
        let named = !words.isDisjoint(with: periodNames)
        let monthNamed = !named && !words.isDisjoint(with: monthNames)
        for layout in named || monthNamed ? ["Pnn", "nn"] : ["Pnn"] {
            guard let (misses, thirteen) = reading(p, layout) else { continue }
            // A month column of 01–12: a calendar month as much as a period; not drafted.
            if layout == "nn", monthNamed, !thirteen { return nil }
            return (layout, misses)
        }
        return nil
    }

    /// Whether a column named like a month holds 01–12 only, read as bare periods: `sniff`
    /// then drafts no period and leaves a TODO saying how to declare each reading.
    static func calendarOrPeriod(_ p: ColumnProfile, name: String) -> Bool {
        guard !p.distinct.overflowed, p.nonBlank > 0 else { return false }
        let words = ColumnType.words(name)
        guard words.isDisjoint(with: periodNames), !words.isDisjoint(with: monthNames) else { return false }
        guard let (_, thirteen) = reading(p, "nn") else { return false }
        return !thirteen
    }

    /// The values `layout` does not read, and whether any read is 13; nil when too few read.
    private static func reading(_ p: ColumnProfile, _ layout: String) -> (misses: [String], thirteen: Bool)? {
        guard var format = DateFormat("yyyy/yy " + layout) else { return nil }
        format.yearStartMonth = 4
        var hits = 0
        var misses: [String] = []
        var thirteen = false
        for i in 0..<p.distinct.count {
            let value = String(decoding: p.distinct.value(i), as: UTF8.self).trimmingCharacters(in: .whitespaces)
            if value.isEmpty { continue }
            if format.parse(Array(("2000/01 " + value).utf8)[...]) != nil {
                hits += p.distinct.counts[i]
                if Int(value.drop { $0 == "P" || $0 == "p" }) == 13 { thirteen = true }
            } else { misses.append(value) }
        }
        guard hits > 0, Double(hits) >= ColumnType.dateShare * Double(p.nonBlank) else { return nil }
        return (misses, thirteen)
    }
}
