import Foundation

/// Which header columns a `wide columns` statement reads, and as what: the groups (one
/// per key: a month, a quarter, a year, a code) in header order, each with one column
/// per value label.
///
/// Why a separate pass over the header, and why so strict: the groups come from the
/// sheet, not the definition, so next year's columns need no edit — but then a header
/// the layout nearly reads (`Apr 2015 Total` beside `Apr 2015 NEET`), a group short of
/// one of its values, or the same cell twice would be silently skipped or doubled.
/// Each of those stops the run naming the file and the column instead.
struct WideHeader {
    /// One key per group, as the key field holds it (a day number or a category index).
    var keys: [Int64] = []
    /// Per group, its key as the header writes it (`Apr 2015`), for reject details.
    var groupNames: [String] = []
    /// Per group, its period number (1–13) when the sheet declares a period-number field.
    var periods: [Int64] = []
    /// Per group and label, in label order: the column and its header.
    var cells: [Int] = []
    var cellNames: [String] = []

    /// Why the header cannot be read, for an error naming the file.
    struct Problem: Error {
        var message: String
    }

    /// The separators allowed between a key and its label in a header (`Apr 2015 NEET`,
    /// `Apr 2015 - NEET`, `NEET_Apr 2015`).
    static let separators: Set<Character> = [" ", "-", "_", ":", "|", "/"]

    /// Reads the header. `keyOf` reads a trimmed text as a key (nil: not a key); `what`
    /// says how (`as a month in the layout "Mon yyyy"`), for messages.
    ///
    /// `strict` (the intake): every column no mapping names and `except` does not list
    /// must be a group's cell. Why: a header that almost reads as a key (`Sept 2019`
    /// beside `Aug 2019`, a typo `Mya 2019 NEET`) would otherwise be an ordinary column,
    /// and its month would silently report nothing. `sniff` reads loosely, to guess.
    ///
    /// `periodOf` reads a key's period number (a `yyyy/yy Pnn` layout). With a period field
    /// a group is its month and its number, so P12 and P13 (both the year's last month) are
    /// two; without one, the two are the same cell, and the error says why and what to declare.
    static func read(_ wide: SourceSpec.Wide, header: [String], mapped: Set<Int>, strict: Bool = false, what: String = "as a key",
                     keyOf: (String) -> Int64?, periodOf: ((String) -> Int64?)? = nil) -> Result<WideHeader, Problem> {
        var result = WideHeader()
        let single = wide.labels == [""]
        var groupOf: [Int64: Int] = [:]
        var cellOf: [Int: Int] = [:]  // group * labels + label → header column
        // The first column strict reading refuses; reported once some group reads (with none,
        // the caller's "no column of the header reads …" says more).
        var unread: String?
        let except = Set(wide.except.map { $0.trimmingCharacters(in: .whitespaces).lowercased() })
        for (c, name) in header.enumerated() where !mapped.contains(c) {
            let trimmed = name.trimmingCharacters(in: .whitespaces)
            if except.contains(trimmed.lowercased()) { continue }
            var found: (key: Int64, keyText: String, label: Int)?
            if single {
                if let key = keyOf(trimmed) { found = (key, trimmed, 0) }
            } else {
                var matches: [(Int64, String, Int)] = []
                for (j, label) in wide.labels.enumerated() {
                    if let rest = strip(label, from: trimmed), let key = keyOf(rest) { matches.append((key, rest, j)) }
                }
                if matches.count > 1 {
                    return .failure(Problem(message: "the header's column \"\(name)\" reads as more than one value (\(matches.map { "\"\(wide.labels[$0.2])\"" }.joined(separator: ", ")))"))
                }
                if let m = matches.first {
                    found = m
                } else if strict, let (label, rest) = wide.labels.compactMap({ l in strip(l, from: trimmed).map { (l, $0) } }).max(by: { $0.0.count < $1.0.count }) {
                    // A value's label beside a key that does not read: the group's month would
                    // be lost. (The longest label it carries: `Sept 2019 Not NEET` has "Not NEET".)
                    unread = unread ?? "the header's column \"\(name)\" has the value \"\(label)\" but \"\(rest)\" does not read \(what); correct the header, or name the column in 'except' if it is not a group's"
                    continue
                } else if let keyText = keyPart(of: trimmed, keyOf: keyOf) {
                    // A key with no label, or beside text that is none of the labels: a group's column misnamed.
                    return .failure(Problem(message: "the header's column \"\(name)\" reads as \(keyText) but its label is none of \(wide.labels.map { "\"\($0)\"" }.joined(separator: ", ")); name it in 'except' if it is not the group's"))
                }
            }
            guard let found else {
                if strict, unread == nil {
                    unread = "the header's column \"\(name)\" does not read \(what)\(single ? "" : " beside \(wide.labels.map { "\"\($0)\"" }.joined(separator: ", "))") and no mapping names it; a sheet with wide columns reads every column, so map it, or name it in 'except' if it is not a group's"
                }
                continue
            }
            let g: Int
            let period = periodOf?(found.keyText) ?? 0
            // A day number times 16 plus a period (1–13) names one group of a month.
            let group = wide.periodField == nil ? found.key : found.key * 16 + period
            if let known = groupOf[group] { g = known } else {
                g = result.keys.count
                groupOf[group] = g
                result.keys.append(found.key)
                result.groupNames.append(found.keyText)
                result.periods.append(period)
            }
            let slot = g * wide.labels.count + found.label
            if let earlier = cellOf[slot], wide.periodField == nil, let periodOf,
               let before = periodOf(single ? header[earlier].trimmingCharacters(in: .whitespaces) : result.groupNames[g]), before != period {
                let form = single ? "into MONTH, PERIOD_NO, VALUE" : "into MONTH, PERIOD_NO { … }"
                return .failure(Problem(message: "the header's columns \"\(header[earlier])\" and \"\(name)\" both read as \(Day.iso(Int32(found.key))): P\(max(before, period)), the year-end adjustments, falls in the year's last month with P\(min(before, period)), so the month alone cannot tell them apart; give the period number a whole-number field after the key ('\(form)') and add it to the record's key"))
            }
            if let earlier = cellOf[slot] {
                return .failure(Problem(message: "the header's columns \"\(header[earlier])\" and \"\(name)\" are the same cell (\(found.keyText)\(single ? "" : ", \"\(wide.labels[found.label])\""))"))
            }
            cellOf[slot] = c
        }
        if let unread, !result.keys.isEmpty { return .failure(Problem(message: unread)) }
        for g in result.keys.indices {
            for j in wide.labels.indices {
                guard let c = cellOf[g * wide.labels.count + j] else {
                    return .failure(Problem(message: "the group \(result.groupNames[g]) has no column for \"\(wide.labels[j])\"; every group has one column per value (\(wide.labels.map { "\"\($0)\"" }.joined(separator: ", ")))"))
                }
                result.cells.append(c)
                result.cellNames.append(header[c])
            }
        }
        return .success(result)
    }

    /// The header less the label at either end and the separators between: `Apr 2015 NEET`
    /// less `neet` is `Apr 2015`. Nil when the label is at neither end, or nothing
    /// separates it from the key.
    static func strip(_ label: String, from header: String) -> String? {
        let lower = header.lowercased(), want = label.lowercased()
        var candidates: [Substring] = []
        if lower.hasSuffix(want) { candidates.append(header.dropLast(want.count)) }
        if lower.hasPrefix(want) { candidates.append(header.dropFirst(want.count)) }
        for rest in candidates {
            let bare = String(rest.drop { separators.contains($0) }.reversed().drop { separators.contains($0) }.reversed())
            // A separator between: `Apr 2015NEET` is no group's column.
            guard !bare.isEmpty, bare.count < rest.count else { continue }
            return bare
        }
        return nil
    }

    /// The key at the start or end of a header (split at a separator), written as the header has it.
    static func keyPart(of header: String, keyOf: (String) -> Int64?) -> String? {
        if keyOf(header) != nil { return header }
        let characters = Array(header)
        for i in characters.indices where separators.contains(characters[i]) {
            let before = String(characters[..<i]).trimmingCharacters(in: .whitespaces)
            let after = String(characters[(i + 1)...]).trimmingCharacters(in: .whitespaces)
            if !before.isEmpty, keyOf(before) != nil { return before }
            if !after.isEmpty, keyOf(after) != nil { return after }
        }
        return nil
    }
}
