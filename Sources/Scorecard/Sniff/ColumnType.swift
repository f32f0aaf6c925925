/// The type `sniff` gives a column, and how sure it is.
struct ColumnType {
    enum Kind: Equatable {
        /// Never a value: typed text, with a TODO.
        case blank
        /// A date in `ColumnProfile.dateLayouts[index]`.
        case date(Int)
        /// Dates that read as well day first as month first: typed text, with a TODO.
        case ambiguousDate(Int, Int)
        case int
        case decimal
        /// Amounts in pounds and pence: a currency symbol, brackets, or two decimal places
        /// throughout with thousands separators (`number` and `currency` say how written).
        case money
        /// Few distinct values, repeated: a category and a map.
        case code
        /// An identifier: many distinct values (numbers kept as text, so leading zeros and widths survive).
        case id
        case text
    }

    var kind: Kind
    /// One line saying how sure the guess is, e.g. `date dd/mm/yyyy: 1,204 of 1,210 non-blank values (99.5%)…`.
    var evidence: String
    /// Things a person must decide (`# TODO …` lines).
    var todos: [String] = []
    /// For a number written otherwise than `1234.5`: the options that read it (`decimal ","`, `thousands "."`, `percent`).
    var number: NumberLayout = .plain
    /// For money: the currency symbol its values carry (`£`), or none.
    var currency = ""
    /// For a date: what its layout needs beside it (`pivot 50`, `starts "April"`).
    var dateOptions = ""

    /// A date layout is taken when it reads at least this share of the non-blank values.
    static let dateShare = 0.8

    /// Words in a column's name that mark a person's or a record's identifier.
    static let idWords: Set<String> = ["id", "no", "num", "number", "ref", "reference", "uid", "key", "nhs", "upn", "urn", "identifier"]
    static let personWords: Set<String> = ["person", "client", "child", "pupil", "customer", "patient", "individual", "subject", "young", "adult", "learner", "member"]
    static let codeWords: Set<String> = ["code", "cd", "type", "status", "flag", "category", "cat", "kind", "reason", "rsn"]
    static let localityWords: Set<String> = ["locality", "loc", "area", "team", "district", "ward", "patch", "hub", "region", "zone", "neighbourhood", "office"]

    static func words(_ name: String) -> Set<String> {
        var words: Set<String> = []
        var word = ""
        var previousLower = false
        for ch in name {
            if ch.isLetter || ch.isNumber {
                // camelCase splits too: ClientNo → client, no
                if ch.isUppercase, previousLower, !word.isEmpty { words.insert(word.lowercased()); word = "" }
                word.append(ch)
                previousLower = ch.isLowercase
            } else {
                if !word.isEmpty { words.insert(word.lowercased()) }
                word = ""
                previousLower = false
            }
        }
        if !word.isEmpty { words.insert(word.lowercased()) }
        return words
    }

    static func decide(_ p: ColumnProfile, name: String, rows: Int) -> ColumnType {
        let n = p.nonBlank
        let c = FileSniffer.count
        let words = Self.words(name)
        guard n > 0 else {
            return ColumnType(kind: .blank, evidence: "always blank (\(c(p.values)) rows)",
                              todos: ["always blank: what is it? Typed text; give it a type once it holds values, or drop the mapping"])
        }
        func share(_ k: Int) -> String { "\(c(k)) of \(c(n)) non-blank values (\(FileSniffer.percent(Double(k) / Double(n))))" }
        func examples(_ values: [[UInt8]]) -> String {
            values.isEmpty ? "" : ", e.g. " + values.map { "\"\(Render.short(String(decoding: $0, as: UTF8.self)))\"" }.joined(separator: ", ")
        }

        // Dates: the layout that reads the most values.
        let bestDate = p.dateCounts.indices.max { (p.dateCounts[$0], -$0) < (p.dateCounts[$1], -$1) }!
        let dateHits = p.dateCounts[bestDate]
        // Values in another layout of the same date (a date without its time, or a time
        // without seconds) count towards the column being a date, not towards the layout.
        let family = p.dateCounts.indices.filter { Self.sameDate(ColumnProfile.dateLayouts[$0], ColumnProfile.dateLayouts[bestDate]) }
        let familyHits = family.reduce(0) { $0 + p.dateCounts[$1] }
        if dateHits > 0, Double(dateHits) >= dateShare * Double(n) || (Double(familyHits) >= dateShare * Double(n) && dateHits * 2 > familyHits) {
            let layout = ColumnProfile.dateLayouts[bestDate]
            let twin = ColumnProfile.dateLayouts.indices.first { $0 != bestDate && p.dateCounts[$0] == dateHits && swapsDayAndMonth(layout, ColumnProfile.dateLayouts[$0]) }
            if let twin {
                return ColumnType(kind: .ambiguousDate(bestDate, twin),
                                  evidence: "dates: \(layout) and \(ColumnProfile.dateLayouts[twin]) each read \(share(dateHits)); no day is above 12",
                                  todos: ["day first or month first? Every value reads both ways, so sniff will not guess: typed text. Declare the field 'date' in the record and add 'format \"\(layout)\"' or 'format \"\(ColumnProfile.dateLayouts[twin])\"' here"])
            }
            let time = ColumnProfile.hasTime(bestDate)
            var evidence = "\(time ? "date-time" : "date") \(layout): \(share(dateHits))"
            let misses = n - dateHits
            if misses > 0 {
                evidence += "; \(c(misses)) unreadable\(examples(p.dateMisses[bestDate])) (each such row is rejected)"
            }
            let others = ColumnProfile.dateLayouts.indices.filter { $0 != bestDate && p.dateCounts[$0] > 0 }
            if let other = others.max(by: { p.dateCounts[$0] < p.dateCounts[$1] }) {
                evidence += "; \(ColumnProfile.dateLayouts[other]) reads \(c(p.dateCounts[other]))"
            }
            var type = ColumnType(kind: .date(bestDate), evidence: evidence)
            if time {
                type.todos.append("datetime keeps the time of day, to the second; if no rule needs the time (working days from the close of business, an hour, answered before received), type it 'date' in the record: the same format then reads the date alone")
            }
            if Double(dateHits) < dateShare * Double(n) {
                // Taken only because the other values are the same dates in another layout.
                type.todos.append("\(c(familyHits - dateHits)) of \(c(n)) values are the same kind of date in another layout (\(family.filter { $0 != bestDate && p.dateCounts[$0] > 0 }.map { ColumnProfile.dateLayouts[$0] }.joined(separator: ", "))): each such row is rejected; does the export mix layouts?")
            }
            if layout.contains("yy"), !layout.contains("yyyy") {
                type.dateOptions = " pivot 50"
                type.todos.append("pivot: a two-digit year; 'pivot 50' (00–49 are 20yy, 50–99 19yy) is a guess: make it fit the years this extract can hold")
            } else if layout.hasSuffix("/yy") || layout.hasSuffix("-yy") {
                let academic = !words.isDisjoint(with: ["academic", "school", "ay", "term"])
                type.dateOptions = academic ? " starts \"September\"" : " starts \"April\""
                if academic {
                    type.evidence += "; a year label named like an academic year: starts in September"
                } else {
                    type.todos.append("starts: a year label (\(layout)); 'starts \"April\"' (a financial year) is a guess: 'starts \"September\"' for an academic year")
                }
            }
            return type
        }

        let distinct = p.distinct.overflowed ? nil : p.distinct.count
        let spellings = distinct.map { "\(c(normalisedCount(p.distinct))) distinct values (\(c($0)) spellings)" } ?? ""
        let about = p.distinctText
        let idName = !words.isDisjoint(with: idWords) || !words.isDisjoint(with: personWords)
        let codeName = !words.isDisjoint(with: codeWords) || !words.isDisjoint(with: localityWords)
        let codeValues = codeLike(p, rows: n)

        // Money: a currency symbol or brackets, or two decimal places throughout with thousands separators.
        if let t = money(p, n: n, share: share) { return t }

        // Numbers written otherwise (1,234.50; 5,5; 1.234,5; 45%): every value reads in one layout.
        if p.ints + p.decimals < n || p.percents > 0, p.leadingZero == 0, p.ints + p.decimals + p.layoutHits.max()! >= n {
            if var t = otherNumber(p, n: n, share: share) {
                if case .decimal = t.kind, let l = ColumnProfile.numberLayouts.firstIndex(where: { $0.decimalMark == t.number.decimalMark && $0.thousands == t.number.thousands }),
                   max(p.layoutMaxPlaces[l], l == 0 || l == 3 ? p.maxPlaces : 0) <= 2, !t.number.percent {
                    t.todos.append(Self.maybeMoney)
                }
                return t
            }
        }

        // Numbers: every non-blank value must read, or the row would be rejected.
        if p.ints + p.decimals == n, p.leadingZero == 0 {
            // Ids are numbered from a base (40001, 700311): no small values among many distinct ones.
            let fixedWidth = p.decimals == 0 && p.minIntDigits >= 4 && p.minInt > 0
            let manyDistinct = p.distinctEstimate >= 50 && Double(p.distinctEstimate) >= 0.2 * Double(n)
            if p.decimals == 0, idName || (fixedWidth && manyDistinct) {
                let digits = p.minIntDigits == p.maxIntDigits ? "\(p.minIntDigits)" : "\(p.minIntDigits) to \(p.maxIntDigits)"
                let why = idName ? "its name says identifier" : "every value has \(digits) digits (none below \(p.minInt)) and \(about) are distinct"
                return ColumnType(kind: .id, evidence: "identifier: whole numbers, but \(why); \(about) distinct values in \(c(n)); kept as text", todos: [])
            }
            if p.decimals == 0, codeName, distinct != nil, codeValues {
                return ColumnType(kind: .code, evidence: "code: whole numbers, but its name says code; \(spellings) in \(c(n)) non-blank")
            }
            if p.decimals == 0 {
                return ColumnType(kind: .int, evidence: "whole numbers: \(share(n)), \(p.minInt) to \(p.maxInt)")
            }
            return ColumnType(kind: .decimal, evidence: "decimals: \(share(n)) (\(c(p.decimals)) with a fraction), \(Render.number(p.minNumber)) to \(Render.number(p.maxNumber))",
                              todos: p.maxPlaces <= 2 ? [Self.maybeMoney] : [])
        }
        var numberNote = ""
        if p.ints + p.decimals > 0, Double(p.ints + p.decimals) >= 0.8 * Double(n) {
            numberNote = p.leadingZero > 0 && p.ints + p.decimals == n
                ? "; all digits, \(c(p.leadingZero)) with a leading zero, so not a quantity"
                : "; numbers in \(share(p.ints + p.decimals)), not the rest\(examples(p.notNumbers)): a number field would reject those rows"
        }

        if distinct != nil, codeValues {
            return ColumnType(kind: .code, evidence: "code: \(spellings) in \(c(n)) non-blank\(numberNote)")
        }
        // Named like a code or a place, with values that repeat: a code even in a small file.
        if distinct != nil, codeName, !idName, p.lineBreaks == 0, p.maxLength <= 60, normalisedCount(p.distinct) < n, normalisedCount(p.distinct) <= 200 {
            return ColumnType(kind: .code, evidence: "code: named like one, and values repeat: \(spellings) in \(c(n)) non-blank\(numberNote)")
        }
        if idName || (p.distinctEstimate >= Int(0.5 * Double(n)) && p.maxLength <= 40 && p.lineBreaks == 0) {
            return ColumnType(kind: .id, evidence: "identifier or free text: \(about) distinct values in \(c(n)) non-blank, up to \(p.maxLength) bytes\(numberNote)")
        }
        var evidence = "text: \(about) distinct values in \(c(n)) non-blank, up to \(p.maxLength) bytes"
        if p.lineBreaks > 0 { evidence += ", \(c(p.lineBreaks)) with line breaks" }
        return ColumnType(kind: .text, evidence: evidence + numberNote)
    }

    static let maybeMoney = "money? No value has more than two decimal places: if this is an amount of money, type it 'money' in the record (held exactly, in pence); a quantity (hours, FTE, a rate) stays 'decimal'"

    /// Money, or nil (then the rest decide). Every non-blank value reads as money in one
    /// number layout (a third decimal place, `£10.005`, is a rejected row: allowed in a
    /// few values, with a TODO), with one currency symbol at most; and either some value
    /// carries the symbol or brackets, or every value has exactly two decimal places and
    /// some a thousands separator (`1,234.50`, `765.50`), as finance writes amounts.
    static func money(_ p: ColumnProfile, n: Int, share: (Int) -> String) -> ColumnType? {
        let c = FileSniffer.count
        let symbols = p.symbolCounts.indices.filter { p.symbolCounts[$0] > 0 }
        guard p.percents == 0, p.leadingZero == 0, symbols.count <= 1, p.maxIntDigits <= 16 else { return nil }
        let marked = p.brackets + p.symbolCounts.reduce(0, +)
        // Plain numbers read as money with a decimal point; whole numbers in every layout.
        let dot = [true, false, false, true]
        func valid(_ l: Int) -> Int { p.ints + (dot[l] ? p.decimals - p.manyPlaces : 0) + p.moneyHits[l] }
        func tooMany(_ l: Int) -> Int { (dot[l] ? p.manyPlaces : 0) + p.moneyTooMany[l] }
        // Plain first, then with thousands: a layout is taken only when it reads more.
        let order = [3, 0, 1, 2]
        let candidates = order.filter { valid($0) > 0 && valid($0) + tooMany($0) == n && tooMany($0) * 5 <= n }
        guard let l = candidates.max(by: { valid($0) < valid($1) || (valid($0) == valid($1) && order.firstIndex(of: $0)! > order.firstIndex(of: $1)!) }) else { return nil }
        let two = (dot[l] ? p.twoPlaces : 0) + p.moneyTwoPlaces[l]
        let grouped = p.moneyGrouped[l]
        guard marked > 0 || (two == n && grouped > 0) else { return nil }

        var layout = ColumnProfile.numberLayouts[l]
        layout.percent = false
        if grouped == 0 { layout.thousands = 0 }
        let symbol = symbols.first.map { ColumnProfile.moneySymbols[$0] } ?? ""
        var words: [String] = []
        if !symbol.isEmpty { words.append("currency \"\(symbol)\"") }
        if layout.decimalMark != UInt8(ascii: ".") { words.append("decimal \"\(String(UnicodeScalar(layout.decimalMark)))\"") }
        if layout.thousands != 0 { words.append("thousands \"\(String(UnicodeScalar(layout.thousands)))\"") }
        // The range in pounds, for the comment (money itself is never a Double).
        var lo = p.moneyMin[l] == .max ? Double.infinity : Double(p.moneyMin[l]) / 100
        var hi = p.moneyMax[l] == .min ? -Double.infinity : Double(p.moneyMax[l]) / 100
        if p.ints > 0 { lo = min(lo, Double(p.minInt)); hi = max(hi, Double(p.maxInt)) }
        if dot[l], p.decimals > 0 { lo = min(lo, p.minNumber); hi = max(hi, p.maxNumber) }
        let range = lo <= hi ? String(format: "%.2f to %.2f", lo, hi) : ""
        var evidence = "money\(words.isEmpty ? "" : " written " + words.joined(separator: " ")): \(share(valid(l))) read to the penny"
        var how: [String] = []
        if let s = symbols.first { how.append("\(c(p.symbolCounts[s])) with \(symbol)") }
        if p.brackets > 0 { how.append("\(c(p.brackets)) in brackets (negative)") }
        if grouped > 0 { how.append("\(c(grouped)) with a thousands separator") }
        how.append("\(c(two)) with exactly two decimal places")
        evidence += " (" + how.joined(separator: ", ") + ")"
        if !range.isEmpty { evidence += ", \(range)" }
        var t = ColumnType(kind: .money, evidence: evidence)
        t.number = layout
        t.currency = symbol
        if marked == 0 {
            t.evidence += "; no currency symbol, but two decimal places throughout with thousands separators, as finance writes amounts"
            t.todos.append("money? No value carries a currency symbol: if this is not an amount of money, type it 'decimal' in the record (the same options read it)")
        }
        if tooMany(l) > 0 {
            t.todos.append("more than two decimal places in \(c(tooMany(l))) of \(c(n)) values: money holds pence, so each such row is rejected (never rounded); 'decimal' reads them")
        }
        if l == 0, grouped > 0, valid(1) + tooMany(1) == n, tooMany(1) == 0 {
            t.todos.append("every comma could be a decimal comma (1,230 as 1.23): read as thousands; if it is a decimal mark, 'decimal \",\"' instead of 'thousands \",\"'")
        }
        return t
    }

    /// Two layouts of the same date (the part before a time).
    static func sameDate(_ a: String, _ b: String) -> Bool {
        func date(_ s: String) -> Substring { s.count > 10 ? s.prefix(10) : s[...] }
        return a.count >= 10 && b.count >= 10 && date(a) == date(b)
    }

    /// A number column in one of `ColumnProfile.numberLayouts`, or nil (then the rest decide).
    /// Refuses to choose between a decimal comma and a thousands comma when every comma
    /// is followed by exactly three digits (1,234): typed text with a TODO.
    static func otherNumber(_ p: ColumnProfile, n: Int, share: (Int) -> String) -> ColumnType? {
        let ints = p.ints, h = p.layoutHits, c = FileSniffer.count
        // What reads in each layout: plain whole numbers always; plain decimals in the '.' layouts,
        // and those of the form 1.234 in decimal "," thousands "." too (as 1234).
        let valid = [ints + p.decimals + h[0], ints + h[1], ints + p.dotThree + h[2], ints + p.decimals + h[3]]
        let percent = p.percents > 0
        func type(_ l: Int, _ note: String) -> ColumnType {
            var layout = ColumnProfile.numberLayouts[l]
            layout.percent = percent
            let fractions = p.layoutFractions[l] + (l == 0 || l == 3 ? p.decimals : 0)
            let lo = min(p.layoutMin[l], Double(p.minInt), l == 0 || l == 3 ? p.minNumber : .infinity)
            let hi = max(p.layoutMax[l], Double(p.maxInt), l == 0 || l == 3 ? p.maxNumber : -.infinity)
            var words: [String] = []
            if layout.decimalMark != UInt8(ascii: ".") { words.append("decimal \"\(String(UnicodeScalar(layout.decimalMark)))\"") }
            if layout.thousands != 0 { words.append("thousands \"\(String(UnicodeScalar(layout.thousands)))\"") }
            if percent { words.append("percent") }
            var t = ColumnType(kind: fractions > 0 ? .decimal : .int,
                               evidence: "numbers written \(words.joined(separator: " ")): \(share(valid[l]))\(percent ? " (\(c(p.percents)) with a trailing %)" : ""), \(Render.number(lo)) to \(Render.number(hi)); \(note)")
            t.number = layout
            return t
        }
        if valid[3] == n { return percent ? type(3, "no other layout needed") : nil }
        let thousandsComma = valid[0] == n, decimalComma = valid[1] == n, both = valid[2] == n
        if thousandsComma, decimalComma || both {
            // Every comma has three digits after it: 1,234 is a thousand or one and a bit.
            return ColumnType(kind: .text, evidence: "numbers with a comma, but every one has exactly three digits after it (\(c(p.commaThree)) values, e.g. 1,234): a decimal comma or a thousands separator",
                              todos: ["1,234: a thousand or one point two three? sniff will not guess: typed text. Type it 'decimal' in the record and add 'thousands \",\"' or 'decimal \",\"' here"])
        }
        if thousandsComma { return type(0, "no value reads with a decimal comma") }
        if decimalComma { return type(1, "no value reads with a decimal point") }
        if both { return type(2, "the dots separate thousands (groups of three), the comma is the decimal mark") }
        return nil
    }

    /// Few distinct values relative to the rows, short, on one line: a code list.
    static func codeLike(_ p: ColumnProfile, rows n: Int) -> Bool {
        guard !p.distinct.overflowed, p.lineBreaks == 0, p.maxLength <= 60 else { return false }
        let normalised = normalisedCount(p.distinct)
        guard normalised <= 200 else { return false }
        // Each value used several times on average; a small file gets some slack.
        return Double(normalised) * 4 <= Double(n) || (normalised <= 3 && n >= 6)
    }

    static func normalisedCount(_ d: DistinctValues) -> Int {
        var seen: Set<[UInt8]> = []
        for i in 0..<d.count { seen.insert(CodeNormaliser.plain.normalise(d.value(i))) }
        return seen.count
    }

    private static func swapsDayAndMonth(_ a: String, _ b: String) -> Bool {
        a.replacingOccurrences(of: "dd", with: "XX").replacingOccurrences(of: "mm", with: "dd").replacingOccurrences(of: "XX", with: "mm") == b
    }
}
