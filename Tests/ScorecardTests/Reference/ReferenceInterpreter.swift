import Foundation

/// The fuzzed framework's shape: two records and two categories.
struct RefSchema {
    struct Record {
        var name: String
        var fields: [(name: String, type: RefType)]
        var span: (start: String, end: String)?
        func type(_ f: String) -> RefType? { fields.first { $0.name == f }?.type }
    }
    var categories: [String: [String]]
    var records: [String: Record]
    var columnCategory = "area"

    static let standard = RefSchema(
        categories: ["area": ["North", "South", "East"], "stage": ["Start", "Review", "End"]],
        records: [
            "item": Record(name: "item", fields: [
                ("id", .text), ("person", .person), ("start", .date), ("end", .date), ("area", .code("area")),
                ("stage", .code("stage")), ("n", .int), ("x", .dec), ("tag", .text), ("m", .money), ("t", .datetime),
            ], span: ("start", "end")),
            "pop": Record(name: "pop", fields: [("area", .code("area")), ("month", .date), ("people", .int), ("weight", .dec)], span: nil),
            "event": Record(name: "event", fields: [
                ("id", .text), ("item", .row("item")), ("date", .date), ("stage", .code("stage")), ("n", .int),
                ("y", .dec), ("area", .code("area")),
            ], span: nil),
        ])
}

/// A measure as the generator made it: the parts the reference needs, and its text.
struct RefMeasure {
    enum Kind {
        case count
        case share(RefExpr)
        case parts([(name: String, share: RefExpr?)])
        case aggregate(String, RefExpr, isInteger: Bool, isMoney: Bool = false)
    }
    struct Breakdown {
        var field: String
        var category: String
        var asShare: Bool
        var notRecorded: String?
        var only: Bool
    }
    var id: String
    var record: String
    var when: RefExpr
    var lets: [(name: String, value: RefExpr)]
    var wheres: [RefExpr]
    var distinct: RefExpr?
    var kind: Kind
    var breakdown: Breakdown?
    /// `available N months|days after period end`.
    var available: (count: Int, months: Bool)?
    /// `per [SCALE] pop.FIELD [matching month = EXPR] [city all|present]`.
    struct Per {
        var scale: Double
        var field: String
        var matching: RefExpr?
        var city: String?
    }
    var per: Per?

    var isAggregate: Bool { if case .aggregate = kind { true } else { false } }

    var text: String {
        var lines = ["measure \(id) {", "  name    \"\(id)\"", "  section main", "  of      \(record)", "  when    \(when.text)"]
        for l in lets { lines.append("  let     \(l.name) = \(l.value.text)") }
        for w in wheres { lines.append("  where   \(w.text)") }
        if let d = distinct { lines.append("  count   distinct \(d.text)") }
        switch kind {
        case .count: if distinct == nil { lines.append("  count") }
        case .share(let c): lines.append("  share   \(c.text)")
        case .parts(let parts):
            for p in parts { lines.append("  part    \(p.name) = " + (p.share.map { "share \($0.text)" } ?? "count")) }
        case .aggregate(let k, let e, _, _): lines.append("  \(k) \(e.text)")
        }
        if let p = per {
            var line = "  per     \(p.scale == 1 ? "" : "\(Int(p.scale)) ")pop.\(p.field)"
            if let m = p.matching { line += " matching month = \(m.text)" }
            if let c = p.city { line += " city \(c)" }
            lines.append(line)
        }
        if let a = available { lines.append("  available \(a.count) \(a.months ? "months" : "days") after period end") }
        if let b = breakdown {
            var line = "  breakdown \(b.field)"
            if b.asShare { line += " as share" }
            if let n = b.notRecorded { line += " including \"\(n)\"" }
            if b.only { line += " only" }
            lines.append(line)
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }
}

/// A figure as the reference computes it, in the engine's vocabulary.
struct RefFigure: Equatable {
    enum Num: Equatable {
        case int(Int64)
        case dec(Double)
        case money(Int64)
    }
    enum Val: Equatable {
        case number(Num)
        case z
        case x
    }
    var numerator: Num?
    var denominator: Num?
    var value: Val

    static func count(_ n: Int) -> RefFigure { RefFigure(numerator: .int(Int64(n)), denominator: nil, value: .number(.int(Int64(n)))) }
    static func percent(_ n: Int, _ d: Int) -> RefFigure {
        RefFigure(numerator: .int(Int64(n)), denominator: .int(Int64(d)), value: d == 0 ? .z : .number(.dec(Double(n) * 100 / Double(d))))
    }
}

/// The records, decoded from the CSV text by the reference's own simple reader.
struct RefData {
    var schema: RefSchema
    var tables: [String: [[String: RefValue]]] = [:]
    var asAt: Int
    var holidays: Set<Int> = []

    init(schema: RefSchema, csv: [String: String], asAt: Int) {
        self.schema = schema
        self.asAt = asAt
        for line in (csv["holiday"] ?? "").split(separator: "\n").dropFirst() { holidays.insert(RefCalendar.parse(String(line))!) }
        for name in ["item", "event", "pop"] where csv[name] != nil {
            let record = schema.records[name]!
            let lines = csv[name]!.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
            let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            var rows: [[String: RefValue]] = []
            for line in lines.dropFirst() {
                let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                var row: [String: RefValue] = [:]
                for (k, column) in header.enumerated() {
                    let cell = cells[k]
                    guard let type = record.type(column) else { continue }
                    if cell.isEmpty { row[column] = .null; continue }
                    switch type {
                    case .int: row[column] = .int(Int64(cell)!)
                    case .dec: row[column] = .dec(Double(cell)!)
                    case .money: row[column] = .money(Self.pence(cell))
                    case .datetime:
                        // dd/mm/yyyy hh:mm
                        let n = cell.split(whereSeparator: { "/ :".contains($0) }).map { Int($0)! }
                        row[column] = .datetime(RefCalendar.day(n[2], n[1], n[0]) * 86_400 + n[3] * 3600 + n[4] * 60)
                    case .date: row[column] = .date(RefCalendar.parse(cell)!)
                    case .text: row[column] = .text(cell)
                    case .person: row[column] = .person(cell)
                    case .code(let c): row[column] = schema.categories[c]!.firstIndex(of: cell).map { .code($0) } ?? .null
                    case .row(let r): row[column] = tables[r]!.firstIndex { $0["id"] == .text(cell) }.map { .row($0) } ?? .null
                    case .bool: fatalError()
                    }
                }
                rows.append(row)
            }
            tables[name] = rows
        }
    }

    /// Money as the README says finance writes it (the generator writes no thousands
    /// separator, so a comma never splits the CSV line): `£12.30`, `-£5`, `(£0.07)`, `4.5`.
    static func pence(_ cell: String) -> Int64 {
        var t = cell
        var negative = false
        if t.hasPrefix("(") { negative = true; t = String(t.dropFirst().dropLast()) }
        if t.hasPrefix("-") { negative = true; t.removeFirst() }
        if t.hasPrefix("£") { t.removeFirst() }
        if t.hasPrefix("-") { negative = true; t.removeFirst() }   // £-2.5
        let parts = t.split(separator: ".", omittingEmptySubsequences: false)
        var fraction = parts.count > 1 ? String(parts[1]) : ""
        while fraction.count < 2 { fraction += "0" }
        let p = Int64(parts[0])! * 100 + Int64(fraction)!
        return negative ? -p : p
    }
}

/// Evaluates expressions over one record in one window, the obvious way.
struct RefEvaluator {
    let data: RefData
    var record: String
    var row: Int
    var start: Int, end: Int
    var yearStart: Int { RefCalendar.fyStart(end) }
    var lets: [String: RefValue] = [:]
    var aliases: [String: (record: String, row: Int)] = [:]

    func field(_ record: String, _ row: Int, _ f: String) -> RefValue { data.tables[record]![row][f] ?? .null }

    mutating func eval(_ e: RefExpr) -> RefValue {
        switch e {
        case .field(let f): return field(record, row, f)
        case .member(let base, let r, let f):
            guard case .row(let target) = eval(base) else { return .null }
            return field(r, target, f)
        case .alias(let a): return .row(aliases[a]!.row)
        case .letRef(let l): return lets[l]!
        case .this: return .row(row)
        case .int(let i): return .int(i)
        case .dec(let d): return .dec(d)
        case .code(_, let i, _): return .code(i)
        case .period(let p): return .date(p == "start" ? start : p == "end" ? end : yearStart)
        case .asAt: return .date(data.asAt)
        case .arith(let op, let a, let b, let type):
            let x = eval(a), y = eval(b)
            if type == .money {
                // money ± money, money × whole number: whole pence.
                func whole(_ v: RefValue) -> Int64? { switch v { case .money(let p), .int(let p): p; default: nil } }
                guard let i = whole(x), let j = whole(y) else { return .null }
                return .money(op == "+" ? i + j : op == "-" ? i - j : i * j)
            }
            if type == .int {
                guard case .int(let i) = x, case .int(let j) = y else { return .null }
                return .int(op == "+" ? i + j : op == "-" ? i - j : i * j)
            }
            guard let p = x.number, let q = y.number else { return .null }
            switch op {
            case "+": return .dec(p + q)
            case "-": return .dec(p - q)
            case "*": return .dec(p * q)
            default: return q == 0 ? .null : .dec(p / q)   // division by zero is blank in a condition
            }
        case .negate(let a):
            switch eval(a) {
            case .int(let i): return .int(-i)
            case .dec(let d): return .dec(-d)
            case .money(let p): return .money(-p)
            default: return .null
            }
        case .duration(let a, let plus, let n, let months):
            guard case .date(let d) = eval(a) else { return .null }
            return .date(months ? RefCalendar.addMonths(d, plus ? n : -n) : d + (plus ? n : -n))
        case .compare(let op, let a, let b):
            let x = eval(a), y = eval(b)
            // A blank on either side makes any comparison false.
            if x == .null || y == .null { return .bool(false) }
            let c: Int
            if let p = x.ordinal, let q = y.ordinal {
                c = p < q ? -1 : (p == q ? 0 : 1)
            } else {
                c = x == y ? 0 : 1   // text, persons, rows: only = and != are generated
            }
            switch op {
            case "=": return .bool(c == 0)
            case "!=": return .bool(c != 0)
            case "<": return .bool(c < 0)
            case "<=": return .bool(c <= 0)
            case ">": return .bool(c > 0)
            default: return .bool(c >= 0)
            }
        case .and(let a, let b): return .bool(eval(a).isTrue && eval(b).isTrue)
        case .or(let a, let b): return .bool(eval(a).isTrue || eval(b).isTrue)
        case .not(let a): return .bool(!eval(a).isTrue)
        case .isBlank(let a, let negated): return .bool((eval(a) == .null) != negated)
        case .inList(let a, let items):
            let v = eval(a)
            guard let p = v.ordinal else { return .bool(false) }
            for item in items where eval(item).ordinal == p { return .bool(true) }
            return .bool(false)
        case .inPeriod(let a, let toDate):
            guard case .date(let d) = eval(a) else { return .bool(false) }
            return .bool(d >= (toDate ? yearStart : start) && d <= end)
        case .open(let duringYear):
            let span = data.schema.records[record]!.span!
            guard case .date(let s) = field(record, row, span.start), s <= end else { return .bool(false) }
            guard case .date(let f) = field(record, row, span.end) else { return .bool(true) }
            return .bool(duringYear ? (f > s && f > yearStart) : f > end)
        case .call(let name, let args, let type):
            return call(name, args, type)
        case .exists(let r, let a, let other, let condition):
            let saved = aliases[a]
            defer { aliases[a] = saved }
            for k in data.tables[r]!.indices {
                if other && r == record && k == row { continue }
                aliases[a] = (r, k)
                if condition.map({ eval($0).isTrue }) ?? true { return .bool(true) }
            }
            return .bool(false)
        case .pick(let last, let r, let a, let condition, let order):
            let saved = aliases[a]
            defer { aliases[a] = saved }
            var best: (row: Int, key: [Double])?
            for k in data.tables[r]!.indices {
                aliases[a] = (r, k)
                if let condition, !eval(condition).isTrue { continue }
                // A blank order key sorts before every value.
                let key = order.map { eval($0).ordinal ?? -Double.infinity }
                guard let b = best else { best = (k, key); continue }
                // first: the smallest key, the earliest row on ties; last: the largest, the latest row on ties.
                if last ? !key.lexicographicallyPrecedes(b.key) : key.lexicographicallyPrecedes(b.key) { best = (k, key) }
            }
            return best.map { .row($0.row) } ?? .null
        }
    }

    /// Monday to Friday, and not one of the holidays read from the extract.
    func isWorkingDay(_ d: Int) -> Bool {
        let weekday = ((d % 7) + 7 + 3) % 7 + 1
        return weekday <= 5 && !data.holidays.contains(d)
    }

    private mutating func call(_ name: String, _ args: [RefExpr], _ type: RefType) -> RefValue {
        let values = args.map { eval($0) }
        func date(_ k: Int) -> Int? { if case .date(let d) = values[k] { d } else { nil } }
        /// A date as it is; a date-time by the close of business (17:00 in the fuzz's
        /// framework): before it on a working day, that day; else the next working day.
        func workingDate(_ k: Int) -> Int? {
            guard case .datetime(let s) = values[k] else { return date(k) }
            var d = Int(floor(Double(s) / 86_400))
            if isWorkingDay(d) && s - d * 86_400 < 17 * 3600 { return d }
            repeat { d += 1 } while !isWorkingDay(d)
            return d
        }
        switch name {
        case "year", "month", "month_start", "month_end", "quarter_start", "quarter_end", "fy_start", "fy_end", "weekday":
            guard let d = date(0) else { return .null }
            let c = RefCalendar.civil(d)
            switch name {
            case "year": return .int(Int64(c.y))
            case "month": return .int(Int64(c.m))
            case "month_start": return .date(RefCalendar.day(c.y, c.m, 1))
            case "month_end": return .date(RefCalendar.day(c.y, c.m, RefCalendar.daysIn(c.y, c.m)))
            case "quarter_start": return .date(RefCalendar.quarterStart(d))
            case "quarter_end": return .date(RefCalendar.quarterEnd(d))
            case "fy_start": return .date(RefCalendar.fyStart(d))
            case "fy_end": return .date(RefCalendar.addMonths(RefCalendar.fyStart(d), 12) - 1)
            default:
                // 1970-01-01 was a Thursday; 1 is Monday.
                return .int(Int64(((d % 7) + 7 + 3) % 7 + 1))
            }
        case "days_between":
            guard let a = date(0), let b = date(1) else { return .null }
            return .int(Int64(b - a))
        case "age":
            guard let a = date(0), let b = date(1) else { return .null }
            let x = RefCalendar.civil(a), y = RefCalendar.civil(b)
            let had = (y.m, y.d) >= (x.m, x.d)
            return .int(Int64(y.y - x.y - (had ? 0 : 1)))
        case "min", "max":
            // Blanks passed over; blank only when every argument is.
            var best: RefValue = .null
            for v in values {
                guard let x = v.ordinal else { continue }
                if let b = best.ordinal { if name == "min" ? x < b : x > b { best = v } } else { best = v }
            }
            if type == .dec, let d = best.number { return .dec(d) }
            return best
        case "abs":
            switch values[0] {
            case .int(let i): return .int(Swift.abs(i))
            case .dec(let d): return .dec(Swift.abs(d))
            case .money(let p): return .money(Swift.abs(p))
            default: return .null
            }
        case "round":
            guard let d = values[0].number else { return .null }
            // To no places (written or not) a whole number; to 1–9 places a decimal.
            guard args.count == 2, case .int(let p) = values[1], p > 0 else { return .int(Int64(d.rounded(.toNearestOrAwayFromZero))) }
            let scale = pow(10.0, Double(p))
            return .dec((d * scale).rounded(.toNearestOrAwayFromZero) / scale)
        case "is_working_day":
            guard let d = date(0) else { return .bool(false) }
            return .bool(isWorkingDay(d))
        case "date", "hour", "minute":
            guard case .datetime(let s) = values[0] else { return .null }
            let second = s - Int(floor(Double(s) / 86_400)) * 86_400
            return name == "date" ? .date(Int(floor(Double(s) / 86_400))) : .int(Int64(name == "hour" ? second / 3600 : second / 60 % 60))
        case "working_days":
            // Working days after FROM up to and including TO; negative when TO is earlier.
            guard let a = workingDate(0), let b = workingDate(1) else { return .null }
            let (lo, hi) = a <= b ? (a, b) : (b, a)
            let n = (lo + 1 ..< hi + 1).filter(isWorkingDay).count
            return .int(Int64(a <= b ? n : -n))
        case "add_working_days":
            guard var d = workingDate(0), case .int(let n) = values[1] else { return .null }
            var left = Swift.abs(n)
            while left > 0 {
                d += n < 0 ? -1 : 1
                if isWorkingDay(d) { left -= 1 }
            }
            return .date(d)
        case "position":
            guard case .code(let c) = values[0] else { return .null }
            return .int(Int64(c + 1))
        default:
            fatalError("reference: unknown function \(name)")
        }
    }
}

/// Figures of one measure the obvious way: every record, every window.
struct RefMeasureEvaluator {
    let data: RefData
    let measure: RefMeasure

    var localityCount: Int { data.schema.categories[data.schema.columnCategory]!.count }

    /// Row labels: headline (unless `only`), each category value, not recorded.
    var rowLabels: [String?] {
        guard let b = measure.breakdown else { return [nil] }
        var rows: [String?] = b.only ? [] : [nil]
        rows += data.schema.categories[b.category]!.map { Optional($0) }
        if let n = b.notRecorded { rows.append(n) }
        return rows
    }

    var partCount: Int {
        if case .parts(let p) = measure.kind { return p.count }
        return 1
    }

    /// One record of the population: where it lands and what it carries.
    struct Hit {
        var row: Int
        var column: Int
        var rows: [Int]          // layout rows it is counted in
        var parts: [Bool]
        var distinct: RefValue
        var amount: RefValue
    }

    /// The population of a window, every record tested.
    func population(start: Int, end: Int) -> [Hit] {
        var hits: [Hit] = []
        let table = data.tables[measure.record]!
        let labels = rowLabels
        let headline = measure.breakdown.map { $0.only ? -1 : 0 } ?? 0
        for r in table.indices {
            var ev = RefEvaluator(data: data, record: measure.record, row: r, start: start, end: end)
            guard ev.eval(measure.when).isTrue else { continue }
            for l in measure.lets { ev.lets[l.name] = ev.eval(l.value) }
            guard measure.wheres.allSatisfy({ ev.eval($0).isTrue }) else { continue }
            var distinct: RefValue = .null
            if let d = measure.distinct {
                distinct = ev.eval(d)
                // A blank is not a value to count: the record is not in the population.
                if distinct == .null { continue }
            }
            var parts: [Bool] = []
            var amount: RefValue = .null
            switch measure.kind {
            case .count: parts = [true]
            case .share(let c): parts = [ev.eval(c).isTrue]
            case .parts(let ps): parts = ps.map { p in p.share.map { ev.eval($0).isTrue } ?? true }
            case .aggregate(_, let e, _, _): parts = [true]; amount = ev.eval(e)
            }
            var column = localityCount
            if case .code(let c) = table[r]["area"] ?? .null { column = c }
            var rows: [Int] = headline >= 0 ? [0] : []
            if let b = measure.breakdown {
                if case .code(let c) = table[r][b.field] ?? .null {
                    rows.append((headline >= 0 ? 1 : 0) + c)
                } else if b.notRecorded != nil {
                    rows.append(labels.count - 1)
                }
            }
            hits.append(Hit(row: r, column: column, rows: rows, parts: parts, distinct: distinct, amount: amount))
        }
        return hits
    }

    /// figures[row][column][part] for a window; columns are the localities, not recorded, City.
    func figures(start: Int, end: Int) -> [[[RefFigure]]] {
        let columns = localityCount + 2
        // A measure that looks forward has no figure until the as-at date reaches the
        // period's end plus the delay: every figure is x.
        if let a = measure.available, (a.months ? RefCalendar.addMonths(end, a.count) : end + a.count) > data.asAt {
            return rowLabels.map { _ in (0..<columns).map { _ in (0..<partCount).map { _ in RefFigure(numerator: nil, denominator: nil, value: .x) } } }
        }
        let hits = population(start: start, end: end)
        let headline = measure.breakdown.map { $0.only ? -1 : 0 } ?? 0
        func inCell(_ h: Hit, _ row: Int, _ col: Int) -> Bool {
            h.rows.contains(row) && (col == columns - 1 || h.column == col)
        }
        var out: [[[RefFigure]]] = []
        if let per = measure.per { return rates(per, hits: hits, start: start, end: end, inCell: inCell) }
        for row in rowLabels.indices {
            var rowFigures: [[RefFigure]] = []
            for col in 0..<columns {
                let cell = hits.filter { inCell($0, row, col) }
                var figures: [RefFigure] = []
                for k in 0..<partCount {
                    figures.append(figure(cell, part: k, headlineCell: headline >= 0 && row != headline ? hits.filter { inCell($0, headline, col) } : nil))
                }
                rowFigures.append(figures)
            }
            out.append(rowFigures)
        }
        return out
    }

    /// A count per a reference value: the locality's first matching row; not recorded is
    /// z; the City divides by the sum over the localities (x when any is missing, or with
    /// `city present` over those that have one).
    private func rates(_ per: RefMeasure.Per, hits: [Hit], start: Int, end: Int, inCell: (Hit, Int, Int) -> Bool) -> [[[RefFigure]]] {
        var ev = RefEvaluator(data: data, record: "", row: 0, start: start, end: end)
        let key = per.matching.map { ev.eval($0) }
        var reference = [Double?](repeating: nil, count: localityCount)
        for row in data.tables["pop"]! {
            guard case .code(let area) = row["area"] ?? .null, reference[area] == nil else { continue }
            if let key, row["month"] != key { continue }
            reference[area] = (row[per.field] ?? .null).number
        }
        let isWhole = per.field == "people"
        let columns = localityCount + 2
        return rowLabels.indices.map { row in
            (0..<columns).map { col in
                let cell = hits.filter { inCell($0, row, col) }
                var seen: [RefValue] = []
                for h in cell where !seen.contains(h.distinct) { seen.append(h.distinct) }
                let num = Int64(measure.distinct != nil ? seen.count : cell.count)
                if col == localityCount { return [RefFigure(numerator: .int(num), denominator: nil, value: .z)] }
                let den: Double?
                if col == columns - 1 {
                    let present = reference.compactMap { $0 }
                    den = per.city == "present" ? (present.isEmpty ? nil : present.reduce(0, +)) : (present.count < localityCount ? nil : present.reduce(0, +))
                } else {
                    den = reference[col]
                }
                guard let den else { return [RefFigure(numerator: .int(num), denominator: nil, value: .x)] }
                let denominator: RefFigure.Num = isWhole ? .int(Int64(den)) : .dec(den)
                if den == 0 { return [RefFigure(numerator: .int(num), denominator: denominator, value: .z)] }
                return [RefFigure(numerator: .int(num), denominator: denominator, value: .number(.dec(Double(num) * per.scale / den)))]
            }
        }
    }

    private func figure(_ cell: [Hit], part k: Int, headlineCell: [Hit]?) -> RefFigure {
        func distinctCount(_ hs: [Hit]) -> Int {
            var seen: [RefValue] = []
            for h in hs where !seen.contains(h.distinct) { seen.append(h.distinct) }
            return seen.count
        }
        func size(_ hs: [Hit]) -> Int { measure.distinct != nil ? distinctCount(hs) : hs.count }
        let inPart = cell.filter { $0.parts[k] }
        switch measure.kind {
        case .aggregate(let kind, _, let isInteger, let isMoney):
            let values = cell.compactMap { $0.amount.number }.filter { $0.isFinite }
            if isMoney {
                // Whole pence: sums exact, the average divided once at the end.
                let pence = cell.compactMap { if case .money(let p) = $0.amount { p } else { nil } }
                let sum = pence.reduce(0, +)
                switch kind {
                case "sum": return RefFigure(numerator: .money(sum), denominator: nil, value: .number(.money(sum)))
                case "average":
                    return RefFigure(numerator: .money(sum), denominator: .int(Int64(pence.count)),
                                     value: pence.isEmpty ? .z : .number(.dec(Double(sum) / (Double(pence.count) * 100))))
                default:
                    guard !pence.isEmpty else { return RefFigure(numerator: nil, denominator: nil, value: .z) }
                    return RefFigure(numerator: nil, denominator: nil, value: .number(.money(kind == "min" ? pence.min()! : pence.max()!)))
                }
            }
            let sum: RefFigure.Num = isInteger
                ? .int(cell.reduce(Int64(0)) { if case .int(let i) = $1.amount { $0 + i } else { $0 } })
                : .dec(values.reduce(0, +))
            switch kind {
            case "sum": return RefFigure(numerator: sum, denominator: nil, value: .number(sum))
            case "average":
                let s: Double = { if case .int(let i) = sum { Double(i) } else if case .dec(let d) = sum { d } else { 0 } }()
                return RefFigure(numerator: sum, denominator: .int(Int64(values.count)), value: values.isEmpty ? .z : .number(.dec(s / Double(values.count))))
            default:
                guard !values.isEmpty else { return RefFigure(numerator: nil, denominator: nil, value: .z) }
                let best = kind == "min" ? values.min()! : values.max()!
                return RefFigure(numerator: nil, denominator: nil, value: .number(isInteger ? .int(Int64(best)) : .dec(best)))
            }
        case .share: return .percent(size(inPart), size(cell))
        case .count: break
        case .parts(let ps): if ps[k].share != nil { return .percent(size(inPart), size(cell)) }
        }
        // A count; in a breakdown `as share`, a category's count as a share of the headline's.
        if let b = measure.breakdown, b.asShare, let headlineCell {
            return .percent(size(inPart), size(headlineCell))
        }
        return .count(size(inPart))
    }
}

/// A derived measure: `value` arithmetic over other measures' figures.
struct RefDerived {
    indirect enum Term {
        case figure(measure: String, part: String, at: RefExpr?)
        case int(Int64)
        case dec(Double)
        case arith(String, Term, Term)

        var text: String {
            switch self {
            case .figure(let m, let p, let at): return at.map { "(\(m).\(p) at (\($0.text)))" } ?? "\(m).\(p)"
            case .int(let i): return "\(i)"
            case .dec(let d): return RefExpr.decimal(d)
            case .arith(let op, let a, let b): return "(\(a.text) \(op) \(b.text))"
            }
        }
    }
    var id: String
    var value: Term
    var text: String { "measure \(id) {\n  name    \"\(id)\"\n  section main\n  value   \(value.text)\n}\n" }

    enum V { case null, int(Int64), dec(Double) }

    /// The figure in one window and column. `read` gives a measure's headline figure
    /// (first row, first part) in a window ending on a day (start, end).
    static func figure(_ value: Term, isInteger: (Term) -> Bool, read: (String, Int, Int) -> RefFigure, start: Int, end: Int, asAt: Int) -> RefFigure {
        func eval(_ t: Term) -> V {
            switch t {
            case .int(let i): return .int(i)
            case .dec(let d): return .dec(d)
            case .figure(let m, let part, let at):
                var (s, e) = (start, end)
                if let at {
                    var ev = RefEvaluator(data: RefData.empty(asAt: asAt), record: "", row: 0, start: start, end: end)
                    guard case .date(let d) = ev.eval(at) else { return .null }
                    (s, e) = (d, d)
                }
                let f = read(m, s, e)
                let n: RefFigure.Num?
                switch part {
                case "count", "numerator": n = f.numerator
                case "denominator": n = f.denominator
                default: if case .number(let v) = f.value { n = v } else { n = nil }
                }
                switch n {
                case .int(let i)?: return .int(i)
                case .dec(let d)?: return .dec(d)
                // Money figures are not read by the generated derived values (the money fuzz makes none).
                case .money(let p)?: return .dec(Double(p) / 100)
                case nil: return .null
                }
            case .arith(let op, let a, let b):
                let x = eval(a), y = eval(b)
                if op != "/" && isInteger(a) && isInteger(b) {
                    guard case .int(let i) = x, case .int(let j) = y else { return .null }
                    return .int(op == "+" ? i + j : op == "-" ? i - j : i * j)
                }
                func double(_ v: V) -> Double? { switch v { case .int(let i): Double(i); case .dec(let d): d; case .null: nil } }
                guard let p = double(x), let q = double(y) else { return .null }
                switch op {
                case "+": return .dec(p + q)
                case "-": return .dec(p - q)
                case "*": return .dec(p * q)
                // A division by zero anywhere is "not applicable", carried as NaN.
                default: return .dec(q == 0 ? .nan : p / q)
                }
            }
        }
        func number(_ v: V) -> RefFigure.Num? {
            switch v {
            case .int(let i): return .int(i)
            case .dec(let d) where d.isFinite: return .dec(d)
            default: return nil
            }
        }
        var numerator: RefFigure.Num?, denominator: RefFigure.Num?
        if case .arith("/", let a, let b) = value { numerator = number(eval(a)); denominator = number(eval(b)) }
        switch eval(value) {
        case .int(let i): return RefFigure(numerator: numerator, denominator: denominator, value: .number(.int(i)))
        case .dec(let d) where d.isFinite: return RefFigure(numerator: numerator, denominator: denominator, value: .number(.dec(d)))
        case .dec(let d) where d.isNaN: return RefFigure(numerator: numerator, denominator: denominator, value: .z)
        default: return RefFigure(numerator: numerator, denominator: denominator, value: .x)
        }
    }
}

extension RefData {
    /// No records: enough to evaluate an `at` date (period, as-at and date functions only).
    static func empty(asAt: Int) -> RefData {
        RefData(schema: .standard, csv: ["item": "id\n", "event": "id\n"], asAt: asAt)
    }
}
