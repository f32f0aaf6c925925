import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `scorecard sniff FILE… [--out DIR]`: reads unknown extracts in full and drafts the
/// definitions that read them — per file a `.source`, the `.record` it goes into and
/// a `.codes` skeleton per code column — into a new folder, never over a file.
public enum Sniff {
    public struct Result {
        /// Relative path in the output folder → text, in the order written.
        public var files: [(path: String, text: String)]
        /// One line per extract for the terminal.
        public var summary: [String]
    }

    /// Sniffs each file and drafts its definitions (nothing written).
    public static func draft(paths: [String]) throws -> Result {
        var names: Set<String> = []
        var result = Result(files: [], summary: [])
        for path in paths {
            let file = try FileSniffer.sniff(path: path)
            let stem = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
            var name = Render.identifier(stem, fallback: "extract", reservedSuffix: "_extract")
            if names.contains(name) { var k = 2; while names.contains("\(name)_\(k)") { k += 1 }; name = "\(name)_\(k)" }
            names.insert(name)
            let draft = DefinitionDraft(file, name: name)
            result.files += draft.files
            let kinds = draft.fields.map { f -> String in
                switch f.type.kind {
                case .date(let i): return "\(ColumnProfile.hasTime(i) ? "datetime" : "date") \(ColumnProfile.dateLayouts[i])"
                case .int: return "int"
                case .decimal: return "decimal"
                case .money: return "money"
                case .code: return "code"
                case .id: return "id"
                case .text: return "text"
                case .blank: return "blank"
                case .ambiguousDate: return "date?"
                }
            }
            let rate = file.seconds > 0 ? String(format: "%.0f MB/s", Double(file.bytes) / file.seconds / 1e6) : "-"
            result.summary.append("  \(path): \(file.encoding.declared), delimiter \(FileSniffer.delimiterName(file.delimiter)), header \(file.hasHeader ? "yes" : "no"), \(file.preamble > 0 ? "preamble \(file.preamble), " : "")\(file.footer > 0 ? "footer \(file.footer), " : "")\(FileSniffer.count(file.records)) records, \(draft.fields.count) columns (\(kinds.joined(separator: ", ")))\(draft.wide.map { ", wide columns per \($0.keyName) (\($0.columns.count) columns, format \"\($0.layout)\")" } ?? "") in \(String(format: "%.3f", file.seconds)) s, \(rate)")
        }
        return result
    }
}

extension ScorecardCommand {
    static func sniff(_ parsed: Arguments) throws -> ExitCode {
        guard !parsed.positional.isEmpty else {
            throw Arguments.UsageError(description: "'sniff' needs one or more extract files, as in 'scorecard sniff new/*.csv --out sniffed'")
        }
        let out = parsed.options["--out"] ?? "sniffed"
        for path in parsed.positional {
            if let problem = PathKind.problemReadingFile(path) { throw Failure(code: .data, message: "error: \(problem)") }
        }
        try sniffFolder(out)
        let result: Sniff.Result
        do { result = try Sniff.draft(paths: parsed.positional) } catch {
            throw Failure(code: .data, message: "error: \(error.localizedDescription)")
        }
        // Created only now, after every file was read: a failed sniff leaves nothing behind.
        for sub in ["sources", "records", "codes"] {
            let folder = (out as NSString).appendingPathComponent(sub)
            if mkdir(out, 0o755) != 0, errno != EEXIST { throw Failure(code: .output, message: "error: cannot create --out \(out): \(String(cString: strerror(errno)))") }
            if mkdir(folder, 0o755) != 0, errno != EEXIST { throw Failure(code: .output, message: "error: cannot create \(folder): \(String(cString: strerror(errno)))") }
        }
        for file in result.files {
            // Code lists quote the extract's values: readable by the owner only, as every file quoting extract text.
            try Preflight.createNewFile((out as NSString).appendingPathComponent(file.path), option: "--out", bytes: Array(file.text.utf8), mode: 0o600)
        }
        for line in result.summary { printOut(line) }
        printOut("wrote \(result.files.count) draft definitions to \(out)/ (sources, records, codes); edit each '# TODO', add them to a metrics folder with a framework, then run 'scorecard check'")
        return .success
    }

    /// `sniff --out`: a new folder, or an empty one; anything else is left untouched.
    private static func sniffFolder(_ given: String) throws(Failure) {
        let path = PathKind.trimmed(given)
        if PathKind.isSymbolicLink(path) {
            throw Failure(code: .output, message: "error: --out \(path) is a symbolic link; give a new folder's own path")
        }
        let kind = PathKind.of(path)
        switch kind {
        case .missing:
            let parent = (URL(fileURLWithPath: path).standardizedFileURL.path as NSString).deletingLastPathComponent
            guard PathKind.of(parent) == .directory, access(parent, W_OK | X_OK) == 0 else {
                throw Failure(code: .output, message: "error: cannot create --out \(path): \(parent) is not a folder this user may write in")
            }
        case .directory:
            guard let entries = try? FileManager.default.contentsOfDirectory(atPath: path), entries.isEmpty else {
                throw Failure(code: .output, message: "error: --out \(path) already holds files; sniff writes only into a new or empty folder (choose another, e.g. --out sniffed-2)")
            }
            guard access(path, W_OK | X_OK) == 0 else { throw Failure(code: .output, message: "error: --out \(path): this user may not write in it") }
        default:
            throw Failure(code: .output, message: "error: --out \(path) is \(kind.phrase), not a folder")
        }
    }
}
