import Foundation

/// Runs the real `scorecard` binary that `swift test` builds, capturing what a script
/// or a person at a terminal would see: the exit code, standard output and standard error.
enum BinaryRunner {
    struct Result {
        var code: Int32
        var out: String
        var err: String
    }

    /// The `scorecard` binary beside the test bundle (or in .build/debug).
    static var binary: String? { KilledRunTests.binary }

    /// Starts the binary without waiting; the caller collects the result with `finish`.
    static func start(_ arguments: [String], user: UInt32? = nil, binary given: String? = nil) throws -> (Process, Pipe, Pipe) {
        let binary = try given ?? requireBinary()
        let process = Process()
        let out = Pipe(), err = Pipe()
        if let user {
            // As another (unprivileged) user: root may write anywhere, so permission
            // messages can only be seen this way.
            process.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
            process.arguments = ["--reuid=\(user)", "--regid=\(user)", "--clear-groups", binary] + arguments
        } else {
            process.executableURL = URL(fileURLWithPath: binary)
            process.arguments = arguments
        }
        process.standardOutput = out
        process.standardError = err
        try process.run()
        return (process, out, err)
    }

    static func finish(_ started: (Process, Pipe, Pipe)) -> Result {
        let (process, out, err) = started
        let output = out.fileHandleForReading.readDataToEndOfFile()
        let error = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(code: process.terminationStatus, out: String(decoding: output, as: UTF8.self), err: String(decoding: error, as: UTF8.self))
    }

    static func run(_ arguments: [String], user: UInt32? = nil, binary: String? = nil) throws -> Result {
        finish(try start(arguments, user: user, binary: binary))
    }

    struct MissingBinary: Error {}

    static func requireBinary() throws -> String {
        guard let binary else { throw MissingBinary() }
        return binary
    }
}
