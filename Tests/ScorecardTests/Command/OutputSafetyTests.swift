import Foundation
import Testing
@testable import Scorecard

/// `--out` never destroys what Scorecard did not write: each refusal is exit 6 with
/// everything left exactly as it was. Run through the real binary.
@Suite(.serialized) struct OutputSafetyTests {
    static func temporary() -> String { NSTemporaryDirectory() + "scorecard-safety-" + UUID().uuidString }

    static func run(data: String = Repo.sampleData, out: String, _ extra: [String] = []) throws -> BinaryRunner.Result {
        try BinaryRunner.run(["run", "--data", data, "--as-at", "2018-04-06", "--out", out, "--metrics", Repo.metrics] + extra)
    }

    /// Every file under `folder` with its bytes, to prove nothing was touched.
    static func snapshot(_ folder: String) throws -> [String: Data] {
        var files: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(atPath: folder)
        while let path = enumerator?.nextObject() as? String {
            let full = folder + "/" + path
            if PathKind.of(full) == .file { files[path] = try Data(contentsOf: URL(fileURLWithPath: full)) }
        }
        return files
    }

    static func expectRefused(_ result: BinaryRunner.Result, _ words: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        #expect(result.code == ExitCode.output.rawValue, "exit \(result.code): \(result.err)", sourceLocation: sourceLocation)
        #expect(result.err.contains(words), "stderr: \(result.err)", sourceLocation: sourceLocation)
        #expect(!result.err.contains("NSCocoaErrorDomain") && !result.err.contains("Error Domain"), sourceLocation: sourceLocation)
    }

    @Test func anUnrelatedFolderIsRefusedAndLeftAsItWas() throws {
        let out = Self.temporary()
        defer { try? FileManager.default.removeItem(atPath: out) }
        try FileManager.default.createDirectory(atPath: out + "/sub", withIntermediateDirectories: true)
        try Data("budget".utf8).write(to: URL(fileURLWithPath: out + "/budget.xlsx"))
        try Data("notes".utf8).write(to: URL(fileURLWithPath: out + "/sub/notes.txt"))
        let before = try Self.snapshot(out)
        Self.expectRefused(try Self.run(out: out), "already holds files Scorecard did not write")
        #expect(try Self.snapshot(out) == before)
    }

    @Test func aFileIsRefusedAndLeftAsItWas() throws {
        let folder = Self.temporary()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let sheet = folder + "/returns.xlsx"
        try Data("a spreadsheet".utf8).write(to: URL(fileURLWithPath: sheet))
        Self.expectRefused(try Self.run(out: sheet), "is a file, not a folder Scorecard wrote")
        #expect(try Data(contentsOf: URL(fileURLWithPath: sheet)) == Data("a spreadsheet".utf8))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["returns.xlsx"])
    }

    @Test func theDataFolderAndAnyFolderHoldingItAreRefused() throws {
        let parent = Self.temporary()
        defer { try? FileManager.default.removeItem(atPath: parent) }
        let data = parent + "/extracts"
        try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Repo.sampleData, toPath: data)
        let before = try Self.snapshot(parent)
        Self.expectRefused(try Self.run(data: data, out: data), "is the --data folder")
        Self.expectRefused(try Self.run(data: data, out: parent), "contains what --data names")
        // The same folder named another way: with a trailing slash and a dot-dot.
        Self.expectRefused(try Self.run(data: data, out: data + "/../extracts/"), "is the --data folder")
        // The metrics folder is protected the same way.
        Self.expectRefused(try BinaryRunner.run(["run", "--data", data, "--as-at", "2018-04-06", "--out", Repo.root, "--metrics", Repo.metrics]), "contains what --")
        #expect(try Self.snapshot(parent) == before)
    }

    @Test func aSymbolicLinkIsRefusedAndItsTargetLeftAlone() throws {
        let folder = Self.temporary()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder + "/real", withIntermediateDirectories: true)
        // Even a link to a folder Scorecard wrote.
        #expect(try Self.run(out: folder + "/real").code == 0)
        let before = try Self.snapshot(folder + "/real")
        try FileManager.default.createSymbolicLink(atPath: folder + "/link", withDestinationPath: folder + "/real")
        Self.expectRefused(try Self.run(out: folder + "/link"), "is a symbolic link")
        #expect(try Self.snapshot(folder + "/real") == before)
        #expect(PathKind.isSymbolicLink(folder + "/link"))
    }

    /// `make run` writes `out/sample` on a fresh clone, where `out/` does not exist yet.
    @Test func anOutputInFoldersNotYetMadeIsWritten() throws {
        let root = Self.temporary()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let result = try Self.run(out: root + "/a/b/out")
        #expect(result.code == 0, "\(result.err)")
        #expect(FileManager.default.fileExists(atPath: root + "/a/b/out/manifest.json"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: root + "/a/b") == ["out"])
    }

    @Test func aFolderScorecardWroteIsReplacedButNotOnceSomeoneAddsOrEditsAFile() throws {
        let out = Self.temporary()
        defer { try? FileManager.default.removeItem(atPath: out) }
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        #expect(try Self.run(out: out).code == 0, "an empty folder is used")
        #expect(try Self.run(out: out).code == 0, "a folder Scorecard wrote is replaced")
        try Data("my notes".utf8).write(to: URL(fileURLWithPath: out + "/notes.txt"))
        Self.expectRefused(try Self.run(out: out), "notes.txt")
        #expect(FileManager.default.fileExists(atPath: out + "/notes.txt"))
        try FileManager.default.removeItem(atPath: out + "/notes.txt")
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: out + "/report.md"))
        handle.seekToEndOfFile()
        handle.write(Data("\nAn officer's edit.\n".utf8))
        try handle.close()
        Self.expectRefused(try Self.run(out: out), "report.md (changed since it was written)")
        #expect(try String(contentsOfFile: out + "/report.md", encoding: .utf8).hasSuffix("An officer's edit.\n"))
    }

    @Test func explainAndRevisionsNeverOverwriteAFile() throws {
        let folder = Self.temporary()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let existing = folder + "/existing.txt"
        try Data("keep me".utf8).write(to: URL(fileURLWithPath: existing))
        let explain = try BinaryRunner.run(["explain", "HW2", "--period", "2016-17 Q3", "--column", "Coalfields", "--data", Repo.sampleData,
                                            "--as-at", "2018-04-06", "--metrics", Repo.metrics, "--out", existing])
        Self.expectRefused(explain, "already exists; Scorecard will not overwrite it")
        let table = Repo.fixtures + "/samples-expected.csv"
        Self.expectRefused(try BinaryRunner.run(["revisions", "--previous", table, "--current", table, "--out", existing]), "already exists")
        #expect(try Data(contentsOf: URL(fileURLWithPath: existing)) == Data("keep me".utf8))
        // A new file is created, readable by its owner only.
        let fresh = folder + "/explain.txt"
        let created = try BinaryRunner.run(["explain", "HW2", "--period", "2016-17 Q3", "--column", "Coalfields", "--data", Repo.sampleData,
                                            "--as-at", "2018-04-06", "--metrics", Repo.metrics, "--out", fresh])
        #expect(created.code == 0, "\(created.err)")
        let mode = try FileManager.default.attributesOfItem(atPath: fresh)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    @Test func generateNeverWritesOverAFolderOfExtracts() throws {
        let data = Self.temporary(), fresh = Self.temporary()
        defer { try? FileManager.default.removeItem(atPath: data); try? FileManager.default.removeItem(atPath: fresh) }
        try FileManager.default.copyItem(atPath: Repo.sampleData, toPath: data)
        let before = try Self.snapshot(data)
        Self.expectRefused(try BinaryRunner.run(["generate", "--scale", "0.1", "--seed", "1", "--out", data]), "did not write")
        #expect(try Self.snapshot(data) == before)
        // Its own output it may write again.
        #expect(try BinaryRunner.run(["generate", "--scale", "0.1", "--seed", "1", "--out", fresh]).code == 0)
        #expect(try BinaryRunner.run(["generate", "--scale", "0.1", "--seed", "2", "--out", fresh]).code == 0)
    }

    @Test func leftoversBesideTheFolderAreTidiedOnlyWhenTheyAreScorecards() throws {
        let parent = Self.temporary()
        defer { try? FileManager.default.removeItem(atPath: parent) }
        let out = parent + "/out"
        try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        // A user's folder that merely looks like a partial one is kept; a marked one is tidied.
        try FileManager.default.createDirectory(atPath: parent + "/.out.partial-1", withIntermediateDirectories: true)
        try Data("mine".utf8).write(to: URL(fileURLWithPath: parent + "/.out.partial-1/mine.txt"))
        try FileManager.default.createDirectory(atPath: parent + "/.out.partial-2", withIntermediateDirectories: true)
        try Data().write(to: URL(fileURLWithPath: parent + "/.out.partial-2/" + OutputFolder.partialMarker))
        #expect(try Self.run(out: out).code == 0)
        #expect(FileManager.default.fileExists(atPath: parent + "/.out.partial-1/mine.txt"))
        #expect(!FileManager.default.fileExists(atPath: parent + "/.out.partial-2"))
        #expect(!FileManager.default.fileExists(atPath: out + "/" + OutputFolder.partialMarker))
    }
}
