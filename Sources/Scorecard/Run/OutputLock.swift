import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A lock so two runs cannot write the same output folder: `OUT.lock`, created
/// exclusively and holding the owner's process id. A lock whose owner has died is
/// taken over.
public final class OutputLock {
    public let path: String
    private var held = false

    public struct Locked: Error, CustomStringConvertible {
        public var path: String
        public var owner: String
        public var description: String { "\(path): another run (process \(owner)) is writing this output folder" }
    }

    public init(folder: String) {
        let url = URL(fileURLWithPath: folder).standardizedFileURL
        path = url.deletingLastPathComponent().appendingPathComponent(url.lastPathComponent + ".lock").path
    }

    public func acquire() throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        for _ in 0..<2 {
            let fd = open(path, O_CREAT | O_EXCL | O_WRONLY, 0o600)
            if fd >= 0 {
                let pid = Array("\(getpid())\n".utf8)
                _ = pid.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
                close(fd)
                held = true
                return
            }
            let owner = (try? String(contentsOfFile: path, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            if let pid = Int32(owner), pid > 0, kill(pid, 0) == 0 || errno == EPERM {
                throw Locked(path: path, owner: owner)
            }
            // The owner is gone: the lock is stale.
            unlink(path)
        }
        throw Locked(path: path, owner: "unknown")
    }

    public func release() {
        if held { unlink(path); held = false }
    }

    deinit { release() }
}
