import CSV
import Foundation

/// Every historical figure that changed between two long tables: the question a
/// board asks after late data entry. Figures new in this run are not revisions.
public enum Revisions {
    public struct Change: Sendable, Equatable {
        public var key: [String]
        public var old: [String]
        public var new: [String]
    }

    public static func compare(previous: [LongTable.Row], current: [LongTable.Row]) -> [Change] {
        var before: [[String]: [String]] = [:]
        for r in previous { before[[r.measure, r.breakdown, r.period, r.column]] = [r.numerator, r.denominator, r.value] }
        var changes: [Change] = []
        for r in current {
            let key = [r.measure, r.breakdown, r.period, r.column]
            let now = [r.numerator, r.denominator, r.value]
            if let old = before[key], old != now { changes.append(Change(key: key, old: old, new: now)) }
        }
        return changes
    }

    public static func csv(_ changes: [Change]) -> [UInt8] {
        var w = CSVWriter()
        w.write(fields: ["measure", "breakdown", "period", "column", "old_numerator", "old_denominator", "old_value",
                         "new_numerator", "new_denominator", "new_value"])
        for c in changes { w.write(fields: c.key + c.old + c.new) }
        return w.bytes
    }

    /// Reads a long table written by an earlier run.
    public static func read(_ path: String) throws -> [LongTable.Row] {
        let data = try MappedFile.data(path, mapped: false)
        var reader = CSVReader(bytes: [UInt8](data), dialect: Dialect())
        guard reader.header == LongTable.header else {
            throw DiagnosticError([Diagnostic(at: nil, "\(path): not a long table (its header is not \(LongTable.header.joined(separator: ",")))")])
        }
        var record = ByteRecord()
        var rows: [LongTable.Row] = []
        while true {
            switch reader.read(into: &record) {
            case .endOfInput: return rows
            case .malformed(let why):
                throw DiagnosticError([Diagnostic(at: SourceLocation(file: path, line: reader.position.line, column: 1), "\(why)")])
            case .record:
                let f = (0..<7).map { record.string($0) }
                rows.append(LongTable.Row(measure: f[0], breakdown: f[1], period: f[2], column: f[3], numerator: f[4], denominator: f[5], value: f[6]))
            }
        }
    }
}
