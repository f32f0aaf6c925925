import Foundation
import Testing
@testable import Scorecard

/// The generator writes the ten layouts of EXTRACTS.md, byte for byte the same from
/// the same seed, with their quirks, at about the sample's size at scale 1.
@Suite struct ExtractGeneratorTests {
    @Test func sameSeedSameBytesOtherSeedOtherBytes() throws {
        let a = try GeneratedSet(scale: 0.4, seed: 7)
        let b = try GeneratedSet(scale: 0.4, seed: 7)
        let c = try GeneratedSet(scale: 0.4, seed: 8)
        defer { a.remove(); b.remove(); c.remove() }
        for name in ExtractGenerator.fileNames {
            #expect(try a.bytes(name) == b.bytes(name), "\(name) differs between two runs of one seed")
        }
        let differing = try ExtractGenerator.fileNames.filter { try a.bytes($0) != c.bytes($0) }
        #expect(differing.count >= 8, "only \(differing) differ between seeds 7 and 8")
    }

    @Test func writesAllTenFilesAtAboutTheSampleSize() throws {
        let set = try GeneratedSet(scale: 1, seed: 42)
        defer { set.remove() }
        #expect(set.summary.files.map(\.name) == ExtractGenerator.fileNames)
        for file in set.summary.files {
            #expect(file.rows > 0, "\(file.name) has no rows")
            #expect(try set.bytes(file.name).count == file.bytes, "\(file.name): summary bytes")
        }
        #expect((850...1250).contains(set.rows("mat_cases.csv")))
        #expect((650...1100).contains(set.rows("ehm_episodes.csv")))
        #expect((17_000...32_000).contains(set.rows("spider_scores.csv")))
        #expect((800...1700).contains(set.rows("csc_episodes.csv")))
        #expect((450...900).contains(set.rows("ecaf_eha.txt")))
        #expect((40...160).contains(set.rows("hwify_returns.csv")))
        #expect((30...140).contains(set.rows("priority_families.csv")))
        #expect(set.rows("population.csv") == 4 * 6 + 1)
        #expect(set.rows("workforce.csv") == 16 * 4 + 1)
    }

    @Test func fileQuirks() throws {
        let set = try GeneratedSet(scale: 1, seed: 42)
        defer { set.remove() }
        let mat = try set.bytes("mat_cases.csv")
        #expect(mat.starts(with: Array("CASE_REF;CLIENT_NO;".utf8)), "MAT: no BOM, `;` header")
        #expect(mat.contains(0x92) && mat.contains(0x96) && mat.contains(0xE9), "MAT: Windows-1252 ’ – é")
        #expect(String(validating: mat, as: UTF8.self) == nil, "MAT is not UTF-8")
        #expect(crlfLines(mat), "MAT: CRLF")
        let ehm = try set.bytes("ehm_episodes.csv")
        #expect(ehm.starts(with: [0xEF, 0xBB, 0xBF]), "EHM: BOM")
        #expect(crlfLines(ehm.filterQuoted()), "EHM: CRLF outside quotes")
        #expect(contains(ehm, "\"Worker: \"\"really positive\"\" session,\r\nnext steps agreed\""), "EHM: quoted CRLF and doubled quotes")
        #expect(contains(ehm, ",MAT1"), "EHM: Legacy Case Ref")
        let ecaf = try set.bytes("ecaf_eha.txt")
        #expect(ecaf.starts(with: Array("EHA".utf8)) && ecaf.allSatisfy { $0 < 0x80 } && !ecaf.contains(13), "eCAF: ASCII, no header, LF")
        let xref = String(decoding: try set.bytes("person_xref.csv"), as: UTF8.self)
        for system in ["MAT,", "EHM,", "CSC,", "ECAF,"] { #expect(xref.contains("\n" + system), "xref has \(system)") }
        let hwify = String(decoding: try set.bytes("hwify_returns.csv"), as: UTF8.self)
        #expect(hwify.contains("TBC") || hwify.contains("/02/20") || hwify.contains(",,"), "hwify: undated rows")
        let spider = String(decoding: try set.bytes("spider_scores.csv"), as: UTF8.self)
        #expect(spider.contains("\nEH-9"), "spider: rows for unknown cases")
    }

    private func crlfLines(_ bytes: [UInt8]) -> Bool {
        for (i, b) in bytes.enumerated() where b == 10 { if i == 0 || bytes[i - 1] != 13 { return false } }
        return bytes.last == 10
    }

    private func contains(_ bytes: [UInt8], _ text: String) -> Bool {
        let needle = Array(text.utf8)
        guard needle.count <= bytes.count else { return false }
        return (0...(bytes.count - needle.count)).contains { bytes[$0..<($0 + needle.count)].elementsEqual(needle) }
    }
}

extension [UInt8] {
    /// The bytes with every quoted field's content removed (what the line structure is made of).
    func filterQuoted() -> [UInt8] {
        var out: [UInt8] = []
        var inQuotes = false
        for b in self {
            if b == UInt8(ascii: "\"") { inQuotes.toggle(); continue }
            if !inQuotes { out.append(b) }
        }
        return out
    }
}
