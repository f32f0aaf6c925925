/// SplitMix64 (Steele, Lea & Flood 2014): one add and a 64-bit mix per number.
/// Used to seed the main generator and for small independent streams (one per
/// case, one per sheet) so that a change in one extract's logic does not shift
/// the random numbers every other extract sees.
struct SplitMix64: RandomSource {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    /// A stream derived from a seed and a label (a case number, a purpose).
    init(seed: UInt64, stream: UInt64) {
        state = SplitMix64.mix(seed ^ SplitMix64.mix(stream &+ 0x632B_E59B_D9B4_E019))
    }

    @inline(__always)
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return SplitMix64.mix(state)
    }

    @inline(__always)
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
