/// Completeness checks: an empty extract, a stale one, or one far smaller than the
/// last run's is an error or a warning, as each source's definition says.
public struct CompletenessFinding: Sendable, Equatable, CustomStringConvertible {
    public var severity: CompletenessRule.Severity
    public var source: String
    public var file: String
    public var message: String

    public var description: String { "\(file): \(severity.rawValue): \(message)" }
}

public enum Completeness {
    /// Checks every source's rules. `previousRows` holds the last run's row count per
    /// file (from its manifest), when there was one.
    public static func check(_ run: Evaluation, dataset: Dataset, previousRows: [String: Int]?) -> [CompletenessFinding] {
        var findings: [CompletenessFinding] = []
        for (s, source) in run.definitions.sources.enumerated() {
            let report = run.reports[s]
            for rule in source.completeness {
                var message: String?
                switch rule.kind {
                case .empty:
                    if report.rowsRead == 0 { message = "the extract has no data rows" }
                case .stale(let field, let days):
                    guard let latest = report.latest[field] else { continue }
                    if latest < Int64(run.asAt) - Int64(days) {
                        let name = run.definitions.records[source.record!].fields[field].name
                        message = "stale: the latest \(name) is \(Day.iso(Int32(latest))), more than \(days) days before the as-at date \(Day.iso(run.asAt))"
                    }
                case .shrink(let percent):
                    if let before = previousRows?[source.file], before > 0,
                       Double(report.rowsRead) < Double(before) * percent / 100 {
                        let shown = percent == percent.rounded() ? String(Int(percent)) : String(percent)
                        message = "\(report.rowsRead) rows, under \(shown)% of the last run's \(before)"
                    }
                }
                if let message {
                    findings.append(CompletenessFinding(severity: rule.severity, source: source.name, file: source.file, message: message))
                }
            }
        }
        return findings
    }
}
