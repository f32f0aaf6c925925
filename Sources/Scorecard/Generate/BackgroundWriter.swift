import Foundation

/// Writes a sink's full buffer on a background thread while the generator fills the
/// other one: on two cores the `write` system calls (page-cache copies, most of the
/// cost of a multi-gigabyte set) overlap with making the rows. All sinks share one
/// serial queue, so files are written one chunk at a time in the order flushed.
final class BackgroundWriter: @unchecked Sendable {
    private static let queue = DispatchQueue(label: "scorecard.generate.write", qos: .userInitiated)

    /// Signalled when the chunk in flight is on disk.
    private let done = DispatchSemaphore(value: 0)
    /// Set by the queue before it signals, read only after `wait()`: the semaphore orders the two.
    private var failure: Int32 = 0
    private(set) var inFlight = false

    /// A chunk to write; the pointer stays valid until `wait()` returns.
    private struct Chunk: @unchecked Sendable {
        let fd: Int32
        let bytes: UnsafeMutablePointer<UInt8>
        let count: Int
    }

    /// Starts writing `count` bytes; the caller must not touch them until `wait()`.
    func start(fd: Int32, bytes: UnsafeMutablePointer<UInt8>, count: Int) {
        precondition(!inFlight)
        inFlight = true
        let chunk = Chunk(fd: fd, bytes: bytes, count: count)
        Self.queue.async { [self] in
            var offset = 0
            while offset < chunk.count && failure == 0 {
                let n = Foundation.write(chunk.fd, chunk.bytes + offset, chunk.count - offset)
                if n < 0 {
                    if errno != EINTR { failure = errno }
                } else {
                    offset += n
                }
            }
            done.signal()
        }
    }

    /// Waits for the chunk in flight, if any; the first write error so far (0 if none).
    @discardableResult
    func wait() -> Int32 {
        if inFlight {
            done.wait()
            inFlight = false
        }
        return failure
    }
}
