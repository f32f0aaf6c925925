/// The children known to Early Help in the synthetic city: where each lives, their
/// family, and the local id each system gave them. Ids are handed out in order of
/// first appearance with small gaps, as the legacy systems did; a child seen by two
/// systems has two ids and, in `person_xref.csv`, one `person_uid`.
///
/// Children known only to social care or only to eCAF never need linking, so they
/// take an id from the same counters but no place here. Memory is a few bytes per
/// child (about 60 MB at scale 2,700).
struct SyntheticCity {
    enum System: Int, CaseIterable { case mat = 0, ehm, csc, ecaf }

    static let localityWeights = WeightedChoice([0.21, 0.245, 0.265, 0.28])

    private(set) var family: [Int32] = []
    private(set) var locality: [UInt8] = []
    /// Bit `1 << system` set once the child has a row in that system's extract.
    private(set) var seenIn: [UInt8] = []
    private var localIds: [[Int32]] = Array(repeating: [], count: 4)
    /// The next local id of each system (MAT clients, EHM persons, CSC children, eCAF children).
    private var nextLocal: [Int32] = [40000, 100000, 700000, 3000]

    var count: Int { family.count }

    /// A new child: a new family, or (sometimes) the sibling of a child seen recently.
    mutating func addChild<R: RandomSource>(_ rng: inout R) -> Int32 {
        let p = Int32(family.count)
        if p > 0 && rng.chance(0.12) {
            let sibling = Int(p) - 1 - rng.below(min(Int(p), 50))
            family.append(family[sibling])
            locality.append(locality[sibling])
        } else {
            family.append(p)
            locality.append(UInt8(Self.localityWeights.pick(&rng)))
        }
        seenIn.append(0)
        for s in 0..<4 { localIds[s].append(0) }
        return p
    }

    /// The child's id in a system, given on first use; marks the child as seen there.
    mutating func localId<R: RandomSource>(_ p: Int32, _ system: System, _ rng: inout R) -> Int {
        let s = system.rawValue
        seenIn[Int(p)] |= 1 << UInt8(s)
        if localIds[s][Int(p)] == 0 { localIds[s][Int(p)] = newLocalId(system, &rng) }
        return Int(localIds[s][Int(p)])
    }

    /// An id for a child this registry does not track (social-care-only, eCAF-only).
    mutating func newLocalId<R: RandomSource>(_ system: System, _ rng: inout R) -> Int32 {
        let s = system.rawValue
        nextLocal[s] += 1 + (rng.chance(system == .ecaf ? 0.2 : 0.6) ? Int32(1 + rng.below(2)) : 0)
        return nextLocal[s]
    }

    /// The id the child already has in a system (0 if none).
    func existingId(_ p: Int32, _ system: System) -> Int { Int(localIds[system.rawValue][Int(p)]) }

    /// The family number a system shows: its first child's id there if it has one, else the child's own.
    func familyNumber(_ p: Int32, _ system: System) -> Int {
        let head = existingId(family[Int(p)], system)
        return head != 0 ? head : existingId(p, system)
    }
}
