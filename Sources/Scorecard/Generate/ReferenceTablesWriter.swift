/// The two reference tables, one row per locality and year or quarter whatever the
/// scale: `population.csv` (ONS mid-year estimates of children 0–17) and
/// `workforce.csv` (Early Help worker FTE per quarter). Their figures grow with the
/// scale so that rates per 10,000 and caseloads stay those of a real council. Each
/// holds one row repeated (first stands).
enum ReferenceTablesWriter {
    static let basePopulation = [1823, 2033, 1817, 1867]

    static func population<R: RandomSource>(folder: String, vocab: ExtractVocabulary, scale: Double, asAt: Int32, _ rng: inout R) throws(GeneratorError) -> GeneratedFile {
        var sink = try ExtractSink(folder: folder, name: "population.csv", lineEnd: .lf)
        sink.header("locality,year,population_0_17")
        let lastYear = max(2013, Day.civil(asAt).year)
        var rows: [(locality: Int, year: Int, children: Int)] = []
        for locality in 0..<4 {
            let growth = 1.006 + 0.004 * rng.unit()
            var children = Double(basePopulation[locality]) * scale
            for year in 2013...lastYear {
                rows.append((locality, year, max(1, Int(children.rounded()))))
                children *= growth
            }
        }
        rows.append(rows[rows.count / 2 + rng.below(rows.count / 2)])
        for row in rows {
            sink.reserve(256)
            sink.piece(vocab.localityNames[row.locality], of: vocab.arena); sink.byte(UInt8(ascii: ","))
            sink.int(row.year); sink.byte(UInt8(ascii: ","))
            sink.int(row.children)
            sink.endRow()
        }
        return try sink.close()
    }

    static func workforce<R: RandomSource>(folder: String, vocab: ExtractVocabulary, dates: DateTextTable, scale: Double, asAt: Int32, _ rng: inout R) throws(GeneratorError) -> GeneratedFile {
        var sink = try ExtractSink(folder: folder, name: "workforce.csv", lineEnd: .lf)
        sink.header("quarter_end,locality,worker_fte")
        // Quarters up to the one holding the last whole month the run can report.
        let lastMonthEnd = Day.monthEnd(asAt) == asAt ? asAt : Day.number(year: Day.civil(asAt).year, month: Day.civil(asAt).month, day: 1) - 1
        let lastQuarter = Day.quarterEnd(lastMonthEnd)
        var rows: [(quarter: Int32, locality: Int, tenths: Int)] = []
        var quarter = Day.number(year: 2014, month: 6, day: 30)
        while quarter <= lastQuarter {
            for locality in 0..<4 {
                rows.append((quarter, locality, max(1, Int((Double(rng.between(11, 18)) * scale).rounded()))))
            }
            quarter = Day.quarterEnd(quarter + 1)
        }
        if !rows.isEmpty { rows.append(rows[rng.below(rows.count)]) }
        for row in rows {
            sink.reserve(256)
            sink.date(row.quarter, .iso, dates); sink.byte(UInt8(ascii: ","))
            sink.piece(vocab.localityNames[row.locality], of: vocab.arena); sink.byte(UInt8(ascii: ","))
            sink.tenths(row.tenths)
            sink.endRow()
        }
        return try sink.close()
    }
}
