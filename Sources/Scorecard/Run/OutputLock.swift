import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A lock so two runs cannot write the same output folder: `OUT.lock` beside it.
///
/// Two mechanisms, each closing a gap the other leaves:
/// - The lock file is never seen half-written: it is written in full under a private
///   name, then `link(2)`ed into place, which fails if a lock already exists. (Creating
///   it in place with `O_EXCL` and writing afterwards let a second run read an empty
///   file, take it for stale and take the lock over: 2 runs in 140 both wrote.)
/// - The holder keeps an exclusive `flock(2)` on the file. The kernel drops it the moment
///   the holder's process ends, however it ends, so "is the owner alive?" needs no
///   process ids (which are reused) and a stale lock is one nobody holds. Taking over a
///   stale lock needs that flock first, so two runs can never both take it over; each
///   run confirms after locking that the path still names the file it locked.
/// The file holds the owner's process id for people reading it.
public final class OutputLock {
    public let path: String
    private var descriptor: Int32 = -1

    public struct Locked: Error, CustomStringConvertible {
        public var path: String
        public var owner: String
        public var description: String { "\(path): another run (process \(owner)) is writing this output folder" }
    }

    /// The lock cannot be taken for a reason other than another run holding it.
    public struct Unusable: Error, CustomStringConvertible {
        public var description: String
    }

    public init(folder: String) {
        let url = URL(fileURLWithPath: folder).standardizedFileURL
        path = url.deletingLastPathComponent().appendingPathComponent(url.lastPathComponent + ".lock").path
    }

    private static let header = "scorecard output lock\n"

    public func acquire() throws {
        let pid = getpid()
        let mine = Self.header + "pid \(pid)\n"
        let parent = (path as NSString).deletingLastPathComponent
        // The output's folder may not exist yet (`--out out/sample` on a fresh clone).
        do { try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true) } catch {
            throw Unusable(description: "cannot create the folder \(parent) for the output")
        }
        let privateName = (parent as NSString).appendingPathComponent(".\((path as NSString).lastPathComponent).\(pid)-\(UInt64.random(in: 0...UInt64.max))")
        // The complete lock, under a name no other run uses, locked before it is visible.
        let fd = open(privateName, O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw Unusable(description: "cannot create a lock beside the output in \(parent): \(String(cString: strerror(errno)))") }
        defer { unlink(privateName) }
        let bytes = Array(mine.utf8)
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard written == bytes.count, flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            close(fd)
            throw Unusable(description: "cannot write a lock beside the output in \(parent)")
        }
        for _ in 0..<64 {
            if link(privateName, path) == 0 {
                if Self.sameFile(fd, path) {
                    descriptor = fd
                    sweepPrivateNames(except: privateName)
                    return
                }
                continue
            }
            guard errno == EEXIST else {
                close(fd)
                throw Unusable(description: "cannot create the lock \(path): \(String(cString: strerror(errno)))")
            }
            // A lock exists. Held by a live run: refuse. Held by nobody: stale, take it over.
            let existing = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
            if existing < 0 {
                if errno == ENOENT { continue }  // released in the meantime: try again
                close(fd)
                if errno == ELOOP { throw Unusable(description: "\(path) is a symbolic link, not Scorecard's lock; remove it") }
                throw Unusable(description: "cannot read the lock \(path): \(String(cString: strerror(errno)))")
            }
            if flock(existing, LOCK_EX | LOCK_NB) != 0 {
                let owner = Self.owner(existing)
                close(existing)
                close(fd)
                throw Locked(path: path, owner: owner)
            }
            // We hold the old file's lock: nobody else can be taking it over. It must still be
            // the file at the path (not one released and removed meanwhile), and Scorecard's.
            guard Self.sameFile(existing, path) else { close(existing); continue }
            guard Self.isScorecardLock(existing) else {
                close(existing)
                close(fd)
                throw Unusable(description: "\(path) exists and is not Scorecard's lock; Scorecard will not replace it (move it, or choose another --out)")
            }
            let replaced = rename(privateName, path) == 0
            close(existing)
            if replaced, Self.sameFile(fd, path) {
                descriptor = fd
                sweepPrivateNames(except: privateName)
                return
            }
        }
        close(fd)
        throw Unusable(description: "cannot take the lock \(path): it keeps changing")
    }

    /// Removes the private lock files of runs killed before they could tidy them: files
    /// named `.OUT.lock.PID-N` whose process has gone, holding a Scorecard lock nobody holds.
    /// (A live run's private file may not be locked yet: its process id protects it.)
    private func sweepPrivateNames(except mine: String) {
        let parent = (path as NSString).deletingLastPathComponent
        let prefix = "." + (path as NSString).lastPathComponent + "."
        guard let siblings = try? FileManager.default.contentsOfDirectory(atPath: parent) else { return }
        for sibling in siblings where sibling.hasPrefix(prefix) {
            let candidate = (parent as NSString).appendingPathComponent(sibling)
            guard candidate != mine, PathKind.of(candidate) == .file, !PathKind.isSymbolicLink(candidate) else { continue }
            guard let pid = Int32(sibling.dropFirst(prefix.count).prefix { $0 != "-" }), pid > 0,
                  kill(pid, 0) != 0, errno == ESRCH else { continue }
            let fd = open(candidate, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
            guard fd >= 0 else { continue }
            if flock(fd, LOCK_EX | LOCK_NB) == 0, Self.contents(fd).hasPrefix(Self.header), Self.sameFile(fd, candidate) { unlink(candidate) }
            close(fd)
        }
    }

    public func release() {
        guard descriptor >= 0 else { return }
        // Removed only while it is still ours; a run waiting on the old file re-checks the path.
        if Self.sameFile(descriptor, path) { unlink(path) }
        close(descriptor)
        descriptor = -1
    }

    deinit { release() }

    /// Whether `path` names the file open as `fd`.
    private static func sameFile(_ fd: Int32, _ path: String) -> Bool {
        var open = stat(), named = stat()
        guard fstat(fd, &open) == 0, lstat(path, &named) == 0 else { return false }
        return open.st_dev == named.st_dev && open.st_ino == named.st_ino
    }

    private static func contents(_ fd: Int32) -> String {
        var buffer = [UInt8](repeating: 0, count: 256)
        let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
        return n > 0 ? String(decoding: buffer[..<n], as: UTF8.self) : ""
    }

    /// A lock this version wrote, or the bare process id an earlier version wrote.
    private static func isScorecardLock(_ fd: Int32) -> Bool {
        let text = contents(fd)
        if text.hasPrefix(header) { return true }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return !trimmed.isEmpty && trimmed.allSatisfy(\.isNumber) && trimmed.count <= 10
    }

    private static func owner(_ fd: Int32) -> String {
        let text = contents(fd)
        if let line = text.split(separator: "\n").first(where: { $0.hasPrefix("pid ") }) { return String(line.dropFirst(4)) }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? "unknown" : trimmed
    }
}
