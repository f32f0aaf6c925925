/// Which case a sheet is filed under.
enum SheetCase {
    case mat(Int)
    case ehm(Int)
}

/// `spider_scores.csv`: distance-travelled sheets, one row per domain scored.
/// UTF-8, `,`, LF, `dd/mm/yyyy`. The sheet's `ref,stage,date,` prefix is written
/// once and copied within the buffer for its other seven rows.
struct SpiderScoresWriter: ~Copyable {
    private var sink: ExtractSink
    private let vocab: ExtractVocabulary
    private let dates: DateTextTable
    private let asAt: Int32
    /// `EH-9…` for cases nobody knows, unless real episode numbers could reach that far.
    private let unknownLead: Int
    private var scoredTwice, unreadable, unknownCase, lateSheet: TrapClock

    init<R: RandomSource>(folder: String, vocab: ExtractVocabulary, dates: DateTextTable, asAt: Int32, scale: Double, _ rng: inout R) throws(GeneratorError) {
        sink = try ExtractSink(folder: folder, name: "spider_scores.csv", lineEnd: .lf, capacity: 4 << 20)
        sink.header("Case Ref,Stage,Date,Domain,Score")
        self.vocab = vocab
        self.dates = dates
        self.asAt = asAt
        unknownLead = scale < 3000 ? 9 : 0
        scoredTwice = TrapClock(every: 290, &rng)
        unreadable = TrapClock(every: 1300, &rng)
        unknownCase = TrapClock(every: 36, &rng)
        lateSheet = TrapClock(every: 20, &rng)
    }

    /// Whether a review planned after the as-at date was keyed in early (a sheet dated
    /// after the extract: a trap). Asked once per case open at the as-at date.
    mutating func keysPlannedReview() -> Bool { lateSheet.tick() }

    /// One sheet: a row per domain with `scores` (1…10 each).
    mutating func sheet<R: RandomSource>(_ ref: SheetCase, stage: Int, date: Int32, scores: SIMD8<Int32>, _ rng: inout R) {
        if unknownCase.tick() { unknownRow(near: date, &rng) }
        let v = vocab
        sink.reserve(1024)
        let start = sink.mark
        switch ref {
        case .mat(let n): sink.text("MAT"); sink.int(n)
        case .ehm(let n): sink.text("EH-"); sink.int(n, width: 7)
        }
        sink.byte(Self.comma)
        sink.piece(v.stages[stage], of: v.arena); sink.byte(Self.comma)
        if unreadable.tick() {
            sink.bytes(FaultyDate.unreadable(date, .slashed, dates, &rng))
        } else {
            sink.date(date, .slashed, dates)
        }
        sink.byte(Self.comma)
        let prefix = sink.mark - start
        for d in 0..<8 {
            if d > 0 { sink.repeatBytes(from: start, length: prefix) }
            sink.piece(v.domains[d], of: v.arena); sink.byte(Self.comma)
            sink.int(Int(scores[d]))
            sink.byte(10)
            sink.countRow()
        }
        if scoredTwice.tick() {
            // A domain scored again on the same sheet, with a different score.
            let d = rng.below(8)
            sink.repeatBytes(from: start, length: prefix)
            sink.piece(v.domains[d], of: v.arena); sink.byte(Self.comma)
            sink.int(Int(scores[d]) == 10 ? 9 : Int(scores[d]) + 1)
            sink.endRow()
        }
    }

    /// A row for a case no system knows (a mistyped reference).
    private mutating func unknownRow<R: RandomSource>(near date: Int32, _ rng: inout R) {
        let v = vocab
        sink.reserve(256)
        sink.text("EH-"); sink.int(unknownLead * 1_000_000 + rng.below(1_000_000), width: 7); sink.byte(Self.comma)
        sink.piece(v.stages[rng.below(3)], of: v.arena); sink.byte(Self.comma)
        sink.date(min(date, asAt), .slashed, dates); sink.byte(Self.comma)
        sink.piece(v.domains[rng.below(8)], of: v.arena); sink.byte(Self.comma)
        sink.int(rng.between(1, 10))
        sink.endRow()
    }

    mutating func close() throws(GeneratorError) -> GeneratedFile { try sink.close() }

    private static let comma = UInt8(ascii: ",")
}
