import Foundation
import Testing
@testable import Scorecard

/// Problems a read-only review of the session found, each reproduced first, then fixed:
/// never a folder destroyed through a link, never a crash or a wrapped number on extreme
/// values, never a thousands separator misreading a decimal comma.
@Suite(.serialized) struct ReviewFindingTests {
    @Test func aLinkFollowedByDotDotNeverPointsTheSwapAtAnotherFolder() throws {
        let root = NSTemporaryDirectory() + "scorecard-review-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: root) }
        let fm = FileManager.default
        try fm.createDirectory(atPath: root + "/elsewhere/sub", withIntermediateDirectories: true)
        try fm.createDirectory(atPath: root + "/precious", withIntermediateDirectories: true)
        try Data("keep".utf8).write(to: URL(fileURLWithPath: root + "/precious/thesis.txt"))
        try fm.createSymbolicLink(atPath: root + "/link", withDestinationPath: root + "/elsewhere/sub")
        // The kernel reads link/../precious as elsewhere/precious: that is where the run writes.
        let result = try OutputSafetyTests.run(out: root + "/link/../precious")
        #expect(result.code == 0, "\(result.err)")
        #expect(try String(contentsOfFile: root + "/precious/thesis.txt", encoding: .utf8) == "keep")
        #expect(fm.fileExists(atPath: root + "/elsewhere/precious/manifest.json"))
        // And a link named with a trailing slash is still a link: refused, left as it was.
        try fm.createDirectory(atPath: root + "/real", withIntermediateDirectories: true)
        try fm.createSymbolicLink(atPath: root + "/ln", withDestinationPath: root + "/real")
        OutputSafetyTests.expectRefused(try OutputSafetyTests.run(out: root + "/ln/"), "is a symbolic link")
        #expect(PathKind.isSymbolicLink(root + "/ln"))
    }

    @Test func extremeValuesGiveBlanksOrSymbolsNotCrashesOrWrappedSums() {
        // Whole-number sums past Int64: x, not a wrapped figure.
        let cells = AggregateCells(kind: .sum, isInteger: true, cells: 1)
        cells.add(.int(Int64.max - 1), cell: 0)
        cells.add(.int(10), cell: 0)
        #expect(cells.figure(cell: 0).value == .notAvailable)
        // A number no report can show exactly is x, not a trap.
        #expect(ReportCell.number(1e30, .count).symbol == .notAvailable)
        #expect(ReportCell.number(.infinity, .count).symbol == .notAvailable)
        // add_working_days with the least whole number: nil, not a trap in abs().
        #expect(WorkingDays(holidays: []).adding(Int64.min, to: 0) == nil)
    }

    @Test func roundOfAValueBeyondWholeNumbersIsBlank() throws {
        // a^20 for a = 10 is 1e20, beyond any whole number: blank, so that row does not count.
        let result = try FunctionTests.count("round(a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a) >= 0")
        #expect(try result.get() == 3)
    }

    @Test func wholeNumberArithmeticPastItsRangeIsBlankNotWrapped() throws {
        // b * b * … reaches 10^20 for row 4 (b = 10): blank, so only rows 1–3 count as >= 0 or < 0.
        let product = Array(repeating: "round(b)", count: 20).joined(separator: " * ")
        #expect(try FunctionTests.count("\(product) >= 0 or \(product) < 0").get() == 3)
    }

    @Test func aThousandsSeparatorNeverReadsADecimalComma() {
        var out: [UInt8] = []
        let layout = NumberLayout(decimalMark: UInt8(ascii: "."), thousands: UInt8(ascii: ","), percent: false)
        for (text, readable) in [("0,250", false), ("00,007", false), ("1,250", true), ("0", true), ("0.5", true), ("10,250", true)] {
            let bytes = Array(text.utf8)
            let ok = bytes.withUnsafeBufferPointer { NumberText.normalise($0, layout, into: &out) }
            #expect(ok == readable, "\(text)")
        }
    }
}
