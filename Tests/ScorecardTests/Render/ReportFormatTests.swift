import CSV
import Foundation
import Testing
@testable import Scorecard

/// The sample run with text an extract could hold put where extract text reaches the
/// reports: a locality name and a data-quality code.
enum HostileText {
    static let locality = "=HYPERLINK(\"x\")<script>alert('x')</script> & Co"
    static let code = "LOC_CODE: @SUM(A1) <b>bold</b> & \"q\""
    static let reason = "-2+3 <i>reason</i>"

    static var run: Evaluation {
        var run = Repo.sampleRun
        let c = run.definitions.framework.columnCategory
        run.definitions.categories[c].values[0] = locality
        run.reports[0].unmapped[code] = 2
        run.reports[0].rejected[reason] = 1
        return run
    }

    static func file(_ files: [(name: String, bytes: [UInt8])], _ name: String) -> String {
        String(decoding: files.first { $0.name == name }!.bytes, as: UTF8.self)
    }
}

@Suite struct ReportHTMLTests {
    @Test(arguments: [false, true])
    func wellFormed(publish: Bool) throws {
        let html = HostileText.file(try Reports.render(Repo.sampleRun, period: nil, publish: publish), "report.html")
        #expect(throws: Never.self) { try WellFormedXML.check(html) }
    }

    /// One self-contained file: nothing to fetch, nothing to run.
    @Test(arguments: [false, true])
    func noExternalReferences(publish: Bool) throws {
        let html = HostileText.file(try Reports.render(Repo.sampleRun, period: nil, publish: publish), "report.html")
        for banned in ["http:", "https:", "//", "src=", "url(", "@import", "<link", "<script", "<img", "<iframe", "<object"] {
            #expect(!html.lowercased().contains(banned), "found \(banned)")
        }
        // Every link is to a place on the page that exists.
        let hrefs = html.components(separatedBy: "href=\"").dropFirst().map { $0.prefix { $0 != "\"" } }
        #expect(!hrefs.isEmpty)
        for href in hrefs {
            #expect(href.hasPrefix("#"), "external link \(href)")
            #expect(html.contains("id=\"\(href.dropFirst())\""), "link to a missing id \(href)")
        }
    }

    /// Real tables: each has a caption, header cells carry a scope, each carries the legend.
    @Test func tablesAreAccessible() throws {
        let html = HostileText.file(try Reports.render(Repo.sampleRun, period: nil, publish: true), "report.html")
        let tables = html.components(separatedBy: "<table").count - 1
        #expect(tables > 25)
        #expect(html.components(separatedBy: "<caption").count - 1 == tables)
        #expect(html.components(separatedBy: "<p class=\"legend\">").count - 1 == tables)
        #expect(!html.contains("<th>"))
        let headers = html.components(separatedBy: "<th ").dropFirst()
        #expect(headers.count > 300)
        for th in headers { #expect(th.hasPrefix("scope=\""), "a header cell without scope: <th \(th.prefix(40))") }
        #expect(html.contains("<html lang=\"en-GB\">"))
        #expect(html.contains("@media print"))
        // RAG is text, not only colour.
        #expect(html.contains("<span class=\"rag rag-green\">Green</span>"))
        // Every trend chart has an accessible name.
        let charts = html.components(separatedBy: "<svg").count - 1
        #expect(charts == 23)
        #expect(html.components(separatedBy: "role=\"img\" aria-labelledby=").count - 1 == charts)
    }

    /// Text from an extract is escaped; published reports leave extract codes out entirely.
    @Test func extractTextIsEscaped() throws {
        let unpublished = HostileText.file(try Reports.render(HostileText.run, period: nil, publish: false), "report.html")
        #expect(throws: Never.self) { try WellFormedXML.check(unpublished) }
        #expect(!unpublished.contains("<script>") && !unpublished.contains("<b>bold") && !unpublished.contains("<i>reason"))
        #expect(unpublished.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; Co"))
        #expect(unpublished.contains("@SUM(A1) &lt;b&gt;bold&lt;/b&gt; &amp; &quot;q&quot;"))
        let published = HostileText.file(try Reports.render(HostileText.run, period: nil, publish: true), "report.html")
        #expect(!published.contains("@SUM(A1)"))
        #expect(published.contains("kept as not recorded: unrecognised LOC_CODE (values withheld)"))
    }
}

@Suite struct ReportMarkdownJSONTests {
    @Test func markdownEscapesAndCarriesTheLegend() throws {
        let md = HostileText.file(try Reports.render(HostileText.run, period: nil, publish: false), "report.md")
        #expect(!md.contains("<script>") && !md.contains("<b>"))
        #expect(md.contains("\\<script\\>"))
        let tables = md.components(separatedBy: "\nTable: ").count - 1
        #expect(tables > 25)
        #expect(md.components(separatedBy: "\n*Symbols: ").count - 1 == tables)
    }

    @Test(arguments: [false, true])
    func jsonParsesWithSortedKeys(publish: Bool) throws {
        let files = try Reports.render(Repo.sampleRun, period: nil, publish: publish)
        let bytes = files.first { $0.name == "report.json" }!.bytes
        let object = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
        #expect(object["published"] as? Bool == publish)
        #expect((object["period"] as? [String: Any])?["label"] as? String == "2017-18 Q4")
        let sections = try #require(object["sections"] as? [[String: Any]])
        #expect(sections.map { $0["id"] as? String } == ["how_much", "how_well", "impact"])
        // Re-serialising with sorted keys changes nothing but whitespace: the keys were sorted.
        let keys = String(decoding: bytes, as: UTF8.self).split(separator: "\n").prefix(12).compactMap { line -> String? in
            let t = line.trimmingCharacters(in: .whitespaces)
            return line.hasPrefix("  \"") && !line.hasPrefix("   ") ? String(t.prefix { $0 != ":" }) : nil
        }
        #expect(keys == keys.sorted())
    }
}

@Suite struct ReportQuarterlyReturnTests {
    static func rows(_ bytes: [UInt8]) -> [[String]] {
        var reader = CSVReader(bytes: Array(bytes.dropFirst(3)), dialect: Dialect(hasHeader: false))
        var record = ByteRecord()
        var rows: [[String]] = []
        while case .record = reader.read(into: &record) { rows.append((0..<record.count).map { record.string($0) }) }
        return rows
    }

    /// Excel-ready: BOM, CRLF, a value field and a symbol field per column, never both, never neither;
    /// data only (every row after the header is a measure's), its legend in the notes file beside it.
    @Test(arguments: [false, true])
    func valuesAndSymbolsInSeparateFields(publish: Bool) throws {
        let files = try Reports.render(Repo.sampleRun, period: nil, publish: publish)
        let bytes = files.first { $0.name == "quarterly-return.csv" }!.bytes
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
        #expect(String(decoding: bytes, as: UTF8.self).contains("\r\n"))
        let rows = Self.rows(bytes)
        let header = rows[0]
        let width = header.count
        let ids = Set(Repo.definitions.measures.map(\.id))
        for row in rows.dropFirst() {
            #expect(ids.contains(row[0]), "a row that is not a measure's: \(row.prefix(2))")
            #expect(row.count == width)
            for (i, name) in header.enumerated() where name.hasSuffix(" symbol") {
                let value = row[i - 1], symbol = row[i]
                #expect(value.isEmpty != symbol.isEmpty, "\(row[0]) \(row[3]) \(name): value '\(value)' symbol '\(symbol)'")
                #expect(symbol.isEmpty || ["z", "x", "c"].contains(symbol))
                #expect(value.isEmpty || Double(value) != nil)
            }
        }
        let model = try Reports.model(Repo.sampleRun, period: nil, publish: publish)
        #expect(rows.count - 1 == model.sections.flatMap(\.measures).flatMap(\.rows).count)
        if publish { #expect(rows.contains { $0.contains("c") }) } else { #expect(!rows.dropFirst().contains { $0.contains("c") }) }
        let notes = Self.rows(files.first { $0.name == "quarterly-return-notes.csv" }!.bytes)
        #expect(notes[0] == ["Term", "Meaning"])
        for (symbol, meaning) in ReportModel.legend {
            #expect(notes.contains { $0 == [symbol, "Symbol, as in DfE statistics: \(meaning)"] }, "\(symbol)")
        }
        #expect(notes.contains { $0[0] == "Status" && $0[1].hasPrefix(publish ? "Published" : "Internal") })
    }

    /// A field that would start with =, +, - or @ cannot run as a formula.
    @Test func textCannotRunAsAFormula() throws {
        let bytes = try Reports.render(HostileText.run, period: nil, publish: false).first { $0.name == "quarterly-return.csv" }!.bytes
        let rows = Self.rows(bytes)
        #expect(rows[0].contains("'" + HostileText.locality))
        for row in rows {
            for field in row {
                guard let first = field.first, "=+-@\t\r".contains(first) else { continue }
                #expect(SpreadsheetText.isPlainNumber(field), "field could run as a formula: \(field)")
            }
        }
    }

    @Test func spreadsheetText() {
        #expect(SpreadsheetText.safe("=1+1") == "'=1+1")
        #expect(SpreadsheetText.safe("+44 1234") == "'+44 1234")
        #expect(SpreadsheetText.safe("-cmd") == "'-cmd")
        #expect(SpreadsheetText.safe("@SUM(A1)") == "'@SUM(A1)")
        #expect(SpreadsheetText.safe("\t=1") == "'\t=1")
        #expect(SpreadsheetText.safe("-94900") == "-94900")
        #expect(SpreadsheetText.safe("-0.5") == "-0.5")
        #expect(SpreadsheetText.safe("-inf") == "'-inf")
        #expect(SpreadsheetText.safe("North & Riverside") == "North & Riverside")
    }
}

@Suite struct ReportPeriodTests {
    @Test func defaultIsTheLatestCompleteQuarter() throws {
        let s = try PeriodSelection.resolve(nil, in: Repo.sampleRun)
        #expect(s.period.label == "2017-18 Q4")
        #expect(s.previous.map { Repo.sampleRun.periods[$0].label } == "2017-18 Q3")
        #expect(s.yearBefore.map { Repo.sampleRun.periods[$0].label } == "2016-17 Q4")
        #expect(s.trend.map { Repo.sampleRun.periods[$0].label } == [
            "2016-17 Q1", "2016-17 Q2", "2016-17 Q3", "2016-17 Q4", "2017-18 Q1", "2017-18 Q2", "2017-18 Q3", "2017-18 Q4"])
        #expect(s.financialYear == "2017-18")
    }

    @Test func monthsAndYears() throws {
        let month = try PeriodSelection.resolve("2018-03", in: Repo.sampleRun)
        #expect(month.previous.map { Repo.sampleRun.periods[$0].label } == "2018-02")
        #expect(month.yearBefore.map { Repo.sampleRun.periods[$0].label } == "2017-03")
        #expect(month.financialYear == "2017-18")
        let year = try PeriodSelection.resolve("2016-17", in: Repo.sampleRun)
        #expect(year.previous.map { Repo.sampleRun.periods[$0].label } == "2015-16")
        #expect(year.yearBefore == year.previous)
        #expect(year.trend.last.map { Repo.sampleRun.periods[$0].label } == "2016-17 Q4")
    }

    @Test func unknownPeriodSuggestsTheNearest() {
        do {
            _ = try Reports.render(Repo.sampleRun, period: "2017/18 Q4", publish: false)
            Issue.record("expected an error")
        } catch {
            let message = "\(error)"
            #expect(message.contains("unknown period '2017/18 Q4'; did you mean '2017-18 Q4'?"))
            #expect(message.contains("quarters '2014-15 Q1' to '2017-18 Q4'"))
        }
        #expect(throws: ReportError.self) { try Reports.render(Repo.sampleRun, period: "2018-19 Q1", publish: false) }
    }
}

/// Nothing that identifies a person, a case or a family leaves in a published file.
@Suite struct ReportPrivacyTests {
    @Test func publishedFilesHoldNoIdentifiers() throws {
        let pattern = try NSRegularExpression(pattern: "\\b(MAT\\d{6}|EH-\\d{7}|FAM\\d{6}|F\\d{5}|P\\d{7}|R\\d{5}|EHA\\d{6}|PF\\d{5})\\b")
        for file in try Reports.render(Repo.sampleRun, period: nil, publish: true) {
            let text = String(decoding: file.bytes, as: UTF8.self)
            let hits = pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)).prefix(3).map { (text as NSString).substring(with: $0.range) }
            #expect(hits.isEmpty, "\(file.name) holds \(hits)")
            // Codes typed into the extracts are withheld, though the internal report lists them.
            #expect(!text.contains("OUT OF AREA") && !text.contains("Out of Area"), "\(file.name) holds extract text")
        }
        let unpublished = String(decoding: try Reports.render(Repo.sampleRun, period: nil, publish: false)[0].bytes, as: UTF8.self)
        #expect(unpublished.contains("OUT OF AREA"))
    }
}

/// The appendix is read from the declarations, so it changes when they do.
@Suite struct ReportGlossaryTests {
    @Test func everyMeasureIsDefinedFromItsDeclaration() throws {
        let model = try Reports.model(Repo.sampleRun, period: nil, publish: false)
        #expect(model.glossary.map(\.id) == model.sections.flatMap(\.measures).map(\.id))
        for entry in model.glossary {
            let text = try #require(entry.declaration, "\(entry.id) has no declaration text")
            #expect(text.contains("measure \(entry.id) {") && text.hasSuffix("}"))
            #expect(entry.location.hasPrefix("metrics/"))
        }
        let hw3 = try #require(model.glossary.first { $0.id == "HW3" })
        #expect(hw3.declaration?.hasPrefix("# Returns not answered stay in the denominator.") == true)
        #expect(hw3.facts.contains { $0.term == "Targets" && $0.detail == "2017-18: 80.0%, tolerance 5.0" })
        // Change the declaration and the glossary follows.
        var run = Repo.sampleRun
        let i = run.definitions.measures.firstIndex { $0.id == "HW3" }!
        run.definitions.measures[i].targets = [("2017-18", 85, 2)]
        let changed = try Reports.model(run, period: nil, publish: false).glossary.first { $0.id == "HW3" }
        #expect(changed?.facts.contains { $0.detail == "2017-18: 85.0%, tolerance 2.0" } == true)
    }

    @Test func declarationLocations() {
        #expect(DeclarationText.baseFolder(["/a/metrics/x.framework", "/a/metrics/how/y.metric"]) == "/a/metrics")
        #expect(DeclarationText.display(SourceLocation(file: "/a/metrics/how/y.metric", line: 4, column: 1), base: "/a/metrics") == "metrics/how/y.metric:4")
    }
}
