/// `hwify_returns.csv`: "How was it for you?" forms keyed by admin staff. UTF-8, `,`,
/// LF, RFC 4180 `Comments`; team names typed by hand; dates `dd/mm/yyyy` with a few
/// impossible (`31/02/2015`), `TBC` or blank.
struct HwifyReturnsWriter: ~Copyable {
    private var sink: ExtractSink
    private let vocab: ExtractVocabulary
    private let dates: DateTextTable
    private let asAt: Int32
    private var returns = 0
    private var undatedKind = 0
    private var undated, returnedLate, repeated, otherTeam: TrapClock

    init<R: RandomSource>(folder: String, vocab: ExtractVocabulary, dates: DateTextTable, asAt: Int32, _ rng: inout R) throws(GeneratorError) {
        sink = try ExtractSink(folder: folder, name: "hwify_returns.csv", lineEnd: .lf)
        sink.header("Return No,Team,Date Returned,Treated With Respect,Listened To,Helped With Issues,Comments")
        self.vocab = vocab
        self.dates = dates
        self.asAt = asAt
        undated = TrapClock(every: 32, &rng)
        returnedLate = TrapClock(every: 75, &rng)
        repeated = TrapClock(every: 90, &rng)
        otherTeam = TrapClock(every: 28, &rng)
    }

    /// One return from a family in `locality`; `satisfied` is the chance of each "yes".
    mutating func write<R: RandomSource>(locality: Int, date: Int32, satisfied: Double, _ rng: inout R) {
        let v = vocab
        returns += 1
        sink.reserve(1024)
        let start = sink.mark
        sink.byte(UInt8(ascii: "R")); sink.int(returns, width: 5); sink.byte(Self.comma)
        if otherTeam.tick() {
            sink.piece(v.teamsUnmapped[rng.below(v.teamsUnmapped.count)], of: v.arena)
        } else {
            sink.piece(v.teams[locality][rng.below(v.teams[locality].count)], of: v.arena)
        }
        sink.byte(Self.comma)
        if undated.tick() {
            let (y, _, _) = Day.civil(date)
            undatedKind += 1
            switch undatedKind % 3 {
            case 0: sink.text("31/02/"); sink.int(y)
            case 1: sink.text("TBC")
            default: break
            }
        } else if returnedLate.tick() {
            sink.date(asAt + Int32(rng.between(1, 45)), .slashed, dates)
        } else {
            sink.date(date, .slashed, dates)
        }
        for _ in 0..<3 {
            sink.byte(Self.comma)
            let answer = rng.chance(satisfied) ? v.positiveAnswer.pick(&rng) : v.negativeAnswer.pick(&rng)
            sink.piece(v.answers[answer], of: v.arena)
        }
        sink.byte(Self.comma)
        sink.piece(v.comments[rng.below(v.comments.count)], of: v.arena)
        sink.endRow()
        if repeated.tick() { sink.repeatRow(from: start) }
    }

    mutating func close() throws(GeneratorError) -> GeneratedFile { try sink.close() }

    private static let comma = UInt8(ascii: ",")
}
