import CSV
import Dispatch
import Foundation

/// Finds the record boundaries of the extracts loaded later, in the background, while
/// earlier extracts are loaded.
///
/// Why: splitting a file into chunks that start at record boundaries is one pass over
/// it on one core (quoted line breaks make it sequential); for the 2.7 GB spider file
/// that is over a second with the other core idle. Done ahead, it overlaps the
/// in-order steps of the sources before it. Each file is mapped for the split alone
/// and unmapped after, so its pages do not stay in the run's resident memory.
final class SplitAhead: @unchecked Sendable {
    private let queue = DispatchQueue(label: "scorecard.split-ahead")
    private let lock = NSLock()
    private var results: [Int: [ChunkSplitter.Chunk]] = [:]
    private var groups: [Int: DispatchGroup] = [:]
    private var cancelled = false

    /// Queues the split of source `index`'s file; files are split one at a time, in order.
    func start(_ index: Int, path: String, dialect: Dialect, targetSize: Int) {
        let group = DispatchGroup()
        lock.lock()
        groups[index] = group
        lock.unlock()
        group.enter()
        queue.async {
            defer { group.leave() }
            if self.isCancelled { return }
            guard let data = try? Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped) else { return }
            // The pages behind the walk are let go as it goes (see `PageRelease`).
            let chunks = data.withUnsafeBytes { raw in
                let release = PageRelease(raw)
                return ChunkSplitter.split(raw, dialect: dialect, targetSize: targetSize, passed: release.map { r in { r.through($0) } })
            }
            self.lock.lock()
            self.results[index] = chunks
            self.lock.unlock()
        }
    }

    /// The chunks of source `index` if they were queued (waiting for them), else nil.
    /// `size` must match the file as the loader mapped it, or the split is not used.
    func chunks(_ index: Int, size: Int) -> [ChunkSplitter.Chunk]? {
        lock.lock()
        let group = groups[index]
        lock.unlock()
        guard let group else { return nil }
        group.wait()
        lock.lock()
        defer { lock.unlock() }
        guard let chunks = results.removeValue(forKey: index), chunks.last?.range.upperBound == size else { return nil }
        return chunks
    }

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
}
