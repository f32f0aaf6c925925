import Foundation

/// The records that may be in each window's population, found from an index when
/// the measure's `when` has a shape the engine knows, so no window tests every record.
/// The `when` condition is exact for these shapes, so candidates need no re-test.
enum Candidates {
    /// Records sorted by a date: a window's records are a binary-searched run.
    case byDate(rows: [Int32], values: [Int64])
    /// A precomputed list of rows per window (compressed: `rows[starts[w]..<starts[w+1]]`).
    case perWindow(starts: [Int], rows: [Int32])
    /// Every record, tested with `when`.
    case all

    /// Builds the candidates of a measure over a list of windows.
    static func make(for measure: Measure, dataset: Dataset, windows: [Window]) -> Candidates {
        guard let record = measure.record, let timing = measure.when?.timing else { return .all }
        let table = dataset.tables[record]
        switch timing {
        case .inPeriod(let field):
            let (rows, values) = sorted(table.ints[field], count: table.count)
            return .byDate(rows: rows, values: values)
        case .open(let start, let end, let yearToDate):
            return open(table, start: start, end: end, yearToDate: yearToDate, windows: windows)
        case .related(let other, let ref, let date):
            return related(dataset.tables[other], ref: ref, date: date, targetCount: table.count, windows: windows)
        }
    }

    /// Rows with a value, sorted by it (ties by row, so order is stable).
    static func sorted(_ column: [Int64], count: Int) -> (rows: [Int32], values: [Int64]) {
        var pairs: [(value: Int64, row: Int32)] = []
        pairs.reserveCapacity(count)
        for r in 0..<count where column[r] != Table.null { pairs.append((column[r], Int32(r))) }
        pairs.sort { a, b in a.value != b.value ? a.value < b.value : a.row < b.row }
        return (pairs.map(\.row), pairs.map(\.value))
    }

    static func lowerBound(_ values: [Int64], _ x: Int64) -> Int {
        var lo = 0, hi = values.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if values[mid] < x { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// For each record, the windows whose end finds it open (start ≤ end of window and
    /// no end or end after it), or open at any time in the window's year to date.
    private static func open(_ table: Table, start: Int, end: Int, yearToDate: Bool, windows: [Window]) -> Candidates {
        let order = windows.indices.sorted { windows[$0].end != windows[$1].end ? windows[$0].end < windows[$1].end : $0 < $1 }
        let ends = order.map { Int64(windows[$0].end) }
        let yearStarts = order.map { Int64(windows[$0].yearStart) }
        let starts = table.ints[start], finishes = table.ints[end]
        var counts = [Int](repeating: 0, count: windows.count + 1)
        func each(_ r: Int, _ body: (Int) -> Void) {
            let s = starts[r]
            guard s != Table.null else { return }
            let e = finishes[r]
            var k = lowerBound(ends, s)
            if yearToDate {
                if e != Table.null && e <= s { return }
                while k < ends.count, e == Table.null || yearStarts[k] < e { body(order[k]); k += 1 }
            } else {
                while k < ends.count, e == Table.null || ends[k] < e { body(order[k]); k += 1 }
            }
        }
        for r in 0..<table.count { each(r) { counts[$0 + 1] += 1 } }
        for w in 0..<windows.count { counts[w + 1] += counts[w] }
        var next = counts
        var rows = [Int32](repeating: 0, count: counts[windows.count])
        for r in 0..<table.count {
            each(r) { w in
                rows[next[w]] = Int32(r)
                next[w] += 1
            }
        }
        return .perWindow(starts: counts, rows: rows)
    }

    /// For each window, the records referred to by another record's rows dated in it.
    private static func related(_ other: Table, ref: Int, date: Int, targetCount: Int, windows: [Window]) -> Candidates {
        let (rows, values) = sorted(other.ints[date], count: other.count)
        let refs = other.ints[ref]
        var stamp = [Int32](repeating: -1, count: targetCount)
        var starts = [0]
        var out: [Int32] = []
        for (w, window) in windows.enumerated() {
            var k = lowerBound(values, Int64(window.start))
            let first = out.count
            while k < values.count, values[k] <= Int64(window.end) {
                let target = refs[Int(rows[k])]
                if target != Table.null, stamp[Int(target)] != Int32(w) {
                    stamp[Int(target)] = Int32(w)
                    out.append(Int32(target))
                }
                k += 1
            }
            out[first...].sort()
            starts.append(out.count)
        }
        return .perWindow(starts: starts, rows: out)
    }
}

/// Candidates shared by the measures of one evaluation: several measures count the
/// same record with the same timing (cases open at period end, say), and the lists
/// cost seconds to build at national scale. Safe from concurrent measures; two that
/// ask at once may both build, and the first stored is kept.
final class CandidateCache: @unchecked Sendable {
    private struct Key: Hashable {
        var record: Int
        var timing: Timing
    }
    private let lock = NSLock()
    @exclusivity(unchecked) private var entries: [Key: Candidates] = [:]

    func candidates(for measure: Measure, dataset: Dataset, windows: [Window]) -> Candidates {
        guard let record = measure.record, let timing = measure.when?.timing else { return .all }
        let key = Key(record: record, timing: timing)
        lock.lock()
        if let found = entries[key] {
            lock.unlock()
            return found
        }
        lock.unlock()
        let made = Candidates.make(for: measure, dataset: dataset, windows: windows)
        lock.lock()
        defer { lock.unlock() }
        if let found = entries[key] { return found }
        entries[key] = made
        return made
    }
}
