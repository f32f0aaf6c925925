import Foundation
import Testing
@testable import Scorecard

/// The layouts the intake learned for the second council (UTF-16, report exports,
/// date-times and month labels, number layouts, blank tokens), sniffed through the command.
@Suite(.serialized) struct SniffSecondCouncilTests {
    static let root = Repo.fixtures + "/second-council"

    static func numberWords(_ n: NumberLayout) -> String {
        "decimal \(Character(UnicodeScalar(n.decimalMark))) thousands \(n.thousands == 0 ? "none" : String(Character(UnicodeScalar(n.thousands)))) percent \(n.percent)"
    }

    /// Wrenbury's six extracts: the drafts pass `check` on them, and read each as the
    /// shipped definitions do — encoding, delimiter, preamble and footer, blank tokens,
    /// and per column its kind, date layout (with pivot or year start) and number layout.
    @Test func secondCouncilDraftsMatchTheShippedDefinitions() throws {
        let data = Self.root + "/data"
        let files = try FileManager.default.contentsOfDirectory(atPath: data).filter { !$0.hasPrefix(".") }.sorted().map { data + "/" + $0 }
        #expect(files.count == 7)
        let out = SniffSupport.temporaryFolder("second") + "/sniffed"
        #expect(SniffSupport.sniff(files, out: out) == 0)
        let metrics = try SniffSupport.metricsFolder(from: out)
        let sniffed = try DefinitionLoader.load(folder: metrics)
        #expect(sniffed.sources.count == 7)
        #expect(ScorecardCommand.main(["check", "--data", data, "--as-at", "2017-07-01", "--metrics", metrics]) == 0)

        let shipped = try DefinitionLoader.load(folder: Self.root + "/metrics")
        var compared = 0
        // The finance ledger is declared by hand beyond what sniff drafts (its year and period
        // read as one date, its team-keyed Budget and Actual groups, its cost centre as text):
        // its draft is checked above to pass 'check', not compared mapping by mapping.
        for source in shipped.sources where source.file != "ledger.csv" {
            let drafted = try #require(sniffed.sources.first { $0.file == source.file }, "no draft for \(source.file)")
            #expect(drafted.encoding == source.encoding, "\(source.file): encoding \(drafted.encoding), shipped \(source.encoding)")
            #expect(drafted.dialectDelimiter == source.dialectDelimiter, "\(source.file): delimiter")
            #expect(drafted.hasHeader == source.hasHeader, "\(source.file): header")
            #expect(drafted.preambleLines == source.preambleLines, "\(source.file): preamble \(drafted.preambleLines), shipped \(source.preambleLines)")
            #expect(drafted.footerLines == source.footerLines, "\(source.file): footer \(drafted.footerLines), shipped \(source.footerLines)")
            func footerCounts(_ s: SourceSpec) -> [String] {
                s.completeness.compactMap { if case .footerCount(let p) = $0.kind { return p } else { return nil } }
            }
            #expect(footerCounts(drafted) == footerCounts(source), "\(source.file): footer count \(footerCounts(drafted)), shipped \(footerCounts(source))")
            #expect(Set(drafted.blankTokens) == Set(source.blankTokens), "\(source.file): blank tokens")
            // A wide statement's values have no column of their own: the header's groups give them.
            let wideValues = source.wide.map { $0.firstValue..<($0.firstValue + $0.labels.count) } ?? 0..<0
            let ownColumns = source.mappings.indices.filter { !wideValues.contains($0) }.map { source.mappings[$0] }
            for mapping in ownColumns {
                let column = SniffSupport.column(mapping)
                let match = try #require(drafted.mappings.first { SniffSupport.column($0) == column }, "\(source.file): no mapping of \(column)")
                #expect(SniffSupport.kind(match.conversion) == SniffSupport.kind(mapping.conversion),
                        "\(source.file) \(column): drafted \(SniffSupport.kind(match.conversion)), shipped \(SniffSupport.kind(mapping.conversion))")
                if case .date(let a) = match.conversion, case .date(let b) = mapping.conversion {
                    #expect(a.pivot == b.pivot, "\(source.file) \(column): pivot \(a.pivot), shipped \(b.pivot)")
                }
                #expect(Self.numberWords(match.number) == Self.numberWords(mapping.number),
                        "\(source.file) \(column): drafted \(Self.numberWords(match.number)), shipped \(Self.numberWords(mapping.number))")
                compared += 1
            }
            // The record's types: decimal, money and datetime where the shipped record says so (an int column is drafted int).
            if let r = source.record, let dr = drafted.record {
                let shippedRecord = shipped.records[r], draftedRecord = sniffed.records[dr]
                for mapping in source.mappings {
                    guard [.decimal, .money, .datetime].contains(shippedRecord.fields[mapping.field].type) else { continue }
                    let match = drafted.mappings.first { SniffSupport.column($0) == SniffSupport.column(mapping) }!
                    #expect("\(draftedRecord.fields[match.field].type)" == "\(shippedRecord.fields[mapping.field].type)", "\(source.file) \(SniffSupport.column(mapping)): record type")
                }
            }
        }
        #expect(compared == shipped.sources.filter { $0.file != "ledger.csv" }.reduce(0) { $0 + $1.mappings.count - ($1.wide?.labels.count ?? 0) })
        #expect(compared >= 18)

        // Each guess says how sure it is.
        let staffing = try SniffSupport.text(out + "/sources/staffing.source")
        #expect(staffing.contains("month = \"Month\" format \"Mon-yy\" pivot 50 required\n"))
        #expect(staffing.contains("# TODO pivot: a two-digit year; 'pivot 50'"))
        #expect(staffing.contains("# \"FTE\": numbers written decimal \",\": 4 of 4 non-blank values (100%), 3.25 to 6"))
        #expect(staffing.contains("# blank: \"n/k\" 1 times in columns whose other values are dates or numbers"))
        let assessments = try SniffSupport.text(out + "/sources/assessments.source")
        #expect(assessments.contains("# report export: 3 lines before the header do not split into 3 fields"))
        #expect(assessments.contains("\"End of report\""))
        #expect(assessments.contains("# the footer states the 4 records read: checked on every run\n  footer    count \"Total rows: #\" error\n"))
        #expect(assessments.contains("date-time yyyy-mm-ddThh:mm:ss: 3 of 4 non-blank values (75.0%); 1 unreadable, e.g. \"2017-05-03 09:00\""))
        let referrals = try SniffSupport.text(out + "/sources/referrals.source")
        #expect(referrals.contains("# encoding: UTF-16 (little-endian, FF FE byte-order mark)"))
        #expect(referrals.contains("received = \"Received\" format \"dd/mm/yyyy hh:mm\" required\n"))
        // The budget's Spend, two places throughout with thousands separators, is money.
        let budget = try SniffSupport.text(out + "/sources/budget.source")
        #expect(budget.contains("spend = \"Spend\" thousands \",\" required\n"))
        #expect(budget.contains("# \"Spend\": money written thousands \",\": 4 of 4 non-blank values (100%) read to the penny"))
    }

    /// Layouts the fixtures do not hold: year labels (financial and academic), fractions of a
    /// second, month names with four-digit years, a decimal comma with thousands dots, a
    /// big-endian UTF-16 file; and a 1,234 sniff will not guess.
    @Test func otherLayoutsAreDetectedAndReadExactly() throws {
        let folder = SniffSupport.temporaryFolder("layouts")
        let data = folder + "/data"
        try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        var text = "Case,Logged,Financial Year,Academic Year,Period,Label,Amount,Units\n"
        for i in 0..<30 {
            let y = 2015 + i % 5
            let amount = i % 2 == 0 ? "1.\(200 + i),\(i % 10)" : "\(10 + i),5"
            let units = "\(i % 3 + 1),\(100 + i)"
            text += "C\(i),\(y)-0\(i % 9 + 1)-1\(i % 10) 1\(i % 10):3\(i % 10):0\(i % 10).12\(i % 10),\(y)/\(Self.two((y + 1) % 100)),\(y)-\(Self.two((y + 1) % 100)),\(months[i % 12])-\(y),\(months[(i + 3) % 12]) \(y),\"\(amount)\",\"\(units)\"\n"
        }
        try text.write(toFile: data + "/layouts.csv", atomically: true, encoding: .utf8)
        // Big-endian UTF-16 with a byte-order mark, tab-delimited, yyyy-mm month labels and percentages.
        var be: [UInt8] = [0xFE, 0xFF]
        let utf16Text = "Month\tRate\r\n" + (0..<12).map { "2017-\(Self.two($0 + 1))\t\($0 * 3 + 40)%\r\n" }.joined()
        for unit in utf16Text.utf16 { be += [UInt8(unit >> 8), UInt8(unit & 0xFF)] }
        try Data(be).write(to: URL(fileURLWithPath: data + "/rates.txt"))

        // No header, a decimal comma in the first value; a report export whose footer states no count; N/A and "-" as blanks.
        try "5,5;Apr-17\n6;May-17\n3,25;Jun-17\n7,5;Jul-17\n".write(toFile: data + "/fte.csv", atomically: true, encoding: .utf8)
        try ("Caseload report\n\nTeam,Cases,Opened\n" + (0..<12).map { "T\($0 % 3),\($0 == 4 ? "N/A" : $0 == 7 ? "-" : String($0 * 2)),2017-0\($0 % 9 + 1)-01\n" }.joined() + "\nEnd of report\n")
            .write(toFile: data + "/caseload.csv", atomically: true, encoding: .utf8)
        let out = folder + "/sniffed"
        #expect(SniffSupport.sniff([data + "/layouts.csv", data + "/rates.txt", data + "/fte.csv", data + "/caseload.csv"], out: out) == 0)
        let metrics = try SniffSupport.metricsFolder(from: out)
        #expect(ScorecardCommand.main(["check", "--data", data, "--as-at", "2021-07-01", "--metrics", metrics]) == 0)
        let source = try SniffSupport.text(out + "/sources/layouts.source")
        #expect(source.contains("logged         = \"Logged\" format \"yyyy-mm-dd hh:mm:ss.fff\" required\n"))
        #expect(source.contains("financial_year = \"Financial Year\" format \"yyyy/yy\" starts \"April\" required\n"))
        #expect(source.contains("# TODO starts: a year label (yyyy/yy); 'starts \"April\"' (a financial year) is a guess"))
        #expect(source.contains("academic_year  = \"Academic Year\" format \"yyyy-yy\" starts \"September\" required\n"))
        #expect(source.contains("period_field   = \"Period\" format \"Mon-yyyy\" required\n"))
        #expect(source.contains("label          = \"Label\" format \"Mon yyyy\" required\n"))
        #expect(source.contains("amount         = \"Amount\" decimal \",\" thousands \".\" required\n"))
        #expect(source.contains("# TODO 1,234: a thousand or one point two three? sniff will not guess"))
        #expect(source.contains("units          = \"Units\" required\n"))
        let record = try SniffSupport.text(out + "/records/layouts.record")
        #expect(record.contains("  amount         decimal\n") && record.contains("  units          text\n"))
        let rates = try SniffSupport.text(out + "/sources/rates.source")
        #expect(rates.contains("encoding  utf16\n") && rates.contains("big-endian, FE FF"))
        #expect(rates.contains("month = \"Month\" format \"yyyy-mm\" required\n"))
        #expect(rates.contains("rate  = \"Rate\" percent required\n"))
        let fte = try SniffSupport.text(out + "/sources/fte.source")
        #expect(fte.contains("header    no\n") && fte.contains("\"5,5\" reads as a number"))
        #expect(fte.contains("field_1 = 1 decimal \",\" required\n") && fte.contains("field_2 = 2 format \"Mon-yy\" pivot 50 required\n"))
        let caseload = try SniffSupport.text(out + "/sources/caseload.source")
        #expect(caseload.contains("  preamble  2 lines\n  footer    1 line\n  # TODO footer count: no footer line states the 12 records read"))
        #expect(caseload.contains("  blank     \"N/A\", \"-\"\n"))
        #expect(caseload.contains("# \"Cases\": whole numbers: 10 of 10 non-blank values (100%), 0 to 22; blank in 2 of 12 rows"))
    }

    static func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
}
