import Foundation
import Testing
@testable import Scorecard

/// The attacker's audit (issue #10, item 2): for every `c` in a published report,
/// the least and greatest values consistent with everything published must differ,
/// and for a count must hold at least two whole numbers.
@Suite struct DisclosureAuditTests {
    /// A suppressed cell an attacker can pin to one value, as a message for the failure.
    static func check(_ findings: [DisclosureAudit.Finding], _ what: String) {
        let pinned = findings.filter(\.pinned)
        #expect(!findings.isEmpty, "\(what): the audit found no suppressed cell to check")
        let degenerate = findings.filter(\.degenerate)
        #expect(degenerate.isEmpty, "\(what): a suppressed cell's interval is a single point: \(degenerate.prefix(12).map(\.description))")
        #expect(pinned.isEmpty, "\(what): \(pinned.count) of \(findings.count) suppressed cells can be worked back:\n\(pinned.prefix(12).map(\.description).joined(separator: "\n"))")
    }

    @Test func samplesCannotBeWorkedBack() throws {
        Self.check(try DisclosureAudit.audit(Repo.sampleRun), "samples, latest quarter")
    }

    @Test(arguments: [UInt64(1), 7, 42])
    func generatedSetsCannotBeWorkedBack(seed: UInt64) throws {
        let set = try GeneratedSet(scale: 1, seed: seed)
        defer { set.remove() }
        let run = try Pipeline.run(definitions: Repo.definitions, dataFolder: set.folder, asAt: GeneratedSet.asAt)
        Self.check(try DisclosureAudit.audit(run), "generated set, seed \(seed)")
    }
}

/// The audit's solver on problems whose answers are known by hand.
@Suite struct ExactSimplexTests {
    @Test func rationalArithmeticIsExact() {
        let third = Rational(1, 3)
        #expect(third + third + third == .one)
        #expect(Rational(decimal: "79.3")! == Rational(793, 10))
        #expect(Rational(decimal: "-94900")! == Rational(-94900))
        #expect(Rational(2.5) == Rational(5, 2))
        #expect(Rational(7, 2).floor == 3 && Rational(7, 2).ceiling == 4 && Rational(-7, 2).floor == -4)
    }

    /// x + y = 10, x ≤ 4 (so y ≥ 6), y ≤ 8: x in [2, 4], y in [6, 8].
    @Test func boundsOfASmallSystem() throws {
        var lp = LinearProgram(variableCount: 2)
        lp.add([(0, .one), (1, .one)], .equal, Rational(10))
        lp.add([(0, .one)], .lessOrEqual, Rational(4))
        lp.add([(1, .one)], .lessOrEqual, Rational(8))
        let s = try #require(ExactSimplex(lp))
        #expect(s.minimum([(0, .one)]) == Rational(2))
        #expect(s.maximum([(0, .one)]) == Rational(4))
        #expect(s.minimum([(1, .one)]) == Rational(6))
        #expect(s.maximum([(1, .one)]) == Rational(8))
    }

    /// The attack: 87 = 15 + 28 + 17 + 10 + 6 + 8 + 0 + self pins self to 3.
    @Test func aLoneUnknownInASumIsPinned() throws {
        var lp = LinearProgram(variableCount: 1)
        lp.add([(0, .one)], .equal, Rational(87 - (15 + 28 + 17 + 10 + 6 + 8 + 0)))
        let s = try #require(ExactSimplex(lp))
        #expect(s.minimum([(0, .one)]) == Rational(3) && s.maximum([(0, .one)]) == Rational(3))
    }

    /// Unbounded above, and an infeasible system.
    @Test func unboundedAndInfeasible() throws {
        var lp = LinearProgram(variableCount: 2)
        lp.add([(0, .one), (1, -.one)], .equal, Rational(3))
        let s = try #require(ExactSimplex(lp))
        #expect(s.minimum([(0, .one)]) == Rational(3))
        #expect(s.maximum([(0, .one)]) == nil)
        var bad = LinearProgram(variableCount: 1)
        bad.add([(0, .one)], .greaterOrEqual, Rational(5))
        bad.add([(0, .one)], .lessOrEqual, Rational(4))
        #expect(ExactSimplex(bad) == nil)
    }

    /// A 2 × 2 table with its margins: every cell moves, together, by the same amount.
    @Test func aTableWithTwoSuppressedPerLineHasRoom() throws {
        // a + b = 9, c + d = 11, a + c = 7, b + d = 13 (one redundant), all ≥ 0.
        var lp = LinearProgram(variableCount: 4)
        lp.add([(0, .one), (1, .one)], .equal, Rational(9))
        lp.add([(2, .one), (3, .one)], .equal, Rational(11))
        lp.add([(0, .one), (2, .one)], .equal, Rational(7))
        lp.add([(1, .one), (3, .one)], .equal, Rational(13))
        let s = try #require(ExactSimplex(lp))
        #expect(s.minimum([(0, .one)]) == .zero && s.maximum([(0, .one)]) == Rational(7))
        #expect(s.minimum([(3, .one)]) == Rational(4) && s.maximum([(3, .one)]) == Rational(11))
    }
}
