/// A finished run: the definitions, the data-quality account and every figure.
public struct Evaluation {
    public var definitions: Definitions
    public var asAt: Int32
    public var periods: [Period]
    public var results: [MeasureResult]
    public var reports: [SourceReport]
    public var rejects: [RejectedRow]
    /// The typed records behind the figures, for completeness checks and explanations.
    public var dataset: Dataset
    /// The folder the extracts were read from ("" when not known).
    public var dataFolder = ""
    /// Comparators read from extracts: `[measure][period][lookup]` (empty for a measure with none).
    public var comparatorValues: [[[Double?]]] = []

    /// Results by section (as the framework lists them), then measure id in natural order.
    public var orderedResults: [MeasureResult] {
        let sections = definitions.framework.sections.map(\.id)
        return results.sorted { a, b in
            let ma = definitions.measures[a.measure], mb = definitions.measures[b.measure]
            let sa = sections.firstIndex(of: ma.section) ?? sections.count
            let sb = sections.firstIndex(of: mb.section) ?? sections.count
            if sa != sb { return sa < sb }
            return ma.id.localizedStandardCompareFallback(mb.id)
        }
    }
}

extension String {
    /// Natural order: `HM2` before `HM10`.
    func localizedStandardCompareFallback(_ other: String) -> Bool {
        func split(_ s: String) -> (String, Int) {
            let digits = s.reversed().prefix { $0.isNumber }
            let prefix = String(s.dropLast(digits.count))
            return (prefix, Int(String(digits.reversed())) ?? -1)
        }
        let (pa, na) = split(self), (pb, nb) = split(other)
        return pa != pb ? pa < pb : (na != nb ? na < nb : self < other)
    }
}
