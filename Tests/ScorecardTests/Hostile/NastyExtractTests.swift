import Foundation
import Testing
@testable import Scorecard

/// A corpus of nasty files given to the real intake: each gives a clear error or a
/// counted rejection, never a crash or a hang.
@Suite struct NastyExtractTests {
    static func garbage(_ count: Int, seed: UInt64) -> [UInt8] {
        var random = DefinitionFuzzTests.Random(state: seed)
        return (0..<count).map { _ in UInt8(truncatingIfNeeded: random.next()) }
    }

    static func outcome(_ files: [String: [UInt8]]) throws -> Result<Evaluation, DiagnosticError> {
        let fixture = try ExtractFixture([:])
        defer { fixture.remove() }
        for (name, bytes) in files { try Data(bytes).write(to: URL(fileURLWithPath: fixture.folder + "/" + name)) }
        do throws(DiagnosticError) {
            return .success(try Pipeline.run(definitions: Repo.definitions, dataFolder: fixture.folder, asAt: Repo.sampleAsAt))
        } catch {
            return .failure(error)
        }
    }

    @Test func binaryGarbageInPlaceOfAnExtractIsAClearError() throws {
        guard case .failure(let error) = try Self.outcome(["mat_cases.csv": Self.garbage(200_000, seed: 1)]) else {
            Issue.record("garbage was accepted")
            return
        }
        #expect(error.description.contains("mat_cases.csv"))
        #expect(error.description.contains("the header has no column \"CASE_REF\""))
    }

    @Test func binaryGarbageInAHeaderlessExtractIsRejectedRowByRow() throws {
        let result = try Self.outcome(["ecaf_eha.txt": Self.garbage(300_000, seed: 2)])
        let run = try result.get()
        let report = try #require(run.reports.first { $0.source == "ecaf_eha" })
        #expect(report.rowsRead == report.accepted + report.rejectedCount)
        #expect(report.rejectedCount > 0)
    }

    /// Past the default record bound (1 MB, as `hwify_returns` declares none): the row
    /// is rejected with its line, and the next row is read.
    @Test func aTenMegabyteFieldIsRejectedAndTheNextRowRead() throws {
        var hwify = Array("Return No,Team,Date Returned,Treated With Respect,Listened To,Helped With Issues,Comments\nR1,Coalfields,01/05/2015,Y,Y,Y,\"".utf8)
        hwify += [UInt8](repeating: UInt8(ascii: "x"), count: 10_000_000)
        hwify += Array("\"\nR2,Coalfields,01/05/2015,Y,Y,Y,fine\n".utf8)
        let run = try Self.outcome(["hwify_returns.csv": hwify]).get()
        #expect(run.value("HM4", "2015-05") == 1)
        #expect(run.rejects.map(\.reason) == ["record too long"])
        #expect(run.rejects.map(\.line) == [2])
        #expect(run.rejects.first?.detail == "the record is 10000033 bytes long, more than the limit of 1048576 bytes ('max record')")
    }

    /// A header past the source's bound names no columns: one clear error, not every
    /// column reported missing.
    @Test func aHeaderPastTheRecordBoundIsAClearError() throws {
        let spider = Array(("Case Ref,Stage,Date,Domain,Score," + String(repeating: "h", count: 5000) + "\n").utf8)
        guard case .failure(let error) = try Self.outcome(["spider_scores.csv": spider]) else {
            Issue.record("an unreadable header was accepted")
            return
        }
        #expect(error.description.contains("spider_scores.csv:1:1"))
        #expect(error.description.contains("the header row cannot be read: the record is 5033 bytes long, more than the limit of 4096 bytes ('max record') (source 'spider_scores')"))
    }

    @Test func aRowOfOneHundredThousandColumnsIsRejected() throws {
        var ehm = ExtractFixture.headers["ehm_episodes.csv"]!
        ehm += Array(String(repeating: "x,", count: 100_000).utf8) + Array("x\r\n".utf8)
        ehm += Array("EH-0000001,1,F,,10/12/2016,Police,City Centre Locality,12/12/2016,,,,School,ok\r\n".utf8)
        let run = try Self.outcome(["ehm_episodes.csv": ehm]).get()
        #expect(run.rejects.map(\.reason) == ["malformed record"])
        #expect(run.rejects.first?.detail.contains("expected 13 fields") == true)
        #expect(run.value("HM1", "2016-12") == 1)
    }

    @Test func invalidUTF8InAUTF8FileIsRejectedWithItsLine() throws {
        var ehm = ExtractFixture.headers["ehm_episodes.csv"]!
        ehm += Array("EH-0000001,1,F,,10/12/2016,Police,City Centre Locality,12/12/2016,,,,School,bad ".utf8) + [0xFF, 0xFE] + Array("\r\n".utf8)
        ehm += Array("EH-0000002,2,F,,10/12/2016,Police,City Centre Locality,12/12/2016,,,,School,ok\r\n".utf8)
        let run = try Self.outcome(["ehm_episodes.csv": ehm]).get()
        #expect(run.rejects.map(\.line) == [2])
        #expect(run.rejects.first?.detail.contains("not valid text in the declared encoding") == true)
        #expect(run.value("HM1", "2016-12") == 1)
    }

    @Test func aTruncatedFinalRecordIsRejected() throws {
        var spider = ExtractFixture.headers["spider_scores.csv"]!
        spider += Array("MAT000001,Start,01/06/2016,Routines,4\nMAT000001,Sta".utf8)
        var hwify = ExtractFixture.headers["hwify_returns.csv"]!
        hwify += Array("R1,Coalfields,01/05/2015,Y,Y,Y,\"never closed\n".utf8)
        let run = try Self.outcome([
            "mat_cases.csv": ExtractFixture.headers["mat_cases.csv"]! + Array("MAT000001;1;F;CF;VCM;20160510;;;;HV\r\n".utf8),
            "spider_scores.csv": spider, "hwify_returns.csv": hwify,
        ]).get()
        #expect(run.rejectReasons("spider_scores") == ["malformed record"])
        #expect(run.rejectReasons("hwify_returns") == ["malformed record"])
        #expect(run.value("HM3", "2016-06") == 1)
    }

    @Test func anEmptyFileIsLeftToTheCompletenessRules() throws {
        let run = try Self.outcome(["mat_cases.csv": []]).get()
        let findings = Completeness.check(run, dataset: run.dataset, previousRows: nil)
        #expect(findings.contains { $0.source == "mat_cases" && $0.severity == .error && $0.message == "the extract has no data rows" })
    }
}
