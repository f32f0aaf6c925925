import CSV
import Foundation
import Testing

/// Release-mode throughput measurement, skipped unless `CSV_BENCH=1`:
///
///     CSV_BENCH=1 swift test -c release --scratch-path .build-csv --filter ThroughputBenchmark
///
/// It prints MB/s rather than asserting a floor, because shared CI machines vary too
/// much for a timing assertion to be anything but flaky.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["CSV_BENCH"] == "1"))
struct ThroughputBenchmark {
    /// About `megabytes` MB of a typical 10-column case-management export.
    static func simpleFile(megabytes: Int) -> [UInt8] {
        var rng = SeededGenerator(seed: 42)
        var bytes: [UInt8] = Array("id,family_id,referral_date,closure_date,status,worker,team,score,flag,notes\n".utf8)
        let statuses = ["open", "closed", "stepped_down", "nfa"]
        let teams = ["North", "South East", "Central", "Early Help West"]
        while bytes.count < megabytes * 1_000_000 {
            let id = Int.random(in: 100_000...999_999, using: &rng)
            let line = "\(id),F\(id / 3),2024-0\(Int.random(in: 1...9, using: &rng))-1\(Int.random(in: 0...9, using: &rng)),"
                + ",\(statuses.randomElement(using: &rng)!),W\(Int.random(in: 10...99, using: &rng)),"
                + "\(teams.randomElement(using: &rng)!),\(Double(Int.random(in: 0...1000, using: &rng)) / 10),"
                + "\(Bool.random(using: &rng) ? "Y" : "N"),no further action required\n"
            bytes += Array(line.utf8)
        }
        return bytes
    }

    /// The same shape with every text field quoted and some holding line breaks.
    static func quotedFile(megabytes: Int) -> [UInt8] {
        var rng = SeededGenerator(seed: 7)
        var bytes: [UInt8] = Array("a,b,c,d,e,f,g,h,i,j\n".utf8)
        while bytes.count < megabytes * 1_000_000 {
            let n = Int.random(in: 0...9999, using: &rng)
            let line = "\(n),\"Smith, J\",\"said \"\"ok\"\"\",\"line one\nline two\",x,\(n),\"\",2024-01-01,\"a\",\"b\"\n"
            bytes += Array(line.utf8)
        }
        return bytes
    }

    static func measure(_ name: String, _ bytes: [UInt8], dialect: Dialect = Dialect(), repeats: Int = 5) {
        bytes.withUnsafeBytes { buffer in
            var best = Double.infinity
            var records = 0
            var checksum = 0
            for _ in 0..<repeats {
                let clock = ContinuousClock()
                let elapsed = clock.measure {
                    var reader = CSVReader(bytes: buffer, dialect: dialect)
                    var record = ByteRecord()
                    records = 0
                    loop: while true {
                        switch reader.read(into: &record) {
                        case .record, .malformed:
                            records += 1
                            checksum &+= record.count
                        case .endOfInput:
                            break loop
                        }
                    }
                }
                best = Swift.min(best, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
            }
            let mb = Double(bytes.count) / 1_000_000
            print("CSV_BENCH \(name): \(String(format: "%.1f", mb)) MB, \(records) records, best \(String(format: "%.3f", best)) s, \(String(format: "%.0f", mb / best)) MB/s (checksum \(checksum))")
        }
    }

    @Test func simpleTenColumns() {
        Self.measure("simple 10 columns utf8", Self.simpleFile(megabytes: 200))
    }

    @Test func simpleTenColumnsWindows1252() {
        Self.measure("simple 10 columns windows1252", Self.simpleFile(megabytes: 200), dialect: Dialect(encoding: .windows1252))
    }

    @Test func quotedTenColumns() {
        Self.measure("quoted 10 columns", Self.quotedFile(megabytes: 200))
    }

    @Test func chunkSplitter() {
        let bytes = Self.quotedFile(megabytes: 200)
        bytes.withUnsafeBytes { buffer in
            let clock = ContinuousClock()
            var chunks = 0
            let elapsed = clock.measure {
                chunks = ChunkSplitter.split(buffer, dialect: Dialect(), targetSize: 16 << 20).count
            }
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            print("CSV_BENCH chunk splitter (quoted): \(chunks) chunks, \(String(format: "%.0f", Double(bytes.count) / 1_000_000 / seconds)) MB/s")
        }
    }
}
