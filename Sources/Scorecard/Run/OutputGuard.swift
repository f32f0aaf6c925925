import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Decides whether a run may write its output folder, before any work and again just
/// before the swap. A user's files are sacred: Scorecard replaces only a folder it
/// wrote itself — recognised by its `manifest.json`, every file in it listed there
/// with the size it was written with — and refuses everything else without touching it.
public enum OutputGuard {
    /// Why the folder cannot be used; the run stops with exit 6 and nothing touched.
    public struct Refusal: Error, CustomStringConvertible {
        public var description: String
    }

    /// The folders a run reads: the output must be none of them and contain none of them.
    public struct ReadFolders {
        public var data: String
        public var metrics: String?
        public var others: [(option: String, path: String)] = []
        public init(data: String, metrics: String?, others: [(option: String, path: String)] = []) {
            self.data = data
            self.metrics = metrics
            self.others = others
        }
    }

    /// Throws a `Refusal` unless `out` is missing (and can be created), an empty folder,
    /// or a folder an earlier run wrote and nobody has changed since.
    public static func check(out given: String, reading folders: ReadFolders) throws(Refusal) {
        let out = PathKind.trimmed(given)
        if PathKind.isSymbolicLink(out) {
            throw Refusal(description: "error: --out \(out) is a symbolic link; Scorecard replaces only a folder it wrote itself and will not replace a link (give the folder's own path)")
        }
        let target = PathKind.resolvedForCreation(out)
        var reads: [(String, String)] = [("--data", folders.data)]
        if let metrics = folders.metrics { reads.append(("--metrics", metrics)) }
        reads += folders.others
        for (option, path) in reads {
            guard let read = PathKind.resolved(path) else { continue }
            if read == target {
                throw Refusal(description: "error: --out \(out) is the \(option) folder; the output must go to a folder of its own")
            }
            if PathKind.contains(target, read) {
                throw Refusal(description: "error: --out \(out) contains what \(option) names (\(path)); replacing it would delete it, so choose a folder of its own")
            }
        }
        // From here on, the folder the kernel means — the one the run will write.
        let kind = PathKind.of(target)
        switch kind {
        case .missing:
            try checkCreatable(target, shown: out)
        case .directory:
            try checkOurs(target, shown: out)
            try checkCreatable(target, shown: out)
        default:
            throw Refusal(description: "error: --out \(out) is \(kind.phrase), not a folder Scorecard wrote; it will not be replaced")
        }
    }

    /// The nearest existing ancestor must be a folder this user may write, since the run
    /// creates its lock and a temporary folder beside the output.
    private static func checkCreatable(_ target: String, shown: String) throws(Refusal) {
        var ancestor = (target as NSString).deletingLastPathComponent
        while PathKind.of(ancestor) == .missing, ancestor != "/" { ancestor = (ancestor as NSString).deletingLastPathComponent }
        let kind = PathKind.of(ancestor)
        guard kind == .directory else {
            throw Refusal(description: "error: cannot create --out \(shown): \(ancestor) is \(kind.phrase), not a folder")
        }
        guard access(ancestor, W_OK | X_OK) == 0 else {
            throw Refusal(description: "error: cannot create --out \(shown): this user may not write in \(ancestor)")
        }
    }

    /// An existing folder is replaced only when empty or written by Scorecard and unchanged.
    private static func checkOurs(_ folder: String, shown: String) throws(Refusal) {
        let entries: [String]
        do { entries = try FileManager.default.contentsOfDirectory(atPath: folder) } catch {
            throw Refusal(description: "error: --out \(shown) is a folder this user may not read")
        }
        if entries.isEmpty { return }
        let notOurs = "error: --out \(shown) already holds files Scorecard did not write"
        guard let written = writtenFiles(folder) else {
            throw Refusal(description: notOurs + " (it has no Scorecard manifest.json); choose an empty or new folder")
        }
        var strangers: [String] = []
        for entry in entries.sorted() {
            let path = (folder as NSString).appendingPathComponent(entry)
            guard PathKind.of(path) == .file, !PathKind.isSymbolicLink(path), let size = written[entry] else {
                strangers.append(entry)
                continue
            }
            if let size, fileSize(path) != size { strangers.append(entry + " (changed since it was written)") }
        }
        if !strangers.isEmpty {
            let shown = strangers.prefix(3).joined(separator: ", ") + (strangers.count > 3 ? " and \(strangers.count - 3) more" : "")
            throw Refusal(description: notOurs + ": \(shown); move them elsewhere or choose another folder")
        }
    }

    /// The files a Scorecard manifest in `folder` lists, with their sizes (nil for the
    /// manifest itself and the run log, whose sizes it does not record); nil when the
    /// folder holds no manifest Scorecard wrote.
    static func writtenFiles(_ folder: String) -> [String: Int?]? {
        let path = (folder as NSString).appendingPathComponent("manifest.json")
        guard PathKind.of(path) == .file, let data = FileManager.default.contents(atPath: path),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let engine = object["engine"] as? String, engine.hasPrefix("scorecard "),
              let outputs = object["outputs"] as? [[String: Any]] else { return nil }
        // The manifest and run log are written after the manifest; the marker is left only
        // by a run killed in the instant after its swap.
        var files: [String: Int?] = ["manifest.json": nil, "run-log.json": nil, OutputFolder.partialMarker: 0]
        for output in outputs {
            guard let name = output["file"] as? String, let bytes = output["bytes"] as? Int else { return nil }
            files[name] = bytes
        }
        return files
    }

    private static func fileSize(_ path: String) -> Int {
        var info = stat()
        return stat(path, &info) == 0 ? Int(info.st_size) : -1
    }
}
