import Foundation

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
                    if report.rowsRead == 0 {
                        message = "the extract has no data rows"
                    } else if report.accepted == 0 {
                        message = "none of the extract's \(report.rowsRead) rows could be used (every one was rejected; see rejected-rows.csv)"
                    }
                case .footerCount(let pattern):
                    let footer = Self.footer(of: source, folder: run.dataFolder)
                    if let stated = ExtractArea.statedCount(footer, pattern: pattern) {
                        if stated != report.rowsRead {
                            message = "the footer says \(stated) rows but \(report.rowsRead) were read: the extract is not the whole report"
                        }
                    } else if !run.dataFolder.isEmpty {
                        message = "no footer line reads \"\(pattern)\" (the footer is: \(footer.map { "\"\($0)\"" }.joined(separator: ", ")))"
                    }
                case .rejected(let percent):
                    let rejected = report.rejectedCount
                    if report.rowsRead > 0, Double(rejected) * 100 > percent * Double(report.rowsRead) {
                        message = "\(rejected) of \(report.rowsRead) rows rejected, over \(shown(percent))% (\(topReasons(report))): "
                            + "the extract does not read as its source definition says"
                    }
                case .stale(let field, let days):
                    guard let latest = report.latest[field] else { continue }
                    if latest < Int64(run.asAt) - Int64(days) {
                        let name = run.definitions.records[source.record!].fields[field].name
                        message = "stale: the latest \(name) is \(Day.iso(Int32(latest))), more than \(days) days before the as-at date \(Day.iso(run.asAt))"
                    }
                case .shrink(let percent):
                    if let before = previousRows?[source.file], before > 0,
                       Double(report.rowsRead) < Double(before) * percent / 100 {
                        message = "\(report.rowsRead) rows, under \(shown(percent))% of the last run's \(before)"
                    }
                }
                if let message {
                    findings.append(CompletenessFinding(severity: rule.severity, source: source.name, file: source.file, message: message))
                }
            }
            if let cut = TruncatedExtract.check(source: source.name, file: source.file, folder: run.dataFolder, rejects: run.rejects,
                                                utf16: source.encoding == "utf16") {
                findings.append(CompletenessFinding(severity: .error, source: source.name, file: source.file, message: cut))
            }
        }
        return findings
    }

    /// The footer lines of a source's extract, read again from the file.
    static func footer(of source: SourceSpec, folder: String) -> [String] {
        guard !folder.isEmpty else { return [] }
        let path = (folder as NSString).appendingPathComponent(source.file)
        guard let data = try? UTF16Extract.readerBytes(path, utf16: source.encoding == "utf16") else { return [] }
        return data.withUnsafeBytes { ExtractArea.find($0, preamble: source.preambleLines, footer: source.footerLines)?.footer ?? [] }
    }

    static func shown(_ percent: Double) -> String {
        percent == percent.rounded() ? String(Int(percent)) : String(percent)
    }

    /// The commonest reasons rows were rejected, for a message a person can act on.
    static func topReasons(_ report: SourceReport) -> String {
        let top = report.rejected.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(2)
        return top.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
    }
}
