import Foundation
import Testing
@testable import Scorecard

/// Officers' commentary through the real command line: shown beside its measure in
/// every format and escaped like any other text; `--publish` stops (exit 7) on a Red
/// measure without commentary unless told otherwise; bad files are refused with the
/// file and line.
@Suite(.serialized) struct CommentaryTests {
    static func temporary() -> String { NSTemporaryDirectory() + "scorecard-commentary-" + UUID().uuidString }
    static var sampleCommentary: String { Repo.sampleData + "/commentary.csv" }

    static func run(_ out: String, _ extra: [String]) -> Int32 {
        ScorecardCommand.main(["run", "--data", Repo.sampleData, "--as-at", "2018-04-06", "--out", out, "--metrics", Repo.metrics] + extra)
    }

    static func write(_ text: String) throws -> String {
        let path = temporary() + ".csv"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func parse(_ text: String) -> Commentary.Failure? {
        do {
            _ = try Commentary.parse(Array(text.utf8), file: "c.csv", measures: Repo.definitions.measures.map(\.id), periods: Repo.sampleRun.periods.map(\.label))
            return nil
        } catch { return error }
    }

    @Test func publishingStopsOnRedMeasuresWithoutCommentary() throws {
        let model = try Reports.model(Repo.sampleRun, period: nil, publish: true)
        let red = Reports.redWithoutCommentary(model)
        #expect(!red.isEmpty, "the samples have Red measures in the default period")
        let out = Self.temporary()
        defer { try? FileManager.default.removeItem(atPath: out) }
        #expect(Self.run(out, ["--publish"]) == ExitCode.missingCommentary.rawValue)
        #expect(!FileManager.default.fileExists(atPath: out), "nothing is written")
        #expect(Self.run(out, ["--publish", "--allow-missing-commentary"]) == 0)
        try FileManager.default.removeItem(atPath: out)
        // The sample commentary covers every Red measure of the period.
        #expect(Self.run(out, ["--publish", "--commentary", Self.sampleCommentary]) == 0)
        let loaded = try Commentary.load(Self.sampleCommentary, measures: Repo.definitions.measures.map(\.id), periods: Repo.sampleRun.periods.map(\.label))
        let covered = try Reports.model(Repo.sampleRun, period: nil, publish: true, commentary: loaded)
        #expect(Reports.redWithoutCommentary(covered).isEmpty)
        // An internal run never stops for commentary.
        let internalOut = Self.temporary()
        defer { try? FileManager.default.removeItem(atPath: internalOut) }
        #expect(Self.run(internalOut, []) == 0)
    }

    @Test func hostileCommentaryIsShownEscapedInEveryFormat() throws {
        let model = try Reports.model(Repo.sampleRun, period: nil, publish: true)
        let measure = model.sections[0].measures[0].id
        let hostile = "=HYPERLINK(\"http://x\") <script>alert(1)</script> **bold** | & [link](http://x)\n\nSecond paragraph."
        let csv = "measure,period,commentary\n\(measure),\(model.period.label),\"\(hostile.replacingOccurrences(of: "\"", with: "\"\""))\"\n"
        let file = try Self.write(csv), out = Self.temporary()
        defer { try? FileManager.default.removeItem(atPath: file); try? FileManager.default.removeItem(atPath: out) }
        #expect(Self.run(out, ["--publish", "--allow-missing-commentary", "--commentary", file]) == 0)

        let html = try String(contentsOfFile: out + "/report.html", encoding: .utf8)
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(!html.contains("<script>"))
        #expect(html.contains("<p>Second paragraph.</p>"))
        try WellFormedXML.check(html)

        let md = try String(contentsOfFile: out + "/report.md", encoding: .utf8)
        #expect(md.contains("> =HYPERLINK(\"http://x\") \\<script\\>alert(1)\\</script\\> \\*\\*bold\\*\\* \\| & \\[link\\](http://x)"))
        #expect(md.contains("> Second paragraph."))

        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/report.json"))) as? [String: Any]
        let sections = json?["sections"] as? [[String: Any]]
        let first = (sections?.first?["measures"] as? [[String: Any]])?.first
        #expect(first?["commentary"] as? String == hostile)

        let ret = try String(contentsOfFile: out + "/quarterly-return.csv", encoding: .utf8)
        #expect(ret.contains("\"'=HYPERLINK(\"\"http://x\"\")"), "the commentary cannot run as a formula")
    }

    @Test func badFilesAreRefusedWithFileAndLine() throws {
        let unknown = Self.parse("measure,period,commentary\nHW2,2017-18 Q4,fine\nHW22,2017-18 Q4,x\nHW2,2017-18 Q5,y\n")
        #expect(unknown?.messages.contains { $0.hasPrefix("c.csv:3: error: unknown measure 'HW22'") } == true, "\(unknown?.messages ?? [])")
        #expect(unknown?.messages.contains { $0.hasPrefix("c.csv:4: error: unknown period '2017-18 Q5'") } == true, "\(unknown?.messages ?? [])")

        let duplicate = Self.parse("measure,period,commentary\nHW2,2017-18 Q4,a\n\"HW2\",2017-18 Q4,\"b\nc\"\n")
        #expect(duplicate?.messages == ["c.csv:3: error: a second commentary for HW2 in 2017-18 Q4; the first is on line 2"])

        let comma = Self.parse("measure,period,commentary\nHW2,2017-18 Q4,Fewer reviews, as expected\n")
        #expect(comma?.messages.first?.hasPrefix("c.csv:2: error: 4 fields where the header has 3: a comma in text that is not in quotes?") == true, "\(comma?.messages ?? [])")

        let header = Self.parse("measure,quarter,commentary\n")
        #expect(header?.messages.first?.hasPrefix("c.csv:1: error: no 'period' column") == true)

        // Saved by Excel as plain "CSV", in Windows-1252: "£" is byte A3.
        var bytes = Array("measure,period,commentary\nHW2,2017-18 Q4,ok\nHW2,2017-18,cost ".utf8) + [0xA3] + Array("5\n".utf8)
        do {
            _ = try Commentary.parse(bytes, file: "c.csv", measures: ["HW2"], periods: ["2017-18 Q4", "2017-18"])
            Issue.record("a non-UTF-8 file was accepted")
        } catch {
            #expect(error.messages == ["c.csv:3: error: the file is not UTF-8 here; in Excel, save it as 'CSV UTF-8 (Comma delimited)'"])
        }
        // Excel's "CSV UTF-8": a byte-order mark, CRLF, blank rows and short rows are fine.
        bytes = [0xEF, 0xBB, 0xBF] + Array("Measure,Period,Commentary,Author\r\nHW2,2017-18 Q4,\"Line one\r\nline two\",A. Officer\r\n,,\r\nHW2,2017-18\r\n".utf8)
        let read = try Commentary.parse(bytes, file: "c.csv", measures: ["HW2"], periods: ["2017-18 Q4", "2017-18"])
        #expect(read.text(measure: "HW2", period: "2017-18 Q4") == "Line one\nline two")
        #expect(read.text(measure: "HW2", period: "2017-18") == nil)

        // Through the command line: exit 4 and nothing written.
        let file = try Self.write("measure,period,commentary\nHW22,2017-18 Q4,x\n"), out = Self.temporary()
        defer { try? FileManager.default.removeItem(atPath: file) }
        #expect(Self.run(out, ["--commentary", file]) == ExitCode.data.rawValue)
        #expect(!FileManager.default.fileExists(atPath: out))
        #expect(Self.run(out, ["--commentary", "/nonexistent/commentary.csv"]) == ExitCode.data.rawValue)
    }
}
