import Foundation
import Testing
@testable import Scorecard

/// Repeated column groups (`wide columns … into KEY { VALUE = "Label" … }`, and keys that
/// are quarters, year labels or codes) through the real intake: figures worked out by
/// hand, blanks, rejected rows, and the header and definition errors.
@Suite struct ColumnGroupTests {
    static let framework = """
    framework {
      title        "Groups"
      first_month  "2015-04"
      columns      area
      not_recorded "Area not recorded"
      city         "All"
      section main "Main"
    }
    category area { "North", "South" }
    category band { "Under 16", "16 to 18" }
    map area_code to area {
      "N" -> "North"
      "S" -> "South"
    }
    map band_code to band {
      "U16" -> "Under 16"
      "16-18" -> "16 to 18"
    }
    record cohort {
      key       area, month
      column    area
      area      area
      month     date
      neet      int
      not_known int
    }
    record band_count {
      key    area, band
      column area
      area   area
      band   band
      year   date
      people int
    }
    measure NEET {
      name    "NEET"
      section main
      of      cohort
      when    month in period
      sum     neet
    }
    measure NK {
      name    "Not known"
      section main
      of      cohort
      when    month in period
      sum     not_known
    }
    measure ROWS {
      name    "Records"
      section main
      of      cohort
      when    month in period
      count
    }
    """

    static let groups = """
    source cohorts {
      file "cohort.csv"
      into cohort
      area = "Area" via area_code required
      wide columns format "Mon yyyy" except "Total NEET" into month {
        neet      = "NEET" thousands ","
        not_known = "Not known"
      }
    }
    """

    static func run(_ csv: String, source: String, framework: String = framework, file: String = "cohort.csv", asAt: String = "2015-07-01") throws -> Evaluation {
        let folder = NSTemporaryDirectory() + "scorecard-groups-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try Data(csv.utf8).write(to: URL(fileURLWithPath: folder + "/" + file))
        let checked = try DefinitionLoader.check([("g.framework", framework), ("g.source", source)])
        return try Pipeline.run(definitions: checked, dataFolder: folder, asAt: Day.parseISO(asAt)!)
    }

    static func failure(_ csv: String, source: String = groups) -> String {
        do {
            _ = try run(csv, source: source)
            return "accepted"
        } catch {
            return String(describing: error)
        }
    }

    /// Two values per month: a record per row and month with both. A month with both cells
    /// blank gives no record; with one blank, a record whose other value is blank. The
    /// label may come before the key; "Total NEET" is excepted.
    @Test func eachMonthsGroupIsOneRecordWithBothValues() throws {
        let csv = """
        Area,Apr 2015 NEET,Apr 2015 Not known,May 2015 - NEET,Not known May 2015,Total NEET
        N,"1,200",30,11,,1211
        S,7,2,,,7
        S,x,1,1,1,1
        """
        let run = try Self.run(csv, source: Self.groups)
        // By hand: April NEET 1200 + 7, not known 30 + 2; May NEET 11, not known none.
        #expect(run.value("NEET", "2015-04", "All") == 1207)
        #expect(run.value("NK", "2015-04", "All") == 32)
        #expect(run.value("NEET", "2015-05", "North") == 11)
        #expect(run.value("NK", "2015-05", "All") == 0)
        // Records: N April and May, S April (its May is all blank); line 4 is rejected whole.
        #expect(run.value("ROWS", "2015-04", "All") == 2)
        #expect(run.value("ROWS", "2015-05", "All") == 1)
        #expect(run.rejects.map { "\($0.line):\($0.reason):\($0.detail)" } == ["4:unreadable Apr 2015 NEET:x"])
        let report = try #require(run.reports.first { $0.source == "cohorts" })
        #expect(report.rowsRead == 3 && report.accepted == 3)
    }

    @Test func aHeaderTheGroupsCannotReadStopsTheRun() {
        // A month beside a label that is none of the values.
        #expect(Self.failure("Area,Apr 2015 NEET,Apr 2015 Not known,Apr 2015 Other\nN,1,2,3\n")
            .contains("the header's column \"Apr 2015 Other\" reads as Apr 2015 but its label is none of \"NEET\", \"Not known\""))
        // A month short of one of its values.
        #expect(Self.failure("Area,Apr 2015 NEET,Apr 2015 Not known,May 2015 NEET\nN,1,2,3\n")
            .contains("the group May 2015 has no column for \"Not known\""))
        // The same cell twice.
        #expect(Self.failure("Area,Apr 2015 NEET,Apr 2015 Not known,NEET Apr 2015\nN,1,2,3\n")
            .contains("the header's columns \"Apr 2015 NEET\" and \"NEET Apr 2015\" are the same cell"))
        // No group at all, naming the file.
        let none = Self.failure("Area,April NEET\nN,1\n")
        #expect(none.contains("cohort.csv:1:1") && none.contains("no column of the header reads as a month in the layout \"Mon yyyy\" beside \"NEET\", \"Not known\""), "\(none)")
    }

    /// A value's label beside a key that does not read (`Sept 2015` is not `Mon yyyy`, `Mya` a
    /// typo) stops the run naming the column and the layout: read as an ordinary column,
    /// its month would silently report nothing. In 'except' it is set aside on purpose.
    @Test func aLabelBesideAKeyThatDoesNotReadStopsTheRun() throws {
        for (header, rest) in [("Sept 2015 NEET", "Sept 2015"), ("Mya 2015 NEET", "Mya 2015"), ("Not known Sept 2015", "Sept 2015")] {
            let failure = Self.failure("Area,Apr 2015 NEET,Apr 2015 Not known,\(header)\nN,1,2,3\n")
            #expect(failure.contains("cohort.csv:1:1") && failure.contains("the header's column \"\(header)\" has the value")
                    && failure.contains("but \"\(rest)\" does not read as a month in the layout \"Mon yyyy\""), "\(failure)")
        }
        // The longest label it carries is named: "Sept 2015 Not known" ends with "Not known".
        #expect(Self.failure("Area,Apr 2015 NEET,Apr 2015 Not known,Sept 2015 Not known\nN,1,2,3\n").contains("has the value \"Not known\" but \"Sept 2015\""))
        // A column with no label and no key, neither mapped nor excepted.
        #expect(Self.failure("Area,Apr 2015 NEET,Apr 2015 Not known,Notes\nN,1,2,x\n")
            .contains("the header's column \"Notes\" does not read as a month in the layout \"Mon yyyy\" beside \"NEET\", \"Not known\" and no mapping names it"))
        let source = Self.groups.replacingOccurrences(of: "except \"Total NEET\"", with: "except \"Sept 2015 NEET\", \"Total NEET\"")
        let run = try Self.run("Area,Apr 2015 NEET,Apr 2015 Not known,Sept 2015 NEET\nN,1,2,3\n", source: source)
        #expect(run.value("NEET", "2015-04", "All") == 1)
    }

    /// `except` sets a column aside that would otherwise read as a group's with an unknown label.
    @Test func exceptSetsAColumnAside() throws {
        let source = Self.groups.replacingOccurrences(of: "except \"Total NEET\"", with: "except \"Apr 2015 Other\", \"Total NEET\"")
        let run = try Self.run("Area,Apr 2015 NEET,Apr 2015 Not known,Apr 2015 Other\nN,1,2,3\n", source: source)
        #expect(run.value("NEET", "2015-04", "All") == 1)
        #expect(run.value("NK", "2015-04", "All") == 2)
    }

    /// Groups of two values and a financial period pair, read by the real binary in chunks
    /// of 512 bytes (many chunks and batches): the same files as one chunk, and the sums
    /// worked out here. Row i (from 0): area N for even i, NEET i % 7 in April and i % 5 in
    /// May (blank when 0), not known 1 in both; every 701st row has "x" for May's not known
    /// and is rejected whole, at its line.
    @Test func manyChunksGiveOneChunksFigures() throws {
        let binary = try #require(KilledRunTests.binary, "the scorecard binary should sit beside the test bundle")
        let n = 2500
        var csv = "Area,Apr 2015 NEET,Apr 2015 Not known,May 2015 NEET,May 2015 Not known,Year,Period\n"
        var april = 0, may = 0, records = 0, bad: [Int] = []
        for i in 0..<n {
            let broken = i % 701 == 350
            csv += "\(i % 2 == 0 ? "N" : "S"),\(i % 7),1,\(i % 5 == 0 ? "" : String(i % 5)),\(broken ? "x" : "1"),2015/16,P0\(1 + i % 3)\n"
            if broken { bad.append(i + 2); continue }
            april += i % 7; may += i % 5; records += 2
        }
        // No key: thousands of rows share an area and a month.
        let framework = Self.framework.replacingOccurrences(of: "  key       area, month\n", with: "")
            .replacingOccurrences(of: "  neet      int\n", with: "  neet      int\n  posted    date\n  posted_end date\n")
        let source = Self.groups.replacingOccurrences(of: "area = \"Area\" via area_code required\n",
            with: "area = \"Area\" via area_code required\n  posted, posted_end = \"Year\" + \"Period\" format \"yyyy/yy\" + \"Pnn\" starts \"April\" required\n")
        let root = MonthEndRunTests.temporary()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let data = root + "/data", metrics = root + "/metrics"
        for folder in [data, metrics] { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        try Data(csv.utf8).write(to: URL(fileURLWithPath: data + "/cohort.csv"))
        try Data(framework.utf8).write(to: URL(fileURLWithPath: metrics + "/g.framework"))
        try Data(source.utf8).write(to: URL(fileURLWithPath: metrics + "/g.source"))

        func run(chunkBytes: Int?, out: String) throws -> [String: Data] {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: binary)
            process.arguments = ["run", "--data", data, "--as-at", "2015-07-01", "--out", out, "--metrics", metrics]
            var environment = ProcessInfo.processInfo.environment
            environment["SCORECARD_CHUNK_BYTES"] = chunkBytes.map(String.init)
            process.environment = environment
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
            return try MonthEndRunTests.files(out)
        }
        let whole = try run(chunkBytes: nil, out: root + "/whole"), chunked = try run(chunkBytes: 512, out: root + "/chunked")
        #expect(csv.utf8.count / 512 > 8 * 3, "enough chunks for several batches")
        for name in ["long-table.csv", "data-quality.csv", "rejected-rows.csv"] {
            #expect(whole[name] != nil && whole[name] == chunked[name], "\(name) differs")
        }
        let table = String(decoding: try #require(chunked["long-table.csv"]), as: UTF8.self)
        let lines = table.split(whereSeparator: \.isNewline).map(String.init)
        func figure(_ measure: String, _ period: String) -> String? {
            lines.first { $0.hasPrefix("\(measure),,\(period),All,") }?.split(separator: ",", omittingEmptySubsequences: false).last.map(String.init)
        }
        #expect(figure("NEET", "2015-04") == String(april))
        #expect(figure("NEET", "2015-05") == String(may))
        #expect(figure("ROWS", "2015-16 Q1") == String(records))
        let rejected = String(decoding: try #require(chunked["rejected-rows.csv"]), as: UTF8.self)
        for line in bad { #expect(rejected.contains(",\(line),unreadable May 2015 Not known,"), "line \(line)") }
    }

    /// Quarters of a financial year (`Q1 2015/16` is April to June 2015), and years.
    @Test func quarterAndYearLabelsAreKeys() throws {
        let quarters = """
        source cohorts {
          file "cohort.csv"
          into cohort
          area = "Area" via area_code required
          wide columns format "Qn yyyy/yy" starts "April" except "Notes" into month, neet
        }
        """
        let run = try Self.run("Area,Q1 2015/16,Q2 2015/16,Notes\nN,4,5,x\nS,6,,\n", source: quarters, asAt: "2015-10-01")
        // By hand: the first quarter 4 + 6, its months' first (April) holding both; Q2 5 in July.
        #expect(run.value("NEET", "2015-16 Q1", "All") == 10)
        #expect(run.value("NEET", "2015-04", "All") == 10)
        #expect(run.value("NEET", "2015-07", "North") == 5)
        #expect(run.value("NEET", "2015-16 Q2", "All") == 5)
        let years = quarters.replacingOccurrences(of: "\"Qn yyyy/yy\"", with: "\"yyyy/yy\"")
        let byYear = try Self.run("Area,2015/16,2016/17\nN,4,5\n", source: years, asAt: "2017-04-01")
        #expect(byYear.value("NEET", "2015-04", "North") == 4)
        #expect(byYear.value("NEET", "2016-04", "North") == 5)
    }

    /// A sheet keyed by financial period with P12 and P13 columns: both are March, so with
    /// the month alone they are the same cell, and the run stops saying so and what to
    /// declare (it used to say only "are the same cell"). With a period-number field after
    /// the key (`into month, pnum, neet`, in the record's key) each is its own group.
    @Test func p12AndP13ColumnsAreTwoGroupsWithAPeriodNumber() throws {
        let framework = Self.framework.replacingOccurrences(of: "  key       area, month\n", with: "  key       area, month, pnum\n")
            .replacingOccurrences(of: "  neet      int\n", with: "  neet      int\n  pnum      int\n")
        let periods = """
        source cohorts {
          file "cohort.csv"
          into cohort
          area = "Area" via area_code required
          wide columns format "yyyy/yy Pnn" starts "April" into month, neet
        }
        """
        let csv = "Area,2015/16 P01,2015/16 P12,2015/16 P13\nN,4,5,-1\nS,6,7,2\n"
        do {
            _ = try Self.run(csv, source: periods, framework: framework, asAt: "2016-04-30")
            Issue.record("read P12 and P13 as one month")
        } catch {
            let text = String(describing: error)
            #expect(text.contains("cohort.csv:1:1") && text.contains("the header's columns \"2015/16 P12\" and \"2015/16 P13\" both read as 2016-03-01: P13, the year-end adjustments, falls in the year's last month with P12")
                    && text.contains("'into MONTH, PERIOD_NO, VALUE'"), "\(text)")
        }
        let numbered = periods.replacingOccurrences(of: "into month, neet", with: "into month, pnum, neet")
        let run = try Self.run(csv, source: numbered, framework: framework, asAt: "2016-04-30")
        // By hand: April 4 + 6; March P12 5 + 7 and P13 -1 + 2, so 13; the year 23.
        #expect(run.value("NEET", "2015-04", "All") == 10)
        #expect(run.value("NEET", "2016-03", "All") == 13)
        #expect(run.value("NEET", "2016-03", "North") == 4)
        #expect(run.value("ROWS", "2016-03", "All") == 4)
        #expect(run.rejects.isEmpty, "\(run.rejects)")
        let r = try #require(run.definitions.records.firstIndex { $0.name == "cohort" })
        let pnum = try #require(run.definitions.records[r].fieldIndex("pnum"))
        #expect(Array(run.dataset.tables[r].ints[pnum]) == [1, 12, 13, 1, 12, 13])
        // Several values per group: the number after the key, before the block.
        let groups = periods.replacingOccurrences(of: "into month, neet", with: "into month, pnum {\n    neet = \"NEET\"\n    not_known = \"NK\"\n  }")
        let twoValues = try Self.run("Area,2015/16 P12 NEET,2015/16 P12 NK,2015/16 P13 NEET,2015/16 P13 NK\nN,5,1,-1,1\n", source: groups, framework: framework, asAt: "2016-04-30")
        #expect(twoValues.value("NEET", "2016-03", "All") == 4)
        #expect(twoValues.value("NK", "2016-03", "All") == 2)
        // Without the number in the record's key, the definition is refused.
        do {
            _ = try DefinitionLoader.check([("g.framework", framework.replacingOccurrences(of: "key       area, month, pnum", with: "key       area, month")), ("g.source", numbered)])
            Issue.record("accepted a key without the period number")
        } catch {
            #expect(error.description.contains("record 'cohort' has a key without 'pnum': P12 and P13 share a month"), "\(error.description)")
        }
    }

    /// One column per category value: through a map (`U16`, `16-18`), or the category's own values.
    @Test func codesAreKeys() throws {
        let bands = """
        source bands {
          file "bands.csv"
          into band_count
          area = "Area" via area_code required
          year = "Year" format "yyyy/yy" starts "April" required
          wide columns via band_code into band, people
        }
        """
        let framework = Self.framework + """

        measure PEOPLE {
          name    "People"
          section main
          of      band_count
          when    year in period
          breakdown band
          sum     people
        }
        """
        let csv = "Area,Year,U16,16-18\nN,2015/16,3,4\nS,2015/16,10,\n"
        let run = try Self.run(csv, source: bands, framework: framework, file: "bands.csv", asAt: "2015-05-01")
        // By hand: under 16 3 + 10, 16 to 18 4; North 7.
        #expect(run.value("PEOPLE", "2015-04", "All", row: "Under 16") == 13)
        #expect(run.value("PEOPLE", "2015-04", "All", row: "16 to 18") == 4)
        #expect(run.value("PEOPLE", "2015-04", "North") == 7)
        let plain = bands.replacingOccurrences(of: "via band_code ", with: "")
        let named = try Self.run("Area,Year,under 16,16 to 18\nN,2015/16,3,4\n", source: plain, framework: framework, file: "bands.csv", asAt: "2015-05-01")
        #expect(named.value("PEOPLE", "2015-04", "All") == 7)
    }

    @Test(arguments: [
        ("wide columns format \"Mon yyyy\" into neet, month", 39, "the month of a wide column goes into a date field; 'neet' is a whole-number field"),
        ("wide columns into month, neet", 21, "a date key needs 'format'"),
        ("wide columns via area_code into month, neet", 35, "'month' is a date field"),
        ("wide columns via band_code into area, neet", 20, "map 'band_code' gives 'band' but field 'area' is a 'area'"),
        ("wide columns format \"yyyy/yy\" into month, neet", 23, "a year label (\"yyyy/yy\") needs 'starts \"MONTH\"'"),
        ("wide columns format \"dd/mm/yyyy\" into month, neet", 23, "a wide column's header is read as a month"),
        ("wide columns format \"Mon yyyy\" into month { neet = \"NEET\"\n not_known = \"neet\" }", 14, "the label \"neet\" is given twice"),
        ("wide columns format \"Mon yyyy\" into month { neet = \"\" }", 54, "it cannot be empty"),
        ("wide columns format \"Mon yyyy\" required into month, neet", 34, "'wide columns' reads its headers with 'format'"),
        ("wide columns format \"yyyy/yy\" + \"Pnn\" starts \"April\" into month, neet", 35, "a wide column's header is one label"),
        ("wide columns format \"Mon yyyy\" into month, not_known, neet", 46, "'not_known' is a whole-number field"),
        ("wide columns format \"yyyy/yy Pnn\" starts \"April\" into month, area, neet", 64, "a field after the key takes the header's period number"),
        ("wide columns format \"yyyy/yy Pnn\" starts \"April\" into month, neet, neet", 64, "field 'neet' is mapped twice"),
    ])
    func misdeclaredGroupsAreDefinitionErrorsWhereWritten(statement: String, column: Int, words: String) {
        let source = """
        source odd {
          file "cohort.csv"
          into cohort
          \(statement)
        }
        """
        do {
            _ = try DefinitionLoader.check([("g.framework", Self.framework), ("odd.source", source)])
            Issue.record("accepted: \(statement)")
        } catch {
            let hit = error.diagnostics.first { $0.message.contains(words) }
            #expect(hit != nil, "\(error.description)")
            #expect(hit?.location?.file == "odd.source" && hit?.location?.column == column, "\(String(describing: hit))")
        }
    }
}
