import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What is at a path, told in plain English: the command line checks every path it
/// is given before any work, and a FIFO, a device, a dangling link or a folder where
/// a file belongs must each say what they are (never a Foundation error dump, and
/// never a hang: opening a FIFO to read it waits for a writer forever).
public enum PathKind: Equatable, Sendable {
    case missing
    case file
    case directory
    /// A symbolic link whose target does not exist.
    case danglingLink
    case fifo
    case socket
    case characterDevice
    case blockDevice
    case other

    /// What `path` is, following symbolic links (a link to a file is a file).
    public static func of(_ path: String) -> PathKind {
        var info = stat()
        if stat(path, &info) == 0 { return kind(info.st_mode) }
        var linkInfo = stat()
        if lstat(path, &linkInfo) == 0, (linkInfo.st_mode & S_IFMT) == S_IFLNK { return .danglingLink }
        return .missing
    }

    /// Whether `path` itself is a symbolic link (not followed).
    public static func isSymbolicLink(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFLNK
    }

    private static func kind(_ mode: mode_t) -> PathKind {
        switch mode & S_IFMT {
        case S_IFREG: return .file
        case S_IFDIR: return .directory
        case S_IFIFO: return .fifo
        case S_IFSOCK: return .socket
        case S_IFCHR: return .characterDevice
        case S_IFBLK: return .blockDevice
        default: return .other
        }
    }

    /// "a folder", "a FIFO (named pipe)", … for messages.
    public var phrase: String {
        switch self {
        case .missing: return "nothing (it does not exist)"
        case .file: return "a file"
        case .directory: return "a folder"
        case .danglingLink: return "a symbolic link to something that does not exist"
        case .fifo: return "a FIFO (named pipe)"
        case .socket: return "a socket"
        case .characterDevice: return "a character device"
        case .blockDevice: return "a block device"
        case .other: return "not a file or folder"
        }
    }

    /// Nil when `path` is a readable regular file; otherwise why it cannot be read as one.
    public static func problemReadingFile(_ path: String) -> String? {
        let kind = of(path)
        switch kind {
        case .file:
            return access(path, R_OK) == 0 ? nil : "\(path) is a file this user may not read"
        case .missing:
            return "\(path) does not exist"
        default:
            return "\(path) is \(kind.phrase), not a file"
        }
    }

    /// Nil when `path` is a folder this user can list; otherwise why not.
    public static func problemReadingFolder(_ path: String) -> String? {
        let kind = of(path)
        switch kind {
        case .directory:
            return access(path, R_OK | X_OK) == 0 ? nil : "\(path) is a folder this user may not read"
        case .missing:
            return "\(path) does not exist"
        default:
            return "\(path) is \(kind.phrase), not a folder"
        }
    }

    /// The real path with every symbolic link resolved, or nil when it does not exist.
    public static func resolved(_ path: String) -> String? {
        guard let pointer = realpath(path, nil) else { return nil }
        defer { free(pointer) }
        return String(cString: pointer)
    }

    /// `path` without trailing slashes (`lstat("link/")` would follow the link).
    public static func trimmed(_ path: String) -> String {
        var p = path
        while p.count > 1, p.hasSuffix("/") { p.removeLast() }
        return p
    }

    /// What `path` names as the kernel reads it — every symbolic link and `..` resolved
    /// in order, as `open(2)` would — with the components that do not exist yet
    /// appended. Never a textual clean-up: `link/../x` is the link target's parent's `x`,
    /// not the `x` beside the link, so every check and every write act on one folder.
    public static func resolvedForCreation(_ path: String) -> String {
        let given = trimmed(path)
        let absolute = given.hasPrefix("/") ? given : FileManager.default.currentDirectoryPath + "/" + given
        var existing = absolute
        var missing: [String] = []
        while resolved(existing) == nil {
            let last = (existing as NSString).lastPathComponent
            let parent = (existing as NSString).deletingLastPathComponent
            if parent == existing || parent.isEmpty { break }
            missing.insert(last, at: 0)
            existing = parent
        }
        var result = resolved(existing) ?? existing
        for component in missing {
            switch component {
            case ".", "": continue
            case "..": result = (result as NSString).deletingLastPathComponent  // under a folder that does not exist: no links below it
            default: result = (result as NSString).appendingPathComponent(component)
            }
        }
        return result
    }

    /// Whether `inner` is `outer` or lies inside it (both already resolved).
    public static func contains(_ outer: String, _ inner: String) -> Bool {
        if inner == outer { return true }
        let prefix = outer.hasSuffix("/") ? outer : outer + "/"
        return inner.hasPrefix(prefix)
    }
}
