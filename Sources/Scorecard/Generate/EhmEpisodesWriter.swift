/// `ehm_episodes.csv`: the Liquid Logic Early Help Module, from 1 November 2016.
/// UTF-8 with a BOM, `,`, CRLF, RFC 4180 `Notes` (commas, doubled quotes, line
/// breaks inside quotes), `dd/mm/yyyy`.
struct EhmEpisodesWriter: ~Copyable {
    private var sink: ExtractSink
    private let vocab: ExtractVocabulary
    private let dates: DateTextTable
    private let asAt: Int32
    private(set) var episodes = 0
    private var repeated, endBeforeStart, unreadable, receivedLate: TrapClock

    init<R: RandomSource>(folder: String, vocab: ExtractVocabulary, dates: DateTextTable, asAt: Int32, _ rng: inout R) throws(GeneratorError) {
        sink = try ExtractSink(folder: folder, name: "ehm_episodes.csv", lineEnd: .crlf)
        sink.header("Episode ID,Person ID,Family ID,Legacy Case Ref,Request Received,Request Source,Locality Team,Episode Start,Assessment Completed,Episode End,End Reason,Lead Professional Agency,Notes", bom: true)
        self.vocab = vocab
        self.dates = dates
        self.asAt = asAt
        repeated = TrapClock(every: 400, &rng)
        endBeforeStart = TrapClock(every: 430, &rng)
        unreadable = TrapClock(every: 370, &rng)
        receivedLate = TrapClock(every: 900, &rng)
    }

    /// The next episode number (`EH-` + 7 digits), taken when a case enters EHM.
    mutating func nextEpisode() -> Int {
        episodes += 1
        return 1_000_000 + episodes
    }

    /// Writes the episode as EHM held it on the as-at date. A migrated MAT case keeps
    /// its received, start and assessment dates and names its `CASE_REF`.
    mutating func write<R: RandomSource>(_ c: CaseStory, episode: Int, person: Int, family: Int, legacyRef: Int?, _ rng: inout R) {
        let v = vocab
        var received = c.received, start = c.start
        var assessed = CaseStory.known(c.assessed, by: asAt)
        var ended = CaseStory.known(c.end, by: asAt)
        if ended != CaseStory.never && endBeforeStart.tick() { ended = start - Int32(rng.between(1, 40)) }
        if legacyRef == nil && receivedLate.tick() {
            // A request keyed with the wrong year: received, and so started, after the extract.
            received = asAt + Int32(rng.between(20, 240))
            start = received + Int32(rng.between(0, 21))
            assessed = CaseStory.never
            ended = CaseStory.never
        }
        var broken = -1  // 0 received, 1 start, 2 assessed, 3 ended
        if unreadable.tick() {
            broken = rng.below(4)
            if broken == 2 && assessed == CaseStory.never { broken = 1 }
            if broken == 3 && ended == CaseStory.never { broken = 0 }
        }

        sink.reserve(2048)
        let rowStart = sink.mark
        sink.text("EH-"); sink.int(episode, width: 7); sink.byte(Self.comma)
        sink.int(person); sink.byte(Self.comma)
        sink.text("FAM"); sink.int(family); sink.byte(Self.comma)
        if let legacyRef { sink.text("MAT"); sink.int(legacyRef) }
        sink.byte(Self.comma)
        date(received, broken == 0, &rng); sink.byte(Self.comma)
        sink.piece(v.ehmRoute[c.route], of: v.arena); sink.byte(Self.comma)
        let u = rng.unit()
        if u < 0.0075 {
            sink.piece(v.ehmLocalityUnmapped[0], of: v.arena)
        } else if u < 0.0115 {
            sink.piece(v.ehmLocalityUnmapped[1], of: v.arena)
        } else {
            sink.piece(v.ehmLocality[c.locality], of: v.arena)
        }
        sink.byte(Self.comma)
        date(start, broken == 1, &rng); sink.byte(Self.comma)
        if assessed != CaseStory.never { date(assessed, broken == 2, &rng) }
        sink.byte(Self.comma)
        if ended != CaseStory.never { date(ended, broken == 3, &rng) }
        sink.byte(Self.comma)
        if ended != CaseStory.never { sink.piece(v.ehmEndReason[c.reason], of: v.arena) }
        sink.byte(Self.comma)
        sink.piece(v.ehmAgency[c.agency], of: v.arena); sink.byte(Self.comma)
        sink.piece(v.ehmNotes[v.ehmNotesChoice.pick(&rng)], of: v.arena)
        sink.endRow()
        if repeated.tick() { sink.repeatRow(from: rowStart) }
    }

    private mutating func date<R: RandomSource>(_ day: Int32, _ broken: Bool, _ rng: inout R) {
        if broken { sink.bytes(FaultyDate.unreadable(day, .slashed, dates, &rng)) } else { sink.date(day, .slashed, dates) }
    }

    mutating func close() throws(GeneratorError) -> GeneratedFile { try sink.close() }

    private static let comma = UInt8(ascii: ",")
}
