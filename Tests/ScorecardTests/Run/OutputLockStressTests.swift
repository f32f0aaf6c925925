import Foundation
import Testing
@testable import Scorecard

/// Two runs started at the same instant on one output folder: exactly one writes, the
/// other stops with exit 6 naming the lock, every time. (Before the lock was written
/// in full before it became visible, 2 pairs in 140 both wrote.)
@Suite(.serialized) struct OutputLockStressTests {
    static let pairs = Int(ProcessInfo.processInfo.environment["SCORECARD_LOCK_PAIRS"] ?? "") ?? 12

    @Test func exactlyOneOfEachPairStartedTogetherWrites() throws {
        let parent = NSTemporaryDirectory() + "scorecard-lock-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: parent) }
        try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        var outcomes: [String] = []
        for pair in 0..<Self.pairs {
            // Half the pairs write a fresh folder, half replace one an earlier run wrote.
            let out = parent + "/out\(pair % 2 == 0 ? pair : pair - 1)"
            let arguments = ["run", "--data", Repo.sampleData, "--as-at", "2018-04-06", "--out", out, "--metrics", Repo.metrics]
            let first = try BinaryRunner.start(arguments)
            let second = try BinaryRunner.start(arguments)
            let results = [BinaryRunner.finish(first), BinaryRunner.finish(second)]
            let codes = results.map(\.code).sorted()
            outcomes.append(codes.map(String.init).joined(separator: "/"))
            #expect(codes == [ExitCode.success.rawValue, ExitCode.output.rawValue], "pair \(pair): \(results.map(\.err))")
            if let loser = results.first(where: { $0.code == ExitCode.output.rawValue }) {
                #expect(loser.err.contains("another run (process"), "\(loser.err)")
            }
            // The winner's output is whole, and the lock is gone.
            #expect(FileManager.default.fileExists(atPath: out + "/manifest.json"))
            #expect(!FileManager.default.fileExists(atPath: out + ".lock"))
        }
        // Nothing left beside the folders: no partial folders, no private lock files.
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: parent).filter { $0.hasPrefix(".") }
        #expect(leftovers.isEmpty, "\(leftovers)")
        #expect(outcomes.count == Self.pairs)
    }

    /// The lock alone, taken by four contenders at once a few hundred times (threads of
    /// this process, each with its own open file, which `flock` treats as separate
    /// owners): exactly one holds it each round, whatever the interleaving.
    @Test func aLockContendedByManyAtOnceHasExactlyOneHolder() throws {
        let parent = NSTemporaryDirectory() + "scorecard-lock-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: parent) }
        try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        let contenders = 4
        for round in 0..<300 {
            let locks = (0..<contenders).map { _ in OutputLock(folder: parent + "/out") }
            let held = Counter()
            let start = DispatchSemaphore(value: 0), attempted = DispatchGroup()
            for lock in locks {
                attempted.enter()
                let shared = UncheckedBox(lock)
                Thread.detachNewThread {
                    start.wait()
                    if (try? shared.value.acquire()) != nil { held.add() }
                    attempted.leave()
                }
            }
            for _ in 0..<contenders { start.signal() }
            attempted.wait()
            #expect(held.value == 1, "round \(round): \(held.value) holders")
            for lock in locks { lock.release() }
            #expect(!FileManager.default.fileExists(atPath: parent + "/out.lock"))
            if held.value != 1 { break }
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent).isEmpty)
    }

    /// A lock file that is not Scorecard's (a user's file of that name) is never replaced.
    @Test func aFileThatIsNotScorecardsLockIsLeftAlone() throws {
        let parent = NSTemporaryDirectory() + "scorecard-lock-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: parent) }
        try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        try Data("my lock notes".utf8).write(to: URL(fileURLWithPath: parent + "/out.lock"))
        let result = try BinaryRunner.run(["run", "--data", Repo.sampleData, "--as-at", "2018-04-06", "--out", parent + "/out", "--metrics", Repo.metrics])
        #expect(result.code == ExitCode.output.rawValue)
        #expect(result.err.contains("is not Scorecard's lock"), "\(result.err)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: parent + "/out.lock")) == Data("my lock notes".utf8))
    }
}

/// A thread-safe count for the lock test.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func add() { lock.lock(); count += 1; lock.unlock() }
    var value: Int { lock.lock(); defer { lock.unlock() }; return count }
}

/// Hands a non-Sendable value to a thread the test controls.
struct UncheckedBox<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
