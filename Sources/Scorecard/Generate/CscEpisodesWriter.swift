/// `csc_episodes.csv`: children's social care episodes. UTF-8, `,`, LF, ISO dates,
/// locality codes 1–4 with a few blank or `99`.
struct CscEpisodesWriter: ~Copyable {
    enum EpisodeType: Int { case cin = 0, cpp, cla }

    private var sink: ExtractSink
    private let vocab: ExtractVocabulary
    private let dates: DateTextTable
    private let asAt: Int32
    private var endBeforeStart, unreadable, startsLate: TrapClock

    init<R: RandomSource>(folder: String, vocab: ExtractVocabulary, dates: DateTextTable, asAt: Int32, _ rng: inout R) throws(GeneratorError) {
        sink = try ExtractSink(folder: folder, name: "csc_episodes.csv", lineEnd: .lf)
        sink.header("child_id,episode_type,start_date,end_date,locality_code")
        self.vocab = vocab
        self.dates = dates
        self.asAt = asAt
        endBeforeStart = TrapClock(every: 520, &rng)
        unreadable = TrapClock(every: 480, &rng)
        startsLate = TrapClock(every: 610, &rng)
    }

    /// How long an episode of each type runs, in days.
    static func length<R: RandomSource>(_ type: EpisodeType, _ rng: inout R) -> Int32 {
        switch type {
        case .cin: return 198 + Int32((rng.unit() + rng.unit()) * 520)
        case .cpp: return 90 + Int32((rng.unit() + rng.unit()) * 200)
        case .cla: return rng.chance(0.1) ? Int32(rng.between(1000, 2300)) : 99 + Int32((rng.unit() + rng.unit()) * 350)
        }
    }

    /// Writes an episode as the system held it on the as-at date (an episode starting
    /// after it is not written).
    mutating func write<R: RandomSource>(child: Int, type: EpisodeType, start: Int32, end: Int32, locality: Int, _ rng: inout R) {
        var start = start
        var end = CaseStory.known(end, by: asAt)
        if start > asAt { return }
        if end != CaseStory.never && endBeforeStart.tick() { end = start - Int32(rng.between(1, 60)) }
        if startsLate.tick() {
            // An episode entered ahead of its start.
            start = asAt + Int32(rng.between(1, 60))
            end = CaseStory.never
        }
        let broken = unreadable.tick() ? (end != CaseStory.never && rng.chance(0.4) ? 1 : 0) : -1
        let v = vocab
        sink.reserve(512)
        sink.int(child); sink.byte(Self.comma)
        sink.piece(v.cscType[type.rawValue], of: v.arena); sink.byte(Self.comma)
        date(start, broken == 0, &rng); sink.byte(Self.comma)
        if end != CaseStory.never { date(end, broken == 1, &rng) }
        sink.byte(Self.comma)
        let u = rng.unit()
        if u < 0.004 {
            sink.piece(v.cscLocalityUnmapped[0], of: v.arena)
        } else if u < 0.0075 {
            sink.piece(v.cscLocalityUnmapped[1], of: v.arena)
        } else {
            sink.piece(v.cscLocality[locality], of: v.arena)
        }
        sink.endRow()
    }

    private mutating func date<R: RandomSource>(_ day: Int32, _ broken: Bool, _ rng: inout R) {
        if broken { sink.bytes(FaultyDate.unreadable(day, .iso, dates, &rng)) } else { sink.date(day, .iso, dates) }
    }

    mutating func close() throws(GeneratorError) -> GeneratedFile { try sink.close() }

    private static let comma = UInt8(ascii: ",")
}
