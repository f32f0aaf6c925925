/// Children due back to Early Help on a later day (re-referrals and later returns),
/// as a binary min-heap of `day << 32 | child`. A child is scheduled only when a
/// case closes, so one child never has two cases open at once, and the heap holds
/// at most the children between a closure and their return.
struct ReturnSchedule {
    private var heap: [UInt64] = []

    var isEmpty: Bool { heap.isEmpty }

    mutating func add(day: Int32, child: Int32) {
        heap.append(UInt64(UInt32(bitPattern: day)) << 32 | UInt64(UInt32(bitPattern: child)))
        var i = heap.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            if heap[parent] <= heap[i] { break }
            heap.swapAt(parent, i)
            i = parent
        }
    }

    /// The next child due on or before `day`, removed from the schedule.
    mutating func due(by day: Int32) -> Int32? {
        guard let top = heap.first, Int32(bitPattern: UInt32(top >> 32)) <= day else { return nil }
        let last = heap.removeLast()
        if !heap.isEmpty {
            heap[0] = last
            var i = 0
            while true {
                let l = 2 * i + 1, r = l + 1
                var m = i
                if l < heap.count && heap[l] < heap[m] { m = l }
                if r < heap.count && heap[r] < heap[m] { m = r }
                if m == i { break }
                heap.swapAt(i, m)
                i = m
            }
        }
        return Int32(bitPattern: UInt32(truncatingIfNeeded: top))
    }
}
