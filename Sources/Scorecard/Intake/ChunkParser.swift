import CSV

/// A source's mappings flattened into plain values for phase 1's row loop.
///
/// Why: the loop runs once per field of tens of millions of rows. Reading an enum
/// with an array payload, a dictionary out of a dictionary or a struct holding
/// arrays takes and drops a reference count each time, and profiles showed those
/// counts costing more than the parsing itself. Here every step is a trivial value;
/// the few arrays behind them (date layouts, reference indexes) are held once, as
/// buffers, for a whole chunk.
struct RowSteps: @unchecked Sendable {
    enum Kind: UInt8 { case deferred, int, decimal, money, date, datetime, code, ref }

    struct Step {
        var kind: Kind
        /// The extract's column and the record's field it fills.
        var column: Int
        /// A second column (`"Year" + "Period"`), joined to the first by a NUL byte; -1: none.
        var column2 = -1
        /// Its layout: the first column's pieces are the first `splitAt` (to name the column at fault).
        var splitAt = 0
        var target: Int
        var required: Bool
        /// Position among the deferred (text, person) mappings; -1 otherwise.
        var deferredSlot: Int
        /// Codes: the chunk's cache, the category and the map (-1: none).
        var cache: Int
        var category: Int
        var map: Int
        /// Dates: the layout's pieces in `pieces`.
        var piecesStart: Int
        var piecesCount: Int
        /// Dates: the layout read by fixed offsets, when it is a plain year/month/day one
        /// (chosen here once, not per value; nil: the general loop over `pieces`).
        var fixedDate: DateFormat.FixedLayout? = nil
        /// A `yy` layout's pivot.
        var pivot = 50
        /// How a number is written, and whether that is the plain layout (tested once here,
        /// not per value).
        var number = NumberLayout.plain
        var plainNumber = true
        /// A reference to no accepted record keeps the row, linked to nothing.
        var keepUnknown = false
        /// References: the target record.
        var refRecord: Int
        /// Person ids: the system prefix (`MAT:`) in `prefixes`.
        var isPerson = false
        var prefixStart = 0
        var prefixCount = 0
        /// Ints, decimals, money (in pence), dates (as day numbers) and date-times (as
        /// seconds): the values the field may hold.
        var low = -Double.infinity
        var high = Double.infinity
    }

    let steps: [Step]
    let pieces: [DateFormat.Piece]

    /// Whether a field is blank: empty once spaces and tabs are trimmed, or a `blank` token.
    static func isBlank(_ field: UnsafeBufferPointer<UInt8>, tokens: [[UInt8]]) -> Bool {
        var lo = 0, hi = field.count
        while lo < hi, field[lo] == 0x20 || field[lo] == 0x09 { lo += 1 }
        while hi > lo, field[hi - 1] == 0x20 || field[hi - 1] == 0x09 { hi -= 1 }
        let trimmed = UnsafeBufferPointer(rebasing: field[lo..<hi])
        return trimmed.isEmpty || tokens.contains { equalsIgnoringCase(trimmed, $0) }
    }

    /// Whether a field's bytes equal a lowercased token, ignoring ASCII case.
    @inline(__always)
    static func equalsIgnoringCase(_ field: UnsafeBufferPointer<UInt8>, _ token: [UInt8]) -> Bool {
        guard field.count == token.count else { return false }
        for i in 0..<token.count {
            let b = field[i]
            if (b >= 65 && b <= 90 ? b | 0x20 : b) != token[i] { return false }
        }
        return true
    }
    /// Whether two buffers of the same length hold the same bytes.
    /// Why not `elementsEqual`: it walks two generic iterators, ~300 instructions for a
    /// ten-byte case reference, and the row loop compares one per reference field.
    @inline(__always)
    static func sameBytes(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard a.count == b.count else { return false }
        for i in 0..<a.count where a[i] != b[i] { return false }
        return true
    }

    let prefixes: [UInt8]
    /// Per step: the index of referenced rows by interned id (empty unless a reference).
    let refMaps: [RefIndex]

    /// Per step, the range as a person reads it ("0 to 100", "2000-01-01 to 2099-12-31"), for messages.
    let rangeTexts: [String]

    init(source: SourceSpec, type: RecordType, dates: (low: Int32, high: Int32), readers: [Intake.FieldReader], columns: [Int], columns2: [Int], refIndex: [Int: RefIndex]) {
        var steps: [Step] = []
        var pieces: [DateFormat.Piece] = []
        var prefixes: [UInt8] = []
        var refMaps: [RefIndex] = []
        var rangeTexts: [String] = []
        var deferred = 0
        for (k, reader) in readers.enumerated() {
            let m = source.mappings[k]
            var step = Step(kind: .int, column: columns[k], target: m.field, required: m.required, deferredSlot: -1,
                            cache: -1, category: -1, map: -1, piecesStart: 0, piecesCount: 0, refRecord: -1)
            var refMap = RefIndex()
            var rangeText = ""
            switch type.fields[m.field].type {
            case .int, .decimal:
                let range = type.fields[m.field].range ?? Limits.numbers
                (step.low, step.high) = range
                rangeText = "\(Self.plain(range.low)) to \(Self.plain(range.high))"
            case .money:
                // Declared in pounds, checked in pence: exact for any range a person writes.
                let range = type.fields[m.field].range ?? Limits.numbers
                (step.low, step.high) = ((range.low * 100).rounded(.up), (range.high * 100).rounded(.down))
                rangeText = "\(Self.plain(range.low)) to \(Self.plain(range.high))"
            case .date:
                let range = type.fields[m.field].range ?? (Double(dates.low), Double(dates.high))
                (step.low, step.high) = range
                rangeText = "\(Day.iso(Int32(range.low))) to \(Day.iso(Int32(range.high)))"
            case .datetime:
                // The range is of days: any time of its first to its last day.
                let range = type.fields[m.field].range ?? (Double(dates.low), Double(dates.high))
                (step.low, step.high) = (Double(DateTime.seconds(day: Int32(range.low), second: 0)), Double(DateTime.seconds(day: Int32(range.high), second: 86_399)))
                rangeText = "\(Day.iso(Int32(range.low))) to \(Day.iso(Int32(range.high)))"
            default:
                break
            }
            rangeTexts.append(rangeText)
            switch reader {
            case .text:
                step.kind = .deferred
                step.deferredSlot = deferred
                deferred += 1
            case .person(let prefix):
                step.kind = .deferred
                step.deferredSlot = deferred
                deferred += 1
                step.isPerson = true
                step.prefixStart = prefixes.count
                step.prefixCount = prefix.count
                prefixes += prefix
            case .int: step.kind = .int; step.number = m.number; step.plainNumber = m.number == .plain
            case .decimal: step.kind = .decimal; step.number = m.number; step.plainNumber = m.number == .plain
            case .money: step.kind = .money; step.number = m.number
            case .date(let format), .datetime(let format):
                if case .datetime = reader { step.kind = .datetime } else { step.kind = .date }
                step.piecesStart = pieces.count
                step.piecesCount = format.pieces.count
                step.pivot = format.pivot
                pieces += format.pieces
                if step.kind == .date, columns2[k] < 0 { step.fixedDate = format.fixedLayout }
                step.column2 = columns2[k]
                if step.column2 >= 0 { step.splitAt = format.pieces.firstIndex(of: .literal(0)) ?? 0 }
            case .code(let cache, let category, let map):
                step.kind = .code
                (step.cache, step.category, step.map) = (cache, category, map ?? -1)
            case .ref(let target):
                step.kind = .ref
                step.keepUnknown = m.keepUnknown
                step.refRecord = target
                refMap = refIndex[target] ?? RefIndex()
            }
            steps.append(step)
            refMaps.append(refMap)
        }
        self.steps = steps
        self.pieces = pieces
        self.prefixes = prefixes
        self.refMaps = refMaps
        self.rangeTexts = rangeTexts
    }

    /// A bound as written: whole numbers without a decimal point or exponent.
    static func plain(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e18 { return String(Int64(value)) }
        return String(value)
    }
}

extension Intake {
    /// Phase 1 for one chunk: parse its records and convert every field that needs no
    /// shared writes. Reads the plan only; writes only what it returns.
    static func parseChunk(_ bytes: UnsafeRawBufferPointer, _ chunk: ChunkSplitter.Chunk, _ plan: LoadPlan) -> ParsedChunk {
        var out = ParsedChunk()
        let estimate = chunk.range.count / 32 + 16
        out.order.reserveCapacity(estimate)
        out.lines.reserveCapacity(estimate)
        out.starts.reserveCapacity(estimate)
        let fieldCount = plan.type.fields.count
        out.values.reserveCapacity(estimate * fieldCount)
        let steps = plan.steps
        let deferredCount = plan.deferredMappings.count
        out.spans.reserveCapacity(estimate * deferredCount * 2)

        var reader = CSVReader(bytes: bytes, dialect: plan.dialect, chunk: chunk)
        reader.expectedFieldCount = plan.expectedFields
        // A record past the bound is walked, not kept: its own pages are let go behind
        // the walk (only its own: earlier rows may be read again for their fields).
        if let release = PageRelease(bytes, from: chunk.range.lowerBound) { reader.passed = { start, offset in release.through(offset, from: start) } }
        let definitions = plan.dataset.definitions
        let dataset = plan.dataset
        var columnNames = plan.columnNames
        let needed = max(plan.columns.max() ?? -1, plan.wideColumns.max() ?? -1, steps.steps.map(\.column2).max() ?? -1) + 1
        // `wide columns`: the values' steps are read once per group, each pass a record.
        let wideStep = plan.wideStep
        let wide = wideStep >= 0
        let wideCount = plan.wideCount
        let passes = wide ? plan.wideKeys.count : 1
        // Two columns read as one date (`"Year" + "Period"`): their values joined here.
        var joinedBytes: [UInt8] = []
        let column2Names = plan.source.mappings.map { m -> String in
            if case .named(let n)? = m.column2 { return n }
            return m.column2?.description ?? ""
        }
        var stepCopy = steps.steps
        var caches = [ByteTable](repeating: ByteTable(), count: plan.cacheCount)
        // A copy for this chunk's reads: nothing writes the index while chunks are parsed.
        let personTable = plan.persons.table
        var personKey: [UInt8] = []
        var memo = ShortCodeMemo()
        defer { memo.deallocate() }
        var record = ByteRecord()
        let asAt = Int64(plan.asAt)
        let programs = plan.rejectsInPhaseOne ? plan.rejectPrograms : nil
        var ctx = Context(data: plan.dataset, slotCount: 0)
        ctx.asAt = plan.asAt
        var candidates: Int32 = 0
        // The last reference read per step (rows of one case tend to come together):
        // its bytes in a fixed slot of `lastRefBytes`, its length (-1: none) and its row.
        let refSlot = 64
        var lastRefBytes = [UInt8](repeating: 0, count: max(1, steps.steps.count * refSlot))
        var lastRefLength = [Int](repeating: -1, count: steps.steps.count)
        var lastRefRow = [Int64](repeating: 0, count: steps.steps.count)
        var row = [Int64](repeating: Table.null, count: fieldCount)
        var spans = [Int32](repeating: -1, count: deferredCount * 2)
        var stack = [Int64](repeating: 0, count: (programs?.longest ?? 0) + 1)
        let emptyOps: [RowProgram.Op] = []
        let emptyStarts: [Int] = [0]

        var numberBytes: [UInt8] = []
        numberBytes.reserveCapacity(64)
        let blankTokens = plan.source.blankTokens
        // A copy for this chunk's look-ups of reference keys: nothing interns while
        // chunks are parsed (and a copy reads without the dataset's exclusivity check).
        let texts = dataset.texts

        stepCopy.withUnsafeMutableBufferPointer { stepList in
        steps.pieces.withUnsafeBufferPointer { pieces in
        (programs?.ops ?? emptyOps).withUnsafeBufferPointer { ops in
        (programs?.starts ?? emptyStarts).withUnsafeBufferPointer { starts in
        row.withUnsafeMutableBufferPointer { row in
        spans.withUnsafeMutableBufferPointer { spans in
        stack.withUnsafeMutableBufferPointer { stack in
        lastRefBytes.withUnsafeMutableBufferPointer { lastRefBytes in
        lastRefLength.withUnsafeMutableBufferPointer { lastRefLength in
        lastRefRow.withUnsafeMutableBufferPointer { lastRefRow in
            while true {
                let result = reader.read(into: &record)
                if case .endOfInput = result { break }
                out.read += 1
                let line = reader.position.line
                if case .malformed(let why) = result {
                    Self.reject(&out, line, record, Intake.rejectReason(why), Intake.describe(why, header: plan.header))
                    continue
                }
                if record.count < needed {
                    let short = plan.columns.firstIndex { $0 >= record.count }.map { columnNames[$0] }
                        ?? plan.wideColumns.firstIndex { $0 >= record.count }.map { plan.wideNames[$0] }
                        ?? steps.steps.firstIndex { $0.column2 >= record.count }.map { column2Names[$0] }
                    Self.reject(&out, line, record, "missing field", short ?? columnNames[0])
                    continue
                }
                for k in 0..<fieldCount { row[k] = Table.null }
                for k in 0..<spans.count { spans[k] = -1 }
                // Where this row's records start, to take them back if a later cell rejects the row.
                let mark = (out.order.count, out.lines.count, out.values.count, out.spans.count, out.rejections.count, candidates)
                var firstStep = 0
                passes: for pass in 0..<passes {
                var blankCells = 0
                if wide {
                    for j in 0..<wideCount {
                        let k = wideStep + j
                        stepList[k].column = plan.wideColumns[pass * wideCount + j]
                        columnNames[k] = plan.wideNames[pass * wideCount + j]
                        row[stepList[k].target] = Table.null
                        if stepList[k].deferredSlot >= 0 { spans[stepList[k].deferredSlot * 2] = -1 }
                    }
                    row[plan.keyField] = plan.wideKeys[pass]
                    if plan.periodField >= 0 { row[plan.periodField] = plan.widePeriods[pass] }
                }
                let problem: (String, String)? = record.withUnsafeFields { fieldBytes, ends in
                    for k in firstStep..<stepList.count {
                        // Only what every kind needs is read here; each case reads the rest
                        // of its step itself (`let step = stepList[k]` in the case). Why: a
                        // copy of the whole step per field (two dozen fields, most of them
                        // for one kind only) was loaded and spilled for every field, and
                        // cost more than the trimming below.
                        let c = stepList[k].column
                        var lo = c == 0 ? 0 : ends[c - 1]
                        let rawStart = lo
                        var hi = ends[c]
                        let rawEnd = hi
                        while lo < hi, fieldBytes[lo] == 0x20 || fieldBytes[lo] == 0x09 { lo += 1 }
                        while hi > lo, fieldBytes[hi - 1] == 0x20 || fieldBytes[hi - 1] == 0x09 { hi -= 1 }
                        var field = UnsafeBufferPointer(rebasing: fieldBytes[lo..<hi])
                        // A declared blank token ("NULL", "N/A", "-") is a blank.
                        if !blankTokens.isEmpty, blankTokens.contains(where: { RowSteps.equalsIgnoringCase(field, $0) }) {
                            field = UnsafeBufferPointer(rebasing: fieldBytes[lo..<lo])
                        }
                        if stepList[k].column2 >= 0 {
                            // A year label and its period: blank only when both are; one
                            // without the other is no date, and the row is rejected.
                            let step = stepList[k]
                            let c2 = step.column2
                            let second = UnsafeBufferPointer(rebasing: fieldBytes[(c2 == 0 ? 0 : ends[c2 - 1])..<ends[c2]])
                            let secondBlank = RowSteps.isBlank(second, tokens: blankTokens)
                            if field.isEmpty != secondBlank {
                                let name = field.isEmpty ? columnNames[k] : column2Names[k]
                                if step.required { return ("missing \(name)", "") }
                                return ("unreadable date in \(name)", "")
                            }
                            if !field.isEmpty {
                                joinedBytes.removeAll(keepingCapacity: true)
                                joinedBytes.append(contentsOf: UnsafeBufferPointer(rebasing: fieldBytes[rawStart..<rawEnd]))
                                joinedBytes.append(0)
                                joinedBytes.append(contentsOf: second)
                                let layout = UnsafeBufferPointer(rebasing: pieces[step.piecesStart..<step.piecesStart + step.piecesCount])
                                let read = joinedBytes.withUnsafeBufferPointer { DateFormat.parse($0, pieces: layout, pivot: step.pivot) }
                                guard let d = read else {
                                    // Name the column at fault: the year label if it does not read alone, else the period.
                                    let yearLayout = UnsafeBufferPointer(rebasing: layout[0..<step.splitAt])
                                    let yearReads = DateFormat.parse(UnsafeBufferPointer(rebasing: fieldBytes[rawStart..<rawEnd]), pieces: yearLayout, pivot: step.pivot) != nil
                                    let name = yearReads ? column2Names[k] : columnNames[k]
                                    return ("unreadable date in \(name)", yearReads ? String(decoding: second, as: UTF8.self) : String(decoding: UnsafeBufferPointer(rebasing: fieldBytes[rawStart..<rawEnd]), as: UTF8.self))
                                }
                                guard Double(d) >= step.low, Double(d) <= step.high else {
                                    return Self.outOfRange(columnNames[k], String(decoding: joinedBytes.map { $0 == 0 ? 0x20 : $0 }, as: UTF8.self), steps.rangeTexts[k])
                                }
                                row[step.target] = Int64(d)
                                continue
                            }
                        }
                        if field.isEmpty {
                            if stepList[k].required { return ("missing \(columnNames[k])", "") }
                            if wide, k >= wideStep, k < wideStep + wideCount { blankCells += 1 }
                            continue
                        }
                        func raw() -> String { String(decoding: UnsafeBufferPointer(rebasing: fieldBytes[rawStart..<rawEnd]), as: UTF8.self) }
                        switch stepList[k].kind {
                        case .deferred:
                            let step = stepList[k]
                            // A known person is resolved here, on every core; a new one
                            // (and any text) waits for phase 2's interning, in file order.
                            if step.isPerson {
                                personKey.removeAll(keepingCapacity: true)
                                personKey.append(contentsOf: steps.prefixes[step.prefixStart..<step.prefixStart + step.prefixCount])
                                personKey.append(contentsOf: field)
                                if let uid = personKey.withUnsafeBufferPointer({ personTable.value(for: $0) }) {
                                    row[step.target] = uid
                                    spans[step.deferredSlot * 2] = -2
                                    continue
                                }
                            }
                            spans[step.deferredSlot * 2] = Int32(out.arena.count)
                            spans[step.deferredSlot * 2 + 1] = Int32(field.count)
                            out.arena.append(contentsOf: field)
                        case .int:
                            let step = stepList[k]
                            let parsed: Int64?
                            if step.plainNumber { parsed = Intake.parseInt(field) } else {
                                parsed = NumberText.normalise(field, step.number, into: &numberBytes)
                                    ? numberBytes.withUnsafeBufferPointer { Intake.parseInt($0) } : nil
                            }
                            guard let i = parsed else { return ("unreadable \(columnNames[k])", raw()) }
                            guard Double(i) >= step.low, Double(i) <= step.high else { return Self.outOfRange(columnNames[k], raw(), steps.rangeTexts[k]) }
                            row[step.target] = i
                        case .decimal:
                            let step = stepList[k]
                            // Strictly: no hex, no inf or nan, separators only where the layout says.
                            guard NumberText.normalise(field, step.number, into: &numberBytes),
                                  let d = Double(String(decoding: numberBytes, as: UTF8.self)), d.isFinite else { return ("unreadable \(columnNames[k])", raw()) }
                            guard d >= step.low, d <= step.high else { return Self.outOfRange(columnNames[k], raw(), steps.rangeTexts[k]) }
                            row[step.target] = Int64(bitPattern: (d == 0 ? 0 : d).bitPattern)  // -0.0 would read as blank
                        case .money:
                            let step = stepList[k]
                            switch MoneyText.parse(field, step.number) {
                            case .pence(let p):
                                guard Double(p) >= step.low, Double(p) <= step.high else { return Self.outOfRange(columnNames[k], raw(), steps.rangeTexts[k]) }
                                row[step.target] = p
                            case .unreadable: return ("unreadable \(columnNames[k])", raw())
                            // Never rounded: a row whose amount money cannot hold is rejected, naming the column.
                            case .tooManyPlaces: return ("more than 2 decimal places in \(columnNames[k])", raw())
                            }
                        case .datetime:
                            let step = stepList[k]
                            let layout = UnsafeBufferPointer(rebasing: pieces[step.piecesStart..<step.piecesStart + step.piecesCount])
                            var second: Int32 = 0
                            guard let d = DateFormat.parse(UnsafeBufferPointer(rebasing: fieldBytes[rawStart..<rawEnd]), pieces: layout, pivot: step.pivot, secondOfDay: &second) else {
                                // A date alone (no time) is refused here too: the layout has a time.
                                return ("unreadable date-time in \(columnNames[k])", raw())
                            }
                            let seconds = DateTime.seconds(day: d, second: second)
                            guard Double(seconds) >= step.low, Double(seconds) <= step.high else { return Self.outOfRange(columnNames[k], raw(), steps.rangeTexts[k]) }
                            row[step.target] = seconds
                        case .date:
                            let step = stepList[k]
                            let value = UnsafeBufferPointer(rebasing: fieldBytes[rawStart..<rawEnd])
                            let read: Int32?
                            if let fixed = step.fixedDate { read = fixed.parse(value) } else {
                                let layout = UnsafeBufferPointer(rebasing: pieces[step.piecesStart..<step.piecesStart + step.piecesCount])
                                read = DateFormat.parse(value, pieces: layout, pivot: step.pivot)
                            }
                            guard let d = read else {
                                return ("unreadable date in \(columnNames[k])", raw())
                            }
                            guard Double(d) >= step.low, Double(d) <= step.high else { return Self.outOfRange(columnNames[k], raw(), steps.rangeTexts[k]) }
                            row[step.target] = Int64(d)
                        case .code:
                            let step = stepList[k]
                            let packed = ShortCodeMemo.pack(field)
                            var code = packed.flatMap { memo.find($0, length: field.count, cache: step.cache) }
                            if code == nil, let known = caches[step.cache].value(for: field) {
                                code = known
                                if let packed { memo.insert(packed, length: field.count, cache: step.cache, value: known) }
                            }
                            if code == nil {
                                let found: Int64?
                                if step.map >= 0 { found = definitions.maps[step.map].lookup(Array(field)[...]) } else {
                                    found = definitions.categories[step.category].index(of: String(decoding: field, as: UTF8.self)).map(Int64.init)
                                }
                                code = found ?? -1
                                caches[step.cache].insert(field, value: code!)
                                if let packed { memo.insert(packed, length: field.count, cache: step.cache, value: code!) }
                            }
                            if code! >= 0 {
                                row[step.target] = code!
                            } else if step.required {
                                return ("unrecognised \(columnNames[k])", raw())
                            } else {
                                // A code that maps to nothing: kept and shown as not recorded.
                                out.unmapped["\(columnNames[k]): \(String(decoding: field, as: UTF8.self))", default: 0] += 1
                            }
                        case .ref:
                            let step = stepList[k]
                            let slot = k * refSlot
                            if lastRefLength[k] == field.count,
                               RowSteps.sameBytes(UnsafeBufferPointer(rebasing: lastRefBytes[slot..<slot + field.count]), field) {
                                row[step.target] = lastRefRow[k]
                                continue
                            }
                            guard let id = texts.value(for: field), let found = steps.refMaps[k][id] else {
                                if step.keepUnknown {
                                    // Kept, linked to nothing; counted in the data-quality account.
                                    out.unmapped["\(columnNames[k]): \(String(decoding: field, as: UTF8.self))", default: 0] += 1
                                    continue
                                }
                                return ("unknown \(definitions.records[step.refRecord].name)", raw())
                            }
                            row[step.target] = Int64(found)
                            if field.count <= refSlot {
                                for b in 0..<field.count { lastRefBytes[slot + b] = field[b] }
                                lastRefLength[k] = field.count
                                lastRefRow[k] = Int64(found)
                            }
                        }
                    }
                    return nil
                }
                if let (reason, detail) = problem {
                    if wide {
                        // The whole row is rejected: the records of its earlier columns go too.
                        out.order.removeSubrange(mark.0...)
                        out.lines.removeSubrange(mark.1...)
                        out.starts.removeSubrange(mark.1...)
                        out.values.removeSubrange(mark.2...)
                        out.spans.removeSubrange(mark.3...)
                        out.rejections.removeSubrange(mark.4...)
                        candidates = mark.5
                    }
                    Self.reject(&out, line, record, reason, detail)
                    break passes
                }
                if wide {
                    firstStep = wideStep
                    // A group whose cells are all blank gives no record: an empty month is not a zero.
                    if blankCells == wideCount { continue passes }
                }
                if programs != nil {
                    if let rule = RejectPrograms.firstMatch(ops, starts: starts, row: UnsafeBufferPointer(row), asAt: asAt, stack: stack.baseAddress!) {
                        Self.reject(&out, line, record, plan.rejectReasons[rule], wide ? plan.wideGroupNames[pass] : "")
                        continue passes
                    }
                } else if plan.rejectsInPhaseOne, let rule = Intake.firstRejectRule(plan, row: Array(row), ctx: &ctx) {
                    Self.reject(&out, line, record, rule, wide ? plan.wideGroupNames[pass] : "")
                    continue passes
                }
                out.order.append(candidates)
                candidates += 1
                out.lines.append(Int32(line))
                out.starts.append(reader.position.byte)
                out.values.append(contentsOf: row)
                out.spans.append(contentsOf: spans)
                }
            }
        }}}}}}}}}}
        return out
    }

    // Helpers of `parseChunk`, static rather than local functions: a local function
    // capturing `out` or `record` would make every access to them in the loop a
    // dynamic exclusivity check when those are on.

    /// Records a rejected row: its line, reason, detail and original fields.
    private static func reject(_ out: inout ParsedChunk, _ line: Int, _ record: ByteRecord, _ reason: String, _ detail: String) {
        out.rejections.append((line, reason, detail, record.strings))
        out.order.append(-Int32(out.rejections.count))
    }

    /// A value outside its field's range: the column and the range in the reason's detail.
    private static func outOfRange(_ column: String, _ value: String, _ range: String) -> (String, String) {
        ("\(column) out of range", "\(value) is outside \(range)")
    }
}

/// A chunk's memo of short codes (at most 32 bytes: stages, domains, outcomes, agency
/// names), each key packed into four words with its length and the mapping it belongs
/// to, in one fixed open-addressing table. A look-up is a few word compares; the
/// general `ByteTable` stays for longer codes and for when a column holds so many
/// distinct values that this table is half full.
struct ShortCodeMemo {
    typealias Key = (UInt64, UInt64, UInt64, UInt64)
    private static let size = 4096
    private let words: UnsafeMutablePointer<UInt64>
    /// Length + 1 and the mapping's cache number; 0 is an empty slot.
    private let tags: UnsafeMutablePointer<UInt64>
    private let values: UnsafeMutablePointer<Int64>
    private var count = 0

    init() {
        words = .allocate(capacity: Self.size * 4)
        tags = .allocate(capacity: Self.size)
        values = .allocate(capacity: Self.size)
        tags.initialize(repeating: 0, count: Self.size)
    }

    func deallocate() {
        words.deallocate(); tags.deallocate(); values.deallocate()
    }

    /// The key as four words, or nil when longer than 32 bytes.
    @inline(__always)
    static func pack(_ field: UnsafeBufferPointer<UInt8>) -> Key? {
        guard field.count <= 32 else { return nil }
        var w: Key = (0, 0, 0, 0)
        withUnsafeMutableBytes(of: &w) { out in
            for i in 0..<field.count { out[i] = field[i] }
        }
        return w
    }

    @inline(__always)
    private static func slot(_ k: Key, _ tag: UInt64) -> Int {
        var h = (k.0 ^ (k.1 &* 0x9E37_79B9_7F4A_7C15) ^ (k.2 &* 0xD6E8_FEB8_6659_FD93) ^ (k.3 &* 0xA076_1D64_78BD_642F)
                 ^ (tag &* 0xC2B2_AE3D_27D4_EB4F)) &* 0xBF58_476D_1CE4_E5B9
        h ^= h >> 31
        return Int(truncatingIfNeeded: h) & (size - 1)
    }

    @inline(__always)
    private func matches(_ s: Int, _ k: Key) -> Bool {
        let w = words + s * 4
        return w[0] == k.0 && w[1] == k.1 && w[2] == k.2 && w[3] == k.3
    }

    @inline(__always)
    func find(_ key: Key, length: Int, cache: Int) -> Int64? {
        let tag = UInt64(length + 1) | UInt64(cache) << 8
        var s = Self.slot(key, tag)
        while true {
            let t = tags[s]
            if t == 0 { return nil }
            if t == tag, matches(s, key) { return values[s] }
            s = (s + 1) & (Self.size - 1)
        }
    }

    /// Remembers a key's value while the table is at most half full.
    mutating func insert(_ key: Key, length: Int, cache: Int, value: Int64) {
        guard count * 2 < Self.size else { return }
        let tag = UInt64(length + 1) | UInt64(cache) << 8
        var s = Self.slot(key, tag)
        while tags[s] != 0 {
            if tags[s] == tag, matches(s, key) { return }
            s = (s + 1) & (Self.size - 1)
        }
        let w = words + s * 4
        (w[0], w[1], w[2], w[3]) = key
        (tags[s], values[s]) = (tag, value)
        count += 1
    }
}
