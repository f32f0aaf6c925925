import CSV
import Foundation

/// Officers' commentary: a few sentences per measure and period, shown beside the
/// measure in every report format.
///
/// It comes from one spreadsheet, `commentary.csv`, with the columns `measure`,
/// `period` and `commentary` (others, such as `author`, are ignored): one file the
/// performance team keeps all year, that Excel opens and saves, where last quarter's
/// rows can be copied and every measure's commentary for a quarter read together.
/// Excel's "CSV UTF-8" keeps `£` and curly quotes; a file saved in another encoding is
/// refused with the line it goes wrong on rather than read as mojibake. A cell may
/// hold line breaks (Excel quotes them); blank paragraphs separate paragraphs.
///
/// The text is officer-written and so untrusted like everything else: every renderer
/// escapes it, and the quarterly return makes it formula-safe.
struct Commentary: Sendable {
    struct Key: Hashable, Sendable {
        var measure: String
        var period: String
    }

    /// What an officer wrote, with where it was written (for the error on a duplicate).
    struct Entry: Sendable {
        var text: String
        var line: Int
    }

    private(set) var entries: [Key: Entry] = [:]
    /// The file read, for messages; nil when no commentary was given.
    private(set) var file: String?

    static let none = Commentary()

    init() {}

    /// The commentary for a measure in a period: trimmed, line ends as `\n`; nil when none.
    func text(measure: String, period: String) -> String? { entries[Key(measure: measure, period: period)]?.text }

    /// Every error at once, each as `file:line: error: …`, so one edit fixes the file.
    struct Failure: Error, CustomStringConvertible {
        var messages: [String]
        var description: String { messages.joined(separator: "\n") + "\n\(messages.count) error(s) in the commentary" }
    }

    static let columns = ["measure", "period", "commentary"]

    /// Reads `commentary.csv`, checking each row's measure and period against the run.
    static func load(_ path: String, measures: [String], periods: [String]) throws(Failure) -> Commentary {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Failure(messages: ["\(path): error: cannot read the commentary file"])
        }
        return try parse([UInt8](data), file: path, measures: measures, periods: periods)
    }

    static func parse(_ bytes: [UInt8], file: String, measures: [String], periods: [String]) throws(Failure) -> Commentary {
        var errors: [String] = []
        func error(_ line: Int, _ message: String) { errors.append("\(file):\(line): error: \(message)") }
        var reader = CSVReader(bytes: bytes, dialect: Dialect(delimiter: UInt8(ascii: ","), hasHeader: true, encoding: .utf8))
        if let problem = reader.headerProblem { error(1, "the header row: \(problem)") }
        let header = (reader.header ?? []).map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        var index: [String: Int] = [:]
        for name in columns {
            if let i = header.firstIndex(of: name) { index[name] = i } else {
                error(1, "no '\(name)' column; the header row must name the columns \(columns.joined(separator: ","))\(Suggestion.hint(for: name, in: header))")
            }
        }
        guard errors.isEmpty, let m = index["measure"], let p = index["period"], let c = index["commentary"] else { throw Failure(messages: errors) }
        let knownMeasures = Set(measures), knownPeriods = Set(periods)
        var commentary = Commentary()
        commentary.file = file
        var record = ByteRecord()
        reading: while true {
            let result = reader.read(into: &record)
            let line = reader.position.line // where the record just read starts
            switch result {
            case .endOfInput: break reading
            case .malformed(.invalidUTF8):
                error(line, "the file is not UTF-8 here; in Excel, save it as 'CSV UTF-8 (Comma delimited)'")
                continue
            case .malformed(.wrongFieldCount(let expected, let found)):
                // Excel drops trailing empty cells: a short row is read as far as it goes. A
                // long one is a comma in unquoted text, which would cut the commentary short.
                if found > expected {
                    error(line, "\(found) fields where the header has \(expected): a comma in text that is not in quotes? Put the commentary in double quotes, or edit the file in Excel")
                    continue
                }
            case .malformed(let reason):
                error(line, "\(reason)")
                continue
            case .record: break
            }
            let fields = record.strings
            func field(_ i: Int) -> String { i < fields.count ? fields[i].trimmingCharacters(in: .whitespacesAndNewlines) : "" }
            let measure = field(m), period = field(p)
            let text = field(c).replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            if measure.isEmpty && period.isEmpty && text.isEmpty { continue } // a blank row
            if text.isEmpty { continue } // a row laid out ahead of time, not yet written
            var ok = true
            if !knownMeasures.contains(measure) {
                error(line, "unknown measure '\(measure)'\(Suggestion.hint(for: measure, in: measures))")
                ok = false
            }
            if !knownPeriods.contains(period) {
                error(line, "unknown period '\(period)' (periods are written 2017-18 Q4, 2017-18 or 2018-03)\(Suggestion.hint(for: period, in: periods))")
                ok = false
            }
            guard ok else { continue }
            let key = Key(measure: measure, period: period)
            if let earlier = commentary.entries[key] {
                error(line, "a second commentary for \(measure) in \(period); the first is on line \(earlier.line)")
                continue
            }
            commentary.entries[key] = Entry(text: text, line: line)
        }
        if !errors.isEmpty { throw Failure(messages: errors) }
        return commentary
    }
}
