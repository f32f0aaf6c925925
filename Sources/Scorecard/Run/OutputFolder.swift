import Foundation

/// Writes a run's files into a temporary sibling folder, then swaps it into place,
/// so a reader never sees half a run's output and a run that dies midway leaves the
/// previous output as it was.
enum OutputFolder {
    /// The empty file that marks a temporary folder as a run's work in progress.
    static let partialMarker = ".scorecard-partial"

    /// Something beside the output folder that the run will not touch.
    struct Problem: Error, CustomStringConvertible {
        var description: String
    }

    /// - Parameter privateFiles: names of files holding personal data or extract text,
    ///   created readable by their owner only (`PrivateFile`); the rest as the umask says.
    static func write(_ files: [(name: String, bytes: [UInt8])], to folder: String, privateFiles: Set<String> = []) throws {
        let fm = FileManager.default
        let target = URL(fileURLWithPath: folder).standardizedFileURL
        let parent = target.deletingLastPathComponent()
        try fm.createDirectory(at: parent, withIntermediateDirectories: true)
        recover(target)
        let pid = ProcessInfo.processInfo.processIdentifier
        let temporary = parent.appendingPathComponent(".\(target.lastPathComponent).partial-\(pid)")
        let previous = parent.appendingPathComponent(".\(target.lastPathComponent).previous-\(pid)")
        for path in [temporary, previous] where fm.fileExists(atPath: path.path) || PathKind.isSymbolicLink(path.path) {
            // recover() has removed every partial folder of ours and put back every previous one.
            throw Problem(description: "\(path.path) is in the way and Scorecard did not make it; move it elsewhere")
        }
        try fm.createDirectory(at: temporary, withIntermediateDirectories: false)
        do {
            // Marks the folder as a run's work in progress, so a later run tidies it away
            // only if it is one of ours; removed once the folder is in place.
            try Data().write(to: temporary.appendingPathComponent(partialMarker))
            for (name, bytes) in files {
                let path = temporary.appendingPathComponent(name)
                if privateFiles.contains(name) { try PrivateFile.write(bytes, to: path.path) } else { try Data(bytes).write(to: path) }
            }
        } catch {
            try? fm.removeItem(at: temporary)
            throw error
        }
        if fm.fileExists(atPath: target.path) { try fm.moveItem(at: target, to: previous) }
        do {
            try fm.moveItem(at: temporary, to: target)
        } catch {
            // Put the previous output back rather than leave nothing.
            if fm.fileExists(atPath: previous.path) { try? fm.moveItem(at: previous, to: target) }
            try? fm.removeItem(at: temporary)
            throw error
        }
        try? fm.removeItem(at: target.appendingPathComponent(partialMarker))
        try? fm.removeItem(at: previous)
    }

    /// Tidies what a killed run left beside the folder (the caller holds its lock, so no
    /// other run is writing): a half-written `.NAME.partial-PID` is removed, and if the
    /// run died between its two renames, the previous output is put back.
    static func recover(_ target: URL) {
        let fm = FileManager.default
        let parent = target.deletingLastPathComponent()
        let name = target.lastPathComponent
        guard let siblings = try? fm.contentsOfDirectory(atPath: parent.path) else { return }
        for sibling in siblings.sorted() where sibling.hasPrefix(".\(name).partial-") {
            let path = parent.appendingPathComponent(sibling)
            // Only a folder a run marked as its own work in progress.
            guard PathKind.of(path.appendingPathComponent(partialMarker).path) == .file, !PathKind.isSymbolicLink(path.path) else { continue }
            try? fm.removeItem(at: path)
        }
        for sibling in siblings.sorted() where sibling.hasPrefix(".\(name).previous-") {
            let path = parent.appendingPathComponent(sibling)
            // Only a folder Scorecard wrote (its manifest says so).
            guard !PathKind.isSymbolicLink(path.path), OutputGuard.writtenFiles(path.path) != nil else { continue }
            if fm.fileExists(atPath: target.path) { try? fm.removeItem(at: path) } else { try? fm.moveItem(at: path, to: target) }
        }
    }
}
