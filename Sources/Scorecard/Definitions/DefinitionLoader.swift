import Foundation

/// Reads every definition file under a folder (`*.framework`, `*.codes`, `*.record`,
/// `*.source`, `*.metric`), in sorted path order so runs are reproducible.
public enum DefinitionLoader {
    public static let extensions: Set<String> = ["framework", "codes", "record", "source", "metric"]

    /// Loads and checks a folder; throws `DiagnosticError` with every problem found.
    public static func load(folder: String) throws(DiagnosticError) -> Definitions {
        let base = URL(fileURLWithPath: folder)
        guard let enumerator = FileManager.default.enumerator(atPath: folder) else {
            throw DiagnosticError([Diagnostic(at: nil, "cannot read the definitions folder '\(folder)'")])
        }
        var paths: [String] = []
        while let path = enumerator.nextObject() as? String {
            if extensions.contains((path as NSString).pathExtension) { paths.append(path) }
        }
        paths.sort()
        guard !paths.isEmpty else {
            throw DiagnosticError([Diagnostic(at: nil, "no definition files (\(extensions.sorted().map { "*.\($0)" }.joined(separator: ", "))) in '\(folder)'")])
        }
        var texts: [(String, String)] = []
        for path in paths {
            let display = (folder as NSString).appendingPathComponent(path)
            // Checked first: reading a FIFO would wait for a writer forever.
            if let problem = PathKind.problemReadingFile(base.appendingPathComponent(path).path) {
                throw DiagnosticError([Diagnostic(at: SourceLocation(file: display, line: 1, column: 1), "cannot read this definition file: \(problem)")])
            }
            guard let data = FileManager.default.contents(atPath: base.appendingPathComponent(path).path),
                  let text = String(data: data, encoding: .utf8) else {
                throw DiagnosticError([Diagnostic(at: SourceLocation(file: display, line: 1, column: 1), "cannot read this file as UTF-8 text")])
            }
            texts.append((display, text))
        }
        var definitions = try check(texts)
        // The digest names files relative to the folder, so it does not depend on where the folder lives.
        var digest = SHA256()
        for (path, (_, text)) in zip(paths, texts) { digest.update(Array((path + "\u{0}" + text + "\u{0}").utf8)) }
        definitions.digest = SHA256.hex(digest.finish())
        return definitions
    }

    /// Parses and checks definition texts given as (file name, text) pairs.
    public static func check(_ texts: [(file: String, text: String)]) throws(DiagnosticError) -> Definitions {
        var syntax = DefinitionSyntax()
        var diagnostics: [Diagnostic] = []
        for (file, text) in texts {
            diagnostics += Parser.parse(text: text, file: file, into: &syntax)
        }
        var checker = Checker(syntax)
        var definitions = checker.check(files: texts.map(\.file))
        diagnostics += checker.diagnostics
        var digest = SHA256()
        for (file, text) in texts {
            digest.update(Array((file + "\u{0}" + text + "\u{0}").utf8))
        }
        definitions?.digest = SHA256.hex(digest.finish())
        guard diagnostics.isEmpty, var definitions else {
            throw DiagnosticError(diagnostics.sorted { ($0.location?.file ?? "", $0.location?.line ?? 0, $0.location?.column ?? 0) < ($1.location?.file ?? "", $1.location?.line ?? 0, $1.location?.column ?? 0) })
        }
        // The engine's closures, lowered from the typed forms the checker built.
        Lowering.lower(&definitions)
        return definitions
    }
}
