import Foundation
import Testing
@testable import Scorecard

/// Wide files (`wide columns format "Mon yyyy" into month, value`): a sheet with one
/// column per month read as one record per row and month column, through the real
/// intake — figures worked out by hand, rejected cells with their lines, blanks, the
/// definition and data errors, and a file of many chunks giving a single chunk's figures.
@Suite(.serialized) struct WideColumnsTests {
    static let framework = """
    framework {
      title        "Wide"
      first_month  "2017-04"
      columns      area
      not_recorded "Area not recorded"
      city         "All"
      section main "Main"
    }
    category area { "North", "South" }
    record neet_month {
      key     area, measure, note, month
      column  area
      area    area
      measure text
      note    text
      month   date range "2017-04-01" to "2018-03-31"
      value   int
    }
    measure NEET {
      name    "Young people NEET"
      section main
      of      neet_month
      when    month in period
      where   measure = "NEET"
      sum     value
    }
    measure ROWS {
      name    "Records"
      section main
      of      neet_month
      when    month in period
      count
    }
    """

    static let source = """
    source neet {
      file "neet.csv"
      into neet_month
      area    = "Locality" required
      measure = "Measure" required
      note    = "Notes"
      wide columns format "Mon yyyy" except "Total" into month, value thousands ","
    }
    """

    /// Line 1 the header; "Notes" and "Total" are not months ("Notes" mapped, "Total"
    /// in 'except'). Line 4 has a blank (no record) and a thousands
    /// separator; line 5 an unreadable cell in "Jun 2017", so the whole row is rejected;
    /// line 6 only blanks (read, no record).
    static let rows = """
    Locality,Measure,Notes,Apr 2017,May 2017,Jun 2017,Total
    North,NEET,checked,12,10,8,30
    South,NEET,,7,5,9,21
    North,Not known,,3,,"1,004",7
    South,Not known,,2,2,n/a,4
    South,Other,,,,,0
    """

    static func run(_ definitions: String, _ csv: String, source: String = source) throws -> Evaluation {
        let folder = NSTemporaryDirectory() + "scorecard-wide-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try Data(csv.utf8).write(to: URL(fileURLWithPath: folder + "/neet.csv"))
        let checked = try DefinitionLoader.check([("w.framework", definitions), ("neet.source", source)])
        return try Pipeline.run(definitions: checked, dataFolder: folder, asAt: Day.parseISO("2017-07-01")!)
    }

    @Test func eachMonthColumnIsARecordWithTheRowsOtherFields() throws {
        let run = try Self.run(Self.framework, Self.rows)
        // NEET by hand: April 12 + 7, May 10 + 5, June 8 + 9; North 12 + 10 + 8, South 7 + 5 + 9.
        #expect(run.value("NEET", "2017-04", "All") == 19)
        #expect(run.value("NEET", "2017-05", "All") == 15)
        #expect(run.value("NEET", "2017-06", "All") == 17)
        #expect(run.value("NEET", "2017-18 Q1", "All") == 51)
        #expect(run.value("NEET", "2017-18 Q1", "North") == 30)
        #expect(run.value("NEET", "2017-18 Q1", "South") == 21)
        // Records: lines 2 and 3 three each, line 4 two (May is blank), line 5 none
        // (rejected), line 6 none (all blank).
        #expect(run.value("ROWS", "2017-04", "All") == 3)
        #expect(run.value("ROWS", "2017-05", "All") == 2)
        #expect(run.value("ROWS", "2017-06", "All") == 3)
        #expect(run.value("ROWS", "2017-18 Q1", "All") == 8)
        // The rejected row keeps its line and names the column; its April and May go too.
        let rejected = run.rejects.filter { $0.source == "neet" }
        #expect(rejected.map { "\($0.line):\($0.reason):\($0.detail)" } == ["5:unreadable Jun 2017:n/a"], "\(rejected)")
        #expect(rejected.first?.fields == ["South", "Not known", "", "2", "2", "n/a", "4"])
        // Data quality: 5 rows read, 8 records produced, 1 row rejected.
        let report = try #require(run.reports.first { $0.source == "neet" })
        #expect(report.rowsRead == 5)
        #expect(report.accepted == 8)
        #expect(report.rejectedCount == 1)
        // Every other mapping is repeated in each record, the month is the header's first day.
        let table = run.dataset.tables[try #require(run.definitions.records.firstIndex { $0.name == "neet_month" })]
        let type = run.definitions.records[table.recordIndex]
        let month = try #require(type.fieldIndex("month")), note = try #require(type.fieldIndex("note"))
        #expect((0..<table.count).map { Day.iso(Int32(table.ints[month][$0])) }
                == ["2017-04-01", "2017-05-01", "2017-06-01", "2017-04-01", "2017-05-01", "2017-06-01", "2017-04-01", "2017-06-01"])
        // Line 2's note ("checked") in each of its three records; line 3's blank in its three.
        let notes = table.ints[note]
        #expect(notes[0] != Table.null && notes[1] == notes[0] && notes[2] == notes[0])
        #expect(notes[3...5].allSatisfy { $0 == Table.null })
    }

    /// A reject rule is tested on each record: the record of one month goes, the row's
    /// other months stay, and the rejection names the column.
    @Test func rejectRulesJudgeEachRecord() throws {
        let source = Self.source.replacingOccurrences(of: "  note    = \"Notes\"\n", with: "  note    = \"Notes\"\n  reject \"over 1000\" when value > 1000\n")
        let run = try Self.run(Self.framework, Self.rows, source: source)
        let rejected = run.rejects.filter { $0.source == "neet" }.map { "\($0.line):\($0.reason):\($0.detail)" }
        #expect(rejected == ["4:over 1000:Jun 2017", "5:unreadable Jun 2017:n/a"], "\(rejected)")
        #expect(run.value("ROWS", "2017-18 Q1", "All") == 7)
        #expect(run.value("ROWS", "2017-04", "All") == 3)
    }

    /// A month-like column another mapping names is an ordinary column: June is the
    /// note, not a month, so only April and May give records.
    @Test func aColumnAnotherMappingNamesIsNotAMonth() throws {
        let source = Self.source.replacingOccurrences(of: "note    = \"Notes\"", with: "note    = \"Jun 2017\"")
            .replacingOccurrences(of: "except \"Total\"", with: "except \"Total\", \"Notes\"")
        let run = try Self.run(Self.framework, Self.rows, source: source)
        // Lines 2–6 give 2, 2, 1, 2 and 0 records; NEET: 12 + 10 + 7 + 5.
        #expect(run.value("ROWS", "2017-18 Q1", "All") == 7)
        #expect(run.value("NEET", "2017-18 Q1", "All") == 34)
        #expect(run.rejects.filter { $0.source == "neet" }.isEmpty)
    }

    /// `required` on the value: a blank cell rejects the row, naming the column.
    @Test func aRequiredValueRejectsABlankCell() throws {
        let source = Self.source.replacingOccurrences(of: "value thousands \",\"", with: "value thousands \",\" required")
        let run = try Self.run(Self.framework, Self.rows, source: source)
        let rejected = run.rejects.filter { $0.source == "neet" }.map { "\($0.line):\($0.reason)" }
        #expect(rejected == ["4:missing May 2017", "5:unreadable Jun 2017", "6:missing Apr 2017"], "\(rejected)")
        #expect(run.value("NEET", "2017-18 Q1", "All") == 51)
    }

    /// Each statement on line 4 of its file (after a `header no` on line 4, on line 5);
    /// the message points at the token named.
    @Test(arguments: [
        ("header no\n  wide columns format \"Mon yyyy\" into month, value", "'wide columns' reads months from the header", "wide"),
        ("wide columns format \"Mon yyyy\" into months, value", "record 'neet_month' has no field 'months'", "months"),
        ("wide columns format \"Mon yyyy\" into month, values", "record 'neet_month' has no field 'values'", "values"),
        ("wide columns format \"Mon yyyy\" into measure, value", "the month of a wide column goes into a date field; 'measure' is a text", "measure"),
        ("wide columns format \"dd/mm/yyyy\" into month, value", "a wide column's header is read as a month", "\"dd"),
        ("month = \"Month\" format \"Mon yyyy\"\n  wide columns format \"Mon yyyy\" into month, value", "field 'month' is mapped twice", "month,"),
    ])
    func misdeclaredWideColumnsAreDefinitionErrors(statement: String, words: String, token: String) throws {
        let source = "source neet {\n  file \"neet.csv\"\n  into neet_month\n  \(statement)\n}\n"
        let last = try #require(statement.split(separator: "\n").last.map(String.init))
        let column = (statement.contains("\n") ? 1 : 3) + last.distance(from: last.startIndex, to: try #require(last.range(of: token)).lowerBound)
        let line = statement.contains("\n") ? 5 : 4
        do {
            _ = try DefinitionLoader.check([("w.framework", Self.framework), ("neet.source", source)])
            Issue.record("accepted: \(statement)")
        } catch {
            #expect(error.description.contains(words), "\(error.description)")
            #expect(error.description.contains("neet.source:\(line):\(column)"), "\(error.description)")
        }
    }

    @Test func aKeyWithoutTheMonthIsADefinitionError() {
        let framework = Self.framework.replacingOccurrences(of: "key     area, measure, note, month", with: "key     area, measure, note")
        do {
            _ = try DefinitionLoader.check([("w.framework", framework), ("neet.source", Self.source)])
            Issue.record("accepted a key without the month")
        } catch {
            #expect(error.description.contains("record 'neet_month' has a key without 'month'") && error.description.contains("neet.source:7:"),
                    "\(error.description)")
        }
    }

    /// A column neither mapped, in 'except' nor read as a month stops the run naming it:
    /// "Sept 2017" beside "Apr 2017" would otherwise be an ordinary column, and September
    /// would report nothing with no error.
    @Test func aColumnNeitherMappedExceptedNorAMonthStopsTheRun() throws {
        let csv = "Locality,Measure,Notes,Apr 2017,Sept 2017,Total\nNorth,NEET,,1,2,3\n"
        do {
            _ = try Self.run(Self.framework, csv)
            Issue.record("read \"Sept 2017\" as an ordinary column")
        } catch {
            let text = String(describing: error)
            #expect(text.contains("neet.csv:1:1") && text.contains("the header's column \"Sept 2017\" does not read as a month in the layout \"Mon yyyy\" and no mapping names it")
                    && text.contains("name it in 'except'"), "\(text)")
        }
        // Listed in 'except', it is set aside on purpose.
        let source = Self.source.replacingOccurrences(of: "except \"Total\"", with: "except \"Total\", \"Sept 2017\"")
        let run = try Self.run(Self.framework, csv, source: source)
        #expect(run.value("NEET", "2017-04", "All") == 1)
    }

    @Test func aHeaderWithNoMonthIsADataErrorNamingTheFile() {
        do {
            _ = try Self.run(Self.framework, "Locality,Measure,Notes,April,May\nNorth,NEET,,1,2\n")
            Issue.record("read a wide file without month columns")
        } catch {
            #expect(String(describing: error).contains("neet.csv:1:1") && String(describing: error).contains("no column of the header reads as a month in the layout \"Mon yyyy\""),
                    "\(String(describing: error))")
        }
        do {
            _ = try Self.run(Self.framework, "Locality,Measure,Notes,Apr 2017,Apr 2019\nNorth,NEET,,1,2\n")
            Issue.record("read a month outside the dates")
        } catch {
            #expect(String(describing: error).contains("neet.csv:1:1") && String(describing: error).contains("\"Apr 2019\" reads as 2019-04-01, outside the dates of 'month' (2017-04-01 to 2018-03-31)"),
                    "\(String(describing: error))")
        }
    }

    /// A file of a few thousand rows: by hand, row i (from 0) holds i % 7 in April,
    /// i % 5 in May (blank when 0) and 1 in June, area North for even i. Read in chunks
    /// of 512 bytes (dozens of chunks, several batches) by the real binary, it gives the
    /// single chunk's figures and the same rejected rows, with their lines.
    @Test func manyChunksGiveOneChunksFigures() throws {
        let binary = try #require(KilledRunTests.binary, "the scorecard binary should sit beside the test bundle")
        let n = 3000
        var csv = "Locality,Measure,Notes,Apr 2017,May 2017,Jun 2017\n"
        var april = 0, may = 0, records = 0
        for i in 0..<n {
            let bad = i % 997 == 500
            csv += "\(i % 2 == 0 ? "North" : "South"),NEET,r\(i),\(i % 7),\(i % 5 == 0 ? "" : String(i % 5)),\(bad ? "x" : "1")\n"
            if !bad { april += i % 7; may += i % 5; records += i % 5 == 0 ? 2 : 3 }
        }
        let root = MonthEndRunTests.temporary()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let data = root + "/data", metrics = root + "/metrics"
        for folder in [data, metrics] { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        try Data(csv.utf8).write(to: URL(fileURLWithPath: data + "/neet.csv"))
        try Data(Self.framework.utf8).write(to: URL(fileURLWithPath: metrics + "/w.framework"))
        try Data(Self.source.utf8).write(to: URL(fileURLWithPath: metrics + "/neet.source"))

        func run(chunkBytes: Int?, out: String) throws -> [String: Data] {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: binary)
            process.arguments = ["run", "--data", data, "--as-at", "2017-07-01", "--out", out, "--metrics", metrics]
            var environment = ProcessInfo.processInfo.environment
            environment["SCORECARD_CHUNK_BYTES"] = chunkBytes.map(String.init)
            process.environment = environment
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
            return try MonthEndRunTests.files(out)
        }
        var whole = try run(chunkBytes: nil, out: root + "/whole"), chunked = try run(chunkBytes: 512, out: root + "/chunked")
        #expect(csv.utf8.count / 512 > 8 * 3, "enough chunks for several batches")
        for name in ["long-table.csv", "data-quality.csv", "rejected-rows.csv"] {
            #expect(whole[name] != nil && whole[name] == chunked[name], "\(name) differs")
        }
        whole["run-log.json"] = nil
        chunked["run-log.json"] = nil

        // The figures, by hand, in the long table.
        let table = String(decoding: try #require(chunked["long-table.csv"]), as: UTF8.self)
        let lines = table.split(whereSeparator: \.isNewline).map(String.init)
        func figure(_ measure: String, _ period: String) -> String? {
            lines.first { $0.hasPrefix("\(measure),,\(period),All,") }?.split(separator: ",", omittingEmptySubsequences: false).last.map(String.init)
        }
        #expect(figure("NEET", "2017-04") == String(april))
        #expect(figure("NEET", "2017-05") == String(may))
        #expect(figure("NEET", "2017-06") == String(n - 3))
        #expect(figure("NEET", "2017-18 Q1") == String(april + may + n - 3))
        #expect(figure("ROWS", "2017-18 Q1") == String(records))
        let rejected = String(decoding: try #require(chunked["rejected-rows.csv"]), as: UTF8.self)
        for i in [500, 1497, 2494] {
            #expect(rejected.contains(",\(i + 2),unreadable Jun 2017,"), "line \(i + 2) in \(rejected.prefix(600))")
        }
        let quality = String(decoding: try #require(chunked["data-quality.csv"]), as: UTF8.self)
        #expect(quality.contains("neet,neet.csv,\(n),\(records),3,"), "\(quality)")
    }
}
