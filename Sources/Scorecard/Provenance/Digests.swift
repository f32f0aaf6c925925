import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The SHA-256 of every extract, computed on one background thread while intake runs.
///
/// Why a thread of its own, reading the files itself: SHA-256 on plain Swift runs at
/// about 250 MB/s, so hashing a 2.7 GB extract in step with parsing it held the parse
/// back. Much of intake is in-order work on one core (interning, keys, appends), and
/// the other core is free then; this job takes that time. It reads with `read(2)` into
/// one reused buffer rather than through the loader's mapping, so the pages it hashes
/// are not counted in the run's resident memory and the loader can let go of pages it
/// has parsed without the hasher paging them back in.
final class Digests: @unchecked Sendable {
    private let queue = DispatchQueue(label: "scorecard.digests")
    private let group = DispatchGroup()
    private let lock = NSLock()
    private var results: [Int: Swift.Result<String, DigestFailure>] = [:]
    private var cancelled = false

    struct DigestFailure: Error, CustomStringConvertible {
        var description: String
    }

    /// Queues the file behind `index`; files are hashed one at a time, in the order queued.
    func start(_ index: Int, path: String) {
        group.enter()
        queue.async {
            defer { self.group.leave() }
            Self.yieldToOtherWork()
            let result = self.hash(path)
            self.lock.lock()
            self.results[index] = result
            self.lock.unlock()
        }
    }

    /// Waits for every queued file; per index, its hex digest or why it could not be read.
    func wait() -> [(Int, Swift.Result<String, DigestFailure>)] {
        group.wait()
        lock.lock()
        defer { lock.unlock() }
        return results.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    /// Stops hashing (intake failed): the remaining files are skipped.
    func cancel() {
        lock.lock()
        cancelled = true
        lock.unlock()
    }

    private var isCancelled: Bool {
        lock.lock()
        defer { lock.unlock() }
        return cancelled
    }

    /// Moves this thread to Linux's idle scheduling class, so the hashing takes only
    /// time no other step of the run wants. If the system refuses, it runs as before.
    private static func yieldToOtherWork() {
        #if os(Linux)
        var param = sched_param()
        param.sched_priority = 0
        let schedIdle: Int32 = 5  // SCHED_IDLE in <sched.h>, not exported to Swift
        _ = pthread_setschedparam(pthread_self(), schedIdle, &param)
        #endif
    }

    private func hash(_ path: String) -> Swift.Result<String, DigestFailure> {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return .failure(DigestFailure(description: String(cString: strerror(errno)))) }
        defer { close(fd) }
        let size = 4 << 20
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 64)
        defer { buffer.deallocate() }
        var hasher = SHA256()
        while true {
            if isCancelled { return .failure(DigestFailure(description: "cancelled")) }
            let n = read(fd, buffer, size)
            if n < 0 {
                if errno == EINTR { continue }
                return .failure(DigestFailure(description: String(cString: strerror(errno))))
            }
            if n == 0 { break }
            hasher.update(UnsafeRawBufferPointer(start: buffer, count: n))
        }
        return .success(SHA256.hex(hasher.finish()))
    }
}
