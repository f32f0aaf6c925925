import Foundation
import Testing
@testable import Scorecard

/// Every value on the command line is checked before any work, and every problem is
/// told in plain English with the exit code scripts expect. Run through the real binary.
@Suite struct ArgumentCheckTests {
    static func run(_ arguments: [String], user: UInt32? = nil) throws -> BinaryRunner.Result {
        try BinaryRunner.run(arguments, user: user)
    }

    static func expectPlain(_ result: BinaryRunner.Result, code: ExitCode, _ words: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        #expect(result.code == code.rawValue, "exit \(result.code): \(result.err)", sourceLocation: sourceLocation)
        #expect(result.err.contains(words), "stderr: \(result.err)", sourceLocation: sourceLocation)
        for dump in ["NSCocoaErrorDomain", "Error Domain", "NSUnderlyingError", "Code="] {
            #expect(!result.err.contains(dump), "stderr: \(result.err)", sourceLocation: sourceLocation)
        }
    }

    static func runArguments(asAt: String, out: String = NSTemporaryDirectory() + "never-" + UUID().uuidString) -> [String] {
        ["run", "--data", Repo.sampleData, "--as-at", asAt, "--out", out, "--metrics", Repo.metrics]
    }

    @Test func asAtDatesOutsideTheFrameworkAreRefusedAtOnce() throws {
        let started = Date()
        for date in ["9999-12-31", "2118-04-06"] {
            Self.expectPlain(try Self.run(Self.runArguments(asAt: date)), code: .usage, "is after today")
        }
        // Before the framework's first month (April 2014 in the Kestrel framework).
        Self.expectPlain(try Self.run(Self.runArguments(asAt: "2014-03-31")), code: .usage, "before the framework's first month (2014-04-01)")
        Self.expectPlain(try Self.run(["check", "--data", Repo.sampleData, "--as-at", "0001-01-01", "--metrics", Repo.metrics]), code: .usage,
                         "before the framework's first month")
        // Refused before any work: no minutes of empty periods.
        #expect(Date().timeIntervalSince(started) < 20)
        // The first month itself and today are fine as far as the date goes.
        let first = try Self.run(["check", "--data", Repo.sampleData, "--as-at", "2014-04-01", "--metrics", Repo.metrics])
        #expect(!first.err.contains("--as-at"), "\(first.err)")
    }

    @Test(arguments: [
        (["run", "--data", "d", "--as-at", "2018-04-06", "--out", "o", "stray"], "unexpected argument 'stray'"),
        (["check", "--data", "d", "--as-at", "2018-04-06", "extra"], "unexpected argument 'extra'"),
        (["run", "--data", "d", "--as-at", "2018-04-06", "--out", "--publish"], "option '--out' is missing its value"),
        (["run", "--data", "--as-at", "2018-04-06", "--out", "o"], "option '--data' is missing its value"),
        (["run", "--data", "d", "--as-at=", "--out", "o"], "option '--as-at' is missing its value"),
        (["run", "--data", "d", "--as-at", "2018-04-06", "--as-at", "2018-04-07", "--out", "o"], "option '--as-at' is given twice"),
        (["run", "--data", "d", "--as-at", "2018-04-06", "--out", "o", "--publish", "--publish"], "option '--publish' is given twice"),
        (["explain", "HW2", "HW3", "--period", "2016-17"], "unexpected argument 'HW3'"),
        (["run", "--data", "d", "--as-at", "06/04/2018", "--out", "o"], "is not a date as YYYY-MM-DD"),
    ])
    func malformedCommandLinesAreUsageErrors(arguments: [String], words: String) throws {
        Self.expectPlain(try Self.run(arguments), code: .usage, words)
    }

    @Test func versionPrintsTheEngineVersionTheManifestRecords() throws {
        let result = try Self.run(["--version"])
        #expect(result.code == 0)
        #expect(result.out == Manifest.engineVersion + "\n")
        #expect(try Self.run(["run", "--version"]).out == Manifest.engineVersion + "\n")
        let out = NSTemporaryDirectory() + "scorecard-version-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: out) }
        #expect(try Self.run(Self.runArguments(asAt: "2018-04-06", out: out)).code == 0)
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/manifest.json"))) as? [String: Any]
        #expect(manifest?["engine"] as? String == result.out.trimmingCharacters(in: .newlines))
    }

    @Test func pathsThatAreNotWhatTheyShouldBeSaySoInPlainEnglish() throws {
        let folder = NSTemporaryDirectory() + "scorecard-paths-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let fifo = folder + "/pipe"
        #expect(mkfifo(fifo, 0o600) == 0)
        try FileManager.default.createSymbolicLink(atPath: folder + "/dangling", withDestinationPath: folder + "/nowhere")
        let check = { (data: String) in ["check", "--data", data, "--as-at", "2018-04-06", "--metrics", Repo.metrics] }

        // A FIFO where a folder is expected, and a dangling link: what they are, not "permission".
        let fifoResult = try Self.run(check(fifo))
        Self.expectPlain(fifoResult, code: .data, "is a FIFO (named pipe), not a folder")
        #expect(!fifoResult.err.lowercased().contains("permission"))
        Self.expectPlain(try Self.run(check(folder + "/dangling")), code: .data, "is a symbolic link to something that does not exist")
        Self.expectPlain(try Self.run(check(folder + "/missing")), code: .data, "does not exist")

        // An extract that is a FIFO (reading it would hang) or a folder.
        let data = folder + "/data"
        try FileManager.default.copyItem(atPath: Repo.sampleData, toPath: data)
        try FileManager.default.removeItem(atPath: data + "/workforce.csv")
        #expect(mkfifo(data + "/workforce.csv", 0o600) == 0)
        Self.expectPlain(try Self.run(check(data)), code: .data, "workforce.csv is a FIFO (named pipe), not a file")
        try FileManager.default.removeItem(atPath: data + "/workforce.csv")
        try FileManager.default.createDirectory(atPath: data + "/workforce.csv", withIntermediateDirectories: true)
        Self.expectPlain(try Self.run(check(data)), code: .data, "workforce.csv is a folder, not a file")

        // A folder where a file is expected.
        Self.expectPlain(try Self.run(["revisions", "--previous", folder, "--current", folder]), code: .data, "is a folder, not a file")
        // The output's parent is a file.
        try Data("x".utf8).write(to: URL(fileURLWithPath: folder + "/plain.txt"))
        Self.expectPlain(try Self.run(Self.runArguments(asAt: "2018-04-06", out: folder + "/plain.txt/out")), code: .output,
                         "plain.txt is a file, not a folder")
    }

    @Test func anUnwritableParentIsNamed() throws {
        let folder = NSTemporaryDirectory() + "scorecard-unwritable-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let fm = FileManager.default
        try fm.createDirectory(atPath: folder + "/locked", withIntermediateDirectories: true)
        // Root may write anywhere: as root, the run is made as the unprivileged user 'nobody',
        // from copies of the binary, definitions and samples it can reach wherever the
        // repository lives.
        var binary = try BinaryRunner.requireBinary()
        var metrics = Repo.metrics, data = Repo.sampleData
        let asNobody: UInt32? = getuid() == 0 ? 65534 : nil
        if asNobody != nil {
            try #require(fm.isExecutableFile(atPath: "/usr/bin/setpriv"), "setpriv (util-linux) runs the binary as 'nobody'")
            try fm.copyItem(atPath: binary, toPath: folder + "/scorecard")
            try fm.copyItem(atPath: Repo.metrics, toPath: folder + "/metrics")
            try fm.copyItem(atPath: Repo.sampleData, toPath: folder + "/data")
            (binary, metrics, data) = (folder + "/scorecard", folder + "/metrics", folder + "/data")
            for path in [folder, folder + "/scorecard"] { try fm.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path) }
            for sub in ["/metrics", "/data"] {
                let base = folder + sub
                try fm.setAttributes([.posixPermissions: 0o755], ofItemAtPath: base)
                for item in fm.enumerator(atPath: base)?.allObjects as? [String] ?? [] {
                    let path = base + "/" + item
                    try fm.setAttributes([.posixPermissions: PathKind.of(path) == .directory ? 0o755 : 0o644], ofItemAtPath: path)
                }
            }
        }
        try fm.setAttributes([.posixPermissions: 0o555], ofItemAtPath: folder + "/locked")
        let result = try BinaryRunner.run(["run", "--data", data, "--as-at", "2018-04-06", "--out", folder + "/locked/out", "--metrics", metrics],
                                          user: asNobody, binary: binary)
        Self.expectPlain(result, code: .output, "this user may not write in \(folder)/locked")
        #expect(try fm.contentsOfDirectory(atPath: folder + "/locked").isEmpty)
    }
}
