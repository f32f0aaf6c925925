import CSV
import Foundation
import Testing
@testable import Scorecard

/// The long table over the sample extracts equals `samples-expected.csv` row for
/// row: same rows in the same order, counts equal, values within 1e-9.
@Suite struct SamplesExpectedTests {
    static func readCSV(_ path: String) throws -> [[String]] {
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        var reader = CSVReader(bytes: bytes, dialect: Dialect(hasHeader: true))
        var record = ByteRecord()
        var rows: [[String]] = []
        while case .record = reader.read(into: &record) {
            rows.append((0..<record.count).map { record.string($0) })
        }
        return rows
    }

    static func sameNumber(_ a: String, _ b: String) -> Bool {
        if a == b { return true }
        guard let x = Double(a), let y = Double(b) else { return false }
        return abs(x - y) <= 1e-9 * max(1, abs(y))
    }

    @Test func longTableMatchesSamplesExpected() throws {
        let expected = try Self.readCSV(Repo.fixtures + "/samples-expected.csv")
        let actual = LongTable.rows(Repo.sampleRun).map {
            [$0.measure, $0.breakdown, $0.period, $0.column, $0.numerator, $0.denominator, $0.value]
        }
        var mismatches: [String] = []
        for (i, (e, a)) in zip(expected, actual).enumerated() {
            let same = e[0...3] == a[0...3] && Self.sameNumber(e[4], a[4]) && Self.sameNumber(e[5], a[5]) && Self.sameNumber(e[6], a[6])
            if !same { mismatches.append("row \(i + 2): expected \(e.joined(separator: ",")) got \(a.joined(separator: ","))") }
        }
        #expect(actual.count == expected.count, "row count")
        #expect(mismatches.isEmpty, "\(mismatches.count) rows differ; first: \(mismatches.prefix(20).joined(separator: "\n"))")
    }

    /// Stronger than the contract asks: the file the run writes is the reference file, byte for byte.
    @Test func longTableBytesAreTheReferenceBytes() throws {
        let expected = try [UInt8](Data(contentsOf: URL(fileURLWithPath: Repo.fixtures + "/samples-expected.csv")))
        #expect(LongTable.csv(LongTable.rows(Repo.sampleRun)) == expected)
    }
}
