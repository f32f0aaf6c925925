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
        if dateHits > 0, Double(dateHits) >= dateShare * Double(n) {
            let layout = ColumnProfile.dateLayouts[bestDate]
            let twin = ColumnProfile.dateLayouts.indices.first { $0 != bestDate && p.dateCounts[$0] == dateHits && swapsDayAndMonth(layout, ColumnProfile.dateLayouts[$0]) }
            if let twin {
                return ColumnType(kind: .ambiguousDate(bestDate, twin),
                                  evidence: "dates: \(layout) and \(ColumnProfile.dateLayouts[twin]) each read \(share(dateHits)); no day is above 12",
                                  todos: ["day first or month first? Every value reads both ways, so sniff will not guess: typed text. Declare the field 'date' in the record and add 'format \"\(layout)\"' or 'format \"\(ColumnProfile.dateLayouts[twin])\"' here"])
            }
            var evidence = "date \(layout): \(share(dateHits))"
            let misses = n - dateHits
            if misses > 0 {
                evidence += "; \(c(misses)) unreadable\(examples(p.dateMisses[bestDate])) (each such row is rejected)"
            }
            let others = ColumnProfile.dateLayouts.indices.filter { $0 != bestDate && p.dateCounts[$0] > 0 }
            if let other = others.max(by: { p.dateCounts[$0] < p.dateCounts[$1] }) {
                evidence += "; \(ColumnProfile.dateLayouts[other]) reads \(c(p.dateCounts[other]))"
            }
            return ColumnType(kind: .date(bestDate), evidence: evidence)
        }

        let distinct = p.distinct.overflowed ? nil : p.distinct.count
        let spellings = distinct.map { "\(c(normalisedCount(p.distinct))) distinct values (\(c($0)) spellings)" } ?? ""
        let about = p.distinctText
        let idName = !words.isDisjoint(with: idWords) || !words.isDisjoint(with: personWords)
        let codeName = !words.isDisjoint(with: codeWords) || !words.isDisjoint(with: localityWords)
        let codeValues = codeLike(p, rows: n)

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
            return ColumnType(kind: .decimal, evidence: "decimals: \(share(n)) (\(c(p.decimals)) with a fraction), \(Render.number(p.minNumber)) to \(Render.number(p.maxNumber))")
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
        if idName || (p.distinctEstimate >= Int(0.5 * Double(n)) && p.maxLength <= 40 && p.lineBreaks == 0) {
            return ColumnType(kind: .id, evidence: "identifier or free text: \(about) distinct values in \(c(n)) non-blank, up to \(p.maxLength) bytes\(numberNote)")
        }
        var evidence = "text: \(about) distinct values in \(c(n)) non-blank, up to \(p.maxLength) bytes"
        if p.lineBreaks > 0 { evidence += ", \(c(p.lineBreaks)) with line breaks" }
        return ColumnType(kind: .text, evidence: evidence + numberNote)
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
