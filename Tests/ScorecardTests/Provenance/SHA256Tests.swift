import Foundation
import Testing
@testable import Scorecard

/// SHA-256 on plain Swift, checked against known vectors and against `sha256sum`.
@Suite struct SHA256Tests {
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
    ])
    func knownVectors(text: String, digest: String) {
        #expect(SHA256.hex(of: Array(text.utf8)) == digest)
    }

    @Test func aMillionAsInUnevenPieces() {
        var h = SHA256()
        var left = 1_000_000
        var step = 1
        while left > 0 {
            let n = min(step, left)
            h.update([UInt8](repeating: UInt8(ascii: "a"), count: n))
            left -= n
            step = step * 3 % 1000 + 1
        }
        #expect(SHA256.hex(h.finish()) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func matchesSha256sumOnTheSampleExtracts() throws {
        let tool = ["/usr/bin/sha256sum", "/bin/sha256sum"].first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let tool else { return }
        for name in ["mat_cases.csv", "ehm_episodes.csv", "spider_scores.csv"] {
            let path = Repo.sampleData + "/" + name
            let process = Process()
            process.executableURL = URL(fileURLWithPath: tool)
            process.arguments = [path]
            let pipe = Pipe()
            process.standardOutput = pipe
            try process.run()
            let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            let expected = String(output.prefix(64))
            let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
            #expect(SHA256.hex(of: bytes) == expected, "\(name)")
            #expect(Repo.sampleRun.reports.first { $0.file == name }?.sha256 == expected)
        }
    }
}
