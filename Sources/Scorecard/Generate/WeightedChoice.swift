/// Picks an index with fixed relative weights, by one random number and a short scan
/// of cumulative thresholds (the tables here have at most a few dozen entries).
struct WeightedChoice: Sendable {
    private let thresholds: [UInt64]

    init(_ weights: [Double]) {
        precondition(!weights.isEmpty && weights.allSatisfy { $0 >= 0 })
        let total = weights.reduce(0, +)
        var running = 0.0
        thresholds = weights.map { w in
            running += w
            return running >= total ? UInt64.max : UInt64(running / total * 0x1.0p64)
        }
    }

    var count: Int { thresholds.count }

    @inline(__always)
    func pick<R: RandomSource>(_ rng: inout R) -> Int {
        let r = rng.next()
        var i = 0
        while i < thresholds.count - 1 && r >= thresholds[i] { i += 1 }
        return i
    }
}
