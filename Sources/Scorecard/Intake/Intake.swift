import CSV
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
    }

    /// Person identities: (system, local id) → person uid.
    private var persons: [String: [String: String]] = [:]
    private var rejects: [RejectedRow] = []
    private var reports: [SourceReport] = []
    /// Per record: its key value → row, for references from other records.
    private var refIndex: [Int: [String: Int]] = [:]

    public mutating func run() throws(DiagnosticError) -> Result {
        let dataset = Dataset(definitions: definitions)
        reports = definitions.sources.map { SourceReport(source: $0.name, file: $0.file) }
        for (i, source) in definitions.sources.enumerated() where source.identity != nil {
            try loadIdentities(source, index: i)
        }
        for record in recordOrder() {
            let type = definitions.records[record]
            if let group = type.group {
                buildGroups(dataset, record: record, base: group.record, by: group.by)
            } else {
                var superseded: [Int: Int] = [:]
                for s in sourceOrder(record) {
                    try load(source: s, into: dataset, superseded: &superseded)
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
        return Result(dataset: dataset, rejects: rejects, reports: reports)
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

    private func path(_ source: SourceSpec) -> String { (dataFolder as NSString).appendingPathComponent(source.file) }

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
    private func columnIndex(_ ref: SourceDecl.ColumnRef, header: [String]?, source: SourceSpec, location: SourceLocation) throws(DiagnosticError) -> Int {
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

    private mutating func reject(_ s: Int, line: Int, reason: String, detail: String, fields: [String]) {
        let source = definitions.sources[s]
        rejects.append(RejectedRow(source: source.name, file: source.file, line: line, reason: reason, detail: detail, fields: fields))
        reports[s].rejected[reason, default: 0] += 1
    }

    private mutating func loadIdentities(_ source: SourceSpec, index s: Int) throws(DiagnosticError) {
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
        for (system, locals) in map { persons[system, default: [:]].merge(locals) { a, _ in a } }
    }

    /// Reads one source into its record's table.
    private mutating func load(source s: Int, into dataset: Dataset, superseded: inout [Int: Int]) throws(DiagnosticError) {
        let source = definitions.sources[s]
        guard let r = source.record else { return }
        let table = dataset.tables[r]
        let type = definitions.records[r]
        var ctx = Context(data: dataset, slotCount: 0)
        ctx.asAt = asAt
        let supersedeIndex: [String: Int]? = source.supersede.map { sup in
            var index: [String: Int] = [:]
            let keyField = definitions.records[r].key.first ?? 0
            for row in 0..<table.count where table.origins[row].source == Int32(sup.source) {
                let v = table.ints[keyField][row]
                if v != Table.null, index[dataset.string(v)] == nil { index[dataset.string(v)] = row }
            }
            return index
        }
        var keys = keyIndex(table)
        var pending: [(line: Int, reason: String, detail: String, fields: [String])] = []
        var read = 0, accepted = 0
        var unmapped: [String: Int] = [:]
        let maps = definitions.maps
        let categories = definitions.categories
        let file = try withRecords(source) { (reader: inout CSVReader) throws(DiagnosticError) in
            // An empty file has no header and no rows: the completeness rules judge it.
            if source.hasHeader, reader.header == nil { return }
            var columns: [Int] = []
            for m in source.mappings {
                columns.append(try columnIndex(m.column, header: reader.header, source: source, location: m.location))
            }
            let columnNames = source.mappings.map { m -> String in
                if case .named(let n) = m.column { return n }
                return m.column.description
            }
            var record = ByteRecord()
            var staged = [Value](repeating: .null, count: type.fields.count)
            rows: while true {
                let result = reader.read(into: &record)
                if case .endOfInput = result { break }
                read += 1
                let line = reader.position.line
                if case .malformed(let why) = result {
                    pending.append((line, "malformed record", why.description, record.fields.map { String(decoding: $0, as: UTF8.self) }))
                    continue
                }
                for k in staged.indices { staged[k] = .null }
                for (k, m) in source.mappings.enumerated() {
                    let c = columns[k]
                    guard c < record.count else {
                        pending.append((line, "missing field", columnNames[k], record.fields.map { String(decoding: $0, as: UTF8.self) }))
                        continue rows
                    }
                    let raw = record.field(c)
                    let trimmed = trim(raw)
                    if trimmed.isEmpty {
                        if m.required {
                            pending.append((line, "missing \(columnNames[k])", "", record.fields.map { String(decoding: $0, as: UTF8.self) }))
                            continue rows
                        }
                        continue
                    }
                    var value: Value = .null
                    var problem: String?
                    switch m.conversion {
                    case .text:
                        value = .int(dataset.intern(String(decoding: trimmed, as: UTF8.self)))
                    case .int:
                        if let i = Int64(String(decoding: trimmed, as: UTF8.self)) { value = .int(i) } else { problem = "unreadable \(columnNames[k])" }
                    case .decimal:
                        if let d = Double(String(decoding: trimmed, as: UTF8.self)), d.isFinite { value = .double(d) } else { problem = "unreadable \(columnNames[k])" }
                    case .date(let format):
                        if let d = format.parse(raw) { value = .int(Int64(d)) } else { problem = "unreadable date in \(columnNames[k])" }
                    case .person(let system):
                        let local = String(decoding: trimmed, as: UTF8.self)
                        let uid = persons[system.uppercased()]?[local] ?? "\(system):\(local)"
                        value = .int(dataset.intern(uid))
                    case .category(let c):
                        if let i = categories[c].index(of: String(decoding: trimmed, as: UTF8.self)) { value = .int(Int64(i)) }
                    case .mapped(let mi):
                        if let i = maps[mi].lookup(trimmed) { value = .int(i) }
                    case .ref(let target):
                        let key = String(decoding: trimmed, as: UTF8.self)
                        if let row = refIndex[target]?[key] { value = .int(Int64(row)) } else {
                            problem = "unknown \(definitions.records[target].name)"
                        }
                    }
                    if value == .null, problem == nil {
                        // A code that maps to nothing: kept and shown as not recorded, unless required.
                        if m.required {
                            problem = "unrecognised \(columnNames[k])"
                        } else {
                            unmapped["\(columnNames[k]): \(String(decoding: trimmed, as: UTF8.self))", default: 0] += 1
                        }
                    }
                    if let problem {
                        pending.append((line, problem, String(decoding: raw, as: UTF8.self), record.fields.map { String(decoding: $0, as: UTF8.self) }))
                        continue rows
                    }
                    staged[m.field] = value
                }
                ctx.staged = staged
                for rule in source.rejects where rule.condition.eval(&ctx).isTrue {
                    pending.append((line, rule.reason, "", record.fields.map { String(decoding: $0, as: UTF8.self) }))
                    continue rows
                }
                if !type.key.isEmpty {
                    let key = type.key.map { f -> Int64 in
                        if case .int(let i) = staged[f] { return i }
                        if case .double(let d) = staged[f] { return Int64(bitPattern: d.bitPattern) }
                        return Table.null
                    }
                    if let first = keys[key] {
                        pending.append((line, "duplicate key", "first at line \(first)", record.fields.map { String(decoding: $0, as: UTF8.self) }))
                        continue rows
                    }
                    keys[key] = line
                }
                let row = table.count
                table.append(staged, source: s, line: line)
                accepted += 1
                if let sup = source.supersede, let index = supersedeIndex, case .int(let id) = staged[sup.field],
                   let target = index[dataset.string(id)], superseded[target] == nil {
                    superseded[target] = row
                }
            }
        }
        for p in pending { reject(s, line: p.line, reason: p.reason, detail: p.detail, fields: p.fields) }
        reports[s].rowsRead = read
        reports[s].accepted = accepted
        (reports[s].bytes, reports[s].sha256) = file
        reports[s].unmapped = unmapped
    }

    private func keyIndex(_ table: Table) -> [[Int64]: Int] {
        var index: [[Int64]: Int] = [:]
        for row in 0..<table.count {
            let key = table.type.key.map { f -> Int64 in
                table.isDecimal(f) ? Int64(bitPattern: table.doubles[f][row].bitPattern) : table.ints[f][row]
            }
            index[key] = Int(table.origins[row].line)
        }
        return index
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
        let remap = table.compact(keep: keep)
        guard keyFields.count == 1, !table.isDecimal(keyFields[0]) else { return }
        var index: [String: Int] = [:]
        let f = keyFields[0]
        let isText = definitions.records[r].fields[f].type == .text
        for row in 0..<table.count {
            let v = table.ints[f][row]
            guard v != Table.null else { continue }
            index[isText ? dataset.string(v) : String(v)] = row
        }
        for (old, new) in superseded {
            if let v = oldKeys[old], remap[new] >= 0 { index[isText ? dataset.string(v) : String(v)] = remap[new] }
        }
        refIndex[r] = index
    }

    /// Builds a grouped record (e.g. sheets from scores) in first-appearance order.
    private func buildGroups(_ dataset: Dataset, record r: Int, base: Int, by: [Int]) {
        let source = dataset.tables[base]
        let target = dataset.tables[r]
        let type = definitions.records[r]
        var groups: [[Int64]: Int] = [:]
        var sums: [[Double]] = []
        for row in 0..<source.count {
            let key = by.map { source.ints[$0][row] }
            let g: Int
            if let existing = groups[key] { g = existing } else {
                g = target.count
                groups[key] = g
                var values = key.map { Value.int($0) }
                values += Array(repeating: Value.null, count: type.aggregates.count)
                target.append(values.map { $0 == .int(Table.null) ? .null : $0 }, source: Int(source.origins[row].source), line: Int(source.origins[row].line))
                sums.append(type.aggregates.map { a in a.function == "min" ? .infinity : (a.function == "max" ? -.infinity : 0) })
            }
            for (k, a) in type.aggregates.enumerated() {
                let v = source.value(a.source, row).asDouble
                switch a.function {
                case "count": sums[g][k] += 1
                case "min": if let v { sums[g][k] = min(sums[g][k], v) }
                case "max": if let v { sums[g][k] = max(sums[g][k], v) }
                default: sums[g][k] += v ?? 0
                }
            }
        }
        for g in 0..<target.count {
            for (k, a) in type.aggregates.enumerated() {
                if target.isDecimal(a.field) { target.doubles[a.field][g] = sums[g][k] } else { target.ints[a.field][g] = Int64(sums[g][k]) }
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
