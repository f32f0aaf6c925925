/// `person_xref.csv`: the master person index built at the migration. UTF-8, `,`, LF.
/// Written last, once every child's systems are known: a child seen by two or more
/// systems nearly always has a row for each id, one seen by one system usually does;
/// a few rows are exported twice.
struct PersonXrefWriter: ~Copyable {
    private var sink: ExtractSink
    private let vocab: ExtractVocabulary
    private let seed: UInt64
    private var repeated: TrapClock

    init<R: RandomSource>(folder: String, vocab: ExtractVocabulary, seed: UInt64, _ rng: inout R) throws(GeneratorError) {
        sink = try ExtractSink(folder: folder, name: "person_xref.csv", lineEnd: .lf)
        sink.header("system,local_id,person_uid")
        self.vocab = vocab
        self.seed = seed
        repeated = TrapClock(every: 260, &rng)
    }

    /// All rows, system by system. `person_uid`s are `P` + 7 digits, a shuffle of
    /// 1…N so that uid order says nothing about any system's id order.
    mutating func write(_ city: SyntheticCity) {
        let n = city.count
        guard n > 0 else { return }
        var shuffle = SplitMix64(seed: seed, stream: 0xC0DE)
        var multiplier = Int(shuffle.next() % UInt64(n)) | 1
        while gcd(multiplier, n) != 1 { multiplier += 2 }
        let offset = Int(shuffle.next() % UInt64(n))
        for system in SyntheticCity.System.allCases {
            let bit = UInt8(1 << system.rawValue)
            for p in 0..<n {
                let seen = city.seenIn[p]
                guard seen & bit != 0 else { continue }
                var draw = SplitMix64(seed: seed, stream: UInt64(p) << 2 | UInt64(system.rawValue))
                let linked = seen.nonzeroBitCount > 1
                guard draw.chance(linked ? 0.975 : 0.88) else { continue }
                let uid = (p.multipliedReportingOverflow(by: multiplier).partialValue % n + offset) % n + 1
                sink.reserve(256)
                let start = sink.mark
                sink.piece(vocab.systems[system.rawValue], of: vocab.arena); sink.byte(Self.comma)
                sink.int(city.existingId(Int32(p), system)); sink.byte(Self.comma)
                sink.byte(UInt8(ascii: "P")); sink.int(uid, width: 7)
                sink.endRow()
                if repeated.tick() { sink.repeatRow(from: start) }
            }
        }
    }

    private func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }

    mutating func close() throws(GeneratorError) -> GeneratedFile { try sink.close() }

    private static let comma = UInt8(ascii: ",")
}
