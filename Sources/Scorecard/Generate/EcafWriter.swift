/// `ecaf_eha.txt`: Early Help Assessments recorded by partner agencies. ASCII, `|`,
/// no header row, LF, `dd-Mon-yyyy`.
struct EcafWriter: ~Copyable {
    static let agencies = WeightedChoice([0.37, 0.29, 0.24, 0.06, 0.04])

    private var sink: ExtractSink
    private let vocab: ExtractVocabulary
    private let dates: DateTextTable
    private let asAt: Int32
    private var assessments = 0
    private var repeated, unreadable, completedLate, oddAgency: TrapClock

    init<R: RandomSource>(folder: String, vocab: ExtractVocabulary, dates: DateTextTable, asAt: Int32, _ rng: inout R) throws(GeneratorError) {
        sink = try ExtractSink(folder: folder, name: "ecaf_eha.txt", lineEnd: .lf)
        self.vocab = vocab
        self.dates = dates
        self.asAt = asAt
        repeated = TrapClock(every: 310, &rng)
        unreadable = TrapClock(every: 340, &rng)
        completedLate = TrapClock(every: 420, &rng)
        oddAgency = TrapClock(every: 70, &rng)
    }

    /// One assessment (`agency` 0…4: SCHOOL, HEALTH, EARLY HELP, POLICE, VCS).
    mutating func write<R: RandomSource>(child: Int, date: Int32, agency: Int, locality: Int, _ rng: inout R) {
        guard date <= asAt else { return }
        let v = vocab
        assessments += 1
        sink.reserve(512)
        let start = sink.mark
        sink.text("EHA"); sink.int(assessments, width: 6); sink.byte(Self.bar)
        sink.int(child); sink.byte(Self.bar)
        if unreadable.tick() {
            sink.bytes(FaultyDate.unreadable(date, .named, dates, &rng))
        } else if completedLate.tick() {
            sink.date(asAt + Int32(rng.between(1, 90)), .named, dates)
        } else {
            sink.date(date, .named, dates)
        }
        sink.byte(Self.bar)
        if oddAgency.tick() {
            sink.piece(v.ecafAgencyOdd[rng.below(v.ecafAgencyOdd.count)], of: v.arena)
        } else {
            sink.piece(v.ecafAgency[agency], of: v.arena)
        }
        sink.byte(Self.bar)
        let u = rng.unit()
        if u < 0.014 {
            sink.piece(v.ecafLocalityUnmapped[0], of: v.arena)
        } else if u < 0.023 {
            sink.piece(v.ecafLocalityUnmapped[1], of: v.arena)
        } else {
            sink.piece(v.ecafLocality[locality], of: v.arena)
        }
        sink.endRow()
        if repeated.tick() { sink.repeatRow(from: start) }
    }

    mutating func close() throws(GeneratorError) -> GeneratedFile { try sink.close() }

    private static let bar = UInt8(ascii: "|")
}
