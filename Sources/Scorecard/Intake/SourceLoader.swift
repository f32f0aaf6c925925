import CSV
import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Reading one extract into its record's table, in phases so both cores work:
///
/// 1. **In parallel, per chunk** of the file (chunks start at record boundaries, even
///    with quoted line breaks; `SplitAhead` finds them before the load starts): parse
///    records and convert every field that needs no shared writes — dates, numbers,
///    codes (through per-chunk memos), references to records already loaded, persons
///    already known, and the reject rules when nothing waits for interning.
/// 2. **In file order, on one core**: intern text and new person ids, apply the
///    remaining reject rules, append, and note supersession. Where a record's rows are
///    superseded by row number, keys are checked here too, row by row.
/// 3. **Keys, after the load, on both cores** (records without supersession): a later
///    row with an earlier row's key is rejected (`KeyDeduplicator`), the same rows the
///    row-by-row check rejects. "First stands" rules therefore see rows in file order.
extension Intake {
    /// How one mapped field is read, prepared once per source.
    enum FieldReader: Sendable {
        case text
        case int
        case decimal
        case money
        case date(DateFormat)
        case datetime(DateFormat)
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
        /// Flat copies of each mapping's target field and `required`, so the row loop copies no structs.
        let targetFields: [Int]
        let required: [Bool]
        let columns: [Int]
        let columnNames: [String]
        let cacheCount: Int
        let deferredMappings: [Int]
        let rejectsInPhaseOne: Bool
        let refIndex: [Int: RefIndex]
        let rejectRules: [(index: Int, eval: (inout Context) -> Value)]
        let rejectReasons: [String]
        /// Every rule as a flat program, when all of them compile to one.
        let rejectPrograms: RejectPrograms?
        /// The mappings flattened for phase 1's row loop.
        let steps: RowSteps
        /// Known person identities, read (never written) in phase 1.
        let persons: PersonIndex
        let decimalFields: [Bool]
        let asAt: Int32
        let expectedFields: Int?
        /// The header's names, for messages (nil without a header row).
        let header: [String]?
        let dialect: Dialect
        let estimatedRows: Int
        /// `wide columns`: the first of the steps read once per group (-1: not a wide
        /// source) and how many; per group and value, the column and its header; per
        /// group, its key and the key as written.
        var wideStep = -1
        var wideCount = 0
        var wideColumns: [Int] = []
        var wideNames: [String] = []
        var wideKeys: [Int64] = []
        var wideGroupNames: [String] = []
        var keyField = 0
        /// `into month, period_no, …`: the field given each group's period number (-1: none).
        var periodField = -1
        var widePeriods: [Int64] = []
    }

    /// Bytes per chunk of the parallel phase: 8 MiB, or `SCORECARD_CHUNK_BYTES` when set.
    /// Why the override: extracts under 8 MiB are one chunk, so the tests' small sets
    /// would never run the parallel phase; `make sanitize` and a test set it small, so
    /// ASan and TSan see that code and the samples' figures are checked through it.
    static let chunkSize = ProcessInfo.processInfo.environment["SCORECARD_CHUNK_BYTES"].flatMap(Int.init).map { max(1, $0) } ?? 8 << 20

    /// Reads one source into its record's table.
    mutating func load(source s: Int, into dataset: Dataset, superseded: inout [Int: Int]) throws(DiagnosticError) {
        let source = definitions.sources[s]
        guard let r = source.record else { return }
        let table = dataset.tables[r]
        let type = definitions.records[r]
        let data = try mapExtract(source)
        defer { reports[s].bytes = data.count }
        let dialect = source.dialect
        var failure: DiagnosticError?
        var chunks: [ParsedChunk] = []
        data.withUnsafeBytes { raw in
            var made: LoadPlan?
            do throws(DiagnosticError) {
                made = try makePlan(source: source, type: type, dataset: dataset, bytes: raw, dialect: dialect)
            } catch { failure = error }
            guard let plan = made else { return }
            let splitStarted = DispatchTime.now()
            let pieces = splitAhead.chunks(s, size: raw.count) ?? ChunkSplitter.split(raw, dialect: dialect, targetSize: Self.chunkSize)
            let splitSeconds = Double(DispatchTime.now().uptimeNanoseconds - splitStarted.uptimeNanoseconds) / 1e9
            var reserveSeconds = 0.0
            let deferredKeys = !type.key.isEmpty && !definitions.sources.contains { $0.record == r && $0.supersede != nil }
            var appender = Appender(plan: plan, table: table, deferredKeys: deferredKeys)
            let firstRow = table.count
            let firstReject = rejects.count
            var phaseSeconds = (0.0, 0.0)
            // Batches of chunks bound the memory held between the two phases.
            let batch = 8
            for first in stride(from: 0, to: pieces.count, by: batch) {
                let these = Array(pieces[first..<min(first + batch, pieces.count)])
                chunks = Array(repeating: ParsedChunk(), count: these.count)
                let shared = Unchecked((raw, plan, these))
                // The previous batch's bytes are read: let their pages go, so
                // resident memory holds the records, not the extract (a rejected row's bytes
                // are simply read again).
                if let base = raw.baseAddress, first > 0 {
                    let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))
                    let start = (pieces[max(0, first - batch)].range.lowerBound / pageSize) * pageSize
                    let end = (pieces[first - 1].range.upperBound / pageSize) * pageSize
                    if end > start { madvise(UnsafeMutableRawPointer(mutating: base + start), end - start, MADV_DONTNEED) }
                }
                let phaseOne = DispatchTime.now()
                chunks.withUnsafeMutableBufferPointer { out in
                    let slots = Unchecked(out)
                    DispatchQueue.concurrentPerform(iterations: these.count) { i in
                        let (raw, plan, these) = shared.value
                        slots.value[i] = Self.parseChunk(raw, these[i], plan)
                    }
                }
                let phaseTwo = DispatchTime.now()
                append(chunks, plan: plan, source: s, table: table, superseded: &superseded, bytes: raw, appender: &appender)
                phaseSeconds.0 += Double(phaseTwo.uptimeNanoseconds - phaseOne.uptimeNanoseconds) / 1e9
                phaseSeconds.1 += Double(DispatchTime.now().uptimeNanoseconds - phaseTwo.uptimeNanoseconds) / 1e9
                if first == 0, pieces.count > batch, let done = these.last?.range.upperBound, done > 0 {
                    // Reserve the columns once from the first batch's rows per byte, rather
                    // than let them double (and copy) their way up to tens of millions.
                    let expected = Int(Double(appender.accepted) * Double(raw.count) / Double(done) * 1.02)
                    let reserveStarted = DispatchTime.now()
                    defer { reserveSeconds = Double(DispatchTime.now().uptimeNanoseconds - reserveStarted.uptimeNanoseconds) / 1e9 }
                    let more = max(0, expected - appender.accepted)
                    // Columns get room to spare: capacity never written is never resident,
                    // while running out would double and copy gigabytes.
                    table.reserve(table.count + more + more / 4)
                    if deferredKeys {
                        appender.starts.reserveCapacity(appender.starts.count + more + more / 4)
                    } else if !type.key.isEmpty {
                        appender.keys.reserve(more, columns: table.ints)
                    }
                }
            }
            var dedupeSeconds = 0.0
            if deferredKeys {
                let started = DispatchTime.now()
                rejectDuplicateKeys(table: table, firstRow: firstRow, firstReject: firstReject, plan: plan, source: s, bytes: raw, appender: &appender)
                dedupeSeconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
            }
            phaseTimings += [("split", splitSeconds), ("keys", dedupeSeconds), ("parallel", phaseSeconds.0), ("in order", phaseSeconds.1), ("reserve", reserveSeconds)]
            reports[s].rowsRead = appender.read
            reports[s].accepted = appender.accepted
            reports[s].unmapped = appender.unmapped
        }
        if let failure { throw failure }
    }

    /// Resolves columns and prepares readers, or explains why the extract cannot be read.
    private func makePlan(source: SourceSpec, type: RecordType, dataset: Dataset, bytes: UnsafeRawBufferPointer, dialect: Dialect) throws(DiagnosticError) -> LoadPlan? {
        var headerReader = CSVReader(bytes: bytes, dialect: dialect)
        // An empty file has no header and no rows: the completeness rules judge it.
        if source.hasHeader, headerReader.header == nil { return nil }
        try Self.checkHeader(headerReader, source: source, file: path(source))
        var columns: [Int] = []
        var columns2: [Int] = []
        let wideValues = source.wide.map { $0.firstValue..<($0.firstValue + $0.labels.count) } ?? 0..<0
        for (k, m) in source.mappings.enumerated() where !wideValues.contains(k) {
            columns.append(try columnIndex(m.column, header: headerReader.header, source: source, location: m.location))
            columns2.append(try m.column2.map { c throws(DiagnosticError) in try columnIndex(c, header: headerReader.header, source: source, location: m.location) } ?? -1)
        }
        var wide: WideHeader?
        if let w = source.wide, let header = headerReader.header {
            wide = try wideColumns(w, header: header, mapped: Set(columns + columns2.filter { $0 >= 0 }), source: source, type: type)
            columns.insert(contentsOf: wide!.cells[0..<w.labels.count], at: w.firstValue)
            columns2.insert(contentsOf: Array(repeating: -1, count: w.labels.count), at: w.firstValue)
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
            case .money: readers.append(.money)
            case .date(let f): readers.append(.date(f))
            case .datetime(let f): readers.append(.datetime(f))
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
        var plan = LoadPlan(
            source: source, type: type, dataset: dataset,
            targetFields: source.mappings.map(\.field), required: source.mappings.map(\.required), columns: columns,
            columnNames: source.mappings.map { m in
                if case .named(let n) = m.column { return n }
                return m.column.description
            },
            cacheCount: caches, deferredMappings: deferred, rejectsInPhaseOne: deferred.isEmpty,
            refIndex: refIndex,
            rejectRules: source.rejects.enumerated().map { ($0.offset, $0.element.condition.eval) },
            rejectReasons: source.rejects.map(\.reason),
            rejectPrograms: source.rejects.allSatisfy { $0.program != nil } ? RejectPrograms(source.rejects.map { $0.program! }) : nil,
            steps: RowSteps(source: source, type: type, dates: definitions.framework.dates, readers: readers, columns: columns, columns2: columns2, refIndex: refIndex),
            persons: persons,
            decimalFields: type.fields.map { $0.type == .decimal },
            asAt: asAt, expectedFields: expected, header: headerReader.header, dialect: dialect, estimatedRows: bytes.count / 24)
        if let w = source.wide, let wide {
            plan.wideStep = w.firstValue
            plan.wideCount = w.labels.count
            (plan.wideColumns, plan.wideNames, plan.wideKeys, plan.wideGroupNames) = (wide.cells, wide.cellNames, wide.keys, wide.groupNames)
            plan.keyField = w.keyField
            if let p = w.periodField { (plan.periodField, plan.widePeriods) = (p, wide.periods) }
        }
        return plan
    }

    /// The header columns a `wide columns` statement reads (`WideHeader`). None, a
    /// header the groups cannot read exactly, or a date key outside the key field's dates
    /// is an error naming the file.
    private func wideColumns(_ wide: SourceSpec.Wide, header: [String], mapped: Set<Int>, source: SourceSpec, type: RecordType) throws(DiagnosticError) -> WideHeader {
        let at = SourceLocation(file: path(source), line: 1 + source.preambleLines, column: 1)
        let keyOf: (String) -> Int64?
        var periodOf: ((String) -> Int64?)?
        let what: String
        switch wide.key {
        case .date(let format):
            keyOf = { text in
                let bytes = Array(text.utf8)
                return bytes.withUnsafeBufferPointer { b in format.pieces.withUnsafeBufferPointer { DateFormat.parse(b, pieces: $0, pivot: format.pivot) } }.map(Int64.init)
            }
            if let number = format.periodNumber {
                periodOf = { text in
                    let bytes = Array(text.utf8)
                    return bytes.withUnsafeBufferPointer { b in number.pieces.withUnsafeBufferPointer { DateFormat.parse(b, pieces: $0, pivot: number.pivot) } }.map(Int64.init)
                }
            }
            let kind = !format.isYearLabel ? "a month" : format.isPeriodLabel ? "a quarter or period" : "a year"
            what = "as \(kind) in the layout \"\(format.text)\""
        case .code(let category, let map):
            if let map {
                keyOf = { text in self.definitions.maps[map].lookup(Array(text.utf8)[...]).flatMap { $0 >= 0 ? $0 : nil } }
                what = "as a code of map '\(definitions.maps[map].name)'"
            } else {
                keyOf = { text in self.definitions.categories[category].index(of: text).map(Int64.init) }
                what = "as a value of '\(definitions.categories[category].name)'"
            }
        }
        let read: WideHeader
        switch WideHeader.read(wide, header: header, mapped: mapped, strict: true, what: what, keyOf: keyOf, periodOf: periodOf) {
        case .success(let r): read = r
        case .failure(let problem): throw DiagnosticError([Diagnostic(at: at, "\(problem.message) (wanted by \(wide.location))")])
        }
        if read.keys.isEmpty {
            let labels = wide.labels == [""] ? "" : " beside \(wide.labels.map { "\"\($0)\"" }.joined(separator: ", "))"
            throw DiagnosticError([Diagnostic(at: at,
                "no column of the header reads \(what)\(labels) (wanted by \(wide.location)); the header is \(header.map { "\"\($0)\"" }.joined(separator: ", "))")])
        }
        if case .date = wide.key {
            let range = type.fields[wide.keyField].range ?? (Double(definitions.framework.dates.low), Double(definitions.framework.dates.high))
            for (g, day) in read.keys.enumerated() where Double(day) < range.low || Double(day) > range.high {
                throw DiagnosticError([Diagnostic(at: at,
                    "the header's column \"\(read.groupNames[g])\" reads as \(Day.iso(Int32(day))), outside the dates of '\(type.fields[wide.keyField].name)' (\(Day.iso(Int32(range.low))) to \(Day.iso(Int32(range.high)))) (wanted by \(wide.location))")])
            }
        }
        return read
    }

    /// A header over the source's size bounds names no columns: an error naming the
    /// file, rather than every column reported missing.
    static func checkHeader(_ reader: CSVReader, source: SourceSpec, file: String) throws(DiagnosticError) {
        switch reader.headerProblem {
        case .recordTooLong?, .fieldTooLong?:
            throw DiagnosticError([Diagnostic(at: SourceLocation(file: file, line: 1, column: 1),
                "the header row cannot be read: \(describe(reader.headerProblem!, header: nil)) (source '\(source.name)')")])
        default:
            return
        }
    }

    /// The reason a malformed record is listed under in the data-quality account.
    static func rejectReason(_ why: MalformedReason) -> String {
        switch why {
        case .recordTooLong: return "record too long"
        case .fieldTooLong: return "field too long"
        default: return "malformed record"
        }
    }

    /// What was wrong with a malformed record, naming the column and the declaration
    /// that set a size bound.
    static func describe(_ why: MalformedReason, header: [String]?) -> String {
        switch why {
        case .recordTooLong:
            return why.description + " ('max record')"
        case .fieldTooLong(let field, _, _):
            if let header, field - 1 < header.count {
                return why.description.replacingOccurrences(of: "field \(field) ", with: "field \(field) (\"\(header[field - 1])\") ") + " ('max field')"
            }
            return why.description + " ('max field')"
        default:
            return why.description
        }
    }

    /// The reason of the first reject rule a row meets, if any.
    static func firstRejectRule(_ plan: LoadPlan, row: [Int64], ctx: inout Context) -> String? {
        let rules = plan.rejectRules
        guard !rules.isEmpty else { return nil }
        if let programs = plan.rejectPrograms {
            return row.withUnsafeBufferPointer { values in
                programs.firstMatch(values, asAt: Int64(plan.asAt)).map { plan.rejectReasons[$0] }
            }
        }
        if ctx.staged.count != row.count { ctx.staged = [Value](repeating: .null, count: row.count) }
        for f in 0..<row.count {
            let v = row[f]
            ctx.staged[f] = v == Table.null ? .null : (plan.decimalFields[f] ? .double(Double(bitPattern: UInt64(bitPattern: v))) : .int(v))
        }
        for rule in rules where rule.eval(&ctx).isTrue { return plan.rejectReasons[rule.index] }
        return nil
    }

    /// Phase 2's state across batches: the key index, the supersession targets, counts.
    struct Appender {
        var keys: RowIndex
        var supersedeIndex: [Int64: Int]?
        var read = 0, accepted = 0
        var unmapped: [String: Int] = [:]
        /// Keys are checked after the load, by `KeyDeduplicator`, rather than row by row
        /// (the record has a key and no supersession that row numbers must follow).
        let deferredKeys: Bool
        /// With deferred keys: where each appended row's record starts in the extract,
        /// to re-read a duplicate's fields.
        var starts: [Int] = []

        init(plan: LoadPlan, table: Table, deferredKeys: Bool) {
            let type = plan.type
            self.deferredKeys = deferredKeys
            if deferredKeys {
                keys = RowIndex(fields: type.key, capacity: 16)
                supersedeIndex = nil
                return
            }
            // Sized for the first batch; `load` sizes it for the whole extract once that
            // batch shows how many rows a byte holds (a guess from the size alone would
            // have to assume short rows, and cost gigabytes of empty slots).
            keys = RowIndex(fields: type.key, capacity: type.key.isEmpty ? 16 : table.count + min(plan.estimatedRows, 1 << 21))
            var key = [Int64](repeating: 0, count: type.key.count)
            if !type.key.isEmpty {
                for row in 0..<table.count {
                    for (k, f) in type.key.enumerated() { key[k] = table.ints[f][row] }
                    key.withUnsafeBufferPointer { keys.insert(row: Int32(row), key: $0, columns: table.ints) }
                }
            }
            supersedeIndex = plan.source.supersede.map { sup in
                var index: [Int64: Int] = [:]
                let keyField = type.key.first ?? 0
                for row in 0..<table.count where table.origins[row].source == Int32(sup.source) {
                    let v = table.ints[keyField][row]
                    if v != Table.null, index[v] == nil { index[v] = row }
                }
                return index
            }
        }
    }

    /// Phase 2: in file order, on one core. Per chunk, a first pass interns text,
    /// applies the rules that waited for it and decides each candidate against the keys
    /// seen so far; then the accepted rows are appended a column at a time.
    private mutating func append(_ chunks: [ParsedChunk], plan: LoadPlan, source s: Int, table: Table, superseded: inout [Int: Int], bytes: UnsafeRawBufferPointer, appender: inout Appender) {
        let type = plan.type
        let dataset = plan.dataset
        let fieldCount = type.fields.count
        let deferred = plan.deferredMappings
        var ctx = Context(data: dataset, slotCount: 0)
        ctx.asAt = asAt
        var rowValues = [Int64](repeating: 0, count: fieldCount)
        var key = [Int64](repeating: 0, count: type.key.count)
        var personKey: [UInt8] = []
        let hasKey = !type.key.isEmpty && !appender.deferredKeys
        for var chunk in chunks {
            appender.read += chunk.read
            appender.unmapped.merge(chunk.unmapped, uniquingKeysWith: +)
            let tableCount = table.count
            var accepted: [Int32] = []
            accepted.reserveCapacity(chunk.lines.count)
            if hasKey { appender.keys.reserve(chunk.lines.count, columns: table.ints) }
            for entry in chunk.order {
                if entry < 0 {
                    let r = chunk.rejections[Int(-entry - 1)]
                    reject(s, line: r.line, reason: r.reason, detail: r.detail, fields: r.fields)
                    continue
                }
                let c = Int(entry)
                let line = Int(chunk.lines[c])
                if !deferred.isEmpty {
                    for (d, k) in deferred.enumerated() {
                        let offset = Int(chunk.spans[(c * deferred.count + d) * 2])
                        guard offset >= 0 else { continue }
                        let length = Int(chunk.spans[(c * deferred.count + d) * 2 + 1])
                        let id: Int64 = chunk.arena.withUnsafeBufferPointer { arena in
                            let bytes = UnsafeBufferPointer(rebasing: arena[offset..<offset + length])
                            let step = plan.steps.steps[k]
                            if step.isPerson {
                                personKey.removeAll(keepingCapacity: true)
                                personKey.append(contentsOf: plan.steps.prefixes[step.prefixStart..<step.prefixStart + step.prefixCount])
                                personKey.append(contentsOf: bytes)
                                return personKey.withUnsafeBufferPointer { key in
                                    persons.table.value(for: key) { dataset.intern(key) }
                                }
                            }
                            return dataset.intern(bytes)
                        }
                        chunk.values[c * fieldCount + plan.targetFields[k]] = id
                    }
                    if !plan.rejectsInPhaseOne {
                        for f in 0..<fieldCount { rowValues[f] = chunk.values[c * fieldCount + f] }
                        if let rule = Self.firstRejectRule(plan, row: rowValues, ctx: &ctx) {
                            // A wide record names its column, as phase 1 does.
                            let detail = plan.wideStep < 0 ? "" : plan.wideKeys.indices.first {
                                plan.wideKeys[$0] == rowValues[plan.keyField] && (plan.periodField < 0 || plan.widePeriods[$0] == rowValues[plan.periodField])
                            }.map { plan.wideGroupNames[$0] } ?? ""
                            reject(s, line: line, reason: rule, detail: detail, fields: Self.originalFields(bytes, chunk, c, plan))
                            continue
                        }
                    }
                }
                if hasKey {
                    for (k, f) in type.key.enumerated() { key[k] = chunk.values[c * fieldCount + f] }
                    let first = key.withUnsafeBufferPointer { key in
                        chunk.values.withUnsafeBufferPointer { pending in
                            accepted.withUnsafeBufferPointer { rows in
                                appender.keys.find(key, in: table.ints, tableCount: tableCount, pending: pending, pendingRows: rows, fieldCount: fieldCount)
                            }
                        }
                    }
                    if let first {
                        let firstLine = Int(first) < tableCount ? table.origins[Int(first)].line : chunk.lines[Int(accepted[Int(first) - tableCount])]
                        reject(s, line: line, reason: "duplicate key", detail: "first at line \(firstLine)",
                               fields: Self.originalFields(bytes, chunk, c, plan))
                        continue
                    }
                    key.withUnsafeBufferPointer { appender.keys.insertReserved(row: Int32(tableCount + accepted.count), key: $0) }
                }
                if let sup = plan.source.supersede, let index = appender.supersedeIndex {
                    let id = chunk.values[c * fieldCount + sup.field]
                    if id != Table.null, let target = index[id], superseded[target] == nil { superseded[target] = tableCount + accepted.count }
                }
                accepted.append(Int32(c))
            }
            if appender.deferredKeys { for c in accepted { appender.starts.append(chunk.starts[Int(c)]) } }
            table.append(candidates: accepted, values: chunk.values, fieldCount: fieldCount, lines: chunk.lines, source: s)
            appender.accepted += accepted.count
        }
    }

    /// After a load with deferred keys: rejects every row whose key an earlier row has
    /// ("first stands", in table order, so across earlier sources too), removes them
    /// from the table, and puts this source's rejected rows back in file order.
    private mutating func rejectDuplicateKeys(table: Table, firstRow: Int, firstReject: Int, plan: LoadPlan, source s: Int,
                                              bytes: UnsafeRawBufferPointer, appender: inout Appender) {
        let duplicates = KeyDeduplicator.duplicates(keys: plan.type.key.map { table.ints[$0] }, count: table.count)
        guard !duplicates.isEmpty else { return }
        // The duplicates' original fields, re-read from the extract on both cores.
        let halves = 2
        var fields = [[[String]]](repeating: [], count: halves)
        do {
        // Dropped before the rows are removed, so the table's arrays are not shared then.
        let shared = Unchecked((duplicates, appender.starts, table.origins, bytes, plan.dialect))
        fields.withUnsafeMutableBufferPointer { out in
            let slots = Unchecked(out)
            DispatchQueue.concurrentPerform(iterations: halves) { h in
                let (duplicates, starts, origins, bytes, dialect) = shared.value
                let range = (duplicates.count * h / halves)..<(duplicates.count * (h + 1) / halves)
                var record = ByteRecord()
                var mine: [[String]] = []
                mine.reserveCapacity(range.count)
                // Duplicates come in file order: let the pages behind go as the reading
                // moves on, so the extract does not become resident again.
                let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))
                var dropped = range.isEmpty ? 0 : (starts[Int(duplicates[range.lowerBound].row) - firstRow] / pageSize) * pageSize
                for d in range {
                    let row = Int(duplicates[d].row)
                    let start = starts[row - firstRow]
                    var reader = CSVReader(bytes: bytes, dialect: dialect, startingAt: start,
                                           line: Int(origins[row].line), record: 1, readHeader: false)
                    _ = reader.read(into: &record)
                    mine.append(record.strings)
                    let behind = (start / pageSize) * pageSize
                    if behind - dropped >= 16 << 20, let base = bytes.baseAddress {
                        madvise(UnsafeMutableRawPointer(mutating: base + dropped), behind - dropped, MADV_DONTNEED)
                        dropped = behind
                    }
                }
                slots.value[h] = mine
            }
        }
        }
        appender.starts = []
        let firstDuplicate = rejects.count
        var k = 0
        for half in fields {
            for f in half {
                let d = duplicates[k]
                reject(s, line: Int(table.origins[Int(d.row)].line), reason: "duplicate key",
                       detail: "first at line \(table.origins[Int(d.first)].line)", fields: f)
                k += 1
            }
        }
        fields = []
        table.remove(sortedRows: duplicates.map(\.row))
        appender.accepted -= duplicates.count
        // Rejected in file order, as a row-by-row check would have listed them: the rows
        // rejected while loading and the duplicates are each in file order; merge them.
        var merged: [RejectedRow] = []
        merged.reserveCapacity(rejects.count - firstReject)
        var a = firstReject, b = firstDuplicate
        while a < firstDuplicate || b < rejects.count {
            if b == rejects.count || (a < firstDuplicate && rejects[a].line < rejects[b].line) {
                merged.append(rejects[a]); a += 1
            } else {
                merged.append(rejects[b]); b += 1
            }
        }
        rejects.replaceSubrange(firstReject..., with: merged)
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
