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
    /// Keep every table's rows, also those no measure reads (`export` writes them all).
    public var keepEveryTable = false

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
    /// A class, so phase 1 of a load can read it from every core (nothing writes it then).
    let persons = PersonIndex()
    /// Chunk boundaries found ahead of each load.
    let splitAhead = SplitAhead()
    var rejects: [RejectedRow] = []
    var reports: [SourceReport] = []
    private var timings: [(String, Double)] = []
    /// The last source's seconds in each intake phase.
    var phaseTimings: [(String, Double)] = []
    /// Per record: the interned id of its key text → row, for references from other records.
    var refIndex: [Int: RefIndex] = [:]

    public mutating func run() throws(DiagnosticError) -> Result {
        let dataset = Dataset(definitions: definitions)
        dataset.asAt = asAt
        reports = definitions.sources.map { SourceReport(source: $0.name, file: $0.file) }
        // Every extract's SHA-256 from the start, on one background thread: it fills the
        // time one core would otherwise idle while another runs an in-order step.
        let digests = Digests()
        defer { digests.cancel() }
        // Largest first: the big extract's hash then spans the in-order steps of the others.
        let files = definitions.sources.indices.compactMap { i -> (Int, Int)? in
            guard let size = (try? FileManager.default.attributesOfItem(atPath: path(definitions.sources[i])))?[.size] as? Int else { return nil }
            return (i, size)
        }
        for (i, _) in files.sorted(by: { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }) { digests.add(i, path: path(definitions.sources[i])) }
        digests.start()
        // Record boundaries of the extracts loaded later, found ahead on a background
        // thread (empty files and headerless ones too: the split handles both).
        defer { splitAhead.cancel() }
        for record in recordOrder() where definitions.records[record].group == nil {
            for s in sourceOrder(record) where FileManager.default.fileExists(atPath: path(definitions.sources[s])) {
                splitAhead.start(s, path: path(definitions.sources[s]), dialect: definitions.sources[s].dialect, targetSize: Self.chunkSize)
            }
        }
        for (i, source) in definitions.sources.enumerated() where source.identity != nil {
            let started = DispatchTime.now()
            try loadIdentities(source, index: i, dataset: dataset)
            timings.append(("identities " + source.name, Self.seconds(since: started)))
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
                    for (phase, seconds) in phaseTimings { timings.append(("intake \(definitions.sources[s].name) \(phase)", seconds)) }
                    phaseTimings = []
                }
                let started = DispatchTime.now()
                finish(dataset, record: record, superseded: superseded)
                timings.append(("finish " + type.name, Self.seconds(since: started)))
            }
            let started = DispatchTime.now()
            assignColumns(dataset, record: record)
            timings.append(("columns " + type.name, Self.seconds(since: started)))
        }
        let checksStarted = DispatchTime.now()
        // The latest dates the stale checks need, before tables no measure reads are let go.
        for (s, source) in definitions.sources.enumerated() {
            guard let r = source.record else { continue }
            let table = dataset.tables[r]
            for rule in source.completeness {
                guard case .stale(let field, _) = rule.kind else { continue }
                var latest = Int64.min
                table.ints[field].withUnsafeBufferPointer { values in
                    table.origins.withUnsafeBufferPointer { origins in
                        for row in 0..<table.count where origins[row].source == Int32(s) && values[row] != Table.null {
                            latest = max(latest, values[row])
                        }
                    }
                }
                if latest != Int64.min { reports[s].latest[field] = latest }
            }
        }
        let notRecorded = Int32(definitions.categories[definitions.framework.columnCategory].values.count)
        // Records with no column (look-ups: bank holidays, a national figure) are never "unplaced".
        for (r, table) in dataset.tables.enumerated() where definitions.records[r].group == nil && !definitions.records[r].columnPath.isEmpty {
            var unplaced = [Int](repeating: 0, count: definitions.sources.count)
            table.origins.withUnsafeBufferPointer { origins in
                table.columns.withUnsafeBufferPointer { columns in
                    for row in 0..<table.count where columns[row] == notRecorded { unplaced[Int(origins[row].source)] += 1 }
                }
            }
            for (i, source) in definitions.sources.enumerated() where source.record == r { reports[i].unplaced = unplaced[i] }
        }
        timings.append(("completeness counts", Self.seconds(since: checksStarted)))
        let digestStarted = DispatchTime.now()
        for (i, digest) in digests.wait() {
            switch digest {
            case .success(let hex): reports[i].sha256 = hex
            case .failure(let why):
                throw DiagnosticError([Diagnostic(at: nil, "\(path(definitions.sources[i])): cannot read the extract: \(why)")])
            }
        }
        timings.append(("digests (waited for)", Double(DispatchTime.now().uptimeNanoseconds - digestStarted.uptimeNanoseconds) / 1e9))
        // Rows no measure reads (e.g. single scores, once grouped into sheets) are let go.
        for (r, table) in dataset.tables.enumerated() where !keepEveryTable && !definitions.recordsUsedByMeasures.contains(r) {
            table.release()
        }
        return Result(dataset: dataset, rejects: rejects, reports: reports, timings: timings)
    }

    static func seconds(since start: DispatchTime) -> Double {
        Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
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

    /// The extract memory-mapped, or an error naming the file.
    func mapExtract(_ source: SourceSpec) throws(DiagnosticError) -> Data {
        let file = path(source)
        guard FileManager.default.fileExists(atPath: file) else {
            throw DiagnosticError([Diagnostic(at: nil, "\(file): extract for source '\(source.name)' is missing")])
        }
        let data: Data
        do { data = try MappedFile.data(file) } catch {
            throw DiagnosticError([Diagnostic(at: nil, "\(file): cannot read the extract: \(error.localizedDescription)")])
        }
        var text = data
        if source.encoding == "utf16" {
            do { text = try UTF16Extract.utf8(data, file: file) } catch {
                throw DiagnosticError([Diagnostic(at: nil, error.description)])
            }
        }
        return try Self.dataArea(text, source: source, file: file)
    }

    /// The data between a report's title lines and its footer (the whole file for most).
    static func dataArea(_ data: Data, source: SourceSpec, file: String) throws(DiagnosticError) -> Data {
        guard source.preambleLines > 0 || source.footerLines > 0 else { return data }
        let area = data.withUnsafeBytes { ExtractArea.find($0, preamble: source.preambleLines, footer: source.footerLines) }
        guard let area else {
            throw DiagnosticError([Diagnostic(at: nil, "\(file): the extract has fewer lines than its \(source.preambleLines) preamble and \(source.footerLines) footer lines")])
        }
        return data.subdata(in: data.startIndex + area.range.lowerBound..<data.startIndex + area.range.upperBound)
    }

    /// Maps the extract, runs `body` over a reader of it, and returns its size.
    private func withRecords(_ source: SourceSpec, _ body: (inout CSVReader) throws(DiagnosticError) -> Void) throws(DiagnosticError) -> Int {
        let data = try mapExtract(source)
        let dialect = source.dialect
        var failure: DiagnosticError?
        data.withUnsafeBytes { raw in
            var reader = CSVReader(bytes: raw, dialect: dialect)
            do throws(DiagnosticError) { try body(&reader) } catch { failure = error }
        }
        if let failure { throw failure }
        return data.count
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

    /// Reads the person index on bytes: `SYSTEM:local` → the person uid's interned id.
    /// A local id mapped again to the same person is a repeat; to another, a rejected row.
    private mutating func loadIdentities(_ source: SourceSpec, index s: Int, dataset: Dataset) throws(DiagnosticError) {
        guard let identity = source.identity else { return }
        var read = 0, accepted = 0
        var rejected: [(Int, String, String, [String])] = []
        // Taken out while it is filled, so the shared reference does not force a copy.
        var persons = self.persons.table
        self.persons.table = ByteTable()
        let file = try withRecords(source) { (reader: inout CSVReader) throws(DiagnosticError) in
            if source.hasHeader, reader.header == nil { return }
            try Self.checkHeader(reader, source: source, file: path(source))
            var idx: [Int] = []
            for c in [identity.system, identity.local, identity.person] {
                idx.append(try columnIndex(c, header: reader.header, source: source, location: source.location))
            }
            let needed = idx.max()! + 1
            var record = ByteRecord()
            var key: [UInt8] = []
            while true {
                let result = reader.read(into: &record)
                if case .endOfInput = result { break }
                read += 1
                if case .malformed(let why) = result {
                    rejected.append((reader.position.line, Self.rejectReason(why), Self.describe(why, header: reader.header), record.strings))
                    continue
                }
                guard record.count >= needed else {
                    rejected.append((reader.position.line, "missing field", "", record.strings))
                    continue
                }
                let outcome: String? = record.withUnsafeFields { bytes, ends in
                    func field(_ c: Int) -> UnsafeBufferPointer<UInt8> {
                        var lo = c == 0 ? 0 : ends[c - 1], hi = ends[c]
                        while lo < hi, bytes[lo] == 0x20 || bytes[lo] == 0x09 { lo += 1 }
                        while hi > lo, bytes[hi - 1] == 0x20 || bytes[hi - 1] == 0x09 { hi -= 1 }
                        return UnsafeBufferPointer(rebasing: bytes[lo..<hi])
                    }
                    let system = field(idx[0]), local = field(idx[1]), person = field(idx[2])
                    if system.isEmpty || local.isEmpty || person.isEmpty { return "missing system, local id or person" }
                    key.removeAll(keepingCapacity: true)
                    for b in system { key.append(b >= 97 && b <= 122 ? b - 32 : b) }
                    key.append(UInt8(ascii: ":"))
                    key.append(contentsOf: local)
                    let uid = dataset.intern(person)
                    return key.withUnsafeBufferPointer { k in
                        if let existing = persons.value(for: k) { return existing == uid ? nil : "local id already maps to another person" }
                        persons.insert(k, value: uid)
                        return nil
                    }
                }
                if let outcome {
                    rejected.append((reader.position.line, outcome, "", record.strings))
                } else {
                    accepted += 1
                }
            }
        }
        self.persons.table = persons
        for (line, reason, detail, fields) in rejected { reject(s, line: line, reason: reason, detail: detail, fields: fields) }
        reports[s].rowsRead = read
        reports[s].accepted = accepted
        reports[s].bytes = file
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
        // Interned ids are dense (0 up to the number of texts), so the index is a flat
        // array of rows by id: no hashing to build it or to look a reference up.
        var rows = [Int32](repeating: -1, count: max(dataset.texts.count, 1))
        let f = keyFields[0]
        table.ints[f].withUnsafeBufferPointer { values in
            for row in 0..<table.count {
                let v = values[row]
                if v >= 0 && v < Int64(rows.count) { rows[Int(v)] = Int32(row) }
            }
        }
        for (old, new) in superseded.sorted(by: { $0.key < $1.key }) {
            if let v = oldKeys[old], remap[new] >= 0, v >= 0, v < Int64(rows.count) { rows[Int(v)] = Int32(remap[new]) }
        }
        // A superseded key that no accepted row holds (its row was rejected, or never in
        // the extract) still names a case: the row that supersedes it, the first in file
        // order. So a reference filed under the old key follows the case to its new row.
        for (s, source) in definitions.sources.enumerated() where source.record == r {
            guard let sup = source.supersede, definitions.records[r].fields[sup.field].type == .text else { continue }
            table.ints[sup.field].withUnsafeBufferPointer { values in
                table.origins.withUnsafeBufferPointer { origins in
                    for row in 0..<table.count where origins[row].source == Int32(s) {
                        let v = values[row]
                        if v >= 0, v < Int64(rows.count), rows[Int(v)] < 0 { rows[Int(v)] = Int32(row) }
                    }
                }
            }
        }
        refIndex[r] = RefIndex(rows: rows)
    }

    /// Builds a grouped record (e.g. sheets from scores) in first-appearance order.
    private func buildGroups(_ dataset: Dataset, record r: Int, base: Int, by: [Int]) {
        let source = dataset.tables[base]
        let target = dataset.tables[r]
        let type = definitions.records[r]
        // Sized for groups of four rows or more, so it seldom grows (growing re-reads every key).
        var index = RowIndex(fields: Array(0..<by.count), capacity: max(1024, source.count / 4))
        var sums: [Double] = []
        var valuesSeen: [Int] = []
        let aggregates = type.aggregates.count
        var key = [Int64](repeating: 0, count: by.count)
        var values = [Int64](repeating: Table.null, count: type.fields.count)
        // Taken apart once: the key columns, and per aggregate its function and column.
        enum Function { case count, min, max, sum }
        let functions: [Function] = type.aggregates.map {
            switch $0.function {
            case "count": return .count
            case "min": return .min
            case "max": return .max
            default: return .sum
            }
        }
        let keyColumns = by.map { source.ints[$0] }
        let aggregateInts = type.aggregates.map { source.isDecimal($0.source) ? [] : source.ints[$0.source] }
        let aggregateDoubles = type.aggregates.map { source.isDecimal($0.source) ? source.doubles[$0.source] : [] }
        let aggregateIsDecimal = type.aggregates.map { source.isDecimal($0.source) }
        var previous = -1
        for row in 0..<source.count {
            // A group's rows usually come together (a sheet's scores): a row with the
            // previous row's key joins its group without a look-up.
            var same = previous >= 0
            if same { for k in 0..<by.count where keyColumns[k][row] != keyColumns[k][row - 1] { same = false; break } }
            let g: Int
            if same {
                g = previous
            } else {
                for k in 0..<by.count { key[k] = keyColumns[k][row] }
                if let existing = key.withUnsafeBufferPointer({ index.find($0, in: target.ints) }) {
                    g = Int(existing)
                } else {
                    g = target.count
                    for k in 0..<by.count { values[k] = key[k] }
                    target.append(raw: values, source: Int(source.origins[row].source), line: Int(source.origins[row].line))
                    key.withUnsafeBufferPointer { index.insert(row: Int32(g), key: $0, columns: target.ints) }
                    for f in functions {
                        sums.append(f == .min ? .infinity : (f == .max ? -.infinity : 0))
                        valuesSeen.append(0)
                    }
                }
            }
            previous = g
            for k in 0..<aggregates {
                let v: Double?
                if aggregateIsDecimal[k] {
                    let d = aggregateDoubles[k][row]
                    v = d.isNaN ? nil : d
                } else {
                    let i = aggregateInts[k][row]
                    v = i == Table.null ? nil : Double(i)
                }
                let cell = g * aggregates + k
                if v != nil { valuesSeen[cell] += 1 }
                switch functions[k] {
                case .count: sums[cell] += 1
                case .min: if let v { sums[cell] = min(sums[cell], v) }
                case .max: if let v { sums[cell] = max(sums[cell], v) }
                case .sum: sums[cell] += v ?? 0
                }
            }
        }
        for g in 0..<target.count {
            for (k, a) in type.aggregates.enumerated() {
                let cell = g * aggregates + k
                // A sum, least or greatest of no values is blank (as SQL's are), never ±infinity.
                if functions[k] != .count, valuesSeen[cell] == 0 {
                    if target.isDecimal(a.field) { target.doubles[a.field][g] = .nan } else { target.ints[a.field][g] = Table.null }
                    continue
                }
                let v = sums[cell]
                if target.isDecimal(a.field) { target.doubles[a.field][g] = v } else { target.ints[a.field][g] = Int64(v) }
            }
        }
    }

    /// The column each row counts in, following the record's column path.
    private func assignColumns(_ dataset: Dataset, record r: Int) {
        let table = dataset.tables[r]
        let path = definitions.records[r].columnPath
        let notRecorded = Int32(definitions.categories[definitions.framework.columnCategory].values.count)
        guard !path.isEmpty else {
            table.columns = [Int32](repeating: notRecorded, count: table.count)
            return
        }
        // Follow references to the table that holds the category, row by row, on both
        // cores (each writes its own half of the columns), inside the scope of every
        // column on the path (`NestedBuffers`).
        var pathColumns: [[Int64]] = []
        var current = r
        for f in path {
            pathColumns.append(dataset.tables[current].ints[f])
            if case .ref(let next) = definitions.records[current].fields[f].type { current = next }
        }
        var columns = [Int32](repeating: notRecorded, count: table.count)
        let count = table.count
        NestedBuffers.read(pathColumns) { steps in
            columns.withUnsafeMutableBufferPointer { out in
                let shared = Unchecked((steps, out))
                DispatchQueue.concurrentPerform(iterations: 2) { half in
                    let (steps, out) = shared.value
                    rows: for row in (count * half / 2)..<(count * (half + 1) / 2) {
                        var at = row
                        for (k, step) in steps.enumerated() {
                            guard at >= 0, at < step.count else { continue rows }
                            let v = step[at]
                            if v == Table.null { continue rows }
                            if k == steps.count - 1 { out[row] = Int32(v) } else { at = Int(v) }
                        }
                    }
                }
            }
        }
        table.columns = columns
    }
}

/// Person identities: `SYSTEM:local` bytes → the interned id of the person uid.
final class PersonIndex: @unchecked Sendable {
    @exclusivity(unchecked) var table = ByteTable(capacity: 1 << 12)
}

/// A record's rows by the interned id of its key text, for references from other
/// records: a flat array (ids are dense), −1 where no row has that id.
struct RefIndex: Sendable {
    private(set) var rows: [Int32]

    init(rows: [Int32] = []) { self.rows = rows }

    @inline(__always)
    subscript(_ id: Int64) -> Int32? {
        guard id >= 0, id < Int64(rows.count) else { return nil }
        let row = rows[Int(id)]
        return row >= 0 ? row : nil
    }
}

extension SourceSpec {
    /// How the source's extract is written: delimiter, header and encoding, and the
    /// largest record and field it may hold (`max record`, `max field`).
    var dialect: Dialect {
        // A UTF-16 extract is read after it has been turned into UTF-8 (UTF16Extract); a
        // report's title lines are set aside, so its data starts on a later line.
        var dialect = Dialect(delimiter: dialectDelimiter, hasHeader: hasHeader, encoding: TextEncoding(rawValue: encoding) ?? .utf8,
                              maxRecordBytes: maxRecordBytes, maxFieldBytes: maxFieldBytes)
        dialect.firstLine = preambleLines + 1
        return dialect
    }
}
