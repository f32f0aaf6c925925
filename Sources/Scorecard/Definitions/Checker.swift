/// Checks parsed definitions as a whole (names, types, references between files)
/// and builds the `Definitions` the engine runs. Reports every problem found.
struct Checker {
    private let syntax: DefinitionSyntax
    private(set) var diagnostics: [Diagnostic] = []
    private var categories: [Category] = []
    private var records: [RecordType] = []
    private let groupKeys = GroupKeys()
    private let textLiterals = TextLiterals()
    /// Records some measure reads; the others can be let go after intake.
    private var usedRecords: Set<Int> = []

    init(_ syntax: DefinitionSyntax) { self.syntax = syntax }

    private mutating func error(_ location: SourceLocation, _ message: String) {
        diagnostics.append(Diagnostic(at: location, message))
    }

    private func checkUnique<T>(_ items: [T], _ name: (T) -> Located<String>, _ what: String, into d: inout [Diagnostic]) {
        var seen: [String: SourceLocation] = [:]
        for item in items {
            let n = name(item)
            if let first = seen[n.value] {
                d.append(Diagnostic(at: n.location, "\(what) '\(n.value)' is declared twice (first at \(first))"))
            } else {
                seen[n.value] = n.location
            }
        }
    }

    mutating func check(files: [String]) -> Definitions? {
        var d: [Diagnostic] = []
        checkUnique(syntax.categories, \.name, "category", into: &d)
        checkUnique(syntax.maps, \.name, "map", into: &d)
        checkUnique(syntax.records, \.name, "record", into: &d)
        checkUnique(syntax.sources, \.name, "source", into: &d)
        checkUnique(syntax.measures, \.id, "measure", into: &d)
        diagnostics += d

        categories = syntax.categories.map { Category(name: $0.name.value, values: $0.values.map(\.value)) }
        let maps = checkMaps()
        checkRecords()
        let framework = checkFramework()
        let sources = checkSources(maps: maps)
        let (measures, atDates) = checkMeasures(framework: framework)
        guard diagnostics.isEmpty, let framework else { return nil }
        return Definitions(
            framework: framework, categories: categories, maps: maps, records: records, sources: sources,
            measures: measures, typedAtDates: atDates, atDates: [], files: files, groupKeys: groupKeys, textLiterals: textLiterals,
            recordsUsedByMeasures: usedRecords)
    }

    private func categoryIndex(_ name: String) -> Int? { categories.firstIndex { $0.name == name } }
    private func recordIndex(_ name: String) -> Int? { records.firstIndex { $0.name == name } }

    private mutating func checkFramework() -> Framework? {
        guard let decl = syntax.frameworks.first else {
            error(SourceLocation(file: "metrics", line: 1, column: 1), "no 'framework { … }' declaration found in the definitions")
            return nil
        }
        for extra in syntax.frameworks.dropFirst() { error(extra.location, "a second framework declaration; there must be exactly one") }
        var firstMonth = (year: 0, month: 0)
        if let m = decl.firstMonth, let day = DateFormat("yyyy-mm-dd")?.parseMonth(m.value) {
            firstMonth = day
        } else {
            error(decl.firstMonth?.location ?? decl.location, "the framework needs 'first_month \"YYYY-MM\"'")
        }
        var columnCategory = 0
        if let c = decl.columns, let i = categoryIndex(c.value) {
            columnCategory = i
        } else {
            error(decl.columns?.location ?? decl.location,
                  "the framework needs 'columns CATEGORY', naming the category of the localities\(decl.columns.map { Suggestion.hint(for: $0.value, in: categories.map(\.name)) } ?? "")")
        }
        var holidays: Holidays?
        if let h = decl.holidays {
            if let field = h.field {
                if let r = recordIndex(h.record.value) {
                    if let f = records[r].fieldIndex(field.value), records[r].fields[f].type == .date {
                        holidays = .field(record: r, field: f)
                        usedRecords.insert(r)
                    } else {
                        error(field.location, "'holidays' needs a date field of '\(h.record.value)'\(Suggestion.hint(for: field.value, in: records[r].fields.filter { $0.type == .date }.map(\.name)))")
                    }
                } else {
                    error(h.record.location, "unknown record '\(h.record.value)'\(Suggestion.hint(for: h.record.value, in: records.map(\.name)))")
                }
            } else {
                holidays = Holidays.none
            }
        }
        var dates = (low: Day.parseISO(Limits.dates.from)!, high: Day.parseISO(Limits.dates.to)!)
        if let range = decl.dates {
            let from = Day.parseISO(range.from.value), to = Day.parseISO(range.to.value)
            if from == nil { error(range.from.location, "\"\(range.from.value)\" is not a date written YYYY-MM-DD") }
            if to == nil { error(range.to.location, "\"\(range.to.value)\" is not a date written YYYY-MM-DD") }
            if let from, let to {
                if from > to { error(range.from.location, "the plausible dates run from \(range.from.value) to an earlier \(range.to.value)") }
                dates = (from, to)
            }
        }
        return Framework(
            title: decl.title ?? "Performance framework", firstMonth: firstMonth,
            baselineYear: decl.baseline?.value ?? "", columnCategory: columnCategory, dates: dates,
            notRecordedLabel: decl.notRecorded ?? "Locality not recorded", cityLabel: decl.city ?? "City",
            sections: decl.sections.map { ($0.id.value, $0.title) }, holidays: holidays)
    }

    private mutating func checkMaps() -> [CodeMap] {
        var maps: [CodeMap] = []
        for decl in syntax.maps {
            guard let c = categoryIndex(decl.target.value) else {
                error(decl.target.location, "unknown category '\(decl.target.value)'\(Suggestion.hint(for: decl.target.value, in: categories.map(\.name)))")
                continue
            }
            for around in decl.ignoreSpacesAround where around.utf8.count != 1 {
                error(decl.name.location, "'ignore spaces around' takes one character at a time, as \"/\"; \"\(around)\" has \(around.utf8.count)")
            }
            let normaliser = CodeNormaliser(
                spacesAround: decl.ignoreSpacesAround.compactMap { $0.utf8.first },
                ignoredWords: decl.ignoreWords.map { Array($0.lowercased().utf8) },
                same: decl.same.map { (Array($0.0.lowercased().utf8), Array($0.1.lowercased().utf8)) })
            var table: [[UInt8]: Int64] = [:]
            for entry in decl.entries {
                guard let v = categories[c].index(of: entry.to.value) else {
                    error(entry.to.location, "\"\(entry.to.value)\" is not a value of '\(categories[c].name)'\(Suggestion.hint(for: entry.to.value, in: categories[c].values))")
                    continue
                }
                let key = normaliser.normalise(Array(entry.from.value.utf8))
                if let existing = table[key], existing != Int64(v) {
                    error(entry.from.location, "code \"\(entry.from.value)\" already maps to \"\(categories[c].values[Int(existing)])\"")
                }
                table[key] = Int64(v)
            }
            maps.append(CodeMap(name: decl.name.value, category: c, normaliser: normaliser, table: table))
        }
        return maps
    }

    private mutating func checkRecords() {
        // Plain records first, so grouped records can take their fields' types.
        let names = syntax.records.map(\.name.value)
        for decl in syntax.records {
            var fields: [FieldDef] = []
            for f in decl.fields {
                var type: FieldType = .text
                switch f.type.value {
                case .text: type = .text
                case .int: type = .int
                case .decimal: type = .decimal
                case .date: type = .date
                case .person: type = .person
                case .category(let name):
                    if let c = categoryIndex(name) { type = .category(c) } else {
                        error(f.type.location, "unknown field type '\(name)'; a type is text, int, decimal, date, person, ref RECORD or a category\(Suggestion.hint(for: name, in: categories.map(\.name) + ["text", "int", "decimal", "date", "person"]))")
                    }
                case .ref(let name):
                    if let r = names.firstIndex(of: name) { type = .ref(r) } else {
                        error(f.type.location, "unknown record '\(name)'\(Suggestion.hint(for: name, in: names))")
                    }
                }
                if fields.contains(where: { $0.name == f.name.value }) { error(f.name.location, "field '\(f.name.value)' is declared twice") }
                fields.append(FieldDef(name: f.name.value, type: type, range: f.range.flatMap { checkRange($0, of: f.name.value, type: type) }))
            }
            records.append(RecordType(name: decl.name.value, fields: fields, key: [], span: nil, columnPath: [], group: nil, aggregates: []))
        }
        for (i, decl) in syntax.records.enumerated() {
            if let group = decl.group {
                guard let base = recordIndex(group.record.value), base != i else {
                    error(group.record.location, "unknown record '\(group.record.value)'\(Suggestion.hint(for: group.record.value, in: names))")
                    continue
                }
                var by: [Int] = []
                for g in group.by {
                    guard let f = records[base].fieldIndex(g.value) else {
                        error(g.location, "record '\(records[base].name)' has no field '\(g.value)'\(Suggestion.hint(for: g.value, in: records[base].fields.map(\.name)))")
                        continue
                    }
                    by.append(f)
                    records[i].fields.append(records[base].fields[f])
                }
                for a in decl.aggregates {
                    guard let f = records[base].fieldIndex(a.field.value) else {
                        error(a.field.location, "record '\(records[base].name)' has no field '\(a.field.value)'\(Suggestion.hint(for: a.field.value, in: records[base].fields.map(\.name)))")
                        continue
                    }
                    let sourceType = records[base].fields[f].type
                    guard ["sum", "min", "max", "count"].contains(a.function.value) else {
                        error(a.function.location, "unknown aggregate '\(a.function.value)'\(Suggestion.hint(for: a.function.value, in: ["sum", "min", "max", "count"]))")
                        continue
                    }
                    if a.function.value != "count", sourceType != .int, sourceType != .decimal {
                        error(a.field.location, "'\(a.function.value)' needs a number field")
                    }
                    records[i].aggregates.append((records[i].fields.count, a.function.value, f))
                    records[i].fields.append(FieldDef(name: a.name.value, type: a.function.value == "count" ? .int : sourceType))
                }
                records[i].group = (base, by)
            } else if !decl.aggregates.isEmpty {
                error(decl.aggregates[0].name.location, "aggregates need a 'group RECORD by fields' statement")
            }
            let type = records[i]
            func resolve(_ n: Located<String>) -> Int? {
                if let f = type.fieldIndex(n.value) { return f }
                error(n.location, "record '\(type.name)' has no field '\(n.value)'\(Suggestion.hint(for: n.value, in: type.fields.map(\.name)))")
                return nil
            }
            records[i].key = decl.key.compactMap(resolve)
            for (k, f) in records[i].key.enumerated() where records[i].fields[f].type == .decimal {
                error(decl.key[k].location, "a key field cannot be a decimal; keys compare exactly")
            }
            if let span = decl.span, let s = resolve(span.start), let e = resolve(span.end) {
                if type.fields[s].type != .date || type.fields[e].type != .date { error(span.start.location, "a span runs between two date fields") }
                records[i].span = (s, e)
            }
            // A record with no column is for look-ups only (bank holidays, a national figure
            // per month): measures may read it but not count it.
            if !decl.column.isEmpty {
                var current = i
                var path: [Int] = []
                for (k, step) in decl.column.enumerated() {
                    guard let f = records[current].fieldIndex(step.value) else {
                        error(step.location, "record '\(records[current].name)' has no field '\(step.value)'\(Suggestion.hint(for: step.value, in: records[current].fields.map(\.name)))")
                        break
                    }
                    path.append(f)
                    if k < decl.column.count - 1 {
                        guard case .ref(let next) = records[current].fields[f].type else {
                            error(step.location, "'\(step.value)' is not a reference, so it has no fields")
                            break
                        }
                        current = next
                    }
                }
                records[i].columnPath = path
            }
        }
    }

    /// A field's `range LOW to HIGH`: numbers for an int (whole) or decimal field,
    /// dates "YYYY-MM-DD" for a date field, LOW no more than HIGH.
    private mutating func checkRange(_ range: (low: Located<RecordDecl.Bound>, high: Located<RecordDecl.Bound>), of field: String,
                                     type: FieldType) -> (low: Double, high: Double)? {
        var ends: [Double] = []
        for bound in [range.low, range.high] {
            switch (type, bound.value) {
            case (.int, .number(let n, let isInteger)):
                guard isInteger, abs(n) <= 1e18 else {
                    error(bound.location, "'\(field)' is an int: its range needs whole numbers")
                    return nil
                }
                ends.append(n)
            case (.decimal, .number(let n, _)):
                ends.append(n)
            case (.date, .date(let text)):
                guard let day = Day.parseISO(text) else {
                    error(bound.location, "\"\(text)\" is not a date written YYYY-MM-DD")
                    return nil
                }
                ends.append(Double(day))
            case (.date, .number):
                error(bound.location, "'\(field)' is a date: its range runs between dates in quotes, as \"2000-01-01\"")
                return nil
            case (.int, .date), (.decimal, .date):
                error(bound.location, "'\(field)' is a number: its range runs between numbers, as 0 to 100")
                return nil
            default:
                error(range.low.location, "a range applies to int, decimal and date fields; '\(field)' is none of these")
                return nil
            }
        }
        guard ends[0] <= ends[1] else {
            error(range.low.location, "the range of '\(field)' runs from a higher value to a lower one")
            return nil
        }
        return (ends[0], ends[1])
    }

    /// A `max record` / `max field` size: a whole number of bytes from 1 to `Limits.largestDeclarable`.
    private mutating func checkSize(_ size: Located<Double>?, what: String) -> Int? {
        guard let size else { return nil }
        guard size.value >= 1, size.value <= Double(Limits.largestDeclarable), size.value == size.value.rounded() else {
            error(size.location, "\(what) must be a whole number of bytes from 1 byte to 1 GB")
            return nil
        }
        return Int(size.value)
    }

    private mutating func checkSources(maps: [CodeMap]) -> [SourceSpec] {
        var specs: [SourceSpec] = []
        let sourceNames = syntax.sources.map(\.name.value)
        var compiler = TypeChecker(categories: categories, records: records, textLiterals: textLiterals)
        for decl in syntax.sources {
            guard let file = decl.file else { error(decl.name.location, "source '\(decl.name.value)' needs a 'file \"…\"' statement"); continue }
            var delimiter = UInt8(ascii: ",")
            if let d = decl.delimiter {
                if d.value.utf8.count == 1 { delimiter = d.value.utf8.first! } else { error(d.location, "a delimiter is one byte, as \";\", \"|\" or \"\\t\" (a tab)") }
            }
            let encodings = ["utf8", "windows1252", "ascii", "utf16"]
            if let e = decl.encoding, !encodings.contains(e.value) {
                error(e.location, "unknown encoding '\(e.value)'\(Suggestion.hint(for: e.value, in: encodings))")
            }
            var spec = SourceSpec(
                name: decl.name.value, file: file.value, dialectDelimiter: delimiter, hasHeader: decl.header,
                encoding: decl.encoding?.value ?? "utf8", record: nil, supersede: nil,
                identity: decl.identity.map { ($0.system.value, $0.local.value, $0.person.value) },
                mappings: [], rejects: [], location: decl.name.location)
            let maxRecord = checkSize(decl.maxRecord, what: "'max record'")
            let maxField = checkSize(decl.maxField, what: "'max field'")
            spec.maxRecordBytes = maxRecord ?? Limits.recordBytes
            spec.maxFieldBytes = min(maxField ?? Limits.fieldBytes, spec.maxRecordBytes)
            if let maxField, maxField > spec.maxRecordBytes, let location = decl.maxField?.location {
                error(location, "'max field' (\(maxField) bytes) is more than the largest record (\(spec.maxRecordBytes) bytes\(maxRecord == nil ? ", the default" : "")); declare 'max record' too")
            }
            guard let into = decl.into else {
                if decl.identity == nil { error(decl.name.location, "source '\(decl.name.value)' needs 'into RECORD' (or an 'identity' statement)") }
                if let wide = decl.wide { error(wide.location, "'wide columns' fills a record's fields; source '\(decl.name.value)' has no 'into RECORD'") }
                specs.append(spec)
                continue
            }
            guard let r = recordIndex(into.value) else {
                error(into.location, "unknown record '\(into.value)'\(Suggestion.hint(for: into.value, in: records.map(\.name)))")
                continue
            }
            if records[r].group != nil { error(into.location, "record '\(into.value)' is grouped from another record; no source fills it directly") }
            spec.record = r
            let type = records[r]
            var wideValue: Int?
            for (n, m) in (decl.mappings + (decl.wide.map { [$0.value] } ?? [])).enumerated() {
                if n == decl.mappings.count { wideValue = spec.mappings.count }
                guard let f = type.fieldIndex(m.field.value) else {
                    error(m.field.location, "record '\(type.name)' has no field '\(m.field.value)'\(Suggestion.hint(for: m.field.value, in: type.fields.map(\.name)))")
                    continue
                }
                let conversion: SourceSpec.Conversion
                switch type.fields[f].type {
                case .text: conversion = .text
                case .int: conversion = .int
                case .decimal: conversion = .decimal
                case .ref(let target): conversion = .ref(target)
                case .person:
                    guard let system = m.system else { error(m.field.location, "a person field needs 'system \"…\"', the person index's name for this extract"); continue }
                    conversion = .person(system: system)
                case .date:
                    guard let fmt = m.format else {
                        error(m.field.location, "a date field needs 'format \"…\"', as \"dd/mm/yyyy\", \"yyyymmdd\", \"dd-Mon-yyyy\", \"dd/mm/yyyy hh:mm\" or \"Mon-yy\"")
                        continue
                    }
                    var format: DateFormat
                    switch DateFormat.compile(fmt.value) {
                    case .success(let f): format = f
                    case .failure(let problem):
                        // The column inside the quoted layout, so the caret lands on the bad token.
                        let at = SourceLocation(file: fmt.location.file, line: fmt.location.line, column: fmt.location.column + problem.column)
                        error(at, "date layout \"\(fmt.value)\": \(problem.message)")
                        continue
                    }
                    let months = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"]
                    if format.isYearLabel {
                        guard let starts = m.starts, let month = months.firstIndex(of: starts.value.lowercased()) else {
                            error(m.starts?.location ?? fmt.location, "a year label (\"\(fmt.value)\") needs 'starts \"MONTH\"': \"April\" for a financial year, \"September\" for an academic one")
                            continue
                        }
                        format.yearStartMonth = month + 1
                    } else if let starts = m.starts {
                        error(starts.location, "'starts' is for year labels such as \"yyyy/yy\"; \"\(fmt.value)\" is a date")
                    }
                    if format.hasTwoDigitYear {
                        guard let pivot = m.pivot else {
                            error(fmt.location, "a two-digit year (yy) needs 'pivot YY' beside the format: years below it are 20yy, the rest 19yy, as in 'pivot 50'")
                            continue
                        }
                        format.pivot = pivot.value
                    } else if let pivot = m.pivot {
                        error(pivot.location, "'pivot' is for layouts with a two-digit year (yy); \"\(fmt.value)\" has four")
                    }
                    conversion = .date(format)
                case .category(let c):
                    if let via = m.via {
                        guard let mi = maps.firstIndex(where: { $0.name == via.value }) else {
                            error(via.location, "unknown map '\(via.value)'\(Suggestion.hint(for: via.value, in: maps.map(\.name)))")
                            continue
                        }
                        if maps[mi].category != c {
                            error(via.location, "map '\(via.value)' gives '\(categories[maps[mi].category].name)' but field '\(m.field.value)' is a '\(categories[c].name)'")
                        }
                        conversion = .mapped(mi)
                    } else {
                        conversion = .category(c)
                    }
                }
                if let fmt = m.format, type.fields[f].type != .date {
                    error(fmt.location, "'format' is for date fields; '\(m.field.value)' is a \(type.fields[f].type.name), so the layout would be ignored")
                }
                if m.via != nil, case .category = type.fields[f].type {} else if let via = m.via {
                    error(via.location, "'via' maps codes to a category; field '\(m.field.value)' is not one")
                }
                if spec.mappings.contains(where: { $0.field == f }) { error(m.field.location, "field '\(m.field.value)' is mapped twice") }
                var mapping = SourceSpec.Mapping(field: f, column: m.column.value, conversion: conversion, required: m.required, location: m.column.location)
                if let layout = numberLayout(m, fieldType: type.fields[f].type) { mapping.number = layout }
                if let unknown = m.unknown {
                    if case .ref = type.fields[f].type {} else {
                        error(unknown.location, "'unknown keep' is for references; '\(m.field.value)' is a \(type.fields[f].type.name)")
                    }
                    switch unknown.value {
                    case "keep": mapping.keepUnknown = true
                    case "reject": break
                    default: error(unknown.location, "after 'unknown' comes 'keep' (the row stays, linked to nothing) or 'reject' (the default)\(Suggestion.hint(for: unknown.value, in: ["keep", "reject"]))")
                    }
                }
                spec.mappings.append(mapping)
            }
            if let wide = decl.wide {
                checkWide(wide, source: decl, type: type, valueMapping: wideValue, spec: &spec)
            }
            if let s = decl.supersede {
                if let si = sourceNames.firstIndex(of: s.source.value) {
                    if let f = type.fieldIndex(s.field.value) { spec.supersede = (si, f) } else {
                        error(s.field.location, "record '\(type.name)' has no field '\(s.field.value)'\(Suggestion.hint(for: s.field.value, in: type.fields.map(\.name)))")
                    }
                } else {
                    error(s.source.location, "unknown source '\(s.source.value)'\(Suggestion.hint(for: s.source.value, in: sourceNames))")
                }
            }
            for rule in decl.completeness {
                guard let severity = CompletenessRule.Severity(rawValue: rule.severity.value) else {
                    error(rule.severity.location, "expected 'error' or 'warning', found '\(rule.severity.value)'\(Suggestion.hint(for: rule.severity.value, in: ["error", "warning"]))")
                    continue
                }
                switch rule.kind {
                case .empty: spec.completeness.append(.init(kind: .empty, severity: severity))
                case .shrink(let percent): spec.completeness.append(.init(kind: .shrink(percent: percent), severity: severity))
                case .footerCount(let pattern):
                    if decl.footer == nil {
                        error(pattern.location, "'footer count' reads the footer, so the source needs 'footer N lines' saying how many lines it has")
                    }
                    if pattern.value.components(separatedBy: "#").count != 2 {
                        error(pattern.location, "the footer's text marks the count with one '#', as \"Total rows: #\"")
                    }
                    spec.completeness.append(.init(kind: .footerCount(pattern: pattern.value), severity: severity))
                case .rejected(let percent):
                    guard percent >= 0, percent <= 100 else {
                        error(rule.location, "'rejected' takes a percentage from 0 to 100, found \(percent)")
                        continue
                    }
                    spec.completeness.append(.init(kind: .rejected(percent: percent), severity: severity))
                case .stale(let field, let days):
                    guard let f = type.fieldIndex(field.value), type.fields[f].type == .date else {
                        error(field.location, "'stale' needs a date field of '\(type.name)'\(Suggestion.hint(for: field.value, in: type.fields.filter { $0.type == .date }.map(\.name)))")
                        continue
                    }
                    spec.completeness.append(.init(kind: .stale(field: f, days: days), severity: severity))
                }
            }
            spec.preambleLines = decl.preamble?.value ?? 0
            spec.footerLines = decl.footer?.value ?? 0
            if spec.preambleLines > 0, !decl.header {
                // Allowed: titles above a headerless file are set aside just the same.
            }
            for token in decl.blanks {
                if token.value.isEmpty { error(token.location, "an empty value is blank already; 'blank' lists other values read as blank, as \"NULL\"") }
                spec.blankTokens.append(Array(token.value.lowercased().utf8))
            }
            if !spec.completeness.contains(where: { if case .rejected = $0.kind { true } else { false } }) {
                spec.completeness.append(CompletenessRule.defaultRejected)
            }
            let scope = TypeChecker.Scope(record: r, mode: .staged, allowPeriod: false, allowAsAt: true)
            for rule in decl.rejects {
                if let c = compiler.checkCondition(rule.condition, scope) {
                    spec.typedRejects.append(TypedReject(reason: rule.reason, condition: c))
                }
            }
            specs.append(spec)
        }
        diagnostics += compiler.diagnostics
        return specs
    }

    /// A `wide columns` statement: a header, a date field for the month (not mapped
    /// otherwise) read in a month layout, a value field mapped (last), and a key, if
    /// the record has one, that holds the month.
    private mutating func checkWide(_ wide: WideDecl, source decl: SourceDecl, type: RecordType, valueMapping: Int?, spec: inout SourceSpec) {
        if !decl.header {
            error(wide.location, "'wide columns' reads months from the header, and source '\(decl.name.value)' has 'header no'")
        }
        guard let f = type.fieldIndex(wide.month.value) else {
            error(wide.month.location, "record '\(type.name)' has no field '\(wide.month.value)'\(Suggestion.hint(for: wide.month.value, in: type.fields.map(\.name)))")
            return
        }
        guard type.fields[f].type == .date else {
            error(wide.month.location, "the month of a wide column goes into a date field; '\(wide.month.value)' is a \(type.fields[f].type.name)")
            return
        }
        if decl.mappings.contains(where: { $0.field.value == wide.month.value }) {
            error(wide.month.location, "field '\(wide.month.value)' is mapped twice: 'wide columns' fills it from the header")
        }
        if wide.month.value == wide.value.field.value {
            error(wide.value.field.location, "the month and the value of 'wide columns' are two fields")
            return
        }
        if !type.key.isEmpty, !type.key.contains(f) {
            error(wide.month.location, "record '\(type.name)' has a key without '\(wide.month.value)': one row gives a record per month, so every month's record would have the row's key; add '\(wide.month.value)' to the key")
        }
        let format: DateFormat
        switch DateFormat.compile(wide.format.value) {
        case .success(let compiled): format = compiled
        case .failure(let problem):
            let at = SourceLocation(file: wide.format.location.file, line: wide.format.location.line, column: wide.format.location.column + problem.column)
            error(at, "date layout \"\(wide.format.value)\": \(problem.message)")
            return
        }
        if format.isYearLabel || format.hasTwoDigitYear || !format.isMonthLabel || format.hasTime {
            error(wide.format.location, "a wide column's header is read as a month: a layout without a day, with a four-digit year, as \"Mon yyyy\" or \"yyyy-mm\"; \"\(wide.format.value)\" is not one")
            return
        }
        guard let v = valueMapping, v < spec.mappings.count, spec.mappings[v].field != f else { return }
        spec.wide = SourceSpec.Wide(monthField: f, format: format, valueMapping: v, location: wide.location)
    }

    /// A mapping's number layout (`decimal ","`, `thousands "."`, `percent`), checked: only on
    /// number fields, one character each, a decimal mark only on decimals, mark and
    /// separator different. Nil when none is declared.
    private mutating func numberLayout(_ m: SourceDecl.FieldMapping, fieldType: FieldType) -> NumberLayout? {
        guard m.decimalMark != nil || m.thousands != nil || m.percent != nil else { return nil }
        guard fieldType == .int || fieldType == .decimal else {
            let at = m.decimalMark?.location ?? m.thousands?.location ?? m.percent!
            error(at, "'decimal', 'thousands' and 'percent' are for number fields; '\(m.field.value)' is a \(fieldType.name)")
            return nil
        }
        var layout = NumberLayout()
        let allowed: Set<String> = [".", ",", "'", " "]
        if let mark = m.decimalMark {
            if fieldType == .int { error(mark.location, "'\(m.field.value)' is a whole-number field; a decimal mark is for decimal fields") }
            if mark.value == "." || mark.value == "," { layout.decimalMark = mark.value.utf8.first! } else {
                error(mark.location, "a decimal mark is one of \".\" or \",\", found \"\(mark.value)\"")
            }
        }
        if let sep = m.thousands {
            if allowed.contains(sep.value) { layout.thousands = sep.value.utf8.first! } else {
                error(sep.location, "a thousands separator is one of \",\", \".\", \"'\" or \" \", found \"\(sep.value)\"")
            }
            if layout.thousands == layout.decimalMark {
                error(sep.location, "the thousands separator and the decimal mark must differ (both \"\(sep.value)\"); declare 'decimal' too, as in 'decimal \",\" thousands \".\"'")
            }
        }
        layout.percent = m.percent != nil
        return layout
    }

    private mutating func checkMeasures(framework: Framework?) -> ([Measure], [TypedExpr]) {
        var measures: [Measure] = []
        var atDates: [TypedExpr] = []
        var measureIDs: [String: Int] = [:]
        for (i, m) in syntax.measures.enumerated() { measureIDs[m.id.value] = i }
        let sectionIDs = framework?.sections.map(\.id) ?? []
        for decl in syntax.measures {
            var compiler = TypeChecker(categories: categories, records: records, textLiterals: textLiterals)
            compiler.holidays = framework?.holidays
            let location = decl.id.location
            if let s = decl.section, !sectionIDs.contains(s.value) {
                error(s.location, "unknown section '\(s.value)'\(Suggestion.hint(for: s.value, in: sectionIDs))")
            }
            var measure = Measure(
                id: decl.id.value, name: decl.name ?? decl.id.value, description: decl.description,
                section: decl.section?.value ?? sectionIDs.first ?? "", record: nil, when: nil, wheres: [], lets: [],
                distinct: nil, parts: [], breakdown: nil, per: nil, value: nil, valueIsInteger: false, unit: .count,
                better: .none, baseline: decl.baseline, targets: decl.targets.map { ($0.year, $0.value, $0.tolerance) },
                comparators: decl.comparators, location: location, dependencies: [])
            for lookup in decl.comparatorLookups {
                guard let r = recordIndex(lookup.record.value) else {
                    error(lookup.record.location, "unknown record '\(lookup.record.value)'\(Suggestion.hint(for: lookup.record.value, in: records.map(\.name)))")
                    continue
                }
                guard let f = records[r].fieldIndex(lookup.field.value), [.int, .decimal].contains(records[r].fields[f].type) else {
                    error(lookup.field.location, "a comparator is a number field of '\(records[r].name)'\(Suggestion.hint(for: lookup.field.value, in: records[r].fields.filter { [.int, .decimal].contains($0.type) }.map(\.name)))")
                    continue
                }
                var matching: [(Int, TypedExpr)] = []
                for (key, value) in lookup.matching {
                    guard let kf = records[r].fieldIndex(key.value) else {
                        error(key.location, "record '\(records[r].name)' has no field '\(key.value)'\(Suggestion.hint(for: key.value, in: records[r].fields.map(\.name)))")
                        continue
                    }
                    if let c = compiler.check(value, TypeChecker.Scope(allowAsAt: true)) {
                        if c.type != compiler.fieldType(records[r].fields[kf].type) {
                            error(value.location, "'\(key.value)' is a \(compiler.fieldType(records[r].fields[kf].type)); it cannot match a \(c.type)")
                        }
                        matching.append((kf, c))
                    }
                }
                measure.typed.comparatorLookups.append(TypedLookup(name: lookup.name, record: r, field: f, matching: matching))
                usedRecords.insert(r)
            }
            if let available = decl.available {
                if case .duration(let n, let unit, _) = available { measure.availableAfter = (n, unit) } else {
                    error(available.location, "'available' takes a number of days or months, as in 'available 3 months after period end'")
                }
            }
            if let b = decl.better {
                if let better = Better(rawValue: b.value) { measure.better = better } else {
                    error(b.location, "'better' is high, low or none\(Suggestion.hint(for: b.value, in: ["high", "low", "none"]))")
                }
            }
            if let value = decl.value {
                if decl.of != nil || decl.count != nil || decl.share != nil {
                    error(location, "a measure with 'value' is computed from other measures; it has no 'of', 'count' or 'share'")
                }
                var scope = TypeChecker.Scope(allowAsAt: true)
                scope.measures = measureIDs
                scope.aggregateMeasures = Set(syntax.measures.indices.filter { syntax.measures[$0].aggregate != nil })
                scope.measuresWithoutHeadline = Set(syntax.measures.indices.filter { syntax.measures[$0].breakdown?.only == true })
                scope.zeroDivisionIsNotApplicable = true
                if let c = compiler.check(value, scope) {
                    guard c.type.isNumeric else {
                        error(value.location, "a measure's value must be a number, found a \(c.type)")
                        continue
                    }
                    measure.typed.value = c
                    measure.valueIsInteger = c.type == .int
                    if case .binary(.divide, let a, let b, _) = value, let n = compiler.check(a, scope), let d = compiler.check(b, scope) {
                        measure.typed.valueParts = (n, d)
                    }
                }
                measure.unit = .number
                measure.dependencies = compiler.dependencies.sorted()
                atDates += compiler.atDates
            } else {
                checkCounted(decl, &measure, &compiler)
            }
            if let u = decl.unit {
                if let unit = Unit(rawValue: u.value) { measure.unit = unit } else {
                    error(u.location, "unknown unit '\(u.value)'\(Suggestion.hint(for: u.value, in: ["count", "percent", "rate", "ratio", "pounds", "number"]))")
                }
            }
            diagnostics += compiler.diagnostics
            measure.slotCount = compiler.slotCount
            measure.typed.slotCount = compiler.slotCount
            usedRecords.formUnion(compiler.usedRecords)
            if let r = measure.record { usedRecords.insert(r) }
            if let r = measure.per?.record { usedRecords.insert(r) }
            measure.declaration = decl.text
            measures.append(measure)
        }
        // A measure may not depend on itself through others.
        // The cycle is shown as its path, so the person can see which link to break.
        for (i, m) in measures.enumerated() {
            var previous: [Int: Int] = [:]
            var queue = m.dependencies.map { ($0, i) }
            var head = 0
            while head < queue.count {
                let (d, from) = queue[head]
                head += 1
                if previous[d] != nil { continue }
                previous[d] = from
                if d == i {
                    var path = [i]
                    var at = from
                    while at != i { path.append(at); at = previous[at]! }
                    path.append(i)
                    let shown = path.reversed().map { measures[$0].id }.joined(separator: " → ")
                    error(m.location, "measure '\(m.id)' depends on itself: \(shown)")
                    break
                }
                queue += measures[d].dependencies.map { ($0, d) }
            }
        }
        return (measures, atDates)
    }

    /// Checks a measure that counts records: population, count, share, breakdown, parts, rate.
    private mutating func checkCounted(_ decl: MeasureDecl, _ measure: inout Measure, _ compiler: inout TypeChecker) {
        guard let of = decl.of else {
            error(decl.id.location, "measure '\(decl.id.value)' needs 'of RECORD' (what it counts) or 'value' (arithmetic over other measures)")
            return
        }
        guard let r = recordIndex(of.value) else {
            error(of.location, "unknown record '\(of.value)'\(Suggestion.hint(for: of.value, in: records.map(\.name)))")
            return
        }
        if records[r].columnPath.isEmpty, syntax.records.first(where: { $0.name.value == of.value })?.column.isEmpty == true {
            error(of.location, "record '\(of.value)' has no 'column FIELD', so its rows have no locality column to be counted in; declare one to count it")
        }
        measure.record = r
        measure.typed.record = r
        var scope = TypeChecker.Scope(record: r, allowAsAt: true)
        if let when = decl.when { measure.typed.when = compiler.checkCondition(when, scope) } else {
            error(decl.id.location, "measure '\(decl.id.value)' needs 'when …': which date or state puts a record in a period")
        }
        for (name, value) in decl.lets {
            let before = compiler.windowReads
            guard let c = compiler.check(value, scope) else { continue }
            let slot = compiler.newSlot()
            scope.lets[name.value] = (slot, c.type)
            // The same in every window when it reads no window: computed once per record and remembered.
            measure.typed.lets.append(.init(slot: slot, value: TypedClause(expr: c, isStatic: compiler.windowReads == before)))
        }
        for w in decl.wheres {
            let before = compiler.windowReads
            guard let c = compiler.checkCondition(w, scope) else { continue }
            measure.typed.wheres.append(TypedClause(expr: c, isStatic: compiler.windowReads == before))
        }
        if case .distinct(let e) = decl.count {
            if let c = compiler.check(e, scope) {
                switch c.type {
                case .person, .text, .int, .record, .category, .date: measure.typed.distinct = c
                default: error(e.location, "cannot count distinct \(c.type)s")
                }
            }
        }
        if let aggregate = decl.aggregate {
            let kind = Aggregate.Kind(rawValue: aggregate.kind.value)!
            if decl.count != nil || decl.share != nil || !decl.parts.isEmpty || decl.per != nil {
                error(aggregate.kind.location, "'\(kind.rawValue)' is the measure's figure; it has no 'count', 'share', parts or 'per' beside it")
            }
            if let c = compiler.check(aggregate.value, scope) {
                if c.type.isNumeric {
                    measure.typed.aggregate = (kind, c)
                } else {
                    error(aggregate.value.location, "'\(kind.rawValue)' takes a number, found a \(c.type)")
                }
            }
            measure.typed.parts = [(nil, .count)]
            measure.unit = .number
        } else if let share = decl.share {
            let before = compiler.windowReads
            if let c = compiler.checkCondition(share, scope) {
                measure.typed.parts = [(nil, .share(TypedClause(expr: c, isStatic: compiler.windowReads == before)))]
            }
            measure.unit = .percent
        } else if decl.parts.isEmpty {
            if decl.count == nil { error(decl.id.location, "measure '\(decl.id.value)' needs 'count', 'count distinct …', 'share …' or parts") }
            measure.typed.parts = [(nil, .count)]
        }
        if !decl.parts.isEmpty, case .records? = decl.count, decl.aggregate == nil {
            error(decl.countLocation ?? decl.id.location, "a measure with parts counts through them ('part all = count'); 'count' beside parts would be ignored")
        }
        for (name, kind) in decl.parts {
            switch kind {
            case .count: measure.typed.parts.append((name.value, .count))
            case .share(let e):
                let before = compiler.windowReads
                if let c = compiler.checkCondition(e, scope) {
                    measure.typed.parts.append((name.value, .share(TypedClause(expr: c, isStatic: compiler.windowReads == before))))
                }
            }
        }
        if !decl.parts.isEmpty, decl.share != nil { error(decl.id.location, "a measure has either 'share' or parts, not both") }
        // The engine keeps a record's parts as bits of one word.
        if decl.parts.count > 62 { error(decl.id.location, "a measure has at most 62 parts, '\(decl.id.value)' has \(decl.parts.count)") }
        if let b = decl.breakdown {
            if let f = records[r].fieldIndex(b.field.value), case .category(let c) = records[r].fields[f].type {
                measure.breakdown = (f, c, b.asShare, b.notRecordedLabel, b.only)
                if b.asShare && b.only {
                    error(b.field.location, "'as share' divides each row by the headline, which 'only' leaves out; use one or the other")
                }
            } else {
                error(b.field.location, "breakdowns are by a code field of '\(records[r].name)'\(Suggestion.hint(for: b.field.value, in: records[r].fields.map(\.name)))")
            }
        }
        if let per = decl.per {
            guard let ref = recordIndex(per.record.value) else {
                error(per.record.location, "unknown record '\(per.record.value)'\(Suggestion.hint(for: per.record.value, in: records.map(\.name)))")
                return
            }
            guard let field = records[ref].fieldIndex(per.field.value), [.int, .decimal].contains(records[ref].fields[field].type) else {
                error(per.field.location, "'per' divides by a number field of '\(records[ref].name)'\(Suggestion.hint(for: per.field.value, in: records[ref].fields.map(\.name)))")
                return
            }
            var matching: [(Int, TypedExpr)] = []
            for (key, value) in per.matching {
                guard let kf = records[ref].fieldIndex(key.value) else {
                    error(key.location, "record '\(records[ref].name)' has no field '\(key.value)'\(Suggestion.hint(for: key.value, in: records[ref].fields.map(\.name)))")
                    continue
                }
                if let c = compiler.check(value, TypeChecker.Scope(allowAsAt: true)) {
                    if c.type != compiler.fieldType(records[ref].fields[kf].type) {
                        error(value.location, "'\(key.value)' is a \(compiler.fieldType(records[ref].fields[kf].type)); it cannot match a \(c.type)")
                    }
                    matching.append((kf, c))
                }
            }
            if records[ref].columnPath.isEmpty {
                error(per.record.location, "'per' reads each locality's value from '\(records[ref].name)', which has no 'column'; declare the field that places its rows in a locality")
            }
            measure.per = .init(scale: per.scale, record: ref, field: field, matching: [])
            measure.typed.perMatching = matching
            if let city = per.city {
                switch city.value {
                case "all": break
                case "present": measure.per?.cityFromPresent = true
                default: error(city.location, "'city' is 'all' (every locality's value, else x) or 'present' (the localities that have one)\(Suggestion.hint(for: city.value, in: ["all", "present"]))")
                }
            }
            measure.unit = per.scale == 1 ? .ratio : .rate
        }
    }
}

extension DateFormat {
    /// `2014-04` as a year and month.
    func parseMonth(_ text: String) -> (year: Int, month: Int)? {
        guard let day = DateFormat("yyyy-mm-dd")?.parse(Array((text + "-01").utf8)[...]) else { return nil }
        let c = Day.civil(day)
        return (c.year, c.month)
    }
}
