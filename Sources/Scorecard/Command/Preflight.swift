import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Checks of the command line's values made before any work, each failing with a
/// plain-English message and the exit code scripts expect: a date that cannot be an
/// as-at date, a folder that is a FIFO, a file that would be overwritten.
enum Preflight {
    /// An as-at date: a real date as YYYY-MM-DD, not after today. (Not before the
    /// framework's first month is checked once the definitions are read.)
    static func asAt(_ text: String) throws(Arguments.UsageError) -> Int32 {
        guard let day = Day.parseISO(text) else {
            throw Arguments.UsageError(description: "--as-at '\(text)' is not a date as YYYY-MM-DD")
        }
        let today = Day.today()
        guard day <= today else {
            throw Arguments.UsageError(description: "--as-at \(text) is after today (\(Day.iso(today))): extracts cannot have been taken in the future")
        }
        return day
    }

    /// `--data` and `--metrics` must be folders this user can read.
    static func readableFolders(data: String, metrics: String) throws(ScorecardCommand.Failure) {
        if let problem = PathKind.problemReadingFolder(metrics) {
            throw ScorecardCommand.Failure(code: .definitions, message: "error: --metrics: \(problem)")
        }
        if let problem = PathKind.problemReadingFolder(data) {
            throw ScorecardCommand.Failure(code: .data, message: "error: --data: \(problem)")
        }
    }

    /// A file the command will create: it must not exist (Scorecard never overwrites a
    /// file it did not write) and its folder must be writable.
    static func newFile(_ path: String, option: String) throws(ScorecardCommand.Failure) {
        let kind = PathKind.of(path)
        guard kind == .missing else {
            let what = kind == .file ? "already exists" : "is \(kind.phrase)"
            throw ScorecardCommand.Failure(code: .output, message: "error: \(option) \(path) \(what); Scorecard will not overwrite it (choose a new file name)")
        }
        let folder = (URL(fileURLWithPath: path).standardizedFileURL.path as NSString).deletingLastPathComponent
        let folderKind = PathKind.of(folder)
        guard folderKind == .directory else {
            throw ScorecardCommand.Failure(code: .output, message: "error: cannot create \(option) \(path): \(folder) is \(folderKind.phrase), not a folder")
        }
        guard access(folder, W_OK | X_OK) == 0 else {
            throw ScorecardCommand.Failure(code: .output, message: "error: cannot create \(option) \(path): this user may not write in \(folder)")
        }
    }

    /// Creates `path` with `bytes` and permissions `mode`, failing if anything is there
    /// already (`O_EXCL`; a symbolic link is not followed).
    static func createNewFile(_ path: String, option: String, bytes: [UInt8], mode: mode_t) throws(ScorecardCommand.Failure) {
        try newFile(path, option: option)
        let fd = open(path, O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW | O_CLOEXEC, mode)
        guard fd >= 0 else {
            throw ScorecardCommand.Failure(code: .output, message: "error: cannot create \(option) \(path): \(String(cString: strerror(errno)))")
        }
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n <= 0 {
                let reason = String(cString: strerror(errno))
                close(fd)
                unlink(path)
                throw ScorecardCommand.Failure(code: .output, message: "error: cannot write \(option) \(path): \(reason)")
            }
            offset += n
        }
        close(fd)
    }

    /// The marker `generate` leaves, so it replaces only a set it wrote itself.
    static let generatedMarker = ".scorecard-generated"

    /// `generate --out`: a new or empty folder, or one an earlier `generate` wrote and
    /// that holds nothing else (a council's real extracts have the same file names).
    static func generatorFolder(_ given: String) throws(ScorecardCommand.Failure) {
        let path = PathKind.trimmed(given)
        if PathKind.isSymbolicLink(path) {
            throw ScorecardCommand.Failure(code: .output, message: "error: --out \(path) is a symbolic link; give the folder's own path")
        }
        let kind = PathKind.of(path)
        switch kind {
        case .missing:
            return
        case .directory:
            guard let entries = try? FileManager.default.contentsOfDirectory(atPath: path) else {
                throw ScorecardCommand.Failure(code: .output, message: "error: --out \(path) is a folder this user may not list, so what it holds cannot be checked")
            }
            if entries.isEmpty { return }
            let ours = Set(ExtractGenerator.fileNames + [generatedMarker])
            guard entries.contains(generatedMarker), entries.allSatisfy(ours.contains) else {
                throw ScorecardCommand.Failure(code: .output, message: "error: --out \(path) already holds files 'generate' did not write; choose an empty or new folder")
            }
        default:
            throw ScorecardCommand.Failure(code: .output, message: "error: --out \(path) is \(kind.phrase), not a folder")
        }
    }

    static func markGenerated(_ folder: String, scale: Double, seed: UInt64, asAt: Int32) {
        let text = "Synthetic extracts written by \(Manifest.engineVersion) generate --scale \(scale) --seed \(seed) --as-at \(Day.iso(asAt))\n"
        FileManager.default.createFile(atPath: (folder as NSString).appendingPathComponent(generatedMarker), contents: Data(text.utf8))
    }
}
