import Foundation

/// Parses one definition file into `DefinitionSyntax`. Every error in the file is
/// reported: after a bad statement the parser skips to the next line and goes on.
struct Parser {
    private var tokens: [Token]
    private var index = 0
    private let lines: [Substring]
    private(set) var diagnostics: [Diagnostic] = []

    /// Thrown inside a statement; caught at statement level, which records it and resynchronises.
    struct Failure: Error {}

    init(text: String, file: String) {
        var lexer = Lexer(text: text, file: file)
        tokens = lexer.tokenize()
        lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        diagnostics = lexer.diagnostics
    }

    static func parse(text: String, file: String, into syntax: inout DefinitionSyntax) -> [Diagnostic] {
        var parser = Parser(text: text, file: file)
        parser.parseFile(into: &syntax)
        return parser.diagnostics
    }

    // MARK: - Token cursor

    private var current: Token { tokens[index] }
    private var peekNext: Token { tokens[min(index + 1, tokens.count - 1)] }

    private mutating func advance() -> Token {
        let t = tokens[index]
        if index < tokens.count - 1 { index += 1 }
        return t
    }

    private mutating func fail(_ message: String, at location: SourceLocation? = nil) -> Failure {
        diagnostics.append(Diagnostic(at: location ?? current.location, message))
        return Failure()
    }

    private mutating func accept(_ symbol: String) -> Bool {
        if current.isSymbol(symbol) { _ = advance(); return true }
        return false
    }

    private mutating func acceptWord(_ word: String) -> Bool {
        if current.isWord(word) { _ = advance(); return true }
        return false
    }

    private mutating func expect(_ symbol: String, _ context: String) throws(Failure) {
        guard accept(symbol) else { throw fail("expected '\(symbol)' \(context), found \(current.display)") }
    }

    private mutating func expectWord(_ word: String, _ context: String) throws(Failure) {
        guard acceptWord(word) else { throw fail("expected '\(word)' \(context), found \(current.display)") }
    }

    private mutating func identifier(_ what: String) throws(Failure) -> Located<String> {
        guard let name = current.identifier else { throw fail("expected \(what), found \(current.display)") }
        let location = advance().location
        return Located(value: name, location: location)
    }

    private mutating func string(_ what: String) throws(Failure) -> Located<String> {
        guard case .string(let text) = current.kind else { throw fail("expected \(what) in quotes, found \(current.display)") }
        let location = advance().location
        return Located(value: text, location: location)
    }

    private mutating func number(_ what: String) throws(Failure) -> Double {
        var sign = 1.0
        if accept("-") { sign = -1 }
        guard case .number(let value, _) = current.kind else { throw fail("expected \(what), found \(current.display)") }
        _ = advance()
        return sign * value
    }

    private mutating func skipNewlines() {
        while current.kind == .newline { _ = advance() }
    }

    private mutating func endStatement() throws(Failure) {
        if current.kind == .newline { _ = advance(); return }
        if current.isSymbol("}") || current.kind == .end { return }
        throw fail("unexpected \(current.display) at end of statement")
    }

    /// Skips the rest of a broken statement so the next one can be read.
    private mutating func recover() {
        while current.kind != .newline, current.kind != .end, !current.isSymbol("}") { _ = advance() }
        if current.kind == .newline { _ = advance() }
    }

    // MARK: - Declarations

    mutating func parseFile(into syntax: inout DefinitionSyntax) {
        skipNewlines()
        while current.kind != .end {
            do throws(Failure) {
                try parseDeclaration(into: &syntax)
            } catch {
                // Skip to the next top-level declaration keyword.
                var depth = 0
                while current.kind != .end {
                    if current.isSymbol("{") { depth += 1 }
                    if current.isSymbol("}") {
                        depth -= 1
                        _ = advance()
                        if depth <= 0 { break }
                        continue
                    }
                    _ = advance()
                }
            }
            skipNewlines()
        }
    }

    private static let declarationKeywords = ["framework", "category", "map", "record", "source", "measure"]

    private mutating func parseDeclaration(into syntax: inout DefinitionSyntax) throws(Failure) {
        let keyword = current
        guard let word = keyword.identifier, Self.declarationKeywords.contains(word) else {
            let hint = keyword.identifier.map { Suggestion.hint(for: $0, in: Self.declarationKeywords) } ?? ""
            throw fail("expected a declaration (framework, category, map, record, source or measure), found \(keyword.display)\(hint)")
        }
        _ = advance()
        switch word {
        case "framework": syntax.frameworks.append(try parseFramework(at: keyword.location))
        case "category": syntax.categories.append(try parseCategory())
        case "map": syntax.maps.append(try parseMap())
        case "record": syntax.records.append(try parseRecord())
        case "source": syntax.sources.append(try parseSource())
        default: syntax.measures.append(try parseMeasure())
        }
    }

    /// Runs `body` once per statement inside `{ … }`, recovering from errors statement by statement.
    private mutating func block(_ body: (inout Parser, Token) throws(Failure) -> Void) throws(Failure) {
        skipNewlines()
        try expect("{", "to open the block")
        skipNewlines()
        while !current.isSymbol("}") {
            if current.kind == .end { throw fail("missing '}' at end of file") }
            let head = current
            do throws(Failure) {
                try body(&self, head)
                try endStatement()
            } catch {
                recover()
            }
            skipNewlines()
        }
        _ = advance()
    }

    /// `N lines` (or `1 line`) after `preamble` or `footer`: a whole number of lines.
    private mutating func lineCount(_ example: String, _ what: String) throws(Failure) -> Located<Int> {
        let at = current.location
        let n = try number("\(what), as in '\(example)'")
        guard n >= 0, n == n.rounded(), n <= 10_000 else { throw fail("a whole number of lines, as in '\(example)'", at: at) }
        if !acceptWord("lines") { try expectWord("line", "after the number in '\(example)'") }
        return Located(value: Int(n), location: at)
    }

    private mutating func unknownStatement(_ head: Token, _ known: [String]) -> Failure {
        let hint = head.identifier.map { Suggestion.hint(for: $0, in: known) } ?? ""
        let list = hint.isEmpty ? "; the statements here are \(known.joined(separator: ", "))" : hint
        return fail("unknown statement \(head.display)\(list)", at: head.location)
    }

    private mutating func parseFramework(at location: SourceLocation) throws(Failure) -> FrameworkDecl {
        var decl = FrameworkDecl(location: location)
        let known = ["title", "first_month", "baseline", "columns", "dates", "not_recorded", "city", "section", "holidays", "close_of_business"]
        try block { (p: inout Parser, head: Token) throws(Failure) in
            switch head.identifier {
            case "title": _ = p.advance(); decl.title = try p.string("a title").value
            case "first_month": _ = p.advance(); decl.firstMonth = try p.string("the first month, as \"2014-04\"")
            case "baseline": _ = p.advance(); decl.baseline = try p.string("the baseline year, as \"2014-15\"")
            case "columns": _ = p.advance(); decl.columns = try p.identifier("the category of the columns")
            case "dates":
                _ = p.advance()
                try p.expectWord("from", "in 'dates from \"YYYY-MM-DD\" to \"YYYY-MM-DD\"'")
                let from = try p.string("the earliest plausible date, as \"2000-01-01\"")
                try p.expectWord("to", "in 'dates from \"YYYY-MM-DD\" to \"YYYY-MM-DD\"'")
                decl.dates = (from, try p.string("the latest plausible date, as \"2099-12-31\""))
            case "not_recorded": _ = p.advance(); decl.notRecorded = try p.string("the not-recorded column's name").value
            case "city": _ = p.advance(); decl.city = try p.string("the city column's name").value
            case "section":
                _ = p.advance()
                let id = try p.identifier("a section id")
                decl.sections.append((id, try p.string("the section title").value))
            case "holidays":
                _ = p.advance()
                let record = try p.identifier("'none' or the holidays' RECORD.FIELD")
                if record.value == "none" { decl.holidays = (record, nil); break }
                try p.expect(".", "between the record and its date field, as in 'holidays bank_holiday.date'")
                decl.holidays = (record, try p.identifier("the date field of the holidays"))
            case "close_of_business": _ = p.advance(); decl.closeOfBusiness = try p.string("the close of business, as \"17:00\"")
            default: throw p.unknownStatement(head, known)
            }
        }
        return decl
    }

    private mutating func parseCategory() throws(Failure) -> CategoryDecl {
        let name = try identifier("a category name")
        var values: [Located<String>] = []
        try block { (p: inout Parser, _: Token) throws(Failure) in
            repeat {
                p.skipNewlines()
                values.append(try p.string("a category value"))
            } while p.accept(",")
        }
        return CategoryDecl(name: name, values: values)
    }

    private mutating func parseMap() throws(Failure) -> MapDecl {
        let name = try identifier("a map name")
        try expectWord("to", "after the map name")
        var decl = MapDecl(name: name, target: try identifier("the category the map gives"))
        try block { (p: inout Parser, head: Token) throws(Failure) in
            if case .string = head.kind {
                let from = try p.string("a code")
                try p.expect("->", "between a code and its category value")
                decl.entries.append((from, try p.string("a category value")))
                return
            }
            switch head.identifier {
            case "ignore":
                _ = p.advance()
                if p.acceptWord("spaces") {
                    try p.expectWord("around", "in 'ignore spaces around'")
                    decl.ignoreSpacesAround.append(try p.string("the character").value)
                } else if p.acceptWord("words") {
                    repeat { decl.ignoreWords.append(try p.string("a word").value) } while p.accept(",")
                } else {
                    throw p.fail("expected 'spaces around' or 'words' after 'ignore'")
                }
            case "same":
                _ = p.advance()
                let a = try p.string("a text")
                try p.expectWord("as", "in 'same \"&\" as \"and\"'")
                decl.same.append((a.value, try p.string("a text").value))
            default:
                throw p.unknownStatement(head, ["ignore", "same"])
            }
        }
        return decl
    }

    private mutating func nameList(_ what: String) throws(Failure) -> [Located<String>] {
        var names: [Located<String>] = []
        repeat { names.append(try identifier(what)) } while accept(",")
        return names
    }

    private mutating func parseRecord() throws(Failure) -> RecordDecl {
        var decl = RecordDecl(name: try identifier("a record name"))
        try block { (p: inout Parser, head: Token) throws(Failure) in
            guard let word = head.identifier else { throw p.fail("expected a field or a statement, found \(head.display)") }
            _ = p.advance()
            switch word {
            case "key": decl.key = try p.nameList("a key field")
            case "span":
                let start = try p.identifier("the start field")
                try p.expectWord("to", "in 'span start to end'")
                decl.span = (start, try p.identifier("the end field"))
            case "column":
                decl.column = [try p.identifier("the field that places a record in a column")]
                while p.accept(".") { decl.column.append(try p.identifier("a field name")) }
            case "group":
                let record = try p.identifier("the record to group")
                try p.expectWord("by", "in 'group R by fields'")
                decl.group = (record, try p.nameList("a field to group by"))
            default:
                let name = Located(value: word, location: head.location)
                if p.accept("=") {
                    let function = try p.identifier("an aggregate (sum, count, min, max)")
                    decl.aggregates.append(.init(name: name, function: function, field: try p.identifier("a field")))
                    return
                }
                let typeToken = p.current
                let typeName = try p.identifier("a field type")
                let type: RecordDecl.FieldType
                switch typeName.value {
                case "text": type = .text
                case "int": type = .int
                case "decimal": type = .decimal
                case "date": type = .date
                case "datetime": type = .datetime
                case "money": type = .money
                case "person": type = .person
                case "ref": type = .ref(try p.identifier("the record referred to").value)
                default: type = .category(typeName.value)
                }
                var field = RecordDecl.Field(name: name, type: Located(value: type, location: typeToken.location))
                if p.acceptWord("range") {
                    let low = try p.bound()
                    try p.expectWord("to", "in 'range LOW to HIGH'")
                    field.range = (low, try p.bound())
                }
                decl.fields.append(field)
            }
        }
        return decl
    }

    /// One end of a `range`: a number (maybe negative) or a date in quotes.
    private mutating func bound() throws(Failure) -> Located<RecordDecl.Bound> {
        let location = current.location
        if case .string(let text) = current.kind {
            _ = advance()
            return Located(value: .date(text), location: location)
        }
        var sign = 1.0
        if accept("-") { sign = -1 }
        guard case .number(let value, let isInteger) = current.kind else {
            throw fail("expected a number or a date in quotes (\"2000-01-01\") in a range, found \(current.display)")
        }
        _ = advance()
        return Located(value: .number(sign * value, isInteger: isInteger), location: location)
    }

    /// A size: a whole number and a unit, `bytes`, `KB`, `MB` or `GB` (powers of 1024).
    private mutating func size(_ what: String) throws(Failure) -> Located<Double> {
        let location = current.location
        let value = try number(what)
        let units: [String: Double] = ["bytes": 1, "byte": 1, "KB": 1024, "MB": 1024 * 1024, "GB": 1024 * 1024 * 1024]
        guard let unit = current.identifier, let scale = units[unit] else {
            let hint = current.identifier.map { Suggestion.hint(for: $0, in: ["bytes", "KB", "MB", "GB"]) } ?? ""
            throw fail("expected a unit (bytes, KB, MB or GB) after the size, found \(current.display)\(hint)")
        }
        _ = advance()
        return Located(value: value * scale, location: location)
    }

    private mutating func columnRef() throws(Failure) -> Located<SourceDecl.ColumnRef> {
        let location = current.location
        switch current.kind {
        case .string(let name):
            _ = advance()
            return Located(value: .named(name), location: location)
        case .number(let n, true) where n >= 1:
            _ = advance()
            return Located(value: .position(Int(n)), location: location)
        default:
            throw fail("expected a column name in quotes or a field position (1, 2, …), found \(current.display)")
        }
    }

    static let mappingOptionNames = ["via", "format", "pivot", "system", "required", "decimal", "thousands", "percent", "currency", "unknown", "starts"]

    /// A mapping's options (`via`, `format`, `decimal`, …), after its column.
    private mutating func mappingOptions(_ mapping: inout SourceDecl.FieldMapping) throws(Failure) {
        while let option = current.identifier {
            _ = self.advance()
            try mappingOption(option, &mapping)
        }
    }

    /// One mapping option, its word already read.
    private mutating func mappingOption(_ option: String, _ mapping: inout SourceDecl.FieldMapping) throws(Failure) {
        switch option {
        case "via": mapping.via = try self.identifier("a map name")
        case "format":
            mapping.format = try self.string("a date format")
            // `format "yyyy/yy" + "Pnn"`: one layout per column of a two-column mapping.
            if self.accept("+") { mapping.format2 = try self.string("the second column's layout, as \"Pnn\"") }
        case "pivot":
            let at = self.current.location
            let year = try self.number("the two-digit year from which years are 19yy, as in 'pivot 50'")
            guard year >= 0, year <= 100, year == year.rounded() else { throw self.fail("a pivot is a whole number from 0 to 100", at: at) }
            mapping.pivot = Located(value: Int(year), location: at)
        case "system": mapping.system = try self.string("the person index's system name").value
        case "required": mapping.required = true
        case "decimal": mapping.decimalMark = try self.string("the decimal mark, as \",\"")
        case "thousands": mapping.thousands = try self.string("the thousands separator, as \",\" or \".\"")
        case "percent": mapping.percent = self.tokens[max(self.index - 1, 0)].location
        case "currency": mapping.currency = try self.string("the currency symbol, as \"£\"")
        case "unknown": mapping.unknown = try self.identifier("'keep' or 'reject' after 'unknown'")
        case "starts": mapping.starts = try self.string("the month the year starts in, as \"April\" or \"September\"")
        default:
            throw self.fail("unknown option '\(option)'\(Suggestion.hint(for: option, in: Self.mappingOptionNames))", at: self.tokens[max(self.index - 1, 0)].location)
        }
    }

    /// `wide columns [format "…" [pivot N] [starts "M"] | via MAP] [except "…", …] into KEY, VALUE [options]`
    /// or `… into KEY { VALUE = "Label" [options] … }`, after `wide`; a period-number field
    /// may follow the key (`into month, period_no, value`, `into month, period_no { … }`).
    private mutating func wideStatement(_ head: Token) throws(Failure) -> WideDecl {
        let usage = "in 'wide columns format \"Mon yyyy\" into MONTH, VALUE'"
        try expectWord("columns", usage)
        var key = SourceDecl.FieldMapping(field: Located(value: "", location: head.location), column: Located(value: .named(""), location: head.location), required: false)
        var except: [Located<String>] = []
        while !acceptWord("into") {
            guard let option = current.identifier else { throw fail("expected 'into KEY, VALUE' \(usage), found \(current.display)") }
            _ = advance()
            if option == "except" {
                repeat { except.append(try string("a column never read as a group's, as \"Total\"")) } while accept(",")
                continue
            }
            guard ["format", "pivot", "starts", "via"].contains(option) else {
                throw fail("'wide columns' reads its headers with 'format', 'pivot', 'starts', 'via' or 'except', then 'into KEY, VALUE'; found '\(option)'", at: tokens[max(index - 1, 0)].location)
            }
            try mappingOption(option, &key)
        }
        key.field = try identifier("the field each column's key (its month, year, quarter or code) goes into")
        // `into KEY, NUMBER, VALUE` or `into KEY, NUMBER { … }`: the names after the key, the
        // last the value in the one-value form; the others take the key's period number.
        var names: [Located<String>] = []
        while accept(",") { names.append(try identifier(names.isEmpty ? "the field each cell goes into" : "the value field, after the key's fields")) }
        var values: [(label: Located<String>?, mapping: SourceDecl.FieldMapping)] = []
        if let value = names.last, !current.isSymbol("{") {
            var mapping = SourceDecl.FieldMapping(field: value, column: Located(value: .named(""), location: head.location), required: false)
            try mappingOptions(&mapping)
            values.append((nil, mapping))
            names.removeLast()
        } else if current.isSymbol("{") {
            try block { (p: inout Parser, row: Token) throws(Failure) in
                guard let word = row.identifier, p.peekNext.isSymbol("=") else {
                    throw p.fail("expected 'FIELD = \"Label\"', the value field and the text beside the key in its columns' headers, found \(row.display)")
                }
                _ = p.advance()
                _ = p.advance()
                let label = try p.string("the text beside the key in the header, as \"NEET\"")
                var mapping = SourceDecl.FieldMapping(field: Located(value: word, location: row.location), column: Located(value: .named(label.value), location: label.location), required: false)
                try p.mappingOptions(&mapping)
                values.append((label, mapping))
            }
        } else {
            throw fail("expected ', VALUE' or a block of 'FIELD = \"Label\"' after the key field, found \(current.display)")
        }
        return WideDecl(location: head.location, key: key, values: values, except: except, keyAlso: names)
    }

    private mutating func parseSource() throws(Failure) -> SourceDecl {
        var decl = SourceDecl(name: try identifier("a source name"))
        let known = ["file", "encoding", "delimiter", "header", "into", "supersede", "max", "identity", "reject", "empty", "stale", "shrink", "rejected", "blank", "preamble", "footer", "wide"]
        try block { (p: inout Parser, head: Token) throws(Failure) in
            guard let word = head.identifier else { throw p.fail("expected a field mapping or a statement, found \(head.display)") }
            if p.peekNext.isSymbol("=") || p.peekNext.isSymbol(",") {
                _ = p.advance()
                // `start, end = …`: the second field takes the last day of the span read;
                // `month, period = …`: a whole-number field takes the period's number.
                var also: [Located<String>] = []
                while p.accept(",") { also.append(try p.identifier("the field given the span's last day or its period number, in 'START, END = \"Column\" format …'")) }
                try p.expect("=", "after the fields of a mapping")
                var mapping = SourceDecl.FieldMapping(
                    field: Located(value: word, location: head.location), column: try p.columnRef(), required: false)
                mapping.alsoFields = also
                // `"Year" + "Period"`: two columns read as one label.
                if p.accept("+") { mapping.column2 = try p.columnRef() }
                try p.mappingOptions(&mapping)
                decl.mappings.append(mapping)
                return
            }
            _ = p.advance()
            switch word {
            case "file": decl.file = try p.string("the extract's file name")
            case "encoding": decl.encoding = try p.identifier("an encoding (utf8, windows1252, ascii)")
            case "delimiter": decl.delimiter = try p.string("the delimiter")
            case "header":
                let answer = try p.identifier("yes or no")
                guard answer.value == "yes" || answer.value == "no" else {
                    throw p.fail("expected yes or no after 'header'", at: answer.location)
                }
                decl.header = answer.value == "yes"
            case "into": decl.into = try p.identifier("the record this source fills")
            case "supersede":
                let source = try p.identifier("the superseded source")
                try p.expectWord("by", "in 'supersede SOURCE by FIELD'")
                decl.supersede = (source, try p.identifier("the field naming the superseded key"))
            case "max":
                if p.acceptWord("record") {
                    decl.maxRecord = try p.size("the largest record's size")
                } else if p.acceptWord("field") {
                    decl.maxField = try p.size("the largest field's size")
                } else {
                    throw p.fail("expected 'record' or 'field' after 'max' ('max record 1 MB', 'max field 64 KB'), found \(p.current.display)")
                }
            case "identity":
                try p.expectWord("system", "in 'identity system \"…\", local \"…\", person \"…\"'")
                let system = try p.columnRef()
                try p.expect(",", "after the system column")
                try p.expectWord("local", "in the identity statement")
                let local = try p.columnRef()
                try p.expect(",", "after the local id column")
                try p.expectWord("person", "in the identity statement")
                decl.identity = (system, local, try p.columnRef())
            case "empty":
                decl.completeness.append(.init(kind: .empty, severity: try p.identifier("error or warning"), location: head.location))
            case "stale":
                let field = try p.identifier("the date field whose latest value must be recent")
                let days = try p.number("a number of days")
                try p.expectWord("days", "after the number in 'stale FIELD N days'")
                decl.completeness.append(.init(kind: .stale(field: field, days: Int(days)), severity: try p.identifier("error or warning"), location: head.location))
            case "shrink":
                let percent = try p.number("a percentage of the last run's rows")
                try p.expectWord("percent", "after the number in 'shrink N percent'")
                decl.completeness.append(.init(kind: .shrink(percent: percent), severity: try p.identifier("error or warning"), location: head.location))
            case "rejected":
                let percent = try p.number("a percentage of the rows read")
                try p.expectWord("percent", "after the number in 'rejected N percent'")
                decl.completeness.append(.init(kind: .rejected(percent: percent), severity: try p.identifier("error or warning"), location: head.location))
            case "preamble":
                decl.preamble = try p.lineCount("preamble 2 lines", "the number of lines before the header")
            case "footer":
                if p.acceptWord("count") {
                    let pattern = try p.string("the footer's text with # for the count, as \"Total rows: #\"")
                    decl.completeness.append(.init(kind: .footerCount(pattern: pattern), severity: try p.identifier("error or warning"), location: head.location))
                    break
                }
                decl.footer = try p.lineCount("footer 1 line", "the number of lines after the data")
            case "wide":
                if let earlier = decl.wide { throw p.fail("a source has one 'wide' statement (the first is at \(earlier.location))", at: head.location) }
                decl.wide = try p.wideStatement(head)
            case "blank":
                repeat { decl.blanks.append(try p.string("a value read as blank, as \"NULL\"")) } while p.accept(",")
            case "reject":
                let reason = try p.string("the reason")
                try p.expectWord("when", "after the reject reason")
                decl.rejects.append(.init(reason: reason.value, condition: try p.expression(), location: head.location))
            default:
                throw p.unknownStatement(head, known)
            }
        }
        return decl
    }

    private mutating func parseMeasure() throws(Failure) -> MeasureDecl {
        let firstLine = tokens[max(index - 1, 0)].location.line
        var decl = MeasureDecl(id: try identifier("a measure id"))

        let known = [
            "name", "description", "section", "of", "when", "where", "let", "count", "share", "breakdown",
            "part", "per", "value", "unit", "better", "baseline", "target", "comparator", "sum", "average", "min", "max", "available",
        ]
        try block { (p: inout Parser, head: Token) throws(Failure) in
            guard let word = head.identifier else { throw p.fail("expected a statement, found \(head.display)") }
            _ = p.advance()
            switch word {
            case "name": decl.name = try p.string("the measure's name").value
            case "description": decl.description = try p.string("a description").value
            case "section": decl.section = try p.identifier("a section id")
            case "of": decl.of = try p.identifier("the record counted")
            case "when": decl.when = try p.expression()
            case "where": decl.wheres.append(try p.expression())
            case "let":
                let name = try p.identifier("a name")
                try p.expect("=", "after the name in 'let'")
                decl.lets.append((name, try p.expression()))
            case "count":
                decl.countLocation = head.location
                if p.acceptWord("distinct") { decl.count = .distinct(try p.expression()) } else { decl.count = .records }
            case "share": decl.share = try p.expression()
            case "available":
                decl.available = try p.primary()
                try p.expectWord("after", "in 'available 3 months after period end'")
                try p.expectWord("period", "in 'available 3 months after period end'")
                try p.expectWord("end", "in 'available 3 months after period end'")
            case "sum", "average", "min", "max":
                if let earlier = decl.aggregate { throw p.fail("a measure aggregates once; it already has '\(earlier.kind.value)'", at: head.location) }
                decl.aggregate = (Located(value: word, location: head.location), try p.expression())
            case "breakdown":
                let field = try p.identifier("the field to break down by")
                var breakdown = MeasureDecl.Breakdown(field: field, asShare: false, notRecordedLabel: nil, only: false)
                while let option = p.current.identifier {
                    _ = p.advance()
                    switch option {
                    case "as":
                        try p.expectWord("share", "after 'as'")
                        breakdown.asShare = true
                    case "including": breakdown.notRecordedLabel = try p.string("the not-recorded row's label").value
                    case "only": breakdown.only = true
                    default:
                        throw p.fail("unknown breakdown option '\(option)'\(Suggestion.hint(for: option, in: ["as", "including", "only"]))")
                    }
                }
                decl.breakdown = breakdown
            case "part":
                let name = try p.identifier("the part's name")
                try p.expect("=", "after the part's name")
                if p.acceptWord("count") {
                    decl.parts.append((name, .count))
                } else {
                    try p.expectWord("share", "or 'count' in a part")
                    decl.parts.append((name, .share(try p.expression())))
                }
            case "per":
                var scale = 1.0
                if case .number(let n, _) = p.current.kind { scale = n; _ = p.advance() }
                let record = try p.identifier("the reference record")
                try p.expect(".", "between record and field")
                let field = try p.identifier("the reference field")
                var matching: [(Located<String>, Expr)] = []
                if p.acceptWord("matching") {
                    repeat {
                        let key = try p.identifier("a key field of the reference record")
                        try p.expect("=", "in a matching key")
                        matching.append((key, try p.additive()))
                    } while p.accept(",") || p.acceptWord("and")
                }
                var city: Located<String>?
                if p.acceptWord("city") { city = try p.identifier("'all' or 'present' after 'city'") }
                decl.per = .init(scale: scale, record: record, field: field, matching: matching, city: city)
            case "value": decl.value = try p.expression()
            case "unit": decl.unit = try p.identifier("a unit (count, percent, rate, ratio, pounds)")
            case "better": decl.better = try p.identifier("high, low or none")
            case "baseline": decl.baseline = try p.number("the baseline value")
            case "target":
                let year = try p.string("the financial year, as \"2015-16\"")
                let value = try p.number("the target value")
                var tolerance = 0.0
                if p.acceptWord("tolerance") { tolerance = try p.number("the tolerance") }
                decl.targets.append(.init(year: year.value, value: value, tolerance: tolerance, location: head.location))
            case "comparator":
                let name = try p.string("the comparator's name").value
                if p.acceptWord("from") {
                    let record = try p.identifier("the record holding the comparator")
                    try p.expect(".", "between record and field, as in 'national.rate'")
                    let field = try p.identifier("the comparator's number field")
                    var matching: [(Located<String>, Expr)] = []
                    try p.expectWord("matching", "after the comparator's field, as in 'matching month = month_start(period.end)'")
                    repeat {
                        let key = try p.identifier("a key field of the comparator's record")
                        try p.expect("=", "in a matching key")
                        matching.append((key, try p.additive()))
                    } while p.accept(",") || p.acceptWord("and")
                    decl.comparatorLookups.append((name, record, field, matching))
                    return
                }
                let year = try p.string("the year").value
                decl.comparators.append((name, year, try p.number("the comparator value")))
            default:
                throw p.unknownStatement(head, known)
            }
        }
        let lastLine = tokens[max(index - 1, 0)].location.line
        if firstLine >= 1, lastLine <= lines.count, firstLine <= lastLine {
            // The comment lines just above belong to the declaration: they say why.
            var from = firstLine - 1
            while from > 0, lines[from - 1].trimmingCharacters(in: .whitespaces).hasPrefix("#") { from -= 1 }
            decl.text = lines[from..<lastLine].joined(separator: "\n")
        }
        return decl
    }

    // MARK: - Expressions (precedence: or < and < not < comparison < additive < multiplicative < unary < postfix)

    mutating func expression() throws(Failure) -> Expr { try orExpr() }

    private mutating func orExpr() throws(Failure) -> Expr {
        var left = try andExpr()
        while current.isWord("or") {
            let l = advance().location
            left = .binary(.or, left, try andExpr(), l)
        }
        return left
    }

    private mutating func andExpr() throws(Failure) -> Expr {
        var left = try notExpr()
        while current.isWord("and") {
            let l = advance().location
            left = .binary(.and, left, try notExpr(), l)
        }
        return left
    }

    private mutating func notExpr() throws(Failure) -> Expr {
        if current.isWord("not") {
            let l = advance().location
            return .not(try notExpr(), l)
        }
        return try comparison()
    }

    private static let comparisons: [String: BinaryOp] = [
        "=": .equal, "!=": .notEqual, "<": .less, "<=": .lessEqual, ">": .greater, ">=": .greaterEqual,
    ]

    private mutating func comparison() throws(Failure) -> Expr {
        let left = try additive()
        if case .symbol(let s) = current.kind, let op = Self.comparisons[s] {
            let l = advance().location
            return .binary(op, left, try additive(), l)
        }
        if current.isWord("is") {
            let l = advance().location
            let negated = acceptWord("not")
            // Near misses people write for a blank field.
            if let word = current.identifier, ["missing", "null", "empty", "none", "nothing", "blank_"].contains(word.lowercased()) {
                throw fail("'is \(word)' is written 'is \(negated ? "not " : "")blank' (a field with no value)")
            }
            try expectWord("blank", "after 'is'")
            return .isBlank(left, negated: negated, l)
        }
        if current.isWord("in") {
            let l = advance().location
            if acceptWord("period") { return .inPeriod(left, toDate: false, l) }
            if acceptWord("year") {
                try expectWord("to", "in 'in year to date'")
                try expectWord("date", "in 'in year to date'")
                return .inPeriod(left, toDate: true, l)
            }
            try expect("(", "after 'in' (a list in brackets, 'period' or 'year to date')")
            var items: [Expr] = []
            repeat { items.append(try additive()) } while accept(",")
            try expect(")", "to close the list")
            return .inList(left, items, l)
        }
        return left
    }

    mutating func additive() throws(Failure) -> Expr {
        var left = try multiplicative()
        while current.isSymbol("+") || current.isSymbol("-") {
            let t = advance()
            left = .binary(t.isSymbol("+") ? .plus : .minus, left, try multiplicative(), t.location)
        }
        return left
    }

    private mutating func multiplicative() throws(Failure) -> Expr {
        var left = try unary()
        while current.isSymbol("*") || current.isSymbol("/") {
            let t = advance()
            left = .binary(t.isSymbol("*") ? .times : .divide, left, try unary(), t.location)
        }
        return left
    }

    private mutating func unary() throws(Failure) -> Expr {
        if current.isSymbol("-") {
            let l = advance().location
            return .negate(try unary(), l)
        }
        return try postfix()
    }

    private mutating func postfix() throws(Failure) -> Expr {
        var expr = try primary()
        while true {
            if current.isSymbol(".") {
                _ = advance()
                let member = try identifier("a field name after '.'")
                expr = .member(expr, member.value, member.location)
            } else if current.isWord("at") {
                let l = advance().location
                expr = .at(expr, try postfix(), l)
            } else {
                return expr
            }
        }
    }

    private mutating func related(excludeSelf: Bool, location: SourceLocation) throws(Failure) -> Related {
        let record = try identifier("the record to look in")
        let alias = try identifier("a short name for the related record (e.g. 'c')")
        var condition: Expr?
        if acceptWord("where") { condition = try expression() }
        return Related(record: record.value, alias: alias.value, excludeSelf: excludeSelf, condition: condition, location: location)
    }

    private mutating func primary() throws(Failure) -> Expr {
        let token = current
        switch token.kind {
        case .string(let s):
            _ = advance()
            return .string(s, token.location)
        case .number(let n, let isInteger):
            _ = advance()
            if isInteger, let unit = current.identifier {
                let units: [String: DurationUnit] = ["day": .days, "days": .days, "month": .months, "months": .months]
                if let u = units[unit] {
                    _ = advance()
                    guard n <= 100_000 else { throw fail("a duration of \(Int(n)) \(unit) is too long", at: token.location) }
                    return .duration(Int(n), u, token.location)
                }
            }
            return .number(n, isInteger: isInteger, token.location)
        case .symbol("("):
            _ = advance()
            let inner = try expression()
            try expect(")", "to close the bracket")
            return inner
        case .identifier(let word):
            _ = advance()
            switch word {
            case "this": return .this(token.location)
            case "open":
                if acceptWord("at") {
                    try expectWord("period", "in 'open at period end'")
                    try expectWord("end", "in 'open at period end'")
                    return .open(duringYearToDate: false, token.location)
                }
                try expectWord("during", "after 'open' ('open at period end' or 'open during year to date')")
                try expectWord("year", "in 'open during year to date'")
                try expectWord("to", "in 'open during year to date'")
                try expectWord("date", "in 'open during year to date'")
                return .open(duringYearToDate: true, token.location)
            case "exists":
                let other = acceptWord("other")
                return .exists(try related(excludeSelf: other, location: token.location))
            case "first", "last":
                let r = try related(excludeSelf: false, location: token.location)
                var order: [Expr] = []
                if acceptWord("order") {
                    try expectWord("by", "after 'order'")
                    repeat { order.append(try additive()) } while accept(",")
                }
                return .pick(last: word == "last", r, orderBy: order)
            default:
                if current.isSymbol("(") {
                    _ = advance()
                    var args: [Expr] = []
                    if !current.isSymbol(")") {
                        repeat { args.append(try expression()) } while accept(",")
                    }
                    try expect(")", "to close the call")
                    return .call(word, args, token.location)
                }
                return .name(word, token.location)
            }
        default:
            throw fail("expected a value, a field or a condition, found \(token.display)")
        }
    }
}
