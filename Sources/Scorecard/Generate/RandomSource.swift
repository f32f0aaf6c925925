/// What the generator draws from a stream of 64-bit numbers. Every helper is
/// plain integer arithmetic, so results are identical on every platform.
protocol RandomSource {
    mutating func next() -> UInt64
}

extension RandomSource {
    /// A number in `0..<n` (multiply-high; the bias for the small n used here is far below 2⁻⁴⁰).
    @inline(__always)
    mutating func below(_ n: Int) -> Int {
        Int(truncatingIfNeeded: next().multipliedFullWidth(by: UInt64(n)).high)
    }

    /// A number in `low...high`.
    @inline(__always)
    mutating func between(_ low: Int, _ high: Int) -> Int { low + below(high - low + 1) }

    /// A double in [0, 1).
    @inline(__always)
    mutating func unit() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// True with probability `p`.
    @inline(__always)
    mutating func chance(_ p: Double) -> Bool { unit() < p }

    /// `expected` rounded up or down at random so that the mean is `expected`:
    /// how many events of a given rate happen today.
    @inline(__always)
    mutating func count(expected: Double) -> Int {
        let whole = expected.rounded(.down)
        return Int(whole) + (unit() < expected - whole ? 1 : 0)
    }
}
