import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Lets go of a memory-mapped extract's pages behind a walk over it.
///
/// Why: a walk over a mapped file makes every page it reads resident, and resident
/// file pages count in the run's memory for as long as the mapping lives. The reader
/// and the chunk splitter report the offsets they have passed (`CSVReader.passed`,
/// `ChunkSplitter.split(passed:)`); this drops the whole pages before such an offset
/// with `madvise(MADV_DONTNEED)`, so one 200 MB line or a 3 GB extract costs a few
/// megabytes of pages at a time rather than its size. On a read-only file mapping that
/// is always safe: a page read again is read back from the file (the page cache).
///
/// Holds `buffer`'s address without owning it: make it and let it go inside the scope
/// that gave the buffer (`Data.withUnsafeBytes`); it must not outlive that call.
///
/// Only for memory that maps a file: on anonymous memory `MADV_DONTNEED` would zero it.
/// Pages are dropped only from `from` on, so a caller can protect what it still needs
/// (the first page of the record being walked is never dropped).
final class PageRelease: @unchecked Sendable {
    private let base: UnsafeMutableRawPointer
    private let count: Int
    private let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))
    /// Everything before this offset (page-aligned) has been let go, or is protected.
    private var dropped: Int

    /// For `buffer`, a mapped file; pages before `from` are never dropped.
    init?(_ buffer: UnsafeRawBufferPointer, from: Int = 0) {
        guard let base = buffer.baseAddress else { return nil }
        self.base = UnsafeMutableRawPointer(mutating: base)
        self.count = buffer.count
        self.dropped = (from + pageSize - 1) / pageSize * pageSize
    }

    /// Drops the whole pages from the last call, or from `from` if later, up to
    /// `offset` (exclusive).
    func through(_ offset: Int, from: Int = 0) {
        dropped = max(dropped, (from + pageSize - 1) / pageSize * pageSize)
        let end = min(offset, count) / pageSize * pageSize
        guard end > dropped else { return }
        madvise(base + dropped, end - dropped, MADV_DONTNEED)
        dropped = end
    }
}
