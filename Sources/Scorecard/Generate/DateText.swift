/// The date layouts of the extracts (EXTRACTS.md).
enum DateLayout: Int, CaseIterable {
    /// `yyyymmdd` (MAT)
    case compact
    /// `dd/mm/yyyy` (EHM, feedback, spider)
    case slashed
    /// `yyyy-mm-dd` (CSC, Priority Families, workforce)
    case iso
    /// `dd-Mon-yyyy` (eCAF)
    case named

    var length: Int {
        switch self {
        case .compact: 8
        case .slashed, .iso: 10
        case .named: 11
        }
    }
}

/// Date text by table lookup: every day of the generator's years in every layout,
/// formatted once, so writing a date is one small copy. Days outside the table
/// (a deliberately mistyped year) are formatted on the spot.
final class DateTextTable {
    private static let slot = 16
    let first: Int32
    let days: Int
    private let base: UnsafeMutablePointer<UInt8>

    init(from first: Int32, through last: Int32) {
        self.first = first
        days = Int(last - first) + 1
        base = .allocate(capacity: days * DateLayout.allCases.count * Self.slot)
        for d in 0..<days {
            for layout in DateLayout.allCases {
                _ = Self.format(first + Int32(d), layout, to: base + (d * DateLayout.allCases.count + layout.rawValue) * Self.slot)
            }
        }
    }

    deinit { base.deallocate() }

    /// Writes the day's text and returns its length.
    @inline(__always)
    func write(_ day: Int32, _ layout: DateLayout, to out: UnsafeMutablePointer<UInt8>) -> Int {
        let d = Int(day - first)
        guard d >= 0 && d < days else { return Self.format(day, layout, to: out) }
        out.update(from: base + (d * 4 + layout.rawValue) * Self.slot, count: layout.length)
        return layout.length
    }

    /// The day's text as bytes (for building trap values).
    func text(_ day: Int32, _ layout: DateLayout) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: Self.slot)
        let n = out.withUnsafeMutableBufferPointer { write(day, layout, to: $0.baseAddress!) }
        return Array(out[..<n])
    }

    private static let monthNames: [[UInt8]] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"].map { Array($0.utf8) }

    private static func format(_ day: Int32, _ layout: DateLayout, to out: UnsafeMutablePointer<UInt8>) -> Int {
        let (y, m, d) = Day.civil(day)
        var i = 0
        func digits(_ value: Int, _ width: Int) {
            var v = value
            for k in stride(from: width - 1, through: 0, by: -1) {
                out[i + k] = UInt8(v % 10) + 48
                v /= 10
            }
            i += width
        }
        func put(_ b: UInt8) { out[i] = b; i += 1 }
        switch layout {
        case .compact: digits(y, 4); digits(m, 2); digits(d, 2)
        case .slashed: digits(d, 2); put(47); digits(m, 2); put(47); digits(y, 4)
        case .iso: digits(y, 4); put(45); digits(m, 2); put(45); digits(d, 2)
        case .named:
            digits(d, 2); put(45)
            for b in monthNames[m - 1] { put(b) }
            put(45); digits(y, 4)
        }
        return i
    }
}
