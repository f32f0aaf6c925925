import Foundation
#if canImport(Glibc)
import Glibc
private let posixWrite = Glibc.write
#elseif canImport(Darwin)
import Darwin
private let posixWrite = Darwin.write
#endif

/// Writes a file that holds personal data (rejected rows, the internal data-quality
/// account, an `explain` list) so that it is readable by its owner only from the
/// moment it exists: created with mode 0600 by `open(2)`, never written world-readable
/// and chmod'ed afterwards, which would leave a window in which anyone could open it.
enum PrivateFile {
    struct Failure: Error, CustomStringConvertible {
        var path: String
        var reason: String
        var description: String { "\(path): \(reason)" }
    }

    /// Creates `path`, which must not exist (an old file's wider mode is never
    /// inherited, and nothing Scorecard did not write is replaced), with mode 0600 and
    /// writes `bytes`.
    static func write(_ bytes: [UInt8], to path: String) throws(Failure) {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw Failure(path: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { buffer in posixWrite(fd, buffer.baseAddress! + offset, bytes.count - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                throw Failure(path: path, reason: String(cString: strerror(errno)))
            }
            offset += n
        }
    }
}
