import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The SHA-256 of every extract, computed on a background thread of its own while
/// intake runs, and finished by whoever waits for it.
///
/// Why a thread of its own, reading the files itself: SHA-256 on plain Swift runs at
/// about 250 MB/s, so hashing a 2.7 GB extract in step with parsing it held the parse
/// back. Much of intake is in-order work on one core (interning, appends), and the
/// other core is free then; this thread takes that time. It runs in Linux's idle
/// scheduling class, so it never slows a step that wants the core. It is a thread
/// made for the job (not one of the shared dispatch threads, which would keep the
/// idle class for later work), and it reads with `read(2)` into one reused buffer,
/// so the pages it hashes are not counted in the run's resident memory.
///
/// An idle-class thread can wait a long time for a core on a busy machine, so
/// `wait()` never waits for it: after each block the thread publishes its progress
/// (the hash state and the offset), and `wait()` takes the file in progress from its
/// last published block, the files not started, and finishes them itself at the
/// caller's priority. The thread, when it next looks, finds its work taken and stops.
/// The lock is only ever held for a few assignments.
final class Digests: @unchecked Sendable {
    struct DigestFailure: Error, CustomStringConvertible {
        var description: String
    }

    /// One file's progress: how far it is hashed, and the state so far.
    private struct Progress {
        var index: Int
        var path: String
        var hasher = SHA256()
        var offset = 0
    }

    private let lock = NSLock()
    private var queue: [Progress] = []
    /// The file the background thread is hashing, as of its last whole block.
    private var current: Progress?
    private var results: [Int: Swift.Result<String, DigestFailure>] = [:]
    /// Set by `wait()` or `cancel()`: the background thread's work is taken or dropped.
    private var stopping = false
    private static let blockSize = 4 << 20

    /// Queues the file behind `index`; files are hashed one at a time, in the order queued.
    func add(_ index: Int, path: String) {
        lock.lock()
        queue.append(Progress(index: index, path: path))
        lock.unlock()
    }

    /// Starts the background thread on the files queued so far.
    func start() {
        let thread = Thread { [self] in
            Self.yieldToOtherWork()
            work()
        }
        thread.name = "scorecard.digests"
        thread.start()
    }

    /// Per index, its hex digest or why its file could not be read. Finishes on the
    /// calling thread whatever the background thread has not done, without waiting for it.
    func wait() -> [(Int, Swift.Result<String, DigestFailure>)] {
        lock.lock()
        stopping = true
        let rest = (current.map { [$0] } ?? []) + queue
        current = nil
        queue = []
        var done = results
        lock.unlock()
        for var progress in rest {
            done[progress.index] = Self.hash(&progress) { _ in true }
        }
        return done.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    /// Stops the background thread (intake failed); nothing more is hashed.
    func cancel() {
        lock.lock()
        stopping = true
        lock.unlock()
    }

    /// The background thread: files in order until none is left or its work is taken.
    private func work() {
        while true {
            lock.lock()
            guard !stopping, !queue.isEmpty else {
                lock.unlock()
                return
            }
            var progress = queue.removeFirst()
            current = progress
            lock.unlock()
            // After each block: publish the progress, or stop if `wait()` took the file.
            let result = Self.hash(&progress) { checkpoint in
                self.lock.lock()
                defer { self.lock.unlock() }
                if self.stopping { return false }
                self.current = checkpoint
                return true
            }
            lock.lock()
            defer { lock.unlock() }
            if stopping { return }
            results[progress.index] = result
            current = nil
        }
    }

    /// Moves this thread to Linux's idle scheduling class. If the system refuses, the
    /// thread runs at normal priority, which is only slower for the others.
    private static func yieldToOtherWork() {
        #if os(Linux)
        var param = sched_param()
        param.sched_priority = 0
        let schedIdle: Int32 = 5  // SCHED_IDLE in <sched.h>, not exported to Swift
        _ = pthread_setschedparam(pthread_self(), schedIdle, &param)
        #endif
    }

    /// Hashes `progress`'s file from its offset to the end, offering the progress to
    /// `carryOn` after each block; when it answers false, returns at once (the result
    /// is then of no use to anyone).
    private static func hash(_ progress: inout Progress, carryOn: (Progress) -> Bool) -> Swift.Result<String, DigestFailure> {
        let fd = open(progress.path, O_RDONLY)
        guard fd >= 0 else { return .failure(DigestFailure(description: String(cString: strerror(errno)))) }
        defer { close(fd) }
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: blockSize, alignment: 64)
        defer { buffer.deallocate() }
        while true {
            let n = pread(fd, buffer, blockSize, off_t(progress.offset))
            if n < 0 {
                if errno == EINTR { continue }
                return .failure(DigestFailure(description: String(cString: strerror(errno))))
            }
            if n == 0 { break }
            progress.hasher.update(UnsafeRawBufferPointer(start: buffer, count: n))
            progress.offset += n
            if !carryOn(progress) { return .failure(DigestFailure(description: "taken over")) }
        }
        return .success(SHA256.hex(progress.hasher.finish()))
    }
}
