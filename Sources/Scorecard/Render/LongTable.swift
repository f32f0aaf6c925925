import CSV

/// The machine-readable result: every figure of a run, one row each,
/// `measure,breakdown,period,column,numerator,denominator,value` (FRAMEWORK.md).
public struct LongTable {
    public struct Row: Sendable, Equatable {
        public var measure: String
        public var breakdown: String
        public var period: String
        public var column: String
        public var numerator: String
        public var denominator: String
        public var value: String
    }

    public static let header = ["measure", "breakdown", "period", "column", "numerator", "denominator", "value"]

    /// Rows in the contract's order: period, measure, breakdown row, column, part.
    public static func rows(_ run: Evaluation) -> [Row] {
        var out: [Row] = []
        let framework = run.definitions.framework
        let columnNames = run.definitions.categories[framework.columnCategory].values + [framework.notRecordedLabel, framework.cityLabel]
        let ordered = run.orderedResults
        for (w, period) in run.periods.enumerated() {
            for result in ordered {
                let measure = run.definitions.measures[result.measure]
                for (r, label) in result.rows.enumerated() {
                    for (c, column) in columnNames.enumerated() {
                        for (p, part) in result.parts.enumerated() {
                            let f = result.figure(window: w, row: r, column: c, part: p)
                            let breakdown = [label, part].compactMap { $0 }.joined(separator: ": ")
                            out.append(Row(
                                measure: measure.id, breakdown: breakdown, period: period.label, column: column,
                                numerator: f.numerator.map(NumberFormat.full) ?? "",
                                denominator: f.denominator.map(NumberFormat.full) ?? "",
                                value: NumberFormat.value(f.value)))
                        }
                    }
                }
            }
        }
        return out
    }

    /// CRLF record ends, as RFC 4180 and the reference implementation write them, so
    /// the file compares byte for byte.
    public static func csv(_ rows: [Row]) -> [UInt8] {
        var writer = CSVWriter()
        writer.crlf = true
        writer.write(fields: header)
        for r in rows {
            writer.write(fields: [r.measure, r.breakdown, r.period, r.column, r.numerator, r.denominator, r.value])
        }
        return writer.bytes
    }
}
