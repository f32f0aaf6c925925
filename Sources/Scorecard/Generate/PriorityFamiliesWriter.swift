/// `priority_families.csv`: families attached to the Priority Families programme,
/// one row per criterion they presented with. UTF-8, `,`, LF, ISO dates.
struct PriorityFamiliesWriter: ~Copyable {
    static let criterionWeights = WeightedChoice([0.13, 0.15, 0.15, 0.1, 0.07, 0.12, 0.1, 0.1, 0.08])
    static let criteriaPerFamily = WeightedChoice([0.42, 0.3, 0.18, 0.1])

    private var sink: ExtractSink
    private let vocab: ExtractVocabulary
    private let dates: DateTextTable
    private let asAt: Int32
    private var families = 0
    private var repeated, unknownCriterion, unreadable, attachedLate: TrapClock

    init<R: RandomSource>(folder: String, vocab: ExtractVocabulary, dates: DateTextTable, asAt: Int32, _ rng: inout R) throws(GeneratorError) {
        sink = try ExtractSink(folder: folder, name: "priority_families.csv", lineEnd: .lf)
        sink.header("family_id,locality,criterion,attached_date,progress_date")
        self.vocab = vocab
        self.dates = dates
        self.asAt = asAt
        repeated = TrapClock(every: 45, &rng)
        unknownCriterion = TrapClock(every: 95, &rng)
        unreadable = TrapClock(every: 60, &rng)
        attachedLate = TrapClock(every: 40, &rng)
    }

    /// A family attached on `attached`, with one to four distinct criteria.
    mutating func write<R: RandomSource>(attached: Int32, locality: Int, _ rng: inout R) {
        families += 1
        let v = vocab
        let attachedOn = attachedLate.tick() ? asAt + Int32(rng.between(1, 60)) : attached
        var chosen: UInt16 = 0
        let wanted = 1 + Self.criteriaPerFamily.pick(&rng)
        while chosen.nonzeroBitCount < wanted { chosen |= 1 << UInt16(Self.criterionWeights.pick(&rng)) }
        for criterion in 0..<9 where chosen & (1 << UInt16(criterion)) != 0 {
            sink.reserve(1024)
            let start = sink.mark
            sink.text("PF"); sink.int(families, width: 5); sink.byte(Self.comma)
            sink.piece(v.localityNames[locality], of: v.arena); sink.byte(Self.comma)
            if unknownCriterion.tick() {
                sink.piece(v.criteriaUnknown[rng.below(v.criteriaUnknown.count)], of: v.arena)
            } else {
                sink.piece(v.criteria[criterion], of: v.arena)
            }
            sink.byte(Self.comma)
            if unreadable.tick() {
                sink.bytes(FaultyDate.unreadable(attachedOn, .iso, dates, &rng))
            } else {
                sink.date(attachedOn, .iso, dates)
            }
            sink.byte(Self.comma)
            if rng.chance(0.32) {
                let progress = attachedOn + Int32(rng.between(60, 540))
                if progress <= asAt { sink.date(progress, .iso, dates) }
            }
            sink.endRow()
            if repeated.tick() { sink.repeatRow(from: start) }
        }
    }

    mutating func close() throws(GeneratorError) -> GeneratedFile { try sink.close() }

    private static let comma = UInt8(ascii: ",")
}
