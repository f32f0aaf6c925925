import Foundation
import Dispatch

/// Typed, columnar records after intake: one table per record type, every field a
/// flat array, text and person ids interned to integers.
/// Its stored `var`s are `@exclusivity(unchecked)`: a table has one writer at a time by
/// design (intake in order, then read-only evaluation), and a dynamic check on each of
/// the millions of accesses in the row loops costs a measurable share of a run
/// (Package.swift). The same holds for the other columnar classes so marked.
public final class Table {
    public let type: RecordType
    public let recordIndex: Int
    @exclusivity(unchecked) public internal(set) var count = 0
    /// Integer storage per field (dates, codes, interned text, persons, refs, ints); `Table.null` when blank.
    @exclusivity(unchecked) var ints: [[Int64]]
    /// Decimal fields; NaN when blank.
    @exclusivity(unchecked) var doubles: [[Double]]
    /// The column each row counts in (a locality's index, or the not-recorded column).
    @exclusivity(unchecked) var columns: [Int32] = []
    /// Where each row came from: source index and line, for explaining figures.
    @exclusivity(unchecked) var origins: [(source: Int32, line: Int32)] = []

    static let null = Int64.min

    init(type: RecordType, recordIndex: Int) {
        self.type = type
        self.recordIndex = recordIndex
        ints = Array(repeating: [], count: type.fields.count)
        doubles = Array(repeating: [], count: type.fields.count)
    }

    func isDecimal(_ field: Int) -> Bool { type.fields[field].type == .decimal }

    func value(_ field: Int, _ row: Int) -> Value {
        if isDecimal(field) {
            let d = doubles[field][row]
            return d.isNaN ? .null : .double(d)
        }
        let i = ints[field][row]
        return i == Table.null ? .null : .int(i)
    }

    /// Appends a row given as raw storage values (decimals as bit patterns).
    func append(raw values: [Int64], source: Int, line: Int) {
        Self.append(raw: values, type: type, ints: &ints, doubles: &doubles)
        origins.append((Int32(source), Int32(line)))
        count += 1
    }

    /// The columns taken once for the whole row (one access each, not one per field:
    /// each access to a class's property is a dynamic exclusivity check when those are on).
    private static func append(raw values: [Int64], type: RecordType, ints: inout [[Int64]], doubles: inout [[Double]]) {
        for f in 0..<values.count {
            if type.fields[f].type == .decimal {
                doubles[f].append(values[f] == Table.null ? .nan : Double(bitPattern: UInt64(bitPattern: values[f])))
            } else {
                ints[f].append(values[f])
            }
        }
    }

    /// Lets go of the rows' storage (the count stays) when no measure reads them.
    func release() {
        for f in 0..<type.fields.count {
            ints[f] = []
            doubles[f] = []
        }
        origins = []
        columns = []
        released = true
    }

    /// Whether `release()` let the rows go.
    private(set) var released = false

    /// Makes room for `rows` rows in every column.
    func reserve(_ rows: Int) {
        for f in 0..<type.fields.count {
            if isDecimal(f) { doubles[f].reserveCapacity(rows) } else { ints[f].reserveCapacity(rows) }
        }
        origins.reserveCapacity(rows)
    }

    /// Appends the chosen candidate rows of a chunk (`fieldCount` raw values each), a
    /// column at a time.
    func append(candidates: [Int32], values: [Int64], fieldCount: Int, lines: [Int32], source: Int) {
        guard !candidates.isEmpty else { return }
        values.withUnsafeBufferPointer { v in
            for f in 0..<fieldCount {
                if isDecimal(f) {
                    var column = [Double]()
                    column.reserveCapacity(candidates.count)
                    for c in candidates {
                        let x = v[Int(c) * fieldCount + f]
                        column.append(x == Table.null ? .nan : Double(bitPattern: UInt64(bitPattern: x)))
                    }
                    doubles[f].append(contentsOf: column)
                } else {
                    var column = [Int64]()
                    column.reserveCapacity(candidates.count)
                    for c in candidates { column.append(v[Int(c) * fieldCount + f]) }
                    ints[f].append(contentsOf: column)
                }
            }
        }
        origins.append(contentsOf: candidates.map { (Int32(source), lines[Int($0)]) })
        count += candidates.count
    }

    /// Removes the given rows (ascending), moving the others down in place: no column
    /// is copied to new memory. Columns are shared out between both cores, each
    /// working through its own column's storage, inside the scope of every column's
    /// storage (`NestedBuffers`); the arrays are shortened afterwards, here.
    func remove(sortedRows: [Int32]) {
        guard !sortedRows.isEmpty else { return }
        let total = count
        let kept = total - sortedRows.count
        NestedBuffers.modify(&ints) { ints in
            NestedBuffers.modify(&doubles) { doubles in
                origins.withUnsafeMutableBytes { origins in
                    var moves: [(UnsafeMutableRawPointer, Int)] = []
                    for f in 0..<type.fields.count {
                        if isDecimal(f) {
                            if doubles[f].count >= total { moves.append((UnsafeMutableRawPointer(doubles[f].baseAddress!), MemoryLayout<Double>.stride)) }
                        } else if ints[f].count >= total {
                            moves.append((UnsafeMutableRawPointer(ints[f].baseAddress!), MemoryLayout<Int64>.stride))
                        }
                    }
                    let originStride = MemoryLayout<(source: Int32, line: Int32)>.stride
                    if origins.count >= total * originStride { moves.append((origins.baseAddress!, originStride)) }
                    Self.move(moves, removing: sortedRows, total: total)
                }
            }
        }
        for f in 0..<type.fields.count {
            if isDecimal(f) {
                if doubles[f].count >= total { doubles[f].removeLast(doubles[f].count - kept) }
            } else if ints[f].count >= total {
                ints[f].removeLast(ints[f].count - kept)
            }
        }
        if origins.count >= total { origins.removeLast(origins.count - kept) }
        count = kept
    }

    /// Moves each column's kept rows down over the removed ones, columns shared out
    /// between the cores. The pointers are valid for the call (the caller's scope).
    private static func move(_ moves: [(UnsafeMutableRawPointer, Int)], removing gone: [Int32], total: Int) {
        let shared = Unchecked((moves, gone))
        DispatchQueue.concurrentPerform(iterations: moves.count) { j in
            let (base, stride) = shared.value.0[j]
            let gone = shared.value.1
            var write = Int(gone[0])
            for k in 0..<gone.count {
                let from = Int(gone[k]) + 1
                let to = k + 1 < gone.count ? Int(gone[k + 1]) : total
                if to > from { (base + write * stride).copyMemory(from: base + from * stride, byteCount: (to - from) * stride) }
                write += to - from
            }
        }
    }

    /// Keeps only the rows whose flag is true, in order; returns each old row's new index (or -1).
    func compact(keep: [Bool]) -> [Int] {
        var remap = Array(repeating: -1, count: count)
        var gone: [Int32] = []
        var next = 0
        for r in 0..<count {
            if keep[r] { remap[r] = next; next += 1 } else { gone.append(Int32(r)) }
        }
        remove(sortedRows: gone)
        return remap
    }
}

/// All tables of a run, the interned strings, and look-up indexes built on demand.
public final class Dataset {
    public let definitions: Definitions
    /// One per record type, fixed from `init` (a `let`: read without an exclusivity check).
    public let tables: [Table]
    /// Interned text (ids, names, person identities): the id is the entry's index.
    @exclusivity(unchecked) var texts = ByteTable(capacity: 1 << 16)
    /// `(record, field)` → rows grouped by that field's value, in table order.
    @exclusivity(unchecked) var groupIndexes: [Int: GroupIndex] = [:]
    /// The indexes of `definitions.groupKeys`, by slot, built by `prepareGroups()`.
    @exclusivity(unchecked) private(set) var groupSlots: [GroupIndex] = []
    /// The orderings of `definitions.groupKeys`, by slot, built by `prepareGroups()`.
    @exclusivity(unchecked) private(set) var orderedSlots: [[Int32]] = []

    /// A group index's rows with each group sorted by `fields`: prepared before
    /// evaluation (read without a lock), else built on first request.
    @inline(__always)
    func ordered(slot: Int, index: GroupIndex, record: Int, fields: [Int]) -> [Int32] {
        slot >= 0 && slot < orderedSlots.count ? orderedSlots[slot] : index.ordered(by: fields, table: tables[record])
    }

    /// Weekdays less the framework's holidays, read from their record before evaluation.
    private(set) var workingDays = WorkingDays(holidays: [])

    /// Builds every index expressions may read, so evaluation only reads them.
    func prepareGroups() {
        if case .field(let record, let field)? = definitions.framework.holidays, workingDays.holidays.isEmpty {
            let column = tables[record].ints[field]
            workingDays = WorkingDays(holidays: column.filter { $0 != Table.null }.map { Int32($0) })
        }
        guard groupSlots.count != definitions.groupKeys.keys.count else { return }
        groupSlots = definitions.groupKeys.keys.map { groups(record: $0.record, field: $0.field) }
        orderedSlots = definitions.groupKeys.orderings.map { o in
            let key = definitions.groupKeys.keys[o.group]
            return groupSlots[o.group].ordered(by: o.fields, table: tables[key.record])
        }
    }

    /// The columns' storage while `withColumnPointers` runs (see `ColumnPointers`).
    let columnPointers: ColumnPointers
    /// Whether `withColumnPointers` is running (set and read on the calling thread only).
    private var pointersTaken = false

    /// Runs `body` with every table's columns readable through `intColumn` and
    /// `doubleColumn` (from any thread `body` starts); tables must not change while it
    /// runs. Called from one thread at a time (`Evaluator.evaluate`); nested calls just
    /// run `body`.
    func withColumnPointers<R>(_ body: () throws -> R) rethrows -> R {
        guard !pointersTaken else { return try body() }
        pointersTaken = true
        defer { pointersTaken = false }
        var intColumns: [(slot: Int, column: [Int64])] = []
        var doubleColumns: [(slot: Int, column: [Double])] = []
        let stride = columnPointers.stride
        for (r, table) in tables.enumerated() where !table.released && table.count > 0 {
            for f in 0..<min(table.type.fields.count, stride) {
                if f < table.ints.count, table.ints[f].count >= table.count { intColumns.append((r * stride + f, table.ints[f])) }
                if f < table.doubles.count, table.doubles[f].count >= table.count { doubleColumns.append((r * stride + f, table.doubles[f])) }
            }
        }
        return try columnPointers.with(ints: intColumns, doubles: doubleColumns, body)
    }

    /// A whole-number column's storage inside `withColumnPointers`, else nil (read the table instead).
    @inline(__always)
    func intColumn(_ record: Int, _ field: Int) -> UnsafePointer<Int64>? { columnPointers.int(record, field) }

    @inline(__always)
    func doubleColumn(_ record: Int, _ field: Int) -> UnsafePointer<Double>? { columnPointers.double(record, field) }

    @inline(__always)
    func groups(slot: Int, record: Int, field: Int) -> GroupIndex {
        slot >= 0 && slot < groupSlots.count ? groupSlots[slot] : groups(record: record, field: field)
    }

    /// The as-at date of the run, which measures may read as `as_at`.
    var asAt: Int32 = 0

    /// The interned ids of the definitions' text literals, by literal index.
    private(set) var literalIDs: [Int64] = []

    init(definitions: Definitions) {
        self.definitions = definitions
        tables = definitions.records.enumerated().map { Table(type: $1, recordIndex: $0) }
        columnPointers = ColumnPointers(tables: definitions.records.count, fieldsPerTable: definitions.records.map(\.fields.count).max() ?? 1)
        literalIDs = definitions.textLiterals.texts.map { intern($0) }
    }

    func intern(_ s: String) -> Int64 {
        var s = s
        return s.withUTF8 { intern($0) }
    }

    @inline(__always)
    func intern(_ bytes: UnsafeBufferPointer<UInt8>) -> Int64 {
        texts.insert(bytes, value: Int64(texts.count))
    }

    /// The id of a text already interned, if it was.
    func lookup(_ bytes: UnsafeBufferPointer<UInt8>) -> Int64? { texts.value(for: bytes) }

    func string(_ id: Int64) -> String { id >= 0 && id < texts.count ? String(decoding: texts.key(Int(id)), as: UTF8.self) : "" }

    /// Rows of `record` grouped by the value of `field`, built once per run.
    func groups(record: Int, field: Int) -> GroupIndex {
        let key = record << 16 | field
        if let index = groupIndexes[key] { return index }
        let index = GroupIndex(values: tables[record].ints[field], count: tables[record].count)
        groupIndexes[key] = index
        return index
    }
}

/// Rows grouped by a field's value, as one array of rows in value order with the
/// start of each group (compressed sparse rows). Values that are small dense
/// integers (row numbers, interned ids) index the starts directly; others go
/// through a dictionary.
final class GroupIndex: @unchecked Sendable {
    // `let`s, set once in `init`: reading them for every row of every window then
    // needs no exclusivity check.
    let rows: [Int32]
    private let starts: [Int32]
    private let sparse: [Int64: Range<Int32>]
    private let dense: Bool
    /// `rows` with each group sorted by some fields, built on first request per list of
    /// fields (see `ordered(by:table:)`).
    @exclusivity(unchecked) private var orderings: [[Int]: [Int32]] = [:]
    private let orderingLock = NSLock()

    /// Every group's range in `rows`.
    var groupRanges: [Range<Int>] {
        if dense {
            return (0..<max(0, starts.count - 1)).compactMap { k in
                let r = Int(starts[k])..<Int(starts[k + 1])
                return r.isEmpty ? nil : r
            }
        }
        return sparse.values.map { Int($0.lowerBound)..<Int($0.upperBound) }
    }

    /// `rows`, each group's rows sorted by the given whole-number fields of `table`
    /// (blank first), ties kept in table order; built once, then shared by every
    /// window and every thread. `first`/`last` look-ups walk it from either end and
    /// stop at the first row that meets their condition.
    func ordered(by fields: [Int], table: Table) -> [Int32] {
        orderingLock.lock()
        defer { orderingLock.unlock() }
        if let done = orderings[fields] { return done }
        var out = rows
        let columns = fields.map { table.ints[$0] }
        out.withUnsafeMutableBufferPointer { out in
            for range in groupRanges where range.count > 1 {
                let slice = UnsafeMutableBufferPointer(rebasing: out[range])
                // Stable: rows within a group are in table order already.
                var keyed = slice.enumerated().map { ($0.offset, $0.element) }
                keyed.sort { a, b in
                    for c in columns {
                        let x = c[Int(a.1)], y = c[Int(b.1)]
                        if x != y { return x < y }  // Table.null is the smallest Int64: blank first
                    }
                    return a.0 < b.0
                }
                for (k, entry) in keyed.enumerated() { slice[k] = entry.1 }
            }
        }
        orderings[fields] = out
        return out
    }

    init(values: [Int64], count: Int) {
        var maxValue: Int64 = -1
        var minValue: Int64 = 0
        for r in 0..<count where values[r] != Table.null {
            maxValue = max(maxValue, values[r])
            minValue = min(minValue, values[r])
        }
        dense = minValue >= 0 && maxValue < Int64(4 * count + (1 << 20))
        var rows: [Int32] = []
        var starts: [Int32] = []
        var sparse: [Int64: Range<Int32>] = [:]
        if dense {
            let size = Int(maxValue) + 2
            var counts = [Int32](repeating: 0, count: size)
            for r in 0..<count where values[r] != Table.null { counts[Int(values[r]) + 1] += 1 }
            for i in 1..<size { counts[i] += counts[i - 1] }
            starts = counts
            var next = counts
            rows = [Int32](repeating: 0, count: Int(counts[size - 1]))
            for r in 0..<count where values[r] != Table.null {
                let v = Int(values[r])
                rows[Int(next[v])] = Int32(r)
                next[v] += 1
            }
        } else {
            var groups: [Int64: [Int32]] = [:]
            for r in 0..<count where values[r] != Table.null { groups[values[r], default: []].append(Int32(r)) }
            for key in groups.keys.sorted() {
                let start = Int32(rows.count)
                rows += groups[key]!
                sparse[key] = start..<Int32(rows.count)
            }
        }
        self.rows = rows
        self.starts = starts
        self.sparse = sparse
    }

    @inline(__always)
    func range(of key: Int64) -> Range<Int> {
        if dense {
            guard key >= 0, key + 1 < Int64(starts.count) else { return 0..<0 }
            return Int(starts[Int(key)])..<Int(starts[Int(key) + 1])
        }
        guard let r = sparse[key] else { return 0..<0 }
        return Int(r.lowerBound)..<Int(r.upperBound)
    }
}

/// A group's rows, or every row of the table when there is no index.
struct GroupSlice {
    let index: GroupIndex?
    let range: Range<Int>
    @inline(__always) func row(_ k: Int) -> Int { index.map { Int($0.rows[k]) } ?? k }
}

/// The (record, field) pairs whose grouped-row indexes compiled expressions read,
/// each with a slot number, so the indexes can be built before evaluation starts and
/// then only read, from any thread.
/// The quoted texts definitions compare text fields with, each given an index at check
/// time; the dataset interns them before reading any extract, so a comparison is one
/// integer test and a literal no row holds simply equals nothing.
final class TextLiterals: @unchecked Sendable {
    private(set) var texts: [String] = []

    func index(of text: String) -> Int {
        if let i = texts.firstIndex(of: text) { return i }
        texts.append(text)
        return texts.count - 1
    }
}

final class GroupKeys: @unchecked Sendable {
    private(set) var keys: [(record: Int, field: Int)] = []
    /// Groups sorted by fields that `first`/`last` walk: the group slot and the fields.
    private(set) var orderings: [(group: Int, fields: [Int])] = []

    func orderingSlot(group: Int, fields: [Int]) -> Int {
        if let i = orderings.firstIndex(where: { $0.group == group && $0.fields == fields }) { return i }
        orderings.append((group, fields))
        return orderings.count - 1
    }

    func slot(record: Int, field: Int) -> Int {
        if let i = keys.firstIndex(where: { $0 == (record, field) }) { return i }
        keys.append((record, field))
        return keys.count - 1
    }
}
