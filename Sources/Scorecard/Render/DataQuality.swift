import CSV

/// The data-quality account: a summary per extract and every rejected row.
public enum DataQuality {
    public static func summaryCSV(_ reports: [SourceReport], warnings: [CompletenessFinding] = []) -> [UInt8] {
        var w = CSVWriter()
        w.write(fields: ["source", "file", "rows_read", "accepted", "rejected", "merged", "unplaced", "reason", "reason_count"])
        for r in reports {
            let base = [r.source, r.file, String(r.rowsRead), String(r.accepted), String(r.rejectedCount), String(r.merged), String(r.unplaced)]
            if r.rejected.isEmpty && r.unmapped.isEmpty { w.write(fields: base + ["", ""]) }
            for (reason, n) in r.rejected.sorted(by: { $0.key < $1.key }) { w.write(fields: base + ["rejected: \(reason)", String(n)]) }
            for (value, n) in r.unmapped.sorted(by: { $0.key < $1.key }) { w.write(fields: base + ["kept as not recorded: \(value)", String(n)]) }
            for warning in warnings where warning.source == r.source { w.write(fields: base + ["warning: \(warning.message)", ""]) }
        }
        return w.bytes
    }

    public static func rejectsCSV(_ rejects: [RejectedRow]) -> [UInt8] {
        var w = CSVWriter()
        w.write(fields: ["source", "file", "line", "reason", "detail", "fields"])
        for r in rejects {
            w.write(fields: [r.source, r.file, String(r.line), r.reason, r.detail, r.fields.joined(separator: " | ")])
        }
        return w.bytes
    }
}
