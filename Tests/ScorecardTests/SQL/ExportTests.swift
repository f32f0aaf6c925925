import Foundation
import Testing
@testable import Scorecard

/// `scorecard export`: the records after intake as clean CSV, typed in schema.sql,
/// written under `run`'s output rules, the files with identifiers private to their owner.
@Suite struct ExportTests {
    static func temporary(_ name: String) -> String { NSTemporaryDirectory() + "scorecard-\(name)-" + UUID().uuidString }

    @Test func everyRecordIsATableWithItsTypedColumns() throws {
        var intake = Intake(definitions: Repo.definitions, dataFolder: Repo.sampleData, asAt: Repo.sampleAsAt)
        intake.keepEveryTable = true
        let dataset = try intake.run().dataset
        let files = Export.files(dataset)
        #expect(files.map(\.name) == Repo.definitions.records.map { $0.name + ".csv" } + ["schema.sql", "load.psql"])
        let schema = String(decoding: files.first { $0.name == "schema.sql" }!.bytes, as: UTF8.self)
        #expect(schema.contains("CREATE TABLE \"case\" (\n  \"_id\" integer PRIMARY KEY,\n  \"id\" text,\n  \"person\" text"))
        #expect(schema.contains("\"received\" date"))
        #expect(schema.contains("\"route\" text CHECK (\"route\" IN ('VCM', 'CSC', 'School', 'Health', 'Police', 'Self', 'Other'))"))
        #expect(schema.contains("\"case\" integer"), "a reference is the referenced row's _id")
        #expect(schema.contains("\"fte\" double precision"))
        // Every accepted, superseded and grouped row, in Scorecard's order.
        for (r, record) in Repo.definitions.records.enumerated() {
            let text = String(decoding: files[r].bytes, as: UTF8.self)
            let lines = text.split(separator: "\n")
            #expect(lines.count == dataset.tables[r].count + 1, "\(record.name): a line per row and the header")
            #expect(lines.first?.hasPrefix("_id,") == true)
        }
        // The first sheet names its case by the case's _id; a blank is an empty field.
        let sheets = String(decoding: files.first { $0.name == "sheet.csv" }!.bytes, as: UTF8.self).split(separator: "\n")
        #expect(sheets[0] == "_id,\"case\",\"stage\",\"date\",\"total\"")
        let cases = String(decoding: files.first { $0.name == "case.csv" }!.bytes, as: UTF8.self).split(separator: "\n")
        #expect(cases[1].contains(",,"), "blank fields are empty and unquoted (NULL when loaded)")
    }

    @Test func theCommandWritesPrivateFilesAndReplacesOnlyItsOwnFolder() throws {
        let out = Self.temporary("export")
        defer { try? FileManager.default.removeItem(atPath: out); try? FileManager.default.removeItem(atPath: out + ".lock") }
        let first = try BinaryRunner.run(["export", "--data", Repo.sampleData, "--as-at", "2018-04-06", "--metrics", Repo.metrics, "--out", out])
        #expect(first.code == 0, "\(first.err)")
        #expect(first.out.contains("readable by their owner only"))
        let names = try FileManager.default.contentsOfDirectory(atPath: out).sorted()
        #expect(names.contains("manifest.json") && names.contains("schema.sql") && names.contains("case.csv"))
        for name in names where name.hasSuffix(".csv") {
            let mode = (try FileManager.default.attributesOfItem(atPath: out + "/" + name)[.posixPermissions] as? NSNumber)?.intValue
            #expect(mode == 0o600, "\(name) holds identifiers: owner only")
        }
        // A second export replaces the folder it wrote.
        let second = try BinaryRunner.run(["export", "--data", Repo.sampleData, "--as-at", "2018-04-06", "--metrics", Repo.metrics, "--out", out])
        #expect(second.code == 0, "\(second.err)")
        // A file of the user's in it: refused, untouched.
        try Data("mine".utf8).write(to: URL(fileURLWithPath: out + "/notes.txt"))
        let third = try BinaryRunner.run(["export", "--data", Repo.sampleData, "--as-at", "2018-04-06", "--metrics", Repo.metrics, "--out", out])
        #expect(third.code == ExitCode.output.rawValue)
        #expect(third.err.contains("already holds files Scorecard did not write"))
        #expect(FileManager.default.contents(atPath: out + "/notes.txt") == Data("mine".utf8))
    }

    @Test func aFolderOfSomeoneElsesIsRefused() throws {
        let out = Self.temporary("export-theirs")
        defer { try? FileManager.default.removeItem(atPath: out) }
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        try Data("x".utf8).write(to: URL(fileURLWithPath: out + "/report.xlsx"))
        let result = try BinaryRunner.run(["export", "--data", Repo.sampleData, "--as-at", "2018-04-06", "--metrics", Repo.metrics, "--out", out])
        #expect(result.code == ExitCode.output.rawValue)
        #expect(try FileManager.default.contentsOfDirectory(atPath: out) == ["report.xlsx"])
    }
}
