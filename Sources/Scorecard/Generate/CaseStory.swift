/// What really happened in one Early Help case, before any system recorded it: the
/// extracts are views of this at their extract date, with their own spellings and faults.
struct CaseStory {
    /// A date that never came (no assessment, not closed).
    static let never = Int32.max

    var serial: Int          // 0, 1, 2 … in order of receipt: seeds the case's own random stream
    var child: Int32
    var locality: Int
    var received: Int32
    var start: Int32
    var assessed: Int32
    var end: Int32
    var reason: Int
    var route: Int
    var agency: Int
    var isReturn: Bool

    static let routes = WeightedChoice([0.21, 0.29, 0.165, 0.125, 0.087, 0.055, 0.068])
    static let reasons = WeightedChoice([0.53, 0.095, 0.145, 0.115, 0.06, 0.055])
    static let agencies = WeightedChoice([0.70, 0.11, 0.065, 0.03, 0.063, 0.032])

    /// A case received on `day` for a child.
    static func draw<R: RandomSource>(serial: Int, child: Int32, locality: Int, received day: Int32, isReturn: Bool, _ rng: inout R) -> CaseStory {
        let start = day + Int32(rng.between(0, 21))
        let assessed = rng.chance(0.81) ? start + Int32(rng.between(3, 45)) : never
        // Most plans run one to fourteen months; a few run on for years.
        let length = rng.chance(0.03)
            ? rng.between(420, 900)
            : 31 + Int((rng.unit() + rng.unit()) * 195)
        return CaseStory(
            serial: serial, child: child, locality: locality, received: day, start: start,
            assessed: assessed, end: start + Int32(length), reason: reasons.pick(&rng),
            route: routes.pick(&rng), agency: agencies.pick(&rng), isReturn: isReturn)
    }

    /// A date as known on the day an extract was taken: a later one is not known yet.
    @inline(__always)
    static func known(_ date: Int32, by extractDay: Int32) -> Int32 { date <= extractDay ? date : never }
}
