import CSV
import Dispatch
import Foundation

/// Reading one extract into its record's table, in two phases so both cores work:
///
/// 1. **In parallel, per chunk** of the file (chunks start at record boundaries, even
///    with quoted line breaks): parse records and convert every field that needs no
///    shared writes — dates, numbers, codes (through per-chunk caches), references to
///    records already loaded, and the reject rules when nothing waits for interning.
/// 2. **In file order, on one core**: intern text and person ids, apply the remaining
///    reject rules, reject later rows with an accepted row's key, append, and note
///    supersession. "First stands" rules therefore see rows exactly in file order.
extension Intake {
    /// How one mapped field is read, prepared once per source.
    enum FieldReader: Sendable {
        case text
        case int
        case decimal
        case date(DateFormat)
        case person(prefix: [UInt8])
        case code(cache: Int, category: Int, map: Int?)
        case ref(target: Int)

        /// Text and person ids need the shared interner: they wait for phase 2.
        var deferred: Bool {
            switch self {
            case .text, .person: return true
            default: return false
            }
        }
    }

    /// A row's key, hashed without allocating (more than four key fields are folded).
    struct RowKey: Hashable {
        var a: Int64 = 0, b: Int64 = 0, c: Int64 = 0, d: Int64 = 0
        init(_ row: UnsafeBufferPointer<Int64>, fields: [Int]) {
            for (k, f) in fields.enumerated() {
                let v = row[f]
                switch k {
                case 0: a = v
                case 1: b = v
                case 2: c = v
                default: d = d &* 31 &+ v
                }
            }
        }
    }

    /// What phase 1 made of one chunk.
    struct ParsedChunk {
        /// Per record read, in order: ≥ 0 is a candidate row, < 0 is `-(rejection + 1)`.
        var order: [Int32] = []
        var lines: [Int32] = []
        /// Per candidate: the byte where its record starts, to give a row rejected in
        /// phase 2 its original fields.
        var starts: [Int] = []
        /// Candidate rows, `fieldCount` values each (decimals as bit patterns, blanks as `Table.null`).
        var values: [Int64] = []
        /// Per candidate and deferred mapping: offset and length of the bytes in `arena` (−1: blank).
        var spans: [Int32] = []
        var arena: [UInt8] = []
        var rejections: [(line: Int, reason: String, detail: String, fields: [String])] = []
        var unmapped: [String: Int] = [:]
        var read = 0
    }

    /// Everything phase 1 needs, immutable and shared by the chunk workers.
    struct LoadPlan: @unchecked Sendable {
        let source: SourceSpec
        let type: RecordType
        let dataset: Dataset
        let readers: [FieldReader]
        let columns: [Int]
        let columnNames: [String]
        let cacheCount: Int
        let deferredMappings: [Int]
        let rejectsInPhaseOne: Bool
        let refIndex: [Int: [Int64: Int32]]
        let asAt: Int32
        let expectedFields: Int?
        let dialect: Dialect
    }

    /// Reads one source into its record's table.
    mutating func load(source s: Int, into dataset: Dataset, superseded: inout [Int: Int]) throws(DiagnosticError) {
        let source = definitions.sources[s]
        guard let r = source.record else { return }
        let table = dataset.tables[r]
        let type = definitions.records[r]
        let file = path(source)
        guard FileManager.default.fileExists(atPath: file) else {
            throw DiagnosticError([Diagnostic(at: nil, "\(file): extract for source '\(source.name)' is missing")])
        }
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: file), options: .alwaysMapped) } catch {
            throw DiagnosticError([Diagnostic(at: nil, "\(file): cannot read the extract: \(error.localizedDescription)")])
        }
        // The digest runs beside the parsing, on whichever core is free.
        let digest = DigestJob(data)
        defer { (reports[s].bytes, reports[s].sha256) = (data.count, digest.wait()) }

        let dialect = Dialect(delimiter: source.dialectDelimiter, hasHeader: source.hasHeader,
                              encoding: TextEncoding(rawValue: source.encoding) ?? .utf8)
        var failure: DiagnosticError?
        var chunks: [ParsedChunk] = []
        data.withUnsafeBytes { raw in
            var made: LoadPlan?
            do throws(DiagnosticError) {
                made = try makePlan(source: source, type: type, dataset: dataset, bytes: raw, dialect: dialect)
            } catch { failure = error }
            guard let plan = made else { return }
            let pieces = ChunkSplitter.split(raw, dialect: dialect, targetSize: 8 << 20)
            chunks = Array(repeating: ParsedChunk(), count: pieces.count)
            let shared = Unchecked((raw, plan, pieces))
            chunks.withUnsafeMutableBufferPointer { out in
                let slots = Unchecked(out)
                DispatchQueue.concurrentPerform(iterations: pieces.count) { i in
                    let (raw, plan, pieces) = shared.value
                    slots.value[i] = Self.parseChunk(raw, pieces[i], plan)
                }
            }
            append(chunks, plan: plan, source: s, table: table, superseded: &superseded, bytes: raw)
        }
        if let failure { throw failure }
    }

    /// Resolves columns and prepares readers, or explains why the extract cannot be read.
    private func makePlan(source: SourceSpec, type: RecordType, dataset: Dataset, bytes: UnsafeRawBufferPointer, dialect: Dialect) throws(DiagnosticError) -> LoadPlan? {
        var headerReader = CSVReader(bytes: bytes, dialect: dialect)
        // An empty file has no header and no rows: the completeness rules judge it.
        if source.hasHeader, headerReader.header == nil { return nil }
        var columns: [Int] = []
        for m in source.mappings {
            columns.append(try columnIndex(m.column, header: headerReader.header, source: source, location: m.location))
        }
        var expected = headerReader.header?.count
        if expected == nil {
            // No header: the first well-formed record sets the field count, as a single pass would.
            var record = ByteRecord()
            while true {
                let result = headerReader.read(into: &record)
                if case .record = result { expected = record.count; break }
                if case .endOfInput = result { break }
            }
        }
        var readers: [FieldReader] = []
        var caches = 0
        for m in source.mappings {
            switch m.conversion {
            case .text: readers.append(.text)
            case .int: readers.append(.int)
            case .decimal: readers.append(.decimal)
            case .date(let f): readers.append(.date(f))
            case .person(let system): readers.append(.person(prefix: Array((system.uppercased() + ":").utf8)))
            case .category(let c):
                readers.append(.code(cache: caches, category: c, map: nil))
                caches += 1
            case .mapped(let mi):
                readers.append(.code(cache: caches, category: definitions.maps[mi].category, map: mi))
                caches += 1
            case .ref(let target): readers.append(.ref(target: target))
            }
        }
        let deferred = readers.indices.filter { readers[$0].deferred }
        return LoadPlan(
            source: source, type: type, dataset: dataset, readers: readers, columns: columns,
            columnNames: source.mappings.map { m in
                if case .named(let n) = m.column { return n }
                return m.column.description
            },
            cacheCount: caches, deferredMappings: deferred, rejectsInPhaseOne: deferred.isEmpty,
            refIndex: refIndex, asAt: asAt, expectedFields: expected, dialect: dialect)
    }

    /// Phase 1 for one chunk: no shared writes.
    static func parseChunk(_ bytes: UnsafeRawBufferPointer, _ chunk: ChunkSplitter.Chunk, _ plan: LoadPlan) -> ParsedChunk {
        var out = ParsedChunk()
        var reader = CSVReader(bytes: bytes, dialect: plan.dialect, chunk: chunk)
        reader.expectedFieldCount = plan.expectedFields
        let definitions = plan.dataset.definitions
        let fieldCount = plan.type.fields.count
        let mappings = plan.source.mappings
        let needed = (plan.columns.max() ?? -1) + 1
        var caches = [ByteTable](repeating: ByteTable(), count: plan.cacheCount)
        var record = ByteRecord()
        var row = [Int64](repeating: Table.null, count: fieldCount)
        var spans = [Int32](repeating: -1, count: plan.deferredMappings.count * 2)
        var ctx = Context(data: plan.dataset, slotCount: 0)
        ctx.asAt = plan.asAt
        var candidates: Int32 = 0

        func reject(_ line: Int, _ reason: String, _ detail: String) {
            out.rejections.append((line, reason, detail, record.strings))
            out.order.append(-Int32(out.rejections.count))
        }

        while true {
            let result = reader.read(into: &record)
            if case .endOfInput = result { break }
            out.read += 1
            let line = reader.position.line
            if case .malformed(let why) = result {
                reject(line, "malformed record", why.description)
                continue
            }
            if record.count < needed {
                reject(line, "missing field", plan.columnNames[plan.columns.firstIndex { $0 >= record.count } ?? 0])
                continue
            }
            for k in row.indices { row[k] = Table.null }
            for k in spans.indices { spans[k] = -1 }
            var deferredIndex = 0
            let problem: (String, String)? = record.withUnsafeFields { bytes, ends in
                for (k, m) in mappings.enumerated() {
                    let c = plan.columns[k]
                    var lo = c == 0 ? 0 : ends[c - 1]
                    let rawStart = lo
                    var hi = ends[c]
                    let rawEnd = hi
                    while lo < hi, bytes[lo] == 0x20 || bytes[lo] == 0x09 { lo += 1 }
                    while hi > lo, bytes[hi - 1] == 0x20 || bytes[hi - 1] == 0x09 { hi -= 1 }
                    let field = UnsafeBufferPointer(rebasing: bytes[lo..<hi])
                    let reader = plan.readers[k]
                    if reader.deferred { deferredIndex += 1 }
                    if field.isEmpty {
                        if m.required { return ("missing \(plan.columnNames[k])", "") }
                        continue
                    }
                    func raw() -> String { String(decoding: UnsafeBufferPointer(rebasing: bytes[rawStart..<rawEnd]), as: UTF8.self) }
                    switch reader {
                    case .text, .person:
                        spans[(deferredIndex - 1) * 2] = Int32(out.arena.count)
                        spans[(deferredIndex - 1) * 2 + 1] = Int32(field.count)
                        out.arena.append(contentsOf: field)
                    case .int:
                        guard let i = Intake.parseInt(field) else { return ("unreadable \(plan.columnNames[k])", raw()) }
                        row[m.field] = i
                    case .decimal:
                        guard let d = Double(String(decoding: field, as: UTF8.self)), d.isFinite else { return ("unreadable \(plan.columnNames[k])", raw()) }
                        row[m.field] = Int64(bitPattern: (d == 0 ? 0 : d).bitPattern)  // -0.0 would read as blank
                    case .date(let format):
                        guard let d = format.parse(UnsafeBufferPointer(rebasing: bytes[rawStart..<rawEnd])) else {
                            return ("unreadable date in \(plan.columnNames[k])", raw())
                        }
                        row[m.field] = Int64(d)
                    case .code(let cache, let category, let map):
                        var code = caches[cache].value(for: field)
                        if code == nil {
                            let found: Int64?
                            if let map { found = definitions.maps[map].lookup(Array(field)[...]) } else {
                                found = definitions.categories[category].index(of: String(decoding: field, as: UTF8.self)).map(Int64.init)
                            }
                            code = found ?? -1
                            caches[cache].insert(field, value: code!)
                        }
                        if code! >= 0 {
                            row[m.field] = code!
                        } else if m.required {
                            return ("unrecognised \(plan.columnNames[k])", raw())
                        } else {
                            // A code that maps to nothing: kept and shown as not recorded.
                            out.unmapped["\(plan.columnNames[k]): \(String(decoding: field, as: UTF8.self))", default: 0] += 1
                        }
                    case .ref(let target):
                        guard let id = plan.dataset.lookup(field), let target = plan.refIndex[target]?[id] else {
                            return ("unknown \(definitions.records[target].name)", raw())
                        }
                        row[m.field] = Int64(target)
                    }
                }
                return nil
            }
            if let (reason, detail) = problem {
                reject(line, reason, detail)
                continue
            }
            if plan.rejectsInPhaseOne, let rule = Intake.firstRejectRule(plan, row: row, ctx: &ctx) {
                reject(line, rule, "")
                continue
            }
            out.order.append(candidates)
            candidates += 1
            out.lines.append(Int32(line))
            out.starts.append(reader.position.byte)
            out.values.append(contentsOf: row)
            out.spans.append(contentsOf: spans)
        }
        return out
    }

    /// The reason of the first reject rule a row meets, if any.
    static func firstRejectRule(_ plan: LoadPlan, row: [Int64], ctx: inout Context) -> String? {
        guard !plan.source.rejects.isEmpty else { return nil }
        ctx.staged = row.indices.map { f in
            let v = row[f]
            if v == Table.null { return .null }
            return plan.type.fields[f].type == .decimal ? .double(Double(bitPattern: UInt64(bitPattern: v))) : .int(v)
        }
        for rule in plan.source.rejects where rule.condition.eval(&ctx).isTrue { return rule.reason }
        return nil
    }

    /// Phase 2: in file order, on one core.
    private mutating func append(_ chunks: [ParsedChunk], plan: LoadPlan, source s: Int, table: Table, superseded: inout [Int: Int], bytes: UnsafeRawBufferPointer) {
        let type = plan.type
        let dataset = plan.dataset
        let fieldCount = type.fields.count
        var keys: [RowKey: Int32] = [:]
        var keyRow = [Int64](repeating: 0, count: fieldCount)
        for row in 0..<table.count {
            for f in 0..<fieldCount { keyRow[f] = table.isDecimal(f) ? Int64(bitPattern: table.doubles[f][row].bitPattern) : table.ints[f][row] }
            keys[keyRow.withUnsafeBufferPointer { RowKey($0, fields: type.key) }] = table.origins[row].line
        }
        let supersedeIndex: [Int64: Int]? = plan.source.supersede.map { sup in
            var index: [Int64: Int] = [:]
            let keyField = type.key.first ?? 0
            for row in 0..<table.count where table.origins[row].source == Int32(sup.source) {
                let v = table.ints[keyField][row]
                if v != Table.null, index[v] == nil { index[v] = row }
            }
            return index
        }
        let deferred = plan.deferredMappings
        var ctx = Context(data: dataset, slotCount: 0)
        ctx.asAt = asAt
        var read = 0, accepted = 0
        var unmapped: [String: Int] = [:]
        var rowValues = [Int64](repeating: 0, count: fieldCount)
        var personKey: [UInt8] = []
        for chunk in chunks {
            read += chunk.read
            unmapped.merge(chunk.unmapped, uniquingKeysWith: +)
            for entry in chunk.order {
                if entry < 0 {
                    let r = chunk.rejections[Int(-entry - 1)]
                    reject(s, line: r.line, reason: r.reason, detail: r.detail, fields: r.fields)
                    continue
                }
                let c = Int(entry)
                for f in 0..<fieldCount { rowValues[f] = chunk.values[c * fieldCount + f] }
                let line = Int(chunk.lines[c])
                for (d, k) in deferred.enumerated() {
                    let offset = Int(chunk.spans[(c * deferred.count + d) * 2])
                    guard offset >= 0 else { continue }
                    let length = Int(chunk.spans[(c * deferred.count + d) * 2 + 1])
                    let id: Int64 = chunk.arena.withUnsafeBufferPointer { arena in
                        let bytes = UnsafeBufferPointer(rebasing: arena[offset..<offset + length])
                        if case .person(let prefix) = plan.readers[k] {
                            personKey.removeAll(keepingCapacity: true)
                            personKey.append(contentsOf: prefix)
                            personKey.append(contentsOf: bytes)
                            return personKey.withUnsafeBufferPointer { key in
                                if let uid = persons.value(for: key) { return uid }
                                let own = dataset.intern(key)
                                persons.insert(key, value: own)
                                return own
                            }
                        }
                        return dataset.intern(bytes)
                    }
                    rowValues[plan.source.mappings[k].field] = id
                }
                if !plan.rejectsInPhaseOne, let rule = Self.firstRejectRule(plan, row: rowValues, ctx: &ctx) {
                    reject(s, line: line, reason: rule, detail: "", fields: Self.originalFields(bytes, chunk, c, plan))
                    continue
                }
                if !type.key.isEmpty {
                    let key = rowValues.withUnsafeBufferPointer { RowKey($0, fields: type.key) }
                    if let first = keys[key] {
                        reject(s, line: line, reason: "duplicate key", detail: "first at line \(first)", fields: Self.originalFields(bytes, chunk, c, plan))
                        continue
                    }
                    keys[key] = Int32(line)
                }
                let row = table.count
                table.append(raw: rowValues, source: s, line: line)
                accepted += 1
                if let sup = plan.source.supersede, let index = supersedeIndex {
                    let id = rowValues[sup.field]
                    if id != Table.null, let target = index[id], superseded[target] == nil { superseded[target] = row }
                }
            }
        }
        reports[s].rowsRead = read
        reports[s].accepted = accepted
        reports[s].unmapped = unmapped
    }

    /// A candidate row's original fields, read again from the extract for the
    /// rejected-rows file.
    private static func originalFields(_ bytes: UnsafeRawBufferPointer, _ chunk: ParsedChunk, _ c: Int, _ plan: LoadPlan) -> [String] {
        var reader = CSVReader(bytes: bytes, dialect: plan.dialect, startingAt: chunk.starts[c], line: Int(chunk.lines[c]), record: 1, readHeader: false)
        var record = ByteRecord()
        _ = reader.read(into: &record)
        return record.strings
    }
}

/// SHA-256 of an extract computed on another thread while it is parsed.
final class DigestJob: @unchecked Sendable {
    private let group = DispatchGroup()
    private var result = ""

    init(_ data: Data) {
        group.enter()
        DispatchQueue.global().async {
            self.result = data.withUnsafeBytes { SHA256.hex(of: $0) }
            self.group.leave()
        }
    }

    func wait() -> String {
        group.wait()
        return result
    }
}
