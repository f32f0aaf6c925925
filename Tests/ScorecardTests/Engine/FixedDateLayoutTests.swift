import Foundation
import Testing
@testable import Scorecard

/// The intake's fixed-offset date reader (`DateFormat.FixedLayout`) is only a faster way
/// to read the plain layouts: for every value, of every length, with any byte in any
/// place, it must give exactly what the general loop over the layout's pieces gives.
@Suite struct FixedDateLayoutTests {
    static let plainLayouts = ["yyyy-mm-dd", "dd/mm/yyyy", "dd-mm-yyyy", "yyyymmdd", "dd-Mon-yyyy", "dd.mm.yyyy", "mm/dd/yyyy", "ddMonyyyy", "yyyy_mm_dd"]

    @Test func onlyPlainYearMonthDayLayoutsHaveAFixedReader() throws {
        for text in Self.plainLayouts {
            #expect(try #require(DateFormat(text)).fixedLayout != nil, "\(text)")
        }
        for text in ["dd/mm/yy", "Mon yyyy", "yyyy-mm", "dd/mm/yyyy hh:mm", "yyyy-mm-ddThh:mm:ss", "yyyy/yy", "yyyy/yy Pnn", "Qn yyyy/yy", "dd/mm/yyyy:"] {
            if let format = DateFormat(text) { #expect(format.fixedLayout == nil, "\(text)") }
        }
    }

    /// Values around each layout's shape: real and impossible dates, then every one-byte
    /// change, a byte too few and a byte too many of each.
    static func values(for text: String) -> [[UInt8]] {
        let names = ["Jan", "feb", "MAR", "aPr", "May", "jun", "Jul", "aug", "Sep", "oct", "Nov", "DEC", "Xyz"]
        var values: [[UInt8]] = []
        for (year, month, day) in [(2016, 2, 29), (2017, 2, 29), (1900, 2, 29), (2000, 2, 29), (2017, 4, 30), (2017, 4, 31),
                                   (2017, 12, 31), (2017, 13, 1), (2017, 0, 10), (2017, 1, 0), (9999, 12, 31), (0, 1, 1), (2017, 6, 15)] {
            func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
            var s = text
            let y = String(year)
            s = s.replacingOccurrences(of: "yyyy", with: String(repeating: "0", count: 4 - y.count) + y)
            s = s.replacingOccurrences(of: "Mon", with: names[month == 0 ? 12 : min(month, 13) - 1])
            s = s.replacingOccurrences(of: "mm", with: two(month)).replacingOccurrences(of: "dd", with: two(day))
            values.append(Array(s.utf8))
        }
        let bytes: [UInt8] = Array("0159/-._ :TaAz".utf8) + [0, 0x2F, 0x3A, 0xFF]
        for value in values {
            for i in 0..<value.count {
                for b in bytes { var v = value; v[i] = b; values.append(v) }
            }
            values.append(Array(value.dropLast()))
            values.append(value + [UInt8(ascii: "0")])
            values.append([UInt8(ascii: " ")] + value)
        }
        values.append([])
        return values
    }

    @Test(arguments: plainLayouts)
    func theFixedReaderReadsExactlyWhatTheGeneralLoopReads(text: String) throws {
        let format = try #require(DateFormat(text))
        let fixed = try #require(format.fixedLayout)
        var read = 0
        for value in Self.values(for: text) {
            let general = value.withUnsafeBufferPointer { b in format.pieces.withUnsafeBufferPointer { DateFormat.parse(b, pieces: $0, pivot: format.pivot) } }
            let fast = value.withUnsafeBufferPointer { fixed.parse($0) }
            #expect(fast == general, "\(text): \(value)")
            if general != nil { read += 1 }
        }
        #expect(read > 5)
    }
}
