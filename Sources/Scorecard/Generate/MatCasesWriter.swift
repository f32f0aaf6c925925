/// `mat_cases.csv`: the legacy MAT database, April 2014 – 31 October 2016.
/// Windows-1252, `;`, CRLF, quoted only when needed, `yyyymmdd`.
struct MatCasesWriter: ~Copyable {
    private var sink: ExtractSink
    private let vocab: ExtractVocabulary
    private let dates: DateTextTable
    private let asAt: Int32
    private var cases = 0
    private var repeated, endBeforeStart, unreadable, futureDated: TrapClock

    init<R: RandomSource>(folder: String, vocab: ExtractVocabulary, dates: DateTextTable, asAt: Int32, _ rng: inout R) throws(GeneratorError) {
        sink = try ExtractSink(folder: folder, name: "mat_cases.csv", lineEnd: .crlf)
        sink.header("CASE_REF;CLIENT_NO;FAMILY_NO;LOC_CODE;ROUTE;OPENED;ASSESS_DT;CLOSED;CLOSE_RSN;LEAD_AGENCY")
        self.vocab = vocab
        self.dates = dates
        self.asAt = asAt
        repeated = TrapClock(every: 330, &rng)
        endBeforeStart = TrapClock(every: 420, &rng)
        unreadable = TrapClock(every: 380, &rng)
        futureDated = TrapClock(every: 140, &rng)
    }

    /// Writes the case as MAT held it on `extractDay`; returns its `CASE_REF` number.
    /// References climb in steps of one to three, as the old database's did.
    mutating func write<R: RandomSource>(_ c: CaseStory, client: Int, family: Int, extractDay: Int32, _ rng: inout R) -> Int {
        let ref = 100_000 + 3 * (cases + 1) - rng.below(3)
        cases += 1
        let v = vocab
        var opened = c.received
        let assessed = CaseStory.known(c.assessed, by: extractDay)
        var closed = CaseStory.known(c.end, by: extractDay)
        if closed != CaseStory.never && endBeforeStart.tick() { closed = opened - Int32(rng.between(1, 45)) }
        // A mistyped year on a case still open (on a closed one it would read as "end before start").
        if closed == CaseStory.never && futureDated.tick() { opened = FaultyDate.mistypedYear(opened, after: asAt) }
        // Which date field, if any, is typed so that it cannot be read.
        var broken = -1
        if unreadable.tick() {
            broken = 0
            if rng.chance(0.5) { broken = closed != CaseStory.never ? 2 : (assessed != CaseStory.never ? 1 : 0) }
        }

        sink.reserve(2048)  // room for the row and a repeat of it
        let rowStart = sink.mark
        sink.text("MAT"); sink.int(ref); sink.byte(Self.semicolon)
        sink.int(client); sink.byte(Self.semicolon)
        sink.byte(UInt8(ascii: "F")); sink.int(family); sink.byte(Self.semicolon)
        let u = rng.unit()
        if u < 0.005 {
            sink.piece(v.matLocalityUnmapped[rng.below(v.matLocalityUnmapped.count)], of: v.arena)
        } else if u < 0.115 {
            sink.piece(v.matLocality[c.locality][1 + rng.below(v.matLocality[c.locality].count - 1)], of: v.arena)
        } else {
            sink.piece(v.matLocality[c.locality][0], of: v.arena)
        }
        sink.byte(Self.semicolon)
        sink.piece(v.matRoute[c.route], of: v.arena); sink.byte(Self.semicolon)
        date(opened, broken == 0, &rng); sink.byte(Self.semicolon)
        if assessed != CaseStory.never { date(assessed, broken == 1, &rng) }
        sink.byte(Self.semicolon)
        if closed != CaseStory.never { date(closed, broken == 2, &rng) }
        sink.byte(Self.semicolon)
        if closed != CaseStory.never { sink.piece(v.matEndReason[c.reason], of: v.arena) }
        sink.byte(Self.semicolon)
        sink.piece(v.matAgency[c.agency][v.matAgencyChoice[c.agency].pick(&rng)], of: v.arena)
        sink.endRow()
        if repeated.tick() {
            // The same row exported twice.
            sink.repeatRow(from: rowStart)
        }
        return ref
    }

    private mutating func date<R: RandomSource>(_ day: Int32, _ broken: Bool, _ rng: inout R) {
        if broken {
            sink.bytes(FaultyDate.unreadable(day, .compact, dates, &rng))
        } else {
            sink.date(day, .compact, dates)
        }
    }

    mutating func close() throws(GeneratorError) -> GeneratedFile { try sink.close() }

    private static let semicolon = UInt8(ascii: ";")
}
