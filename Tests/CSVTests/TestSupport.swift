import CSV
import Testing

/// One outcome of `read(into:)`, in a form tests can compare whole.
enum Row: Equatable, CustomStringConvertible {
    case record([String])
    case malformed(MalformedReason, [String])

    var description: String {
        switch self {
        case .record(let fields): return "record(\(fields))"
        case .malformed(let reason, let fields): return "malformed(\(reason), \(fields))"
        }
    }
}

/// A row with where it was found.
struct PositionedRow: Equatable, CustomStringConvertible {
    var row: Row
    var position: RecordPosition
    var description: String { "\(row) @ \(position)" }
}

/// Reads everything, bounded so a hanging reader fails the test instead of the run.
func readAll(_ reader: inout CSVReader, limit: Int = 10_000_000) -> [PositionedRow] {
    var rows: [PositionedRow] = []
    var record = ByteRecord()
    for _ in 0..<limit {
        switch reader.read(into: &record) {
        case .record:
            rows.append(PositionedRow(row: .record(record.strings), position: reader.position))
        case .malformed(let reason):
            rows.append(PositionedRow(row: .malformed(reason, record.strings), position: reader.position))
        case .endOfInput:
            return rows
        }
    }
    Issue.record("reader did not reach endOfInput within \(limit) reads")
    return rows
}

func readAll(_ bytes: [UInt8], dialect: Dialect) -> [PositionedRow] {
    var reader = CSVReader(bytes: bytes, dialect: dialect)
    return readAll(&reader)
}

/// Rows only, for the table-driven cases (no header so every line is a record).
func rows(_ text: String, dialect: Dialect = Dialect(hasHeader: false)) -> [Row] {
    readAll(Array(text.utf8), dialect: dialect).map(\.row)
}

/// Fields of well-formed records only; fails the test on any malformed row.
func records(_ text: String, dialect: Dialect = Dialect(hasHeader: false)) -> [[String]] {
    rows(text, dialect: dialect).map { row in
        switch row {
        case .record(let fields): return fields
        case .malformed(let reason, let fields):
            Issue.record("unexpected malformed row: \(reason) \(fields)")
            return fields
        }
    }
}

/// A small deterministic generator (SplitMix64), so randomized tests replay exactly.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
