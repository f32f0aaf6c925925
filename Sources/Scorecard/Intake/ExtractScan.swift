import CSV
import Dispatch
import Foundation

/// Reads every extract through the CSV layer alone — record boundaries, quoting,
/// field ends, encoding checks — on every core, with no mapping to records. It is
/// what `scorecard read` reports: whether the files are well-formed CSV, and how fast
/// the byte-level reader takes them on this machine, apart from everything intake
/// does afterwards (typing, interning, keys, appends).
public enum ExtractScan {
    public struct FileScan: Sendable {
        public var file: String
        public var bytes: Int
        public var records: Int
        public var fields: Int
        public var malformed: Int
        public var seconds: Double
    }

    /// Scans each source's extract once, in the source's dialect; missing files are skipped.
    public static func scan(_ definitions: Definitions, dataFolder: String) throws -> [FileScan] {
        var scans: [FileScan] = []
        var seen: Set<String> = []
        for source in definitions.sources where !seen.contains(source.file) {
            seen.insert(source.file)
            let path = (dataFolder as NSString).appendingPathComponent(source.file)
            guard FileManager.default.fileExists(atPath: path) else { continue }
            var data = try UTF16Extract.readerBytes(path, utf16: source.encoding == "utf16")
            data = try Intake.dataArea(data, source: source, file: path)
            let dialect = source.dialect
            let started = DispatchTime.now()
            let counts = data.withUnsafeBytes { scan($0, dialect: dialect) }
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
            scans.append(FileScan(file: source.file, bytes: data.count, records: counts.records, fields: counts.fields,
                                  malformed: counts.malformed, seconds: seconds))
        }
        return scans
    }

    /// Records, fields and malformed records of one buffer, chunks read in parallel.
    static func scan(_ bytes: UnsafeRawBufferPointer, dialect: Dialect) -> (records: Int, fields: Int, malformed: Int) {
        let chunks = ChunkSplitter.split(bytes, dialect: dialect, targetSize: 8 << 20)
        var results = [(records: Int, fields: Int, malformed: Int)](repeating: (0, 0, 0), count: chunks.count)
        let shared = Unchecked((bytes, chunks, dialect))
        results.withUnsafeMutableBufferPointer { out in
            let slots = Unchecked(out)
            DispatchQueue.concurrentPerform(iterations: chunks.count) { i in
                let (bytes, chunks, dialect) = shared.value
                var reader = CSVReader(bytes: bytes, dialect: dialect, chunk: chunks[i])
                var record = ByteRecord()
                var counts = (records: 0, fields: 0, malformed: 0)
                loop: while true {
                    switch reader.read(into: &record) {
                    case .endOfInput: break loop
                    case .malformed: counts.malformed += 1
                    case .record: break
                    }
                    counts.records += 1
                    counts.fields += record.count
                }
                slots.value[i] = counts
            }
        }
        return results.reduce((0, 0, 0)) { ($0.0 + $1.records, $0.1 + $1.fields, $0.2 + $1.malformed) }
    }
}
