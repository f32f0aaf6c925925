import CSV

/// The data-quality account: a summary per extract and every rejected row.
///
/// The internal summary quotes each unrecognised code as typed, so officers can add it
/// to a map; a published summary only counts them per column ("12 rows with an
/// unrecognised Locality Team"), because a hand-typed code can be a name or a phone
/// number and a published file carries no extract text.
public enum DataQuality {
    public static func summaryCSV(_ reports: [SourceReport], warnings: [CompletenessFinding] = [], publish: Bool = false) -> [UInt8] {
        var w = CSVWriter()
        w.write(fields: ["source", "file", "rows_read", "accepted", "rejected", "merged", "unplaced", "reason", "reason_count"])
        for r in reports {
            let base = [r.source, r.file, String(r.rowsRead), String(r.accepted), String(r.rejectedCount), String(r.merged), String(r.unplaced)]
            if r.rejected.isEmpty && r.unmapped.isEmpty { w.write(fields: base + ["", ""]) }
            for (reason, n) in r.rejected.sorted(by: { $0.key < $1.key }) { w.write(fields: base + ["rejected: \(reason)", String(n)]) }
            for (reason, n) in unmappedReasons(r.unmapped, publish: publish) { w.write(fields: base + [reason, String(n)]) }
            for warning in warnings where warning.source == r.source { w.write(fields: base + ["warning: \(warning.message)", ""]) }
        }
        return w.bytes
    }

    /// Codes that mapped to nothing, as data-quality reasons with their rows: each code
    /// quoted (`kept as not recorded: LOC_CODE: OOA`) for officers, or, when publishing,
    /// only counted per column, its text withheld.
    static func unmappedReasons(_ unmapped: [String: Int], publish: Bool) -> [(reason: String, rows: Int)] {
        guard publish else { return unmapped.sorted { $0.key < $1.key }.map { ("kept as not recorded: \($0.key)", $0.value) } }
        var byColumn: [String: Int] = [:]
        for (key, n) in unmapped {
            // Keys are `COLUMN: value`; the column name comes from the definitions, the value from the extract.
            let column = key.range(of: ": ").map { String(key[..<$0.lowerBound]) } ?? key
            byColumn[column, default: 0] += n
        }
        return byColumn.sorted { $0.key < $1.key }.map { ("kept as not recorded: unrecognised \($0.key) (values withheld)", $0.value) }
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
