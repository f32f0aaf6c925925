import Foundation
import Testing
@testable import Scorecard

/// The background digests must give each file's SHA-256 however far the background
/// thread got before `wait()` took over (nowhere, midway through a file, or done).
@Suite struct DigestsTests {
    @Test(arguments: [0.0, 0.02, 2.0])
    func waitFinishesWhatTheBackgroundThreadLeft(pause: Double) throws {
        let folder = NSTemporaryDirectory() + "scorecard-digests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // Sizes around the 4 MB block: empty, small, several blocks and a remainder.
        let sizes = [0, 1_000, (4 << 20) + 12_345, 70_000]
        var expected: [Int: String] = [:]
        let digests = Digests()
        for (i, size) in sizes.enumerated() {
            let bytes = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ i) }
            let path = folder + "/file\(i)"
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            expected[i] = SHA256.hex(of: bytes)
            digests.add(i, path: path)
        }
        digests.add(99, path: folder + "/missing")
        digests.start()
        if pause > 0 { Thread.sleep(forTimeInterval: pause) }
        let results = digests.wait()
        #expect(results.count == sizes.count + 1)
        for (i, result) in results {
            if i == 99 {
                if case .success = result { Issue.record("a missing file has no digest") }
                continue
            }
            guard case .success(let hex) = result else { Issue.record("file\(i): \(result)"); continue }
            #expect(hex == expected[i], "file\(i)")
        }
    }
}
