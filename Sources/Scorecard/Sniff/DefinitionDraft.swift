import Foundation

/// The draft definitions for one sniffed extract: its `.source`, the `.record` it goes
/// `into`, and a `.codes` skeleton per code column. Written so that `scorecard check`
/// accepts them as they are; what only a person can decide is a `# TODO`.
struct DefinitionDraft {
    struct Field {
        var name: String
        var column: String
        var profile: ColumnProfile
        var type: ColumnType
        var required: Bool
        /// For a code column: its category and map.
        var category: String?
        /// The column's position in the file (from 0): wide columns leave gaps among the fields.
        var index = 0
        /// A year label followed by its period column: that column, its layout (`Pnn`) and
        /// the field given the period's last day.
        var period: (column: String, index: Int, layout: String, endName: String)?
    }

    var name: String
    var file: SniffedFile
    var fields: [Field] = []
    /// Columns repeated per month, quarter or year, drafted as `wide columns`.
    var wide: WideGuess?
    /// Relative path → text.
    var files: [(path: String, text: String)] = []

    init(_ file: SniffedFile, name: String) {
        self.name = name
        self.file = file
        var used: Set<String> = []
        if file.hasHeader, var guess = WideGuess.guess(header: file.header, taken: { _ in false }) {
            guess.decideTypes(file, header: file.header)
            wide = guess
            used.formUnion([guess.keyName] + guess.valueNames)
        }
        for (c, profile) in file.columns.enumerated() where !(wide?.columns.contains(c) ?? false) {
            let column = c < file.header.count ? file.header[c] : "\(c + 1)"
            var base = file.hasHeader && c < file.header.count
                ? Render.identifier(column.trimmingCharacters(in: .whitespaces), fallback: "field_\(c + 1)") : "field_\(c + 1)"
            if used.contains(base) { var k = 2; while used.contains("\(base)_\(k)") { k += 1 }; base = "\(base)_\(k)" }
            used.insert(base)
            let type = ColumnType.decide(profile, name: file.hasHeader ? column : "", rows: file.records)
            let required = profile.blank == 0 && profile.values == file.records && file.records > 0
            var field = Field(name: base, column: column, profile: profile, type: type, required: required)
            field.index = c
            if case .code = type.kind { field.category = "\(name)_\(base)" }
            fields.append(field)
        }
        pairPeriods(used: &used)
        files = [("sources/\(name).source", sourceText()), ("records/\(name).record", recordText())]
        for f in fields where f.category != nil { files.append(("codes/\(f.category!).codes", codesText(f))) }
    }

    /// A year-label date followed by a column of periods (`P01`…): one two-column mapping.
    private mutating func pairPeriods(used: inout Set<String>) {
        var i = 0
        while i + 1 < fields.count {
            defer { i += 1 }
            guard case .date(let l) = fields[i].type.kind, ColumnProfile.pivots[l] > 100,
                  fields[i + 1].index == fields[i].index + 1, file.hasHeader else { continue }
            guard let (layout, misses) = PeriodPair.layout(of: fields[i + 1].profile, name: fields[i + 1].column) else {
                if PeriodPair.calendarOrPeriod(fields[i + 1].profile, name: fields[i + 1].column) {
                    // 01–12 under a month's name: either reading is plausible, and the wrong one
                    // moves every row by months with no error, so the person decides.
                    let year = Render.literal(fields[i].column), month = Render.literal(fields[i + 1].column)
                    fields[i + 1].type.todos.append("\(month) holds 01–12 beside the year label \(year): a calendar month (01 January) or a financial period (01 the year's first month)? sniff will not guess. For a financial period, map both as one: 'month, month_end = \(year) + \(month) format \"\(ColumnProfile.dateLayouts[l])\" + \"nn\" starts \"April\"'; for a calendar month, keep it a number beside the year (no layout reads a calendar month of a year label)")
                }
                continue
            }
            let next = fields.remove(at: i + 1)
            // The date is the period's month, not the year: named so when the name is free.
            if !used.contains("month") {
                used.remove(fields[i].name)
                fields[i].name = "month"
                used.insert("month")
            }
            var end = "\(fields[i].name)_end"
            var k = 2
            while used.contains(end) { end = "\(fields[i].name)_end_\(k)"; k += 1 }
            used.insert(end)
            fields[i].period = (next.column, next.index, layout, end)
            fields[i].required = fields[i].required && next.required
            if !misses.isEmpty {
                fields[i].type.todos.append("\(Render.literal(next.column)) has values that are no period (\(misses.prefix(5).map { Render.literal($0) }.joined(separator: ", "))): each such row is rejected")
            }
            fields[i].type.evidence += "; with \(Render.literal(next.column)) beside it, periods \(layout == "Pnn" ? "P01" : "01")…: a financial period, its first day here and its month's last in '\(end)'"
        }
    }

    private var fileName: String { (file.path as NSString).lastPathComponent }
    private func c(_ n: Int) -> String { FileSniffer.count(n) }

    // MARK: .source

    func sourceText() -> String {
        var t = "# Drafted by 'scorecard sniff' from \(fileName): \(c(file.bytes)) bytes, \(c(file.records)) records"
        t += file.hasHeader ? " after the header" : ""
        t += ", every one read. Edit each TODO, then run 'scorecard check'.\n"
        let e = file.encoding
        switch e.kind {
        case .utf8BOM: t += "# encoding: UTF-8 with a byte-order mark\n"
        case .utf16: t += "# encoding: UTF-16 (\(e.bigEndian ? "big-endian, FE FF" : "little-endian, FF FE") byte-order mark): Excel's \"Unicode text\"; sniffed as the intake reads it, turned into UTF-8\n"
        case .ascii: t += "# encoding: every byte is ASCII; declared utf8, which reads it the same and also a later export holding an accented letter\n"
        case .utf8: t += "# encoding: UTF-8: \(c(e.utf8Sequences)) multi-byte characters, all well-formed\n"
        case .windows1252:
            t += "# encoding: Windows-1252: \(c(e.invalidBytes)) bytes of 0x80 or above are not UTF-8 (the first at byte \(e.firstInvalidOffset ?? 0))\n"
            if e.utf8Sequences > 0 {
                t += "# TODO encoding: \(c(e.utf8Sequences)) sequences are also well-formed UTF-8: a file of mixed encodings? Windows-1252 turns them into two or three odd characters each\n"
            }
        }
        t += "# delimiter \(file.delimiterNote)\n"
        if file.quoteBytes > 0 {
            let breaks = fields.reduce(0) { $0 + $1.profile.lineBreaks }
            t += "# quoting: fields are quoted with \"\" (\(c(file.quoteBytes)) quote bytes)\(breaks > 0 ? "; \(c(breaks)) values hold line breaks" : "")\n"
        } else {
            t += "# quoting: no field is quoted\n"
        }
        t += "# header: \(file.headerNote)\n"
        if !file.areaNote.isEmpty { t += "# report export: \(file.areaNote)\n" }
        let tokens = blankTokens
        if !tokens.isEmpty {
            let seen = tokens.map { tok in "\"\(ColumnProfile.blankTokens[tok])\" \(c(fields.reduce(0) { $0 + $1.profile.tokenCounts[tok] }))" }
            t += "# blank: \(seen.joined(separator: ", ")) times in columns whose other values are dates or numbers: read as blank in every field\n"
        }
        if file.malformed > 0 {
            t += "# TODO: \(c(file.malformed)) records are malformed (the first: \(file.firstMalformed ?? "?")); each is rejected\n"
        }
        t += "source \(name) {\n"
        t += "  file      \(Render.literal(fileName))\n"
        t += "  encoding  \(e.declared)\n"
        t += "  delimiter \"\(String(UnicodeScalar(file.delimiter)))\"\(file.delimiter == 0x09 ? "   # a tab character" : "")\n"
        t += "  header    \(file.hasHeader ? "yes" : "no")\n"
        t += "  into      \(name)\n"
        if file.preamble > 0 { t += "  preamble  \(file.preamble) line\(file.preamble == 1 ? "" : "s")\n" }
        if file.footer > 0 { t += "  footer    \(file.footer) line\(file.footer == 1 ? "" : "s")\n" }
        if let pattern = file.footerCount {
            t += "  # the footer states the \(c(file.records)) records read: checked on every run\n"
            t += "  footer    count \(Render.literal(pattern)) error\n"
        } else if file.footer > 0 {
            t += "  # TODO footer count: no footer line states the \(c(file.records)) records read; if one states a count, 'footer count \"Total rows: #\" error'\n"
        }
        if !tokens.isEmpty { t += "  blank     " + tokens.map { Render.literal(ColumnProfile.blankTokens[$0]) }.joined(separator: ", ") + "\n" }
        let width = fields.map(\.name.count).max() ?? 0
        for f in fields {
            t += "\n  # \(file.hasHeader ? "\"\(Render.short(f.column))\"" : "field \(f.column)"): \(f.type.evidence)"
            if f.required { t += "; never blank, so required" } else if f.profile.blank > 0, f.type.kind != .blank {
                t += "; blank in \(c(f.profile.blank)) of \(c(f.profile.values)) rows"
            }
            t += "\n"
            for todo in f.type.todos + extraTodos(f) { t += "  # TODO \(todo)\n" }
            // By name, unless the name cannot find this column: blank, holding a line break, or
            // the same (ignoring case and spaces, as the intake matches) as an earlier column's.
            let position = fields.firstIndex { $0.name == f.name }!
            let key = f.column.trimmingCharacters(in: .whitespaces).lowercased()
            let byPosition = !file.hasHeader || key.isEmpty || f.column.contains(where: \.isNewline)
                || fields[..<position].contains { $0.column.trimmingCharacters(in: .whitespaces).lowercased() == key }
            if file.hasHeader, byPosition { t += "  # by position: the header's name for it cannot tell it from another column\n" }
            var line = "  \(Render.pad(f.name, width)) = " + (byPosition ? "\(f.index + 1)" : Render.literal(f.column))
            if let period = f.period {
                line = "  \(f.name), \(period.endName) = " + (byPosition ? "\(f.index + 1) + \(period.index + 1)" : "\(Render.literal(f.column)) + \(Render.literal(period.column))")
            }
            switch f.type.kind {
            case .date(let i): line += " format \"\(ColumnProfile.dateLayouts[i])\"\(f.period.map { " + \"\($0.layout)\"" } ?? "")\(f.type.dateOptions)"
            case .int, .decimal:
                let n = f.type.number
                if n.decimalMark != UInt8(ascii: "."), case .decimal = f.type.kind { line += " decimal \"\(String(UnicodeScalar(n.decimalMark)))\"" }
                if n.thousands != 0 { line += " thousands \"\(String(UnicodeScalar(n.thousands)))\"" }
                if n.percent { line += " percent" }
            case .money:
                let n = f.type.number
                if !f.type.currency.isEmpty { line += " currency \(Render.literal(f.type.currency))" }
                if n.decimalMark != UInt8(ascii: ".") { line += " decimal \"\(String(UnicodeScalar(n.decimalMark)))\"" }
                if n.thousands != 0 { line += " thousands \"\(String(UnicodeScalar(n.thousands)))\"" }
            case .code: line += " via \(f.category!)_codes"
            default: break
            }
            if f.required { line += " required" }
            t += line + "\n"
        }
        if let wide { t += wide.statement(file) }
        t += "\n  # Completeness: fail closed rather than publish figures from half the data.\n"
        if file.records == 0 {
            t += "  empty  warning   # TODO the file has no records; once it has, 'empty error'\n"
        } else {
            t += "  empty  error\n"
        }
        // 'stale' needs a date field: a date-time is offered only when there is no date.
        func isDay(_ f: Field) -> Bool { if case .date(let l) = f.type.kind { return !ColumnProfile.hasTime(l) } else { return false } }
        func isDate(_ f: Field) -> Bool { if case .date = f.type.kind { return true } else { return false } }
        if let d = fields.first(where: { isDay($0) && $0.required }) ?? fields.first(where: isDay) {
            t += "  # TODO stale: how old may the newest \(d.name) be? e.g. 'stale \(d.name) 45 days warning'\n"
        } else if let d = fields.first(where: { isDate($0) && $0.required }) ?? fields.first(where: isDate) {
            t += "  # TODO stale: how old may the newest \(d.name) be? 'stale' needs a date field: with \(d.name) typed 'date', e.g. 'stale \(d.name) 45 days warning'\n"
        }
        t += "  # TODO shrink: e.g. 'shrink 50 percent error' (against the last run)\n"
        t += "}\n"
        return t
    }

    /// The blank tokens to declare: those seen in a column typed as a date or a number.
    var blankTokens: [Int] {
        ColumnProfile.blankTokens.indices.filter { tok in
            fields.contains { f in
                switch f.type.kind {
                case .date, .int, .decimal, .money: return f.profile.tokenCounts[tok] > 0
                default: return false
                }
            }
        }
    }

    private func extraTodos(_ f: Field) -> [String] {
        var todos: [String] = []
        let words = ColumnType.words(file.hasHeader ? f.column : "")
        if case .id = f.type.kind {
            let repeats = f.profile.distinctEstimate < f.profile.nonBlank
            if !words.isDisjoint(with: ColumnType.personWords) || (!file.hasHeader && repeats && f.profile.ints == f.profile.nonBlank) {
                todos.append("person? If this is a person's id in this system, type '\(f.name)' as 'person' in the record and add 'system \"NAME\"' here (the person index's name for this system)")
            } else if repeats, f.profile.nonBlank > 0, !words.isDisjoint(with: ["ref", "reference", "case", "episode", "parent"]) {
                todos.append("a reference? Values repeat: if they name records of another extract, type '\(f.name)' as 'ref RECORD' in the record (then 'column \(f.name).FIELD' can place this one)")
            }
        }
        return todos
    }

    // MARK: .record

    func recordText() -> String {
        var t = "# Drafted by 'scorecard sniff' from \(fileName). Edit each TODO, then run 'scorecard check'.\n"
        t += "record \(name) {\n"
        let keys = fields.filter { f in
            guard f.required, case .id = f.type.kind else { return false }
            return Double(f.profile.distinctEstimate) >= (f.profile.distinctIsExact ? 0.99 : 0.95) * Double(f.profile.nonBlank)
        }
        if let wide {
            t += "  # TODO key: one row gives a record per \(wide.keyName), so a key holds '\(wide.keyName)' and what identifies the row: 'key ROW_FIELDS, \(wide.keyName)'?\n"
        } else if let k = keys.first {
            let d = k.profile.distinctEstimate, n = k.profile.nonBlank
            let exact = !k.profile.distinctIsExact ? "about as many distinct values as rows (\(k.profile.distinctText) in \(c(n)))"
                : d == n ? "a different value on every row" : "a different value on nearly every row (\(c(d)) in \(c(n)): \(c(n - d)) repeated, perhaps rows exported twice)"
            t += "  # TODO key: what identifies a record (a later row with the same key is rejected)? '\(k.name)' holds \(exact): 'key \(k.name)'?\n"
        } else {
            t += "  # TODO key: what identifies a record (a later row with the same key is rejected)? No column is distinct on every row: 'key a, b'?\n"
        }
        let places = fields.filter { f in
            guard case .code = f.type.kind else { return false }
            return !ColumnType.words(file.hasHeader ? f.column : "").isDisjoint(with: ColumnType.localityWords)
        }
        if let l = places.first {
            t += "  # TODO column: which field places a record in a locality? '\(l.name)' is named like one: 'column \(l.name)', with its codes mapped to the framework's locality category (codes/\(l.category!).codes)\n"
        } else {
            t += "  # TODO column: which field places a record in a locality ('column FIELD', a field of the framework's locality category, or 'ref.field')? Without one the record is a look-up no measure counts\n"
        }
        let dates = fields.filter { if case .date(let l) = $0.type.kind { return !ColumnProfile.hasTime(l) } else { return false } }
        if dates.count >= 2 {
            t += "  # TODO span: if a record is open between two dates, 'span START to END' (e.g. 'span \(dates[0].name) to \(dates[dates.count - 1].name)')\n"
        }
        t += "\n"
        let width = (fields.map(\.name) + (wide.map { [$0.keyName] + $0.valueNames } ?? [])).map(\.count).max() ?? 0
        for f in fields {
            let type: String
            switch f.type.kind {
            case .date(let l): type = ColumnProfile.hasTime(l) ? "datetime" : "date"
            case .int: type = "int"
            case .decimal: type = "decimal"
            case .money: type = "money"
            case .code: type = f.category!
            case .blank, .ambiguousDate, .id, .text: type = "text"
            }
            t += "  \(Render.pad(f.name, width)) \(type)\n"
            if let period = f.period { t += "  \(Render.pad(period.endName, width)) date\n" }
        }
        if let wide { t += wide.recordFields(width: width) }
        t += "}\n"
        return t
    }

    // MARK: .codes

    /// One category value per spelling group (case and runs of spaces ignored, as map
    /// look-ups do), the most used spelling naming it; every spelling and its count as a comment.
    func codesText(_ f: Field) -> String {
        struct Group { var normal: [UInt8]; var spellings: [(String, Int)]; var total: Int }
        var groups: [Group] = []
        var index: [[UInt8]: Int] = [:]
        let d = f.profile.distinct
        for i in 0..<d.count {
            let raw = d.value(i)
            let key = CodeNormaliser.plain.normalise(raw)
            let s = String(decoding: raw, as: UTF8.self)
            if let g = index[key] { groups[g].spellings.append((s, d.counts[i])); groups[g].total += d.counts[i] } else {
                index[key] = groups.count
                groups.append(Group(normal: key, spellings: [(s, d.counts[i])], total: d.counts[i]))
            }
        }
        // Most used first; codes that are all numbers in numeric order (1, 2, 3, 4, 99).
        let numeric = groups.allSatisfy { g in !g.normal.isEmpty && g.normal.count <= 18 && g.normal.allSatisfy { $0 &- 48 < 10 } }
        if numeric {
            groups.sort { Int(String(decoding: $0.normal, as: UTF8.self))! < Int(String(decoding: $1.normal, as: UTF8.self))! }
        } else {
            groups.sort { $0.total != $1.total ? $0.total > $1.total : $0.normal.lexicographicallyPrecedes($1.normal) }
        }
        func canonical(_ g: Group) -> String {
            // The most used spelling; on a tie, one in mixed case ("City Centre" over "CITY CENTRE").
            func mixed(_ s: String) -> Bool { s != s.uppercased() && s != s.lowercased() }
            let best = g.spellings.max { a, b in
                if a.1 != b.1 { return a.1 < b.1 }
                if mixed(a.0) != mixed(b.0) { return !mixed(a.0) }
                return a.0 > b.0
            }!.0
            return best.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
        }
        let category = f.category!
        let spellings = groups.reduce(0) { $0 + $1.spellings.count }
        var t = "# Drafted by 'scorecard sniff' from \(fileName), column \(file.hasHeader ? "\"\(Render.short(f.column))\"" : f.column):\n"
        t += "# \(c(groups.count)) values (\(c(spellings)) spellings) in \(c(f.profile.nonBlank)) non-blank rows\(f.profile.blank > 0 ? ", blank in \(c(f.profile.blank))" : "").\n"
        t += "# TODO: name the canonical values (or use an existing category, as the framework's locality),\n"
        t += "# then map each code to one; a code no map names is kept as \"not recorded\".\n"
        let isLocality = !ColumnType.words(file.hasHeader ? f.column : "").isDisjoint(with: ColumnType.localityWords)
        if isLocality { t += "# TODO: named like a locality: map it to the framework's locality category ('map \(category)_codes to locality { … }').\n" }
        t += "category \(category) {\n"
        for (i, g) in groups.enumerated() {
            t += "  \(Render.literal(canonical(g)))\(i < groups.count - 1 ? "," : "")\n"
        }
        t += "}\n\n"
        t += "map \(category)_codes to \(category) {\n"
        let width = groups.map { Render.literal(canonical($0)).count }.max() ?? 0
        for g in groups {
            let name = canonical(g)
            var comment = "# \(c(g.total)) row\(g.total == 1 ? "" : "s")"
            if g.spellings.count > 1 || g.spellings[0].0 != name {
                comment += ": " + g.spellings.sorted { $0.1 > $1.1 }.map { "\"\(Render.short($0.0))\" \(c($0.1))" }.joined(separator: ", ")
            }
            t += "  \(Render.pad(Render.literal(name), width)) -> \(Render.pad(Render.literal(name), width))   \(comment)\n"
        }
        t += "}\n"
        return t
    }
}
