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
/// An idle-class thread can wait a long time on a busy machine, so `wait()` does not
/// wait for it: it asks the thread to stop at the next block, takes over the file it
/// was hashing at the byte where it stopped, and finishes the rest itself, at the
/// caller's priority.
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
    private var results: [Int: Swift.Result<String, DigestFailure>] = [:]
    /// Set by `wait()` or `cancel()`: the background thread stops at the next block.
    private var stopping = false
    private var started = false
    private let finished = DispatchSemaphore(value: 0)
    private static let blockSize = 4 << 20

    /// Queues the file behind `index`; files are hashed one at a time, in the order queued.
    func add(_ index: Int, path: String) {
        lock.lock()
        queue.append(Progress(index: index, path: path))
        lock.unlock()
    }

    /// Starts the background thread on the files queued so far.
    func start() {
        lock.lock()
        started = true
        lock.unlock()
        let thread = Thread { [self] in
            Self.yieldToOtherWork()
            work()
            finished.signal()
        }
        thread.name = "scorecard.digests"
        thread.start()
    }

    /// Per index, its hex digest or why its file could not be read. Finishes on the
    /// calling thread whatever the background thread has not done yet.
    func wait() -> [(Int, Swift.Result<String, DigestFailure>)] {
        lock.lock()
        stopping = true
        let wasStarted = started
        lock.unlock()
        if wasStarted { finished.wait() }
        lock.lock()
        let rest = queue
        queue = []
        lock.unlock()
        for var progress in rest {
            let result = Self.hash(&progress) { false }
            lock.lock()
            results[progress.index] = result
            lock.unlock()
        }
        lock.lock()
        defer { lock.unlock() }
        return results.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    /// Stops the background thread (intake failed); nothing more is hashed.
    func cancel() {
        lock.lock()
        stopping = true
        lock.unlock()
    }

    /// The background thread: files in order until none is left or it is asked to
    /// stop, leaving a file it stopped in at the head of the queue with its progress.
    private func work() {
        while true {
            lock.lock()
            guard !stopping, var progress = queue.first else {
                lock.unlock()
                return
            }
            queue.removeFirst()
            lock.unlock()
            var stopped = false
            let result = Self.hash(&progress) {
                self.lock.lock()
                defer { self.lock.unlock() }
                stopped = self.stopping
                return stopped
            }
            lock.lock()
            if stopped {
                queue.insert(progress, at: 0)
            } else {
                results[progress.index] = result
            }
            lock.unlock()
            if stopped { return }
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

    /// Hashes `progress`'s file from its offset to the end, checking `shouldStop`
    /// between blocks; when it says stop, returns with the progress kept.
    private static func hash(_ progress: inout Progress, shouldStop: () -> Bool) -> Swift.Result<String, DigestFailure> {
        let fd = open(progress.path, O_RDONLY)
        guard fd >= 0 else { return .failure(DigestFailure(description: String(cString: strerror(errno)))) }
        defer { close(fd) }
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: blockSize, alignment: 64)
        defer { buffer.deallocate() }
        while true {
            if shouldStop() { return .failure(DigestFailure(description: "stopped")) }
            let n = pread(fd, buffer, blockSize, off_t(progress.offset))
            if n < 0 {
                if errno == EINTR { continue }
                return .failure(DigestFailure(description: String(cString: strerror(errno))))
            }
            if n == 0 { break }
            progress.hasher.update(UnsafeRawBufferPointer(start: buffer, count: n))
            progress.offset += n
        }
        return .success(SHA256.hex(progress.hasher.finish()))
    }
}
