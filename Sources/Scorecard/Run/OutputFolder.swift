import Foundation

/// Writes a run's files into a temporary sibling folder, then swaps it into place,
/// so a reader never sees half a run's output.
enum OutputFolder {
    static func write(_ files: [(name: String, bytes: [UInt8])], to folder: String) throws {
        let fm = FileManager.default
        let target = URL(fileURLWithPath: folder).standardizedFileURL
        let parent = target.deletingLastPathComponent()
        try fm.createDirectory(at: parent, withIntermediateDirectories: true)
        let temporary = parent.appendingPathComponent(".\(target.lastPathComponent).partial-\(ProcessInfo.processInfo.processIdentifier)")
        try? fm.removeItem(at: temporary)
        try fm.createDirectory(at: temporary, withIntermediateDirectories: true)
        for (name, bytes) in files {
            try Data(bytes).write(to: temporary.appendingPathComponent(name))
        }
        let previous = parent.appendingPathComponent(".\(target.lastPathComponent).previous-\(ProcessInfo.processInfo.processIdentifier)")
        if fm.fileExists(atPath: target.path) { try fm.moveItem(at: target, to: previous) }
        try fm.moveItem(at: temporary, to: target)
        try? fm.removeItem(at: previous)
    }
}
