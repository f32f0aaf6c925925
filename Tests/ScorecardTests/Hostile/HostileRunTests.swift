import CSV
import Foundation
import Testing
@testable import Scorecard

/// Hostile rows given to the real command line (`scorecard run` in-process) on a copy
/// of the samples: each is rejected with its line and a reason naming the column and
/// the bound, the rest of the run is untouched, and the long table stays the samples'.
@Suite struct HostileRunTests {
    static func temporary() -> String { NSTemporaryDirectory() + "scorecard-hostile-" + UUID().uuidString }

    static func copyOfSamples() throws -> String {
        let data = temporary()
        try FileManager.default.copyItem(atPath: Repo.sampleData, toPath: data)
        return data
    }

    static func append(_ bytes: [UInt8], to file: String) throws {
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: file))
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(bytes))
    }

    static func run(_ data: String, _ out: String) -> Int32 {
        ScorecardCommand.main(["run", "--data", data, "--as-at", "2018-04-06", "--out", out, "--metrics", Repo.metrics])
    }

    struct Rejected: Equatable {
        var source: String, line: Int, reason: String, detail: String, fields: String
    }

    /// `rejected-rows.csv`, read back with the project's own reader.
    static func rejected(_ out: String) throws -> [Rejected] {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: out + "/rejected-rows.csv")))
        var reader = CSVReader(bytes: bytes, dialect: Dialect())
        #expect(reader.header == ["source", "file", "line", "reason", "detail", "fields"])
        var record = ByteRecord()
        var rows: [Rejected] = []
        while case .record = reader.read(into: &record) {
            rows.append(Rejected(source: record.string(0), line: Int(record.string(2)) ?? -1, reason: record.string(3),
                                 detail: record.string(4), fields: record.string(5)))
        }
        return rows
    }

    static func samplesExpected() throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: Repo.fixtures + "/samples-expected.csv"))
    }

    static func lineCount(_ file: String) throws -> Int {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: file)))
        return LineNumberCount.line(bytes, at: bytes.count) - (bytes.last == 0x0A || bytes.last == 0x0D ? 1 : 0)
    }

    // MARK: - Item 4: bounded resources and declared ranges

    @Test func impossibleValuesAndOversizedRowsAreRejectedWithTheirLines() throws {
        let data = try Self.copyOfSamples(), out = Self.temporary()
        defer { try? FileManager.default.removeItem(atPath: data); try? FileManager.default.removeItem(atPath: out) }
        // Each appended row's line is one past the file's last line.
        var expected: [(String, Int, String, String)] = []
        func add(_ file: String, _ source: String, _ rows: [(String, String, String)], encoding: [UInt8]? = nil) throws {
            var line = try Self.lineCount(data + "/" + file)
            for (row, reason, detail) in rows {
                line += 1
                try Self.append(Array(row.utf8), to: data + "/" + file)
                expected.append((source, line, reason, detail))
            }
        }
        try add("population.csv", "population", [
            ("Coalfields,2019,-1000\n", "population_0_17 out of range", "-1000 is outside 0 to 10000000"),
            ("Coalfields,0001,5000\n", "year out of range", "0001 is outside 2000 to 2099"),
        ])
        try add("workforce.csv", "workforce", [
            ("2013-06-30,Coalfields,-3\n", "worker_fte out of range", "-3 is outside 0 to 10000"),
            ("2013-09-30,Coalfields,1e308\n", "worker_fte out of range", "1e308 is outside 0 to 10000"),
            ("2013-12-31,Coalfields,inf\n", "unreadable worker_fte", "inf"),
            ("2014-03-31,Coalfields,nan\n", "unreadable worker_fte", "nan"),
            ("9999-12-31,Coalfields,1.0\n", "quarter_end out of range", "9999-12-31 is outside 2000-01-01 to 2099-12-31"),
        ])
        try add("mat_cases.csv", "mat_cases", [
            ("MAT900001;1;F;CF;VCM;00010101;;;;HV\r\n", "OPENED out of range", "00010101 is outside 2000-01-01 to 2099-12-31"),
        ])
        let notes = String(repeating: "n", count: 300 << 10)
        try add("ehm_episodes.csv", "ehm_episodes", [
            ("EH-9000001,1,F,,10/12/2016,Police,City Centre Locality,12/12/2016,,31/12/9999,,School,x\r\n",
             "Episode End out of range", "31/12/9999 is outside 2000-01-01 to 2099-12-31"),
            ("EH-9000002,1,F,,10/12/2016,Police,City Centre Locality,12/12/2016,,,,School,\"\(notes)\"\r\n",
             "field too long", "field 13 (\"Notes\") is 307200 bytes long, more than the limit of 262144 bytes ('max field')"),
        ])
        // A quote never closed: 2 MB of one record to the end of the file.
        let spiderLine = try Self.lineCount(data + "/spider_scores.csv") + 1
        var runaway = Array("MAT100003,Start,29/04/2014,\"Routines".utf8)
        for _ in 0..<20_000 { runaway += Array(String(repeating: "r", count: 99).utf8) + [0x0A] }
        try Self.append(runaway, to: data + "/spider_scores.csv")
        expected.append(("spider_scores", spiderLine, "record too long",
                         "the record is \(runaway.count) bytes long, more than the limit of 4096 bytes ('max record')"))

        #expect(Self.run(data, out) == ExitCode.success.rawValue)
        let rows = try Self.rejected(out)
        for (source, line, reason, detail) in expected {
            let found = rows.filter { $0.source == source && $0.line == line }
            #expect(found.count == 1, "\(source) line \(line): \(found)")
            #expect(found.first?.reason == reason, "\(source) line \(line)")
            #expect(found.first?.detail == detail, "\(source) line \(line)")
        }
        // A record too long keeps none of its fields; a field too long is bounded by the record's limit.
        #expect(rows.first { $0.reason == "record too long" }?.fields == "")
        // Every hostile row rejected, nothing else touched.
        #expect(try Data(contentsOf: URL(fileURLWithPath: out + "/long-table.csv")) == Self.samplesExpected())
        let quality = try String(contentsOfFile: out + "/data-quality.csv", encoding: .utf8)
        #expect(quality.contains("workforce,workforce.csv,69,64,5,0,0,rejected: worker_fte out of range,2"))
        #expect(quality.contains(",rejected: record too long,1"))
        #expect(quality.contains(",rejected: field too long,1"))
    }

    // MARK: - Item 5: right positions

    /// The samples' spider extract rewritten with every kind of line ending, runs of
    /// blank lines (megabytes of them, so the parallel loader splits the file into
    /// several chunks) and bad rows with quoted CR, LF and CRLF: every rejected row's
    /// line is where a naive count over the bytes puts it.
    @Test func rejectedLinesMatchANaiveCountInAMixedEndingFileAcrossChunks() throws {
        let data = try Self.copyOfSamples(), out = Self.temporary()
        defer { try? FileManager.default.removeItem(atPath: data); try? FileManager.default.removeItem(atPath: out) }
        let original = try String(contentsOfFile: Repo.sampleData + "/spider_scores.csv", encoding: .utf8)
        let lines = original.split(separator: "\n").map(String.init)
        var rng = SeededRandom(state: 9)
        let endings: [[UInt8]] = [[0x0A], [0x0D, 0x0A], [0x0D]]
        var bytes: [UInt8] = Array(lines[0].utf8) + [0x0D]
        var starts: [(offset: Int, fields: String)] = []
        var bad = 0
        for (k, line) in lines.dropFirst().enumerated() {
            // A run of blank lines, on average ~400 bytes: ~9.4 MB over the file.
            if rng.next() % 4 != 0 {
                for _ in 0..<Int(rng.next() % 1_000) { bytes += endings[Int(rng.next() % 3)] }
            }
            starts.append((bytes.count, line.split(separator: ",", omittingEmptySubsequences: false).joined(separator: " | ")))
            bytes += Array(line.utf8) + endings[Int(rng.next() % 3)]
            if k % 97 == 0 {
                // An unknown case whose domain holds a line break of each kind.
                let brk = ["\r", "\n", "\r\n"][bad % 3]
                let ref = String(format: "BAD%06d", bad)
                starts.append((bytes.count, "\(ref) | Start | 01/06/2016 | Rout\(brk)ines | 4"))
                bytes += Array("\(ref),Start,01/06/2016,\"Rout\(brk)ines\",4".utf8) + endings[Int(rng.next() % 3)]
                bad += 1
            }
        }
        #expect(bytes.count > Intake.chunkSize + Intake.chunkSize / 8)
        try Data(bytes).write(to: URL(fileURLWithPath: data + "/spider_scores.csv"))
        let chunks = bytes.withUnsafeBytes { ChunkSplitter.split($0, dialect: Dialect(), targetSize: Intake.chunkSize) }
        #expect(chunks.count >= 2)

        #expect(Self.run(data, out) == ExitCode.success.rawValue)
        // The naive lines of every record start, in one pass.
        let lineAt = LineNumberCount.lines(bytes, at: starts.map(\.offset))
        var linesOf: [String: Set<Int>] = [:]
        for (k, start) in starts.enumerated() { linesOf[start.fields, default: []].insert(lineAt[k]) }
        let spider = try Self.rejected(out).filter { $0.source == "spider_scores" }
        #expect(spider.filter { $0.reason == "unknown case" && $0.fields.hasPrefix("BAD") }.count == bad)
        let misplaced = spider.filter { linesOf[$0.fields]?.contains($0.line) != true }
        #expect(misplaced.isEmpty, "\(misplaced.count) of \(spider.count) rejected rows at the wrong line, e.g. \(misplaced.prefix(3))")
        #expect(spider.count > bad)
        // The bad rows after the first chunk are there too, at their lines.
        let lastBad = try #require(starts.lastIndex { $0.fields.hasPrefix("BAD") })
        #expect(starts[lastBad].offset > chunks[1].range.lowerBound)
        #expect(spider.contains { $0.fields == starts[lastBad].fields && $0.line == lineAt[lastBad] })
        // Endings, blank lines and rejected rows change no figure.
        #expect(try Data(contentsOf: URL(fileURLWithPath: out + "/long-table.csv")) == Self.samplesExpected())
    }

    // MARK: - Item 7: sheets under the MAT ref of a rejected, migrated case

    @Test func aSheetUnderARejectedMigratedCaseBelongsToItsEpisode() throws {
        let data = try Self.copyOfSamples(), out = Self.temporary(), control = Self.temporary()
        defer { for f in [data, out, control] { try? FileManager.default.removeItem(atPath: f) } }
        #expect(Self.run(data, control) == ExitCode.success.rawValue)
        // A MAT case that closes before it opens (rejected), migrated to an EHM episode
        // in Coalfields; one sheet under the MAT ref and one under a rejected MAT ref
        // that no episode names.
        let matLine = try Self.lineCount(data + "/mat_cases.csv") + 1
        try Self.append(Array("MAT900002;40999;F1;CF;SCHOOL;20160901;;20160801;OM;HV\r\nMAT900003;40998;F2;CF;SCHOOL;20160901;;20160801;OM;HV\r\n".utf8),
                        to: data + "/mat_cases.csv")
        try Self.append(Array("EH-9000003,100999,FAM1,MAT900002,01/09/2016,School,Coalfields Locality,01/09/2016,,,,School,migrated\r\n".utf8),
                        to: data + "/ehm_episodes.csv")
        let spiderLine = try Self.lineCount(data + "/spider_scores.csv") + 1
        let sheet = ["Routines", "Parenting", "Confidence", "Health", "Education", "Relationships", "Home Conditions", "Finances"]
        try Self.append(Array((sheet.map { "MAT900002,Start,15/03/2017,\($0),6\n" } + ["MAT900003,Start,15/03/2017,Routines,6\n"]).joined().utf8),
                        to: data + "/spider_scores.csv")
        #expect(Self.run(data, out) == ExitCode.success.rawValue)

        let rows = try Self.rejected(out)
        #expect(rows.filter { $0.source == "mat_cases" && $0.line >= matLine }.map(\.reason) == ["end before start", "end before start"])
        // The sheet under MAT900002 is the episode's; the row under MAT900003 has no case.
        #expect(rows.filter { $0.source == "spider_scores" && $0.line >= spiderLine }.map { "\($0.line) \($0.reason)" }
                == ["\(spiderLine + 8) unknown case"])
        func figure(_ folder: String, _ key: String) throws -> String? {
            try String(contentsOfFile: folder + "/long-table.csv", encoding: .utf8).components(separatedBy: "\r\n")
                .first { $0.hasPrefix(key) }
        }
        #expect(try figure(control, "HM3,,2017-03,Coalfields,") == "HM3,,2017-03,Coalfields,10,,10")
        #expect(try figure(out, "HM3,,2017-03,Coalfields,") == "HM3,,2017-03,Coalfields,11,,11")
        #expect(try figure(out, "HM3,,2017-03,City,") == "HM3,,2017-03,City,64,,64")
    }
}

/// The plainest line count: 1 plus every CR, LF or CRLF before an offset.
enum LineNumberCount {
    static func line(_ bytes: [UInt8], at offset: Int) -> Int { lines(bytes, at: [offset])[0] }

    /// The lines of several offsets (in increasing order) in one pass.
    static func lines(_ bytes: [UInt8], at offsets: [Int]) -> [Int] {
        var out: [Int] = []
        var line = 1, i = 0
        for offset in offsets {
            while i < offset {
                if bytes[i] == 0x0D {
                    line += 1
                    if i + 1 < bytes.count, bytes[i + 1] == 0x0A { i += 1 }
                } else if bytes[i] == 0x0A {
                    line += 1
                }
                i += 1
            }
            out.append(line)
        }
        return out
    }
}

/// SplitMix64, for files that replay exactly.
struct SeededRandom {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
