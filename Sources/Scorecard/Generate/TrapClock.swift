/// Decides which rows carry a deliberate fault: every `period`-th row, from a phase
/// drawn from the seed. Counting instead of rolling dice guarantees that even the
/// smallest set (scale 1) holds each kind of trap at least once when it has
/// `period` rows or more, and that a set N times larger holds N times as many.
struct TrapClock {
    private let period: Int
    private var countdown: Int

    init<R: RandomSource>(every period: Int, _ rng: inout R) {
        self.period = max(1, period)
        countdown = 1 + rng.below(self.period)
    }

    /// Counts one eligible row; true when this row is the one to spoil.
    @inline(__always)
    mutating func tick() -> Bool {
        countdown -= 1
        if countdown > 0 { return false }
        countdown = period
        return true
    }
}
