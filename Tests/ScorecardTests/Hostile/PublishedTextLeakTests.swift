import CSV
import Foundation
import Testing
@testable import Scorecard

/// A published run carries no extract text: a copy of the samples with a name and a
/// phone number planted in every free-text and code field of every extract goes
/// through the real command line with `--publish`, and no byte of any published file
/// holds the name or the digits. The internalOut run over the same copy must quote them
/// (so the plant really reached the outputs) in files readable by their owner only.
@Suite(.serialized) struct PublishedTextLeakTests {
    static let name = "Jane Doe"
    static let phone = "07700900123"
    /// Plain ASCII, so it is valid in every encoding the extracts use.
    static let planted = "Locality Team: \(name) \(phone)"

    static func temporary() -> String { NSTemporaryDirectory() + "scorecard-leak-" + UUID().uuidString }

    /// The hostile copy: every extract named by the definitions, re-written in its own
    /// dialect (delimiter, header, bytes of its encoding kept as they are) with the
    /// planted text in one text or code column of every third row, taking the columns
    /// in turn so each gets planted many times. Columns read as dates or numbers are
    /// left alone: the rows must stay readable so the plant reaches the measures.
    static func hostileCopy() throws -> (folder: String, planted: [String: Int]) {
        let folder = temporary()
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var counts: [String: Int] = [:]
        for source in Repo.definitions.sources {
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: Repo.sampleData + "/" + source.file)))
            var reader = CSVReader(bytes: bytes, dialect: source.dialect)
            var rows: [[[UInt8]]] = []
            var record = ByteRecord()
            reading: while true {
                switch reader.read(into: &record) {
                case .endOfInput: break reading
                case .record, .malformed: rows.append(record.fields)
                }
            }
            let width = reader.header?.count ?? rows.first?.count ?? 0
            let numeric = Set(source.mappings.compactMap { m -> Int? in
                switch m.conversion {
                case .date, .int, .decimal: return columnIndex(m, header: reader.header)
                default: return nil
                }
            })
            let columns = (0..<width).filter { !numeric.contains($0) }
            #expect(!columns.isEmpty, "\(source.file) has no text or code column to plant in")
            var planted = 0
            for i in rows.indices where i % 3 == 0 && !columns.isEmpty {
                let column = columns[(i / 3) % columns.count]
                guard column < rows[i].count else { continue }
                rows[i][column] = Array(Self.planted.utf8)
                planted += 1
            }
            counts[source.file] = planted
            var writer = CSVWriter(dialect: source.dialect)
            if let header = reader.header { writer.write(fields: header) }
            for row in rows { writer.write(byteFields: row) }
            try Data(writer.bytes).write(to: URL(fileURLWithPath: folder + "/" + source.file))
        }
        return (folder, counts)
    }

    static func columnIndex(_ mapping: SourceSpec.Mapping, header: [String]?) -> Int? {
        switch mapping.column {
        case .position(let p): return p - 1
        case .named(let n): return header?.firstIndex { $0.trimmingCharacters(in: .whitespaces) == n || $0 == "\u{FEFF}" + n }
        }
    }

    static func contains(_ haystack: [UInt8], _ needle: String) -> Bool {
        let n = Array(needle.utf8)
        guard haystack.count >= n.count else { return false }
        return (0...(haystack.count - n.count)).contains { i in haystack[i] == n[0] && Array(haystack[i..<i + n.count]) == n }
    }

    static func run(_ data: String, _ out: String, publish: Bool) -> Int32 {
        ScorecardCommand.main(["run", "--data", data, "--as-at", "2018-04-06", "--out", out, "--metrics", Repo.metrics]
            + (publish ? ["--publish", "--allow-missing-commentary"] : []))
    }

    @Test func noPublishedFileHoldsPlantedTextAndInternalOnesArePrivate() throws {
        let (data, counts) = try Self.hostileCopy()
        let published = Self.temporary(), internalOut = Self.temporary()
        defer { for f in [data, published, internalOut] { try? FileManager.default.removeItem(atPath: f) } }
        for source in Repo.definitions.sources { #expect((counts[source.file] ?? 0) > 0, "nothing planted in \(source.file)") }

        #expect(Self.run(data, published, publish: true) == 0)
        let names = try FileManager.default.contentsOfDirectory(atPath: published).sorted()
        #expect(Set(names).isSuperset(of: Reports.fileNames + ["data-quality.csv", "manifest.json"]))
        for name in names {
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: published + "/" + name)))
            #expect(!bytes.isEmpty, "\(name) is empty")
            for needle in [Self.name, Self.phone, "Jane", "900123"] {
                let leaked = Self.contains(bytes, needle)
                #expect(!leaked, "published \(name) holds the planted '\(needle)'")
            }
        }
        // The published account still says how many rows had codes it did not know.
        let quality = try String(contentsOfFile: published + "/data-quality.csv", encoding: .utf8)
        let counted = quality.contains("kept as not recorded: unrecognised Locality Team (values withheld)")
        #expect(counted, "published data-quality.csv does not count the unrecognised Locality Team codes")

        // The same copy run internally: the plant reached the outputs, and every file quoting it is private.
        #expect(Self.run(data, internalOut, publish: false) == 0)
        var quoting: [String] = []
        for name in try FileManager.default.contentsOfDirectory(atPath: internalOut) {
            let path = internalOut + "/" + name
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
            guard Self.contains(bytes, Self.phone) else { continue }
            quoting.append(name)
            let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
            #expect(mode == 0o600, "internal \(name) quotes extract text but has mode \(String(mode ?? 0, radix: 8))")
        }
        #expect(quoting.contains("rejected-rows.csv") && quoting.contains("data-quality.csv"), "quoting: \(quoting)")
        for name in MonthEndRun.privateFiles(publish: false) {
            let mode = try FileManager.default.attributesOfItem(atPath: internalOut + "/" + name)[.posixPermissions] as? Int
            #expect(mode == 0o600, "\(name)")
        }
    }

    /// A file already at the path is neither written through (which would keep its old,
    /// wider mode) nor replaced (Scorecard never removes what it did not write): refused.
    @Test func privateFileNeverWritesOverAFile() throws {
        let path = Self.temporary()
        defer { try? FileManager.default.removeItem(atPath: path) }
        _ = FileManager.default.createFile(atPath: path, contents: Data("old".utf8), attributes: [.posixPermissions: 0o644])
        #expect(throws: PrivateFile.Failure.self) { try PrivateFile.write(Array("new".utf8), to: path) }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "old")
        let fresh = Self.temporary()
        defer { try? FileManager.default.removeItem(atPath: fresh) }
        try PrivateFile.write(Array("new".utf8), to: fresh)
        #expect(try FileManager.default.attributesOfItem(atPath: fresh)[.posixPermissions] as? Int == 0o600)
    }
}
