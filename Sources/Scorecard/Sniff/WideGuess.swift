/// A wide sheet `sniff` recognises: header columns repeated per month, quarter or year
/// label (`Apr 2017`, `Q1 2017/18`, `2017/18`), alone or with labels beside the key
/// (`Apr 2017 NEET`, `Apr 2017 Not known`), drafted as a `wide columns` statement.
///
/// Why it reuses the intake's own header reading (`WideHeader`): the draft must pass
/// `check` and read the file as written; a guess the intake would read differently (a
/// group short of a value, a label it cannot tell apart) is no suggestion at all.
struct WideGuess {
    /// The key's layout, `starts` for a year label, and the key field's name.
    var layout: String
    var starts: String?
    var keyName: String
    /// The values' labels (`[""]`: the header is the key alone) and their fields' names.
    var labels: [String]
    var valueNames: [String]
    /// The header columns the statement reads, and how many groups they make.
    var columns: Set<Int>
    var groups: Int
    var firstGroup: String

    /// Per label, the value field's type: whole numbers, decimals (in one number layout) or text.
    var valueTypes: [(kind: ColumnType.Kind, number: NumberLayout)] = []

    /// The values' types from their columns' profiles: one type reading every column of the label.
    mutating func decideTypes(_ file: SniffedFile, header: [String]) {
        valueTypes = labels.indices.map { j in
            var kind: ColumnType.Kind = .blank
            var number: NumberLayout?
            for c in columns.sorted() where labelIndex(of: header[c]) == j {
                let p = file.columns[c]
                guard p.nonBlank > 0 else { continue }
                let t = ColumnType.decide(p, name: "", rows: file.records)
                let k: ColumnType.Kind
                switch t.kind {
                case .int: k = .int
                case .decimal: k = .decimal
                // Amounts without a symbol stay decimal here, as a wide statement's values always have.
                case .money where t.currency.isEmpty && p.brackets == 0: k = .decimal
                case .id where p.decimals == 0 && p.ints == p.nonBlank: k = .int
                default: return (.text, .plain)
                }
                // Layouts merge where one reads the other's values too (a plain column beside "1,005").
                guard let merged = Self.merge(number ?? .plain, t.number) else { return (.text, .plain) }
                number = merged
                kind = kind == .decimal || k == .decimal ? .decimal : .int
            }
            return (kind == .blank ? .int : kind, number ?? .plain)
        }
    }

    /// One number layout reading both columns' values, or nil when they disagree.
    static func merge(_ a: NumberLayout, _ b: NumberLayout) -> NumberLayout? {
        let dot = UInt8(ascii: ".")
        guard a.decimalMark == b.decimalMark || a.decimalMark == dot || b.decimalMark == dot else { return nil }
        guard a.thousands == b.thousands || a.thousands == 0 || b.thousands == 0 else { return nil }
        var m = NumberLayout()
        m.decimalMark = a.decimalMark == dot ? b.decimalMark : a.decimalMark
        m.thousands = max(a.thousands, b.thousands)
        m.percent = a.percent || b.percent
        return m.decimalMark == m.thousands ? nil : m
    }

    /// Which label a wide column's header carries (0 for the one-value form).
    private func labelIndex(of name: String) -> Int {
        guard labels != [""] else { return 0 }
        let trimmed = name.trimmingCharacters(in: .whitespaces).lowercased()
        let hits = labels.indices.filter { trimmed.hasSuffix(labels[$0].lowercased()) || trimmed.hasPrefix(labels[$0].lowercased()) }
        return hits.max { labels[$0].count < labels[$1].count } ?? 0
    }

    /// The `wide columns` statement, with a comment saying what was found.
    func statement(_ file: SniffedFile) -> String {
        var t = "\n  # \(columns.count) columns repeat per \(keyName) (\(groups) groups, the first \(Render.literal(firstGroup))): one record per row and \(keyName)\n"
        if starts != nil { t += "  # TODO starts: \"April\" for a financial year, \"September\" for an academic one\n" }
        t += "  # TODO key: the record's key, if it has one, must hold '\(keyName)'\n"
        var head = "  wide columns format \(Render.literal(layout))"
        if let starts { head += " starts \(Render.literal(starts))" }
        head += " into \(keyName)"
        func options(_ j: Int) -> String {
            let (kind, n) = valueTypes[j]
            var o = ""
            if kind == .decimal, n.decimalMark != UInt8(ascii: ".") { o += " decimal \"\(String(UnicodeScalar(n.decimalMark)))\"" }
            if kind != .text, n.thousands != 0 { o += " thousands \"\(String(UnicodeScalar(n.thousands)))\"" }
            if kind != .text, n.percent { o += " percent" }
            return o
        }
        if labels == [""] { return t + head + ", \(valueNames[0])\(options(0))\n" }
        t += head + " {\n"
        let width = valueNames.map(\.count).max() ?? 0
        for j in labels.indices { t += "    \(Render.pad(valueNames[j], width)) = \(Render.literal(labels[j]))\(options(j))\n" }
        return t + "  }\n"
    }

    /// The record's fields for the key and the values.
    func recordFields(width: Int) -> String {
        var t = "  \(Render.pad(keyName, width)) date\n"
        for (j, name) in valueNames.enumerated() {
            let kind = valueTypes[j].kind
            t += "  \(Render.pad(name, width)) \(kind == .decimal ? "decimal" : kind == .int ? "int" : "text")\n"
        }
        return t
    }

    /// Key layouts tried, month labels first; a year label is read with `starts "April"`.
    static let layouts = ["Mon yyyy", "Mon-yyyy", "yyyy-mm", "mm/yyyy", "Qn yyyy/yy", "Qn yyyy-yy", "yyyy/yy Pnn", "yyyy/yy", "yyyy-yy"]

    /// The best reading of the header: the layout and labels giving the most columns, at
    /// least two groups. Nil when no run of key-like columns reads cleanly.
    static func guess(header: [String], taken: (String) -> Bool) -> WideGuess? {
        var best: WideGuess?
        for text in layouts {
            guard var format = DateFormat(text) else { continue }
            if format.isYearLabel { format.yearStartMonth = 4 }
            let keyOf: (String) -> Int64? = { name in
                let bytes = Array(name.utf8)
                return bytes.withUnsafeBufferPointer { b in format.pieces.withUnsafeBufferPointer { DateFormat.parse(b, pieces: $0, pivot: format.pivot) } }.map(Int64.init)
            }
            for labels in [[""], candidateLabels(header, keyOf: keyOf)] where !labels.isEmpty {
                let wide = SourceSpec.Wide(keyField: 0, key: .date(format), firstValue: 0, labels: labels, location: SourceLocation(file: "", line: 0, column: 0))
                guard case .success(let read) = WideHeader.read(wide, header: header, mapped: [], keyOf: keyOf), read.keys.count >= 2 else { continue }
                if let b = best, b.columns.count >= read.cells.count { continue }
                let kind = !format.isYearLabel ? "month" : format.isPeriodLabel ? (text.contains("Q") ? "quarter" : "period") : "year"
                var used: Set<String> = []
                func name(_ base: String) -> String {
                    var n = base
                    var k = 2
                    while taken(n) || used.contains(n) { n = "\(base)_\(k)"; k += 1 }
                    used.insert(n)
                    return n
                }
                let keyName = name(kind)
                let valueNames = labels == [""] ? [name("value")] : labels.map { name(Render.identifier($0, fallback: "value")) }
                best = WideGuess(layout: text, starts: format.isYearLabel ? "April" : nil, keyName: keyName, labels: labels, valueNames: valueNames,
                                 columns: Set(read.cells), groups: read.keys.count, firstGroup: read.groupNames[0])
            }
        }
        return best
    }

    /// The labels beside keys in the header: the text left when a key is taken from either
    /// end of a column's name, kept when it appears beside at least two keys.
    static func candidateLabels(_ header: [String], keyOf: (String) -> Int64?) -> [String] {
        var seen: [String: Set<Int64>] = [:]
        var order: [String] = []
        for name in header {
            let trimmed = name.trimmingCharacters(in: .whitespaces)
            let characters = Array(trimmed)
            for i in characters.indices where WideHeader.separators.contains(characters[i]) {
                for (key, rest) in [(String(characters[..<i]), String(characters[(i + 1)...])), (String(characters[(i + 1)...]), String(characters[..<i]))] {
                    let label = String(rest.drop { WideHeader.separators.contains($0) }.reversed().drop { WideHeader.separators.contains($0) }.reversed())
                    guard !label.isEmpty, let k = keyOf(key.trimmingCharacters(in: .whitespaces)) else { continue }
                    if seen[label.lowercased()] == nil { order.append(label) }
                    seen[label.lowercased(), default: []].insert(k)
                }
            }
        }
        return order.filter { (seen[$0.lowercased()]?.count ?? 0) >= 2 }
    }
}
