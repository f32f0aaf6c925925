import Foundation
import Testing
@testable import Scorecard

/// Helpers shared by the sniff tests: a fresh folder, running the real command, and
/// checking drafted definitions the way a council would (with a framework beside them).
enum SniffSupport {
    static func temporaryFolder(_ tag: String) -> String {
        let folder = NSTemporaryDirectory() + "scorecard-sniff-\(tag)-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder
    }

    /// The smallest framework the drafts need: its locality category and first month.
    static let framework = """
    category locality { "North & Riverside", "East/West", "Coalfields", "City Centre" }
    framework {
      title        "Sniffed"
      first_month  "2014-04"
      columns      locality
    }
    """

    /// Runs `scorecard sniff FILES --out OUT` in process; returns its exit code.
    static func sniff(_ files: [String], out: String) -> Int32 {
        ScorecardCommand.main(["sniff"] + files + ["--out", out])
    }

    /// Copies the drafts into a metrics folder with the framework and loads it as `check` does.
    static func metricsFolder(from sniffed: String) throws -> String {
        let metrics = temporaryFolder("metrics")
        for sub in ["sources", "records", "codes"] {
            try FileManager.default.copyItem(atPath: sniffed + "/" + sub, toPath: metrics + "/" + sub)
        }
        try framework.write(toFile: metrics + "/sniffed.framework", atomically: true, encoding: .utf8)
        return metrics
    }

    static func text(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }

    /// What a mapping's conversion is, in words the two sides can share: a code list is
    /// a code whichever map or category it uses; text, a person and a reference are all
    /// text to a sniffer that cannot know what an id names.
    static func kind(_ c: SourceSpec.Conversion) -> String {
        switch c {
        case .date(let f), .datetime(let f): return "date \(f.text)"
        case .money: return "decimal"
        case .int: return "int"
        case .decimal: return "decimal"
        case .category, .mapped: return "code"
        case .text, .person, .ref: return "text"
        }
    }

    static func column(_ m: SourceSpec.Mapping) -> String { m.column.description }
}

@Suite(.serialized) struct SniffSamplesTests {
    static let sampleFiles: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: Repo.sampleData)) ?? []
        return names.filter { $0.hasSuffix(".csv") || $0.hasSuffix(".txt") }.sorted().map { Repo.sampleData + "/" + $0 }
    }()

    /// Every sample extract sniffed through the command: the drafts pass `check` as
    /// written (definitions and the extracts themselves), and type every column the
    /// shipped definitions map as they do — field by field.
    @Test func samplesDraftDefinitionsThatCheckAndMatchTheShippedOnes() throws {
        #expect(Self.sampleFiles.count >= 11)
        try Self.sniffCheckAndCompare(data: Repo.sampleData, files: Self.sampleFiles)
    }

    /// The same on a generated set five times the samples' size (another seed, so other
    /// values, other spellings and other unreadable dates).
    @Test func generatedSetDraftsMatchTheShippedOnesToo() throws {
        let data = SniffSupport.temporaryFolder("generated") + "/g5"
        _ = try ExtractGenerator.write(GeneratorOptions(scale: 5, seed: 7, asAt: Repo.sampleAsAt), to: data)
        let files = try FileManager.default.contentsOfDirectory(atPath: data).filter { !$0.hasPrefix(".") }.sorted().map { data + "/" + $0 }
        #expect(files.count == 10)
        try Self.sniffCheckAndCompare(data: data, files: files)
    }

    static func sniffCheckAndCompare(data: String, files: [String]) throws {
        let out = SniffSupport.temporaryFolder("samples") + "/sniffed"
        #expect(SniffSupport.sniff(files, out: out) == 0)
        let metrics = try SniffSupport.metricsFolder(from: out)

        // As written: the loader accepts them, and so does the real `check` on the extracts.
        let sniffed = try DefinitionLoader.load(folder: metrics)
        #expect(sniffed.sources.count == files.count)
        #expect(ScorecardCommand.main(["check", "--data", data, "--as-at", "2018-04-06", "--metrics", metrics]) == 0)

        let shipped = Repo.definitions
        var compared = 0
        for source in shipped.sources {
            let drafted = try #require(sniffed.sources.first { $0.file == source.file }, "no draft for \(source.file)")
            // Encoding: a file of pure ASCII is drafted as utf8 (it reads the same); the shipped eCAF source says ascii.
            let bytes = try Data(contentsOf: URL(fileURLWithPath: data + "/" + source.file))
            let pureASCII = !bytes.contains { $0 >= 0x80 }
            if source.encoding == "ascii" {
                #expect(pureASCII && drafted.encoding == "utf8", "\(source.file): encoding")
            } else {
                #expect(drafted.encoding == source.encoding, "\(source.file): encoding \(drafted.encoding), shipped \(source.encoding)")
            }
            #expect(drafted.dialectDelimiter == source.dialectDelimiter, "\(source.file): delimiter")
            #expect(drafted.hasHeader == source.hasHeader, "\(source.file): header")
            for mapping in source.mappings {
                let column = SniffSupport.column(mapping)
                let match = try #require(drafted.mappings.first { SniffSupport.column($0) == column }, "\(source.file): no mapping of \(column)")
                #expect(SniffSupport.kind(match.conversion) == SniffSupport.kind(mapping.conversion),
                        "\(source.file) \(column): drafted \(SniffSupport.kind(match.conversion)), shipped \(SniffSupport.kind(mapping.conversion))")
                compared += 1
            }
            // Every column of the file has a mapping in the draft (the shipped ones leave notes out).
            #expect(drafted.mappings.count >= Set(source.mappings.map { SniffSupport.column($0) }).count)
        }
        #expect(compared == shipped.sources.reduce(0) { $0 + $1.mappings.count })
        #expect(compared >= 50)
    }

    /// The drafts say how sure each guess is and leave the decisions to a person.
    @Test func draftsExplainTheirGuessesAndMarkWhatAPersonDecides() throws {
        let out = SniffSupport.temporaryFolder("explain") + "/sniffed"
        #expect(SniffSupport.sniff([Repo.sampleData + "/hwify_returns.csv", Repo.sampleData + "/mat_cases.csv", Repo.sampleData + "/csc_episodes.csv"], out: out) == 0)
        let hwify = try SniffSupport.text(out + "/sources/hwify_returns.source")
        // The impossible date is counted and quoted; the other layout's count is given.
        #expect(hwify.contains("# \"Date Returned\": date dd/mm/yyyy: 82 of 83 non-blank values (98.8%); 1 unreadable, e.g. \"31/02/2015\""))
        #expect(hwify.contains("date_returned        = \"Date Returned\" format \"dd/mm/yyyy\"\n"))
        #expect(hwify.contains("# header: yes: \"Date Returned\" is not a date like the values below it"))
        #expect(hwify.contains("9 values hold line breaks"))
        let record = try SniffSupport.text(out + "/records/hwify_returns.record")
        #expect(record.contains("# TODO key:") && record.contains("'key return_no'?"))
        #expect(record.contains("# TODO column:") && record.contains("'column team'"))
        // The hand-typed team names: every spelling counted, grouped as map look-ups group them.
        let team = try SniffSupport.text(out + "/codes/hwify_returns_team.codes")
        #expect(team.contains("# 16 values (47 spellings) in 84 non-blank rows."))
        #expect(team.contains("\"Coalfields\"                   -> \"Coalfields\"                     # 9 rows: \"Coalfields\" 4, \"COALFIELDS\" 3, \"coalfields\" 2"))

        let mat = try SniffSupport.text(out + "/sources/mat_cases.source")
        #expect(mat.contains("encoding  windows1252\n") && mat.contains("delimiter \";\"\n"))
        #expect(mat.contains("# encoding: Windows-1252: 67 bytes of 0x80 or above are not UTF-8"))
        #expect(mat.contains("opened      = \"OPENED\" format \"yyyymmdd\" required\n"))
        #expect(mat.contains("# TODO person?") && mat.contains("'client_no' as 'person'"))
        let agency = try SniffSupport.text(out + "/codes/mat_cases_lead_agency.codes")
        #expect(agency.contains("\"Children’s Centre\""))      // 0x92 read as a curly apostrophe
        #expect(agency.contains("\"VCS – Café Hope\""))

        let csc = try SniffSupport.text(out + "/sources/csc_episodes.source")
        #expect(csc.contains("locality_code = \"locality_code\" via csc_episodes_locality_code_codes"))
        #expect(csc.contains("child_id      = \"child_id\" required"))
    }

    /// `sniff` never writes over anything: an existing non-empty --out is refused and left as it was.
    @Test func refusesAFolderThatHoldsFiles() throws {
        let out = SniffSupport.temporaryFolder("refuse")
        let keep = out + "/notes.txt"
        try "mine".write(toFile: keep, atomically: true, encoding: .utf8)
        #expect(SniffSupport.sniff([Repo.sampleData + "/population.csv"], out: out) == ExitCode.output.rawValue)
        #expect(try FileManager.default.contentsOfDirectory(atPath: out) == ["notes.txt"])
        #expect(try SniffSupport.text(keep) == "mine")
        // A second sniff into the folder the first one wrote is refused too.
        let fresh = out + "/sniffed"
        #expect(SniffSupport.sniff([Repo.sampleData + "/population.csv"], out: fresh) == 0)
        let before = try SniffSupport.text(fresh + "/sources/population.source")
        #expect(SniffSupport.sniff([Repo.sampleData + "/workforce.csv"], out: fresh) == ExitCode.output.rawValue)
        #expect(try SniffSupport.text(fresh + "/sources/population.source") == before)
        #expect(!FileManager.default.fileExists(atPath: fresh + "/sources/workforce.source"))
        // No files, or a missing one: a usage error and a data error, nothing written.
        #expect(ScorecardCommand.main(["sniff", "--out", out + "/x"]) == ExitCode.usage.rawValue)
        #expect(SniffSupport.sniff([out + "/missing.csv"], out: out + "/y") == ExitCode.data.rawValue)
        #expect(!FileManager.default.fileExists(atPath: out + "/y"))
    }
}
