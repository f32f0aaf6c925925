import CSV
import Dispatch
import Foundation

/// Applies the source mappings to the extracts: typed rows, identities, code maps,
/// supersession, keys and reject rules. Every row read is either accepted or
/// rejected with a reason; none is silently dropped.
public struct Intake {
    public let definitions: Definitions
    public let dataFolder: String
    public let asAt: Int32

    public init(definitions: Definitions, dataFolder: String, asAt: Int32) {
        self.definitions = definitions
        self.dataFolder = dataFolder
        self.asAt = asAt
    }

    public struct Result {
        public var dataset: Dataset
        public var rejects: [RejectedRow]
        public var reports: [SourceReport]
        /// Seconds spent on each source and grouped record, for the run log.
        public var timings: [(String, Double)] = []
    }

    /// Person identities: `SYSTEM:local` bytes → the interned id of the person uid.
    var persons = ByteTable(capacity: 1 << 12)
    private var rejects: [RejectedRow] = []
    var reports: [SourceReport] = []
    private var timings: [(String, Double)] = []
    /// Per record: the interned id of its key text → row, for references from other records.
    var refIndex: [Int: [Int64: Int32]] = [:]

    public mutating func run() throws(DiagnosticError) -> Result {
        let dataset = Dataset(definitions: definitions)
        reports = definitions.sources.map { SourceReport(source: $0.name, file: $0.file) }
        for (i, source) in definitions.sources.enumerated() where source.identity != nil {
            try loadIdentities(source, index: i, dataset: dataset)
        }
        for record in recordOrder() {
            let type = definitions.records[record]
            if let group = type.group {
                let started = DispatchTime.now()
                buildGroups(dataset, record: record, base: group.record, by: group.by)
                timings.append(("group " + type.name, Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9))
            } else {
                var superseded: [Int: Int] = [:]
                for s in sourceOrder(record) {
                    let started = DispatchTime.now()
                    try load(source: s, into: dataset, superseded: &superseded)
                    timings.append(("intake " + definitions.sources[s].name, Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9))
                }
                finish(dataset, record: record, superseded: superseded)
            }
            assignColumns(dataset, record: record)
        }
        for (i, source) in definitions.sources.enumerated() {
            guard let r = source.record else { continue }
            let table = dataset.tables[r]
            let notRecorded = Int32(definitions.categories[definitions.framework.columnCategory].values.count)
            reports[i].unplaced = (0..<table.count).filter { table.origins[$0].source == Int32(i) && table.columns[$0] == notRecorded }.count
        }
        return Result(dataset: dataset, rejects: rejects, reports: reports, timings: timings)
    }

    // MARK: - Order

    /// Records in dependency order: a record's references and group base come first.
    private func recordOrder() -> [Int] {
        var order: [Int] = []
        var visiting: Set<Int> = []
        func visit(_ r: Int) {
            if order.contains(r) || visiting.contains(r) { return }
            visiting.insert(r)
            let type = definitions.records[r]
            for f in type.fields { if case .ref(let t) = f.type { visit(t) } }
            if let g = type.group { visit(g.record) }
            order.append(r)
        }
        for r in definitions.records.indices { visit(r) }
        return order
    }

    /// A record's sources, superseded ones before those that supersede them.
    private func sourceOrder(_ record: Int) -> [Int] {
        var order: [Int] = []
        func visit(_ s: Int) {
            if order.contains(s) { return }
            if let sup = definitions.sources[s].supersede { visit(sup.source) }
            order.append(s)
        }
        for (i, s) in definitions.sources.enumerated() where s.record == record { visit(i) }
        return order
    }

    // MARK: - Reading

    func path(_ source: SourceSpec) -> String { (dataFolder as NSString).appendingPathComponent(source.file) }

    /// Maps the extract, runs `body` over a reader of it, and returns its size and SHA-256.
    private func withRecords(_ source: SourceSpec, _ body: (inout CSVReader) throws(DiagnosticError) -> Void) throws(DiagnosticError) -> (bytes: Int, sha256: String) {
        let file = path(source)
        guard FileManager.default.fileExists(atPath: file) else {
            throw DiagnosticError([Diagnostic(at: nil, "\(file): extract for source '\(source.name)' is missing")])
        }
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: file), options: .alwaysMapped) } catch {
            throw DiagnosticError([Diagnostic(at: nil, "\(file): cannot read the extract: \(error.localizedDescription)")])
        }
        let encoding: TextEncoding = TextEncoding(rawValue: source.encoding) ?? .utf8
        let dialect = Dialect(delimiter: source.dialectDelimiter, hasHeader: source.hasHeader, encoding: encoding)
        var failure: DiagnosticError?
        let digest = data.withUnsafeBytes { SHA256.hex(of: $0) }
        data.withUnsafeBytes { raw in
            var reader = CSVReader(bytes: raw, dialect: dialect)
            do throws(DiagnosticError) { try body(&reader) } catch { failure = error }
        }
        if let failure { throw failure }
        return (data.count, digest)
    }

    /// Resolves a column reference against the header (or a position), or explains why not.
    func columnIndex(_ ref: SourceDecl.ColumnRef, header: [String]?, source: SourceSpec, location: SourceLocation) throws(DiagnosticError) -> Int {
        switch ref {
        case .position(let p): return p - 1
        case .named(let name):
            guard let header else {
                throw DiagnosticError([Diagnostic(at: location, "source '\(source.name)' has no header row; name its fields by position (1, 2, …)")])
            }
            if let i = header.firstIndex(of: name) { return i }
            let trimmed = header.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            if let i = trimmed.firstIndex(of: name.lowercased()) { return i }
            throw DiagnosticError([Diagnostic(at: SourceLocation(file: path(source), line: 1, column: 1),
                "the header has no column \"\(name)\" (wanted by \(location))\(Suggestion.hint(for: name, in: header))")])
        }
    }

    mutating func reject(_ s: Int, line: Int, reason: String, detail: String, fields: [String]) {
        let source = definitions.sources[s]
        rejects.append(RejectedRow(source: source.name, file: source.file, line: line, reason: reason, detail: detail, fields: fields))
        reports[s].rejected[reason, default: 0] += 1
    }

    private mutating func loadIdentities(_ source: SourceSpec, index s: Int, dataset: Dataset) throws(DiagnosticError) {
        guard let identity = source.identity else { return }
        var map: [String: [String: String]] = [:]
        var counts = (read: 0, accepted: 0)
        var rejected: [(Int, String, [String])] = []
        let file = try withRecords(source) { (reader: inout CSVReader) throws(DiagnosticError) in
            if source.hasHeader, reader.header == nil { return }
            let columns = [identity.system, identity.local, identity.person]
            var idx: [Int] = []
            for c in columns { idx.append(try columnIndex(c, header: reader.header, source: source, location: source.location)) }
            var record = ByteRecord()
            while true {
                let result = reader.read(into: &record)
                if case .endOfInput = result { break }
                counts.read += 1
                if case .malformed(let why) = result {
                    rejected.append((reader.position.line, why.description, record.fields.map { String(decoding: $0, as: UTF8.self) }))
                    continue
                }
                let values = idx.map { record.string($0).trimmingCharacters(in: .whitespaces) }
                if values.contains(where: \.isEmpty) {
                    rejected.append((reader.position.line, "missing system, local id or person", record.fields.map { String(decoding: $0, as: UTF8.self) }))
                    continue
                }
                let system = values[0].uppercased()
                if let existing = map[system]?[values[1]] {
                    if existing != values[2] {
                        rejected.append((reader.position.line, "local id already maps to another person", values))
                        continue
                    }
                } else {
                    map[system, default: [:]][values[1]] = values[2]
                }
                counts.accepted += 1
            }
        }
        for (line, reason, fields) in rejected { reject(s, line: line, reason: reason, detail: "", fields: fields) }
        reports[s].rowsRead = counts.read
        reports[s].accepted = counts.accepted
        (reports[s].bytes, reports[s].sha256) = file
        for (system, locals) in map.sorted(by: { $0.key < $1.key }) {
            for (local, uid) in locals.sorted(by: { $0.key < $1.key }) {
                persons.insert(Array((system + ":" + local).utf8), value: dataset.intern(uid))
            }
        }
    }

    /// A whole number, optionally signed, or nil.
    @inline(__always)
    static func parseInt(_ field: UnsafeBufferPointer<UInt8>) -> Int64? {
        var i = 0
        var negative = false
        if field.first == UInt8(ascii: "-") || field.first == UInt8(ascii: "+") {
            negative = field.first == UInt8(ascii: "-")
            i = 1
        }
        guard i < field.count, field.count - i <= 18 else { return nil }
        var value: Int64 = 0
        while i < field.count {
            let d = field[i] &- UInt8(ascii: "0")
            guard d < 10 else { return nil }
            value = value * 10 + Int64(d)
            i += 1
        }
        return negative ? -value : value
    }

    private func trim(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var s = bytes.startIndex, e = bytes.endIndex
        while s < e, bytes[s] == UInt8(ascii: " ") || bytes[s] == UInt8(ascii: "\t") { s += 1 }
        while e > s, bytes[e - 1] == UInt8(ascii: " ") || bytes[e - 1] == UInt8(ascii: "\t") { e -= 1 }
        return bytes[s..<e]
    }

    // MARK: - After loading

    /// Removes superseded rows and indexes keys for references, a superseded key
    /// pointing at the row that replaced it.
    private mutating func finish(_ dataset: Dataset, record r: Int, superseded: [Int: Int]) {
        let table = dataset.tables[r]
        var keep = Array(repeating: true, count: table.count)
        for (old, _) in superseded { keep[old] = false }
        for (old, _) in superseded { reports[Int(table.origins[old].source)].merged += 1 }
        let keyFields = definitions.records[r].key
        var oldKeys: [Int: Int64] = [:]
        if keyFields.count == 1 { for (old, _) in superseded { oldKeys[old] = table.ints[keyFields[0]][old] } }
        let remap = superseded.isEmpty ? Array(0..<table.count) : table.compact(keep: keep)
        guard keyFields.count == 1, definitions.records[r].fields[keyFields[0]].type == .text else { return }
        var index: [Int64: Int32] = [:]
        index.reserveCapacity(table.count + superseded.count)
        let f = keyFields[0]
        for row in 0..<table.count {
            let v = table.ints[f][row]
            if v != Table.null { index[v] = Int32(row) }
        }
        for (old, new) in superseded.sorted(by: { $0.key < $1.key }) {
            if let v = oldKeys[old], remap[new] >= 0 { index[v] = Int32(remap[new]) }
        }
        refIndex[r] = index
    }

    /// Builds a grouped record (e.g. sheets from scores) in first-appearance order.
    private func buildGroups(_ dataset: Dataset, record r: Int, base: Int, by: [Int]) {
        let source = dataset.tables[base]
        let target = dataset.tables[r]
        let type = definitions.records[r]
        var index = RowIndex(fields: Array(0..<by.count), capacity: 1024)
        var sums: [Double] = []
        let aggregates = type.aggregates.count
        var key = [Int64](repeating: 0, count: by.count)
        var values = [Int64](repeating: Table.null, count: type.fields.count)
        for row in 0..<source.count {
            for (k, f) in by.enumerated() { key[k] = source.ints[f][row] }
            let g: Int
            if let existing = key.withUnsafeBufferPointer({ index.find($0, in: target.ints) }) {
                g = Int(existing)
            } else {
                g = target.count
                for k in 0..<by.count { values[k] = key[k] }
                target.append(raw: values, source: Int(source.origins[row].source), line: Int(source.origins[row].line))
                key.withUnsafeBufferPointer { index.insert(row: Int32(g), key: $0, columns: target.ints) }
                for a in type.aggregates { sums.append(a.function == "min" ? .infinity : (a.function == "max" ? -.infinity : 0)) }
            }
            for (k, a) in type.aggregates.enumerated() {
                let v = source.value(a.source, row).asDouble
                let cell = g * aggregates + k
                switch a.function {
                case "count": sums[cell] += 1
                case "min": if let v { sums[cell] = min(sums[cell], v) }
                case "max": if let v { sums[cell] = max(sums[cell], v) }
                default: sums[cell] += v ?? 0
                }
            }
        }
        for g in 0..<target.count {
            for (k, a) in type.aggregates.enumerated() {
                let v = sums[g * aggregates + k]
                if target.isDecimal(a.field) { target.doubles[a.field][g] = v } else { target.ints[a.field][g] = Int64(v) }
            }
        }
    }

    /// The column each row counts in, following the record's column path.
    private func assignColumns(_ dataset: Dataset, record r: Int) {
        let table = dataset.tables[r]
        let path = definitions.records[r].columnPath
        let notRecorded = Int32(definitions.categories[definitions.framework.columnCategory].values.count)
        table.columns = (0..<table.count).map { row in
            var current = r
            var at = row
            for (k, f) in path.enumerated() {
                let v = dataset.tables[current].ints[f][at]
                if v == Table.null { return notRecorded }
                if k == path.count - 1 { return Int32(v) }
                guard case .ref(let next) = definitions.records[current].fields[f].type else { return notRecorded }
                current = next
                at = Int(v)
            }
            return notRecorded
        }
    }
}
