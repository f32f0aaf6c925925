/// The city's Early Help history, day by day from January 2012 to the as-at date,
/// written to the extracts as it happens.
///
/// Each day: social care opens episodes for children Early Help never sees;
/// partners complete assessments (eCAF); families join Priority Families; children
/// due back after an earlier case come back (re-referrals); new children are
/// referred. A case's whole story is drawn when it is received, and each system
/// records what it knew on its extract date: MAT until 31 October 2016 (open cases
/// then move to EHM with their MAT `CASE_REF`), EHM and everything else until the
/// as-at date. Closing a case may bring a feedback form, a step-up to social care
/// and a later return.
struct Simulation: ~Copyable {
    static let socialCareFrom = Day.number(year: 2012, month: 1, day: 1)
    static let earlyHelpFrom = Day.number(year: 2014, month: 4, day: 1)
    static let migration = Day.number(year: 2016, month: 11, day: 1)
    static let priorityFamiliesFrom = Day.number(year: 2015, month: 4, day: 1)

    /// Events a day at scale 1 (tuned so scale 1 is about the size of `sample-data/`).
    /// Requests arrive at a steady rate: children coming back take their share and new
    /// children make up the rest, so the first year is as busy as the last.
    static let requestsPerDay = 1.10
    static let socialCareOnlyPerDay: [Double] = [0.33, 0.05, 0.085]  // CIN, CPP, CLA
    static let partnerOnlyPerDay = 0.27
    static let familiesPerDay = 0.03
    /// After a case closes: back within 3 months (a re-referral), back later, or not back.
    static let reReferral = 0.17, laterReturn = 0.3
    /// Requests for a child seen recently, whether or not their case is still open (a
    /// second agency refers, or a new case is opened beside the old one).
    static let recentChildAgain = 0.15
    /// Feedback forms returned per closed case.
    static let feedbackRate = 0.065
    /// Cases that use the distance-travelled tool.
    static let spiderRate = 0.55
    static let assessmentsPerChild = WeightedChoice([0.75, 0.2, 0.05])

    private let scale: Double
    private let seed: UInt64
    private let asAt: Int32
    private let folder: String
    private let vocab: ExtractVocabulary
    private let dates: DateTextTable
    private var rng: Xoshiro256
    private var city = SyntheticCity()
    private var returns = ReturnSchedule()
    private var serial = 0
    /// Children coming back per day, averaged over about two months.
    private var returnsPerDay = 0.0

    private var mat: MatCasesWriter
    private var ehm: EhmEpisodesWriter
    private var xref: PersonXrefWriter
    private var csc: CscEpisodesWriter
    private var hwify: HwifyReturnsWriter
    private var spider: SpiderScoresWriter
    private var ecaf: EcafWriter
    private var families: PriorityFamiliesWriter

    init(_ options: GeneratorOptions, folder: String) throws(GeneratorError) {
        scale = options.scale
        seed = options.seed
        asAt = options.asAt
        self.folder = folder
        rng = Xoshiro256(seed: options.seed)
        let vocab = ExtractVocabulary()
        let dates = DateTextTable(
            from: Day.number(year: 2005, month: 1, day: 1),
            through: max(options.asAt, Day.number(year: 2018, month: 12, day: 31)) + 800)
        self.vocab = vocab
        self.dates = dates
        // Trap phases come from their own stream, so they do not shift the city's story.
        var traps = SplitMix64(seed: options.seed, stream: 0x7EA9)
        // Built as locals first: a noncopyable property cannot be left half-initialised by a throw.
        let mat = try MatCasesWriter(folder: folder, vocab: vocab, dates: dates, asAt: asAt, &traps)
        let ehm = try EhmEpisodesWriter(folder: folder, vocab: vocab, dates: dates, asAt: asAt, &traps)
        let xref = try PersonXrefWriter(folder: folder, vocab: vocab, seed: options.seed, &traps)
        let csc = try CscEpisodesWriter(folder: folder, vocab: vocab, dates: dates, asAt: asAt, &traps)
        let hwify = try HwifyReturnsWriter(folder: folder, vocab: vocab, dates: dates, asAt: asAt, &traps)
        let spider = try SpiderScoresWriter(folder: folder, vocab: vocab, dates: dates, asAt: asAt, scale: options.scale, &traps)
        let ecaf = try EcafWriter(folder: folder, vocab: vocab, dates: dates, asAt: asAt, &traps)
        let families = try PriorityFamiliesWriter(folder: folder, vocab: vocab, dates: dates, asAt: asAt, &traps)
        self.mat = mat
        self.ehm = ehm
        self.xref = xref
        self.csc = csc
        self.hwify = hwify
        self.spider = spider
        self.ecaf = ecaf
        self.families = families
    }

    mutating func run() {
        guard asAt >= Self.socialCareFrom else { return }
        for day in Self.socialCareFrom...asAt {
            socialCareOnly(day)
            guard day >= Self.earlyHelpFrom else { continue }
            partnerAssessmentsOnly(day)
            if day >= Self.priorityFamiliesFrom {
                for _ in 0..<rng.count(expected: Self.familiesPerDay * scale) {
                    families.write(attached: day, locality: SyntheticCity.localityWeights.pick(&rng), &rng)
                }
            }
            var back = 0
            while let child = returns.due(by: day) {
                openCase(day, child: child, isReturn: true)
                back += 1
            }
            returnsPerDay += (Double(back) - returnsPerDay) / 60
            let expected = Self.requestsPerDay * scale
            for _ in 0..<rng.count(expected: max(0.25 * expected, expected - returnsPerDay)) {
                if city.count > 50 && rng.chance(Self.recentChildAgain) {
                    let recent = city.count - 1 - rng.below(min(city.count, 50 + Int(300 * scale)))
                    openCase(day, child: Int32(recent), isReturn: true)
                } else {
                    openCase(day, child: city.addChild(&rng), isReturn: false)
                }
            }
        }
    }

    /// Writes the person index and the reference tables, and closes every file.
    mutating func finish() throws(GeneratorError) -> [GeneratedFile] {
        xref.write(city)
        var files = [
            try mat.close(), try ehm.close(), try xref.close(), try csc.close(), try hwify.close(),
            try spider.close(), try ecaf.close(), try families.close(),
        ]
        files.append(try ReferenceTablesWriter.population(folder: folder, vocab: vocab, scale: scale, asAt: asAt, &rng))
        files.append(try ReferenceTablesWriter.workforce(folder: folder, vocab: vocab, dates: dates, scale: scale, asAt: asAt, &rng))
        return files
    }

    // MARK: - Cases

    private mutating func openCase(_ day: Int32, child: Int32, isReturn: Bool) {
        let c = CaseStory.draw(
            serial: serial, child: child, locality: Int(city.locality[Int(child)]), received: day,
            isReturn: isReturn, &rng)
        serial += 1
        if !isReturn { historyBefore(c) }
        var matRef: Int?
        var episode: Int?
        if day < Self.migration {
            let client = city.localId(child, .mat, &rng)
            matRef = mat.write(
                c, client: client, family: city.familyNumber(child, .mat),
                extractDay: min(asAt, Self.migration - 1), &rng)
            if asAt >= Self.migration && c.end >= Self.migration {
                episode = enterEHM(c, legacyRef: matRef)
            }
        } else {
            episode = enterEHM(c, legacyRef: nil)
        }
        sheets(c, matRef: matRef, episode: episode)
        if c.end <= asAt { afterClosure(c) }
    }

    private mutating func enterEHM(_ c: CaseStory, legacyRef: Int?) -> Int {
        let episode = ehm.nextEpisode()
        let person = city.localId(c.child, .ehm, &rng)
        ehm.write(c, episode: episode, person: person, family: city.familyNumber(c.child, .ehm), legacyRef: legacyRef, &rng)
        return episode
    }

    /// What other services knew of a newly referred child: a social care episode that
    /// ended just before a step-down, or a partner's assessment before their referral.
    private mutating func historyBefore(_ c: CaseStory) {
        if c.route == Route.csc && rng.chance(0.6) {
            let end = c.received - Int32(rng.between(0, 30))
            let type: CscEpisodesWriter.EpisodeType = rng.chance(0.85) ? .cin : .cpp
            let start = end - Int32(rng.between(type == .cin ? 200 : 90, 900))
            csc.write(child: city.localId(c.child, .csc, &rng), type: type, start: start, end: end, locality: c.locality, &rng)
        }
        let agency: Int
        switch c.route {
        case Route.school: agency = 0
        case Route.health: agency = 1
        case Route.police: agency = 3
        case Route.other: agency = rng.chance(0.5) ? 4 : 2
        default: return
        }
        if rng.chance(0.35) {
            let date = c.received - Int32(rng.between(0, 45))
            ecaf.write(child: city.localId(c.child, .ecaf, &rng), date: date, agency: agency, locality: c.locality, &rng)
        }
    }

    /// What follows a case closed by the as-at date.
    private mutating func afterClosure(_ c: CaseStory) {
        if rng.chance(Self.feedbackRate) {
            let date = c.end + Int32(rng.between(1, 40))
            if date <= asAt {
                hwify.write(locality: c.locality, date: date, satisfied: c.reason == EndReason.outcomesMet ? 0.9 : 0.7, &rng)
            }
        }
        if c.reason == EndReason.steppedUp {
            let start = c.end + Int32(rng.between(0, 14))
            if start <= asAt {
                let u = rng.unit()
                let type: CscEpisodesWriter.EpisodeType = u < 0.6 ? .cin : (u < 0.93 ? .cpp : .cla)
                let end = start + CscEpisodesWriter.length(type, &rng)
                csc.write(child: city.localId(c.child, .csc, &rng), type: type, start: start, end: end, locality: c.locality, &rng)
            }
        }
        guard c.reason != EndReason.movedOut else { return }
        let u = rng.unit()
        var back = CaseStory.never
        if u < Self.reReferral {
            back = c.end + Int32(rng.between(0, 89))  // always within 3 calendar months
        } else if u < Self.reReferral + Self.laterReturn {
            back = c.end + Int32(rng.between(93, 720))
        }
        if back <= asAt { returns.add(day: back, child: c.child) }
    }

    // MARK: - Spider sheets

    /// Over half the cases use the distance-travelled tool: a Start sheet in the first weeks,
    /// Reviews every two to four months, an End sheet on closing. A migrated case's
    /// sheets before the migration are under its MAT ref, later ones under its EHM
    /// episode, and half the migrated cases had their old sheets copied across too.
    private mutating func sheets(_ c: CaseStory, matRef: Int?, episode: Int?) {
        var r = SplitMix64(seed: seed, stream: UInt64(c.serial) | 1 << 40)
        guard r.chance(Self.spiderRate) else { return }
        var date = c.start + Int32(r.between(3, 41))
        guard date <= min(c.end, asAt) else { return }
        let copied = matRef != nil && episode != nil && r.chance(0.5)
        var base = SIMD8<Int32>()
        for d in 0..<8 { base[d] = Int32(r.between(2, 7)) }
        let trend = r.unit() * 1.3 - 0.3
        var k = 0
        var stage = 0
        while true {
            sheet(matRef: matRef, episode: episode, copied: copied, stage: stage, date: date, scores: scores(base, trend, k, &r), &r)
            k += 1
            let next = date + Int32(r.between(60, 120))
            if next >= c.end { break }
            if next > asAt {
                if spider.keysPlannedReview() {
                    sheet(matRef: matRef, episode: episode, copied: copied, stage: 1, date: next, scores: scores(base, trend, k, &r), &r)
                }
                break
            }
            date = next
            stage = 1
        }
        if c.end <= asAt && r.chance(0.8) {
            sheet(matRef: matRef, episode: episode, copied: copied, stage: 2, date: c.end, scores: scores(base, trend, k, &r), &r)
        }
    }

    private func scores(_ base: SIMD8<Int32>, _ trend: Double, _ k: Int, _ r: inout SplitMix64) -> SIMD8<Int32> {
        let shift = Int32((trend * Double(k)).rounded())
        let noise = r.next()
        var s = base
        for d in 0..<8 {
            let bits = Int32(truncatingIfNeeded: (noise >> UInt64(2 * d)) & 3)
            s[d] = min(10, max(1, base[d] + shift + (bits == 0 ? -1 : (bits == 3 ? 1 : 0))))
        }
        return s
    }

    private mutating func sheet(matRef: Int?, episode: Int?, copied: Bool, stage: Int, date: Int32, scores: SIMD8<Int32>, _ r: inout SplitMix64) {
        guard let matRef else {
            spider.sheet(.ehm(episode!), stage: stage, date: date, scores: scores, &r)
            return
        }
        guard let episode, date >= Self.migration else {
            spider.sheet(.mat(matRef), stage: stage, date: date, scores: scores, &r)
            if let episode, copied && r.chance(0.75) {
                var copy = scores
                if r.chance(0.1) {
                    // Re-keyed with a slip: the MAT copy, first in the file, stands.
                    let d = r.below(8)
                    copy[d] = copy[d] == 10 ? 9 : copy[d] + 1
                }
                spider.sheet(.ehm(episode), stage: stage, date: date, scores: copy, &r)
            }
            return
        }
        spider.sheet(.ehm(episode), stage: stage, date: date, scores: scores, &r)
    }

    // MARK: - Children other services see alone

    private mutating func socialCareOnly(_ day: Int32) {
        for t in 0..<3 {
            let type = CscEpisodesWriter.EpisodeType(rawValue: t)!
            for _ in 0..<rng.count(expected: Self.socialCareOnlyPerDay[t] * scale) {
                let child = Int(city.newLocalId(.csc, &rng))
                let locality = SyntheticCity.localityWeights.pick(&rng)
                let end = day + CscEpisodesWriter.length(type, &rng)
                csc.write(child: child, type: type, start: day, end: end, locality: locality, &rng)
                if type == .cin && rng.chance(0.1) {
                    // Escalated to a protection plan when the CIN episode ended.
                    let start = end + Int32(rng.between(0, 20))
                    csc.write(child: child, type: .cpp, start: start, end: start + CscEpisodesWriter.length(.cpp, &rng), locality: locality, &rng)
                }
            }
        }
    }

    private mutating func partnerAssessmentsOnly(_ day: Int32) {
        for _ in 0..<rng.count(expected: Self.partnerOnlyPerDay * scale) {
            let child = Int(city.newLocalId(.ecaf, &rng))
            let locality = SyntheticCity.localityWeights.pick(&rng)
            var date = day
            for _ in 0...Self.assessmentsPerChild.pick(&rng) {
                ecaf.write(child: child, date: date, agency: EcafWriter.agencies.pick(&rng), locality: locality, &rng)
                date += Int32(rng.between(90, 500))
                if date > asAt { break }
            }
        }
    }
}
