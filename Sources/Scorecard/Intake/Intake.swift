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

    /// Person identities: `SYSTEM:local` bytes → the interned id of the person uid.
    private var persons = ByteTable(capacity: 1 << 12)
    private var rejects: [RejectedRow] = []
    private var reports: [SourceReport] = []
    /// Per record: the interned id of its key text → row, for references from other records.
    private var refIndex: [Int: [Int64: Int32]] = [:]

    public mutating func run() throws(DiagnosticError) -> Result {
        let dataset = Dataset(definitions: definitions)
        reports = definitions.sources.map { SourceReport(source: $0.name, file: $0.file) }
        for (i, source) in definitions.sources.enumerated() where source.identity != nil {
            try loadIdentities(source, index: i, dataset: dataset)
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

    /// How one mapped field is read, prepared once per source so the row loop does
    /// no look-ups by name and builds no `String`.
    private enum FieldReader {
        case text
        case int
        case decimal
        case date(DateFormat)
        case person(prefix: [UInt8])
        case code(cache: Int, category: Int, map: Int?)
        case ref(target: Int)
    }

    /// A row's key, hashed without allocating (keys have at most four fields; more are folded).
    private struct RowKey: Hashable {
        var a: Int64 = 0, b: Int64 = 0, c: Int64 = 0, d: Int64 = 0
        init(_ values: [Value], fields: [Int]) {
            for (k, f) in fields.enumerated() {
                let v: Int64
                switch values[f] {
                case .int(let i): v = i
                case .double(let x): v = Int64(bitPattern: x.bitPattern)
                default: v = Table.null
                }
                switch k {
                case 0: a = v
                case 1: b = v
                case 2: c = v
                default: d = d &* 31 &+ v
                }
            }
        }
    }

    private enum RowOutcome {
        case accepted
        case rejected(reason: String, detail: String)
    }

    /// Reads one source into its record's table.
    private mutating func load(source s: Int, into dataset: Dataset, superseded: inout [Int: Int]) throws(DiagnosticError) {
        let source = definitions.sources[s]
        guard let r = source.record else { return }
        let table = dataset.tables[r]
        let type = definitions.records[r]
        var ctx = Context(data: dataset, slotCount: 0)
        ctx.asAt = asAt
        let supersedeIndex: [Int64: Int]? = source.supersede.map { sup in
            var index: [Int64: Int] = [:]
            let keyField = definitions.records[r].key.first ?? 0
            for row in 0..<table.count where table.origins[row].source == Int32(sup.source) {
                let v = table.ints[keyField][row]
                if v != Table.null, index[v] == nil { index[v] = row }
            }
            return index
        }
        var keys: [RowKey: Int32] = [:]
        for row in 0..<table.count {
            keys[RowKey((0..<type.fields.count).map { table.value($0, row) }, fields: type.key)] = table.origins[row].line
        }
        var pending: [(line: Int, reason: String, detail: String, fields: [String])] = []
        var read = 0, accepted = 0
        var unmapped: [String: Int] = [:]
        let maps = definitions.maps
        let categories = definitions.categories
        var readers: [FieldReader] = []
        var caches: [ByteTable] = []
        for m in source.mappings {
            switch m.conversion {
            case .text: readers.append(.text)
            case .int: readers.append(.int)
            case .decimal: readers.append(.decimal)
            case .date(let f): readers.append(.date(f))
            case .person(let system): readers.append(.person(prefix: Array((system.uppercased() + ":").utf8)))
            case .category(let c):
                readers.append(.code(cache: caches.count, category: c, map: nil))
                caches.append(ByteTable())
            case .mapped(let mi):
                readers.append(.code(cache: caches.count, category: maps[mi].category, map: mi))
                caches.append(ByteTable())
            case .ref(let target): readers.append(.ref(target: target))
            }
        }
        var personKey: [UInt8] = []
        let refIndex = self.refIndex
        var persons = self.persons
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
            let needed = (columns.max() ?? -1) + 1
            var record = ByteRecord()
            var staged = [Value](repeating: .null, count: type.fields.count)
            while true {
                let result = reader.read(into: &record)
                if case .endOfInput = result { break }
                read += 1
                let line = reader.position.line
                if case .malformed(let why) = result {
                    pending.append((line, "malformed record", why.description, record.strings))
                    continue
                }
                if record.count < needed {
                    pending.append((line, "missing field", columnNames[columns.firstIndex { $0 >= record.count } ?? 0], record.strings))
                    continue
                }
                for k in staged.indices { staged[k] = .null }
                let outcome: RowOutcome = record.withUnsafeFields { bytes, ends in
                    for (k, m) in source.mappings.enumerated() {
                        let c = columns[k]
                        var lo = c == 0 ? 0 : ends[c - 1]
                        let rawStart = lo
                        var hi = ends[c]
                        let rawEnd = hi
                        while lo < hi, bytes[lo] == 0x20 || bytes[lo] == 0x09 { lo += 1 }
                        while hi > lo, bytes[hi - 1] == 0x20 || bytes[hi - 1] == 0x09 { hi -= 1 }
                        let field = UnsafeBufferPointer(rebasing: bytes[lo..<hi])
                        if field.isEmpty {
                            if m.required { return .rejected(reason: "missing \(columnNames[k])", detail: "") }
                            continue
                        }
                        var value: Value = .null
                        var problem: String?
                        switch readers[k] {
                        case .text:
                            value = .int(dataset.intern(field))
                        case .int:
                            if let i = Self.parseInt(field) { value = .int(i) } else { problem = "unreadable \(columnNames[k])" }
                        case .decimal:
                            if let d = Double(String(decoding: field, as: UTF8.self)), d.isFinite { value = .double(d) } else { problem = "unreadable \(columnNames[k])" }
                        case .date(let format):
                            if let d = format.parse(UnsafeBufferPointer(rebasing: bytes[rawStart..<rawEnd])) { value = .int(Int64(d)) } else {
                                problem = "unreadable date in \(columnNames[k])"
                            }
                        case .person(let prefix):
                            personKey.removeAll(keepingCapacity: true)
                            personKey.append(contentsOf: prefix)
                            personKey.append(contentsOf: field)
                            let id = personKey.withUnsafeBufferPointer { key -> Int64 in
                                if let uid = persons.value(for: key) { return uid }
                                let own = dataset.intern(key)
                                persons.insert(key, value: own)
                                return own
                            }
                            value = .int(id)
                        case .code(let cache, let category, let map):
                            var code = caches[cache].value(for: field)
                            if code == nil {
                                let found: Int64?
                                if let map { found = maps[map].lookup(Array(field)[...]) } else {
                                    found = categories[category].index(of: String(decoding: field, as: UTF8.self)).map(Int64.init)
                                }
                                code = found ?? -1
                                caches[cache].insert(field, value: code!)
                            }
                            if code! >= 0 { value = .int(code!) }
                        case .ref(let target):
                            if let id = dataset.lookup(field), let row = refIndex[target]?[id] { value = .int(Int64(row)) } else {
                                problem = "unknown \(definitions.records[target].name)"
                            }
                        }
                        if value == .null, problem == nil {
                            // A code that maps to nothing: kept and shown as not recorded, unless required.
                            if m.required {
                                problem = "unrecognised \(columnNames[k])"
                            } else {
                                unmapped["\(columnNames[k]): \(String(decoding: field, as: UTF8.self))", default: 0] += 1
                            }
                        }
                        if let problem {
                            return .rejected(reason: problem, detail: String(decoding: UnsafeBufferPointer(rebasing: bytes[rawStart..<rawEnd]), as: UTF8.self))
                        }
                        staged[m.field] = value
                    }
                    return .accepted
                }
                if case .rejected(let reason, let detail) = outcome {
                    pending.append((line, reason, detail, record.strings))
                    continue
                }
                ctx.staged = staged
                var rule: String?
                for reject in source.rejects where reject.condition.eval(&ctx).isTrue {
                    rule = reject.reason
                    break
                }
                if let rule {
                    pending.append((line, rule, "", record.strings))
                    continue
                }
                if !type.key.isEmpty {
                    let key = RowKey(staged, fields: type.key)
                    if let first = keys[key] {
                        pending.append((line, "duplicate key", "first at line \(first)", record.strings))
                        continue
                    }
                    keys[key] = Int32(line)
                }
                let row = table.count
                table.append(staged, source: s, line: line)
                accepted += 1
                if let sup = source.supersede, let index = supersedeIndex, case .int(let id) = staged[sup.field],
                   let target = index[id], superseded[target] == nil {
                    superseded[target] = row
                }
            }
        }
        self.persons = persons
        for p in pending { reject(s, line: p.line, reason: p.reason, detail: p.detail, fields: p.fields) }
        reports[s].rowsRead = read
        reports[s].accepted = accepted
        reports[s].unmapped = unmapped
        (reports[s].bytes, reports[s].sha256) = file
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
