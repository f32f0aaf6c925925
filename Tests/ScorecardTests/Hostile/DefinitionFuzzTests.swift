import Foundation
import Testing
@testable import Scorecard

/// Seeded random mutations of the shipped definitions: the parser and checker must
/// answer every one with a result or positioned errors — never a crash or a hang.
@Suite struct DefinitionFuzzTests {
    /// The generator's seeded SplitMix64, with a bound: the same sequence on every machine.
    struct Random {
        private var source: SplitMix64
        init(state: UInt64) { source = SplitMix64(seed: state) }
        mutating func next() -> UInt64 { source.next() }
        mutating func below(_ n: Int) -> Int { Int(source.next() % UInt64(max(n, 1))) }
    }

    static let vocabulary = [
        "{", "}", "(", ")", ",", ".", "=", "!=", "<=", "->", "\"", "#", "\n", " and ", " or ", " not ", "measure", "source",
        "record", "map", "category", "framework", "when", "share", "count", "distinct", "exists", "other", "first", "last",
        "order by", "at", "in period", "open at period end", "99999999999999999", "3 months", "100000000 days", "-", "é", "’",
        "this", "period.end", "IM5.count", "case", "person", "breakdown", "per", "matching", "value", "\t", "\"unterminated",
    ]

    static func mutate(_ text: String, _ random: inout Random) -> String {
        var chars = Array(text.unicodeScalars)
        for _ in 0..<(1 + random.below(4)) {
            let at = random.below(chars.count + 1)
            switch random.below(4) {
            case 0 where !chars.isEmpty:
                let end = min(chars.count, at + random.below(40))
                chars.removeSubrange(min(at, end)..<end)
            case 1:
                chars.insert(contentsOf: Array(vocabulary[random.below(vocabulary.count)].unicodeScalars), at: at)
            case 2 where chars.count > 10:
                let from = random.below(chars.count - 5)
                let piece = chars[from..<min(chars.count, from + random.below(60))]
                chars.insert(contentsOf: piece, at: at)
            default:
                chars.insert(UnicodeScalar(UInt8(random.below(127) + 1)), at: at)
            }
        }
        var out = String.UnicodeScalarView()
        out.append(contentsOf: chars)
        return String(out)
    }

    @Test func mutatedDefinitionsGiveResultsOrPositionedErrors() throws {
        let shipped = try DefinitionErrorTests.shipped()
        var random = Random(state: 20_181_104)
        var failures = 0
        let iterations = Int(ProcessInfo.processInfo.environment["SCORECARD_FUZZ_ITERATIONS"] ?? "") ?? 400
        for _ in 0..<iterations {
            var texts = shipped
            let i = random.below(texts.count)
            texts[i].text = Self.mutate(texts[i].text, &random)
            do throws(DiagnosticError) {
                _ = try DefinitionLoader.check(texts)
            } catch {
                failures += 1
                #expect(!error.diagnostics.isEmpty)
                for d in error.diagnostics {
                    guard let location = d.location else { continue }
                    let lines = texts.first { $0.file == location.file }.map { $0.text.split(separator: "\n", omittingEmptySubsequences: false).count } ?? (Int.max - 1)
                    #expect(location.line >= 1 && location.line <= lines + 1, "\(d)")
                    #expect(location.column >= 1, "\(d)")
                }
            }
        }
        #expect(failures > iterations / 4)
    }

    @Test func randomBytesAsADefinitionFile() throws {
        let shipped = try DefinitionErrorTests.shipped()
        var random = Random(state: 7)
        for _ in 0..<100 {
            let bytes = (0..<random.below(400)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            let text = String(decoding: bytes, as: UTF8.self)
            #expect(throws: DiagnosticError.self) { try DefinitionLoader.check(shipped + [("metrics/noise.metric", text + "\n}")]) }
        }
    }
}
