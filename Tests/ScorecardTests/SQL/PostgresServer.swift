import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A throwaway PostgreSQL cluster for the tests: `initdb` into a temporary folder, a
/// server listening on a unix socket in that folder only (`listen_addresses = ''`),
/// stopped and removed by `stop()`. The server binaries refuse to run as root, so as
/// root they run as the `postgres` user (which owns the folder); otherwise as this user.
/// `psql` runs as this user, connecting through the socket as the cluster's superuser.
final class PostgresServer: @unchecked Sendable {
    let bin: String
    let folder: String
    let user = "scorecard"
    private var running = false

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// The newest installed server's binaries (`/usr/lib/postgresql/N/bin`), or those
    /// `SCORECARD_POSTGRES_BIN` names; nil when there is no `initdb` there.
    static var installedBin: String? {
        if let given = ProcessInfo.processInfo.environment["SCORECARD_POSTGRES_BIN"] {
            return FileManager.default.isExecutableFile(atPath: given + "/initdb") ? given : nil
        }
        let base = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: base)) ?? [])
            .filter { FileManager.default.isExecutableFile(atPath: "\(base)/\($0)/bin/initdb") }
            .sorted { (Int($0) ?? 0) < (Int($1) ?? 0) }
        return versions.last.map { "\(base)/\($0)/bin" }
    }

    init(bin: String) throws {
        self.bin = bin
        folder = NSTemporaryDirectory() + "scorecard-pg-" + String(UUID().uuidString.prefix(8))
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        if getuid() == 0 {
            guard let pw = getpwnam("postgres") else { throw Failure(description: "running as root and there is no 'postgres' user to run the server as") }
            guard chown(folder, pw.pointee.pw_uid, pw.pointee.pw_gid) == 0 else { throw Failure(description: "cannot give \(folder) to the postgres user") }
        }
        do {
            try server(["initdb", "-D", "\(folder)/data", "-A", "trust", "-U", user, "-E", "UTF8", "--locale=C", "--no-instructions"])
            let options = "-c listen_addresses='' -c unix_socket_directories='\(folder)' -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
            try server(["pg_ctl", "-D", "\(folder)/data", "-o", options, "-l", "\(folder)/server.log", "-w", "-t", "60", "start"])
            running = true
        } catch {
            stop()
            throw error
        }
    }

    /// Stops the server (immediately: nothing in it is worth keeping) and removes the folder.
    func stop() {
        if running {
            try? server(["pg_ctl", "-D", "\(folder)/data", "-m", "immediate", "-w", "stop"])
            running = false
        }
        try? FileManager.default.removeItem(atPath: folder)
    }

    deinit { stop() }

    /// A server binary, as the postgres user when this process is root.
    private func server(_ arguments: [String]) throws {
        var command = ["\(bin)/\(arguments[0])"] + arguments.dropFirst()
        if getuid() == 0 {
            // setpriv execs the binary itself (runuser stays as a parent, and waiting for it hung).
            command = ["/usr/bin/setpriv", "--reuid=postgres", "--regid=postgres", "--clear-groups"] + command
        }
        let output = "\(folder)/command.log"
        let status = try Self.spawn(command, output: output)
        guard status == 0 else {
            let said = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
            let log = (try? String(contentsOfFile: "\(folder)/server.log", encoding: .utf8)) ?? ""
            throw Failure(description: "\(arguments[0]) failed (\(status)): \(said.suffix(2000))\n\(log.suffix(2000))")
        }
    }

    /// Runs a command with its output appended to a file, and waits for it with waitpid:
    /// Foundation's Process did not notice pg_ctl exit while the server it started ran on.
    static func spawn(_ command: [String], output: String) throws -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_APPEND, 0o666)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var argv: [UnsafeMutablePointer<CChar>?] = command.map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, command[0], &actions, nil, &argv, environ)
        guard spawned == 0 else { throw Failure(description: "cannot start \(command[0]): \(String(cString: strerror(spawned)))") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        // Exited normally: the exit code; killed: 128 + the signal.
        return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }

    /// Runs psql on a database with the given arguments; returns its standard output.
    @discardableResult
    func psql(_ database: String, _ arguments: [String], directory: String? = nil) throws -> String {
        let command = ["\(bin)/psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", folder, "-U", user, "-d", database] + arguments
        let result = try Self.run(command, directory: directory ?? folder)
        guard result.status == 0 else { throw Failure(description: "psql \(arguments.joined(separator: " ")) failed (\(result.status)): \(result.err.prefix(4000))") }
        return result.out
    }

    /// A new empty database.
    func createDatabase(_ name: String) throws {
        try psql("postgres", ["-c", "CREATE DATABASE \"\(name)\""])
    }

    static func run(_ command: [String], directory: String) throws -> (status: Int32, out: String, err: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: command[0])
        process.arguments = Array(command.dropFirst())
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read both pipes while the process runs, so neither fills and blocks it.
        let errData = Unchecked2()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            errData.data = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData.data, as: UTF8.self))
    }

    final class Unchecked2: @unchecked Sendable { var data = Data() }
}
