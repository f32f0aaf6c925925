/// What one column's values look like, counted over every record of a file: blanks,
/// whole numbers, decimals, each candidate date layout, lengths, line breaks, the
/// distinct values while they are few (with their counts, for code lists) and an
/// estimate of the distinct count when they are many. Built per chunk on bytes, on
/// every core, then merged; no `String` per value.
struct ColumnProfile {
    /// The date layouts tried, in the order ties are broken. Each is a `DateFormat`
    /// the intake reads exactly (`dd/mm/yyyy` and `mm/dd/yyyy` are told apart only by values).
    static let dateLayouts: [String] = [
        "yyyy-mm-dd", "dd/mm/yyyy", "mm/dd/yyyy", "yyyymmdd", "dd-Mon-yyyy",
        "yyyy/mm/dd", "dd-mm-yyyy", "mm-dd-yyyy", "dd.mm.yyyy", "dd Mon yyyy",
        // 10…14: date-times
        "dd/mm/yyyy hh:mm", "dd/mm/yyyy hh:mm:ss", "yyyy-mm-ddThh:mm:ss", "yyyy-mm-dd hh:mm:ss", "yyyy-mm-dd hh:mm",
        // 15…21: month labels, then year labels (read with April as the year's start)
        "Mon-yy", "Mon-yyyy", "Mon yyyy", "yyyy-mm", "mm/yyyy", "yyyy/yy", "yyyy-yy",
        // 22…28: date-times with fractions of a second, one layout per count of f's
        "yyyy-mm-dd hh:mm:ss.f", "yyyy-mm-dd hh:mm:ss.ff", "yyyy-mm-dd hh:mm:ss.fff", "yyyy-mm-dd hh:mm:ss.ffff",
        "yyyy-mm-dd hh:mm:ss.fffff", "yyyy-mm-dd hh:mm:ss.ffffff", "yyyy-mm-dd hh:mm:ss.fffffff",
    ]
    static let formats: [DateFormat] = dateLayouts.map { DateFormat($0)! }
    static let layoutCount = 29
    /// The pivot each layout is tried with: 50 for a two-digit year, 104 (a year starting
    /// in April) for a year label, which reads only with a start month.
    static let pivots: [Int] = dateLayouts.map { $0.hasSuffix("/yy") || $0.hasSuffix("-yy") && $0.hasPrefix("yyyy") ? 104 : 50 }
    /// The tokens read as blank (declared `blank "…"` at source level when a typed column holds them).
    static let blankTokens: [String] = ["NULL", "N/A", "n/a", "-", "n/k", "#N/A", "null", "N/K"]
    /// Layouts of numbers tried on a value that is not a plain number: thousands ",",
    /// decimal ",", decimal "," with thousands ".", and plain with a trailing %.
    static let numberLayouts: [NumberLayout] = [
        NumberLayout(decimalMark: UInt8(ascii: "."), thousands: UInt8(ascii: ","), percent: true),
        NumberLayout(decimalMark: UInt8(ascii: ","), thousands: 0, percent: true),
        NumberLayout(decimalMark: UInt8(ascii: ","), thousands: UInt8(ascii: "."), percent: true),
        NumberLayout(decimalMark: UInt8(ascii: "."), thousands: 0, percent: true),
    ]
    /// The layouts' pieces in memory kept for the life of the process, so the per-value
    /// loop reads them without reference counting (a `DateFormat` copy retains its arrays).
    nonisolated(unsafe) static let pieces: UnsafeMutableBufferPointer<UnsafeBufferPointer<DateFormat.Piece>> = {
        let all = UnsafeMutableBufferPointer<UnsafeBufferPointer<DateFormat.Piece>>.allocate(capacity: formats.count)
        for (i, f) in formats.enumerated() {
            let p = UnsafeMutableBufferPointer<DateFormat.Piece>.allocate(capacity: f.pieces.count)
            _ = p.initialize(from: f.pieces)
            all[i] = UnsafeBufferPointer(p)
        }
        return all
    }()
    /// The currency symbols money is recognised by (as UTF-8: a Windows-1252 file is read transcoded).
    static let moneySymbols: [String] = ["£", "$", "€"]
    static let moneySymbolBytes: [[UInt8]] = moneySymbols.map { Array($0.utf8) }
    /// A layout with a time of day: a date-time column.
    static func hasTime(_ layout: Int) -> Bool { dateLayouts[layout].contains("hh") }
    static let exampleLimit = 3
    /// Distinct values kept exactly (for code lists); beyond it only the estimate runs.
    static let distinctLimit = 1000

    var values = 0
    var blank = 0
    var ints = 0
    /// Whole numbers written with a leading zero ("007"): codes or ids, not quantities.
    var leadingZero = 0
    var minIntDigits = Int.max
    var maxIntDigits = 0
    var minInt = Int64.max
    var maxInt = Int64.min
    /// Numbers with a fractional part (not counted in `ints`).
    var decimals = 0
    var minNumber = Double.infinity
    var maxNumber = -Double.infinity
    /// Per blank token, how often it is the whole value (counted as blank, kept in `distinct`).
    var tokenCounts = [Int](repeating: 0, count: ColumnProfile.blankTokens.count)
    /// Values not plain numbers that read in each of `numberLayouts`, and of those, with a fraction.
    var layoutHits = [Int](repeating: 0, count: 4)
    var layoutFractions = [Int](repeating: 0, count: 4)
    /// Values with a trailing %; plain decimals of the form 1.234 (read by `decimal "," thousands "."` as 1234).
    var layoutMin = [Double](repeating: .infinity, count: 4)
    var layoutMax = [Double](repeating: -.infinity, count: 4)
    var percents = 0
    var dotThree = 0
    /// Values of exactly one comma with three digits after it and none before beyond three: 1,234.
    var commaThree = 0
    /// Plain decimals with exactly two decimal places; with a non-zero digit past the
    /// second (`10.005`: not money); the most places any has.
    var twoPlaces = 0
    var manyPlaces = 0
    var maxPlaces = 0
    /// Per number layout, the most decimal places a value read in it has.
    var layoutMaxPlaces = [Int](repeating: 0, count: 4)
    /// Money, tried on values that are not plain numbers, in each of `numberLayouts`
    /// (without percent) with the value's own currency symbol (`moneySymbols`): values read
    /// to the penny, refused for a third decimal place, with exactly two places, with a
    /// thousands separator; the least and most in pence.
    var moneyHits = [Int](repeating: 0, count: 4)
    var moneyTooMany = [Int](repeating: 0, count: 4)
    var moneyTwoPlaces = [Int](repeating: 0, count: 4)
    var moneyGrouped = [Int](repeating: 0, count: 4)
    var moneyMin = [Int64](repeating: .max, count: 4)
    var moneyMax = [Int64](repeating: .min, count: 4)
    /// Values carrying each of `moneySymbols`, and values in brackets (a negative amount).
    var symbolCounts = [Int](repeating: 0, count: ColumnProfile.moneySymbols.count)
    var brackets = 0
    var dateCounts = [Int](repeating: 0, count: ColumnProfile.dateLayouts.count)
    /// Per layout, the first few non-blank values it could not read.
    var dateMisses = [[[UInt8]]](repeating: [], count: ColumnProfile.dateLayouts.count)
    private var dateMissesFull: UInt32 = 0
    /// The first few non-blank values that are not numbers.
    var notNumbers: [[UInt8]] = []
    var lineBreaks = 0
    var maxLength = 0
    var distinct = DistinctValues()
    var sketch = DistinctSketch()

    var nonBlank: Int { values - blank }

    /// Distinct non-blank values: exact while they are kept, else the sketch's estimate.
    var distinctEstimate: Int { distinct.overflowed ? sketch.estimate : distinct.count }
    var distinctIsExact: Bool { !distinct.overflowed || sketch.isExact }
    var distinctText: String { distinctIsExact ? FileSniffer.count(distinctEstimate) : "about \(FileSniffer.count(distinctEstimate))" }

    /// Counts one raw field (quoting undone, spaces as in the file).
    @inline(__always)
    mutating func add(_ raw: UnsafeBufferPointer<UInt8>) {
        values += 1
        var lo = 0, hi = raw.count
        while lo < hi, raw[lo] == 0x20 || raw[lo] == 0x09 { lo += 1 }
        while hi > lo, raw[hi - 1] == 0x20 || raw[hi - 1] == 0x09 { hi -= 1 }
        if lo == hi { blank += 1; return }
        let v = UnsafeBufferPointer(rebasing: raw[lo..<hi])
        if v.count <= 4, let t = Self.token(v) {
            blank += 1
            tokenCounts[t] += 1
            let (hash, _) = DistinctSketch.hash(v)
            if distinct.overflowed { sketch.add(hash) } else { distinct.add(v, hash: hash); if distinct.overflowed { seedSketch(); sketch.add(hash) } }
            return
        }
        if v.count > maxLength { maxLength = v.count }
        let (hash, control) = DistinctSketch.hash(v)
        // Exact counts while the values are few; the sketch takes over (seeded with them) after.
        if distinct.overflowed {
            sketch.add(hash)
        } else {
            distinct.add(v, hash: hash)
            if distinct.overflowed { seedSketch(); sketch.add(hash) }
        }
        number(v)
        date(raw)
        if control, v.contains(0x0A) || v.contains(0x0D) { lineBreaks += 1 }
    }

    /// The blank token `v` is, if any (bytes compared, no `String`).
    @inline(__always)
    static func token(_ v: UnsafeBufferPointer<UInt8>) -> Int? {
        let b0 = v[0]
        guard b0 == UInt8(ascii: "N") || b0 == UInt8(ascii: "n") || b0 == UInt8(ascii: "-") || b0 == UInt8(ascii: "#") else { return nil }
        for (t, bytes) in tokenBytes.enumerated() where bytes.count == v.count {
            var k = 0
            while k < bytes.count, bytes[k] == v[k] { k += 1 }
            if k == bytes.count { return t }
        }
        return nil
    }
    static let tokenBytes: [[UInt8]] = blankTokens.map { Array($0.utf8) }

    /// Puts the exactly counted values' hashes into the sketch (idempotent).
    private mutating func seedSketch() {
        for h in distinct.hashes { sketch.add(h) }
    }

    @inline(__always)
    private mutating func number(_ v: UnsafeBufferPointer<UInt8>) {
        var i = 0
        if v[0] == UInt8(ascii: "-") || v[0] == UInt8(ascii: "+") { i = 1 }
        let digitsStart = i
        var whole: Int64 = 0
        while i < v.count, v[i] &- 48 < 10 { whole = whole &* 10 &+ Int64(v[i] &- 48); i += 1 }
        let intDigits = i - digitsStart
        if i == v.count, intDigits > 0, intDigits <= 18 {
            ints += 1
            if intDigits > 1 && v[digitsStart] == 48 { leadingZero += 1 }
            if intDigits < minIntDigits { minIntDigits = intDigits }
            if intDigits > maxIntDigits { maxIntDigits = intDigits }
            let value = v[0] == UInt8(ascii: "-") ? -whole : whole
            if value < minInt { minInt = value }
            if value > maxInt { maxInt = value }
            return
        }
        if i < v.count, v[i] == UInt8(ascii: ".") {
            i += 1
            let fractionStart = i
            while i < v.count, v[i] &- 48 < 10 { i += 1 }
            if i == v.count, intDigits + (i - fractionStart) > 0, v.count < 40 {
                // Rare enough per file to afford a Double the way the intake reads one.
                if let d = Double(String(decoding: v, as: UTF8.self)), d.isFinite {
                    decimals += 1
                    let places = i - fractionStart
                    if places == 2 { twoPlaces += 1 }
                    if places > maxPlaces { maxPlaces = places }
                    if places > 2, v[(fractionStart + 2)..<i].contains(where: { $0 != 48 }) { manyPlaces += 1 }
                    if i - fractionStart == 3, intDigits >= 1, intDigits <= 3 { dotThree += 1 }
                    if d < minNumber { minNumber = d }
                    if d > maxNumber { maxNumber = d }
                    return
                }
            }
        }
        // Not plain: a decimal comma, thousands separators or a trailing %? Tried only on
        // values starting with a digit (after a sign) that hold one of , . %.
        if intDigits > 0, i < v.count, v[i] == UInt8(ascii: ",") || v[i] == UInt8(ascii: ".") || v[i] == UInt8(ascii: "%") {
            otherLayouts(v)
            if v[v.count - 1] != UInt8(ascii: "%") { money(v, symbol: nil) }
        } else if intDigits == 0 {
            moneyMarked(v)
        }
        if notNumbers.count < Self.exampleLimit { notNumbers.append(Array(v)) }
    }

    private mutating func otherLayouts(_ v: UnsafeBufferPointer<UInt8>) {
        if v[v.count - 1] == UInt8(ascii: "%") { percents += 1 }
        var commas = 0, dots = 0, afterComma = -1
        for b in v {
            if b == UInt8(ascii: ",") { commas += 1; afterComma = 0 } else if b == UInt8(ascii: ".") { dots += 1 } else if afterComma >= 0, b &- 48 < 10 { afterComma += 1 }
        }
        if commas == 1, dots == 0, afterComma == 3, v[v.count - 1] != UInt8(ascii: "%") { commaThree += 1 }
        for l in 0..<Self.numberLayouts.count where NumberText.normalise(v, Self.numberLayouts[l], into: &scratch) {
            layoutHits[l] += 1
            // The value for the comment's range, from the plain bytes (no String per value).
            var whole = 0.0, fraction = 0.0, scale = 1.0, inFraction = false, negative = false
            for b in scratch {
                if b == UInt8(ascii: "-") { negative = true } else if b == UInt8(ascii: ".") { inFraction = true } else if b &- 48 < 10 {
                    if inFraction { scale /= 10; fraction += Double(b &- 48) * scale } else { whole = whole * 10 + Double(b &- 48) }
                }
            }
            if inFraction {
                layoutFractions[l] += 1
                let places = scratch.count - 1 - scratch.firstIndex(of: UInt8(ascii: "."))!
                if places > layoutMaxPlaces[l] { layoutMaxPlaces[l] = places }
            }
            let d = (negative ? -1 : 1) * (whole + fraction)
            if d < layoutMin[l] { layoutMin[l] = d }
            if d > layoutMax[l] { layoutMax[l] = d }
        }
    }
    /// A value in brackets or carrying a currency symbol (`£1,234.56`, `-£5.00`, `£-5.00`,
    /// `(£1,234.00)`, `(12.50)`): counted, and tried as money with its symbol.
    private mutating func moneyMarked(_ v: UnsafeBufferPointer<UInt8>) {
        var i = 0, end = v.count
        let bracketed = end >= 3 && v[0] == UInt8(ascii: "(") && v[end - 1] == UInt8(ascii: ")")
        if bracketed { i = 1; end -= 1 }
        if i < end, v[i] == UInt8(ascii: "-") || v[i] == UInt8(ascii: "+") { i += 1 }
        var symbol: Int?
        for (s, bytes) in Self.moneySymbolBytes.enumerated() where end - i > bytes.count {
            var k = 0
            while k < bytes.count, v[i + k] == bytes[k] { k += 1 }
            if k == bytes.count { symbol = s; break }
        }
        guard bracketed || symbol != nil else { return }
        if bracketed { brackets += 1 }
        if let symbol { symbolCounts[symbol] += 1 }
        money(v, symbol: symbol)
    }

    /// Reads `v` as money in each number layout, as the intake would with that layout and symbol.
    private mutating func money(_ v: UnsafeBufferPointer<UInt8>, symbol: Int?) {
        for l in 0..<Self.numberLayouts.count {
            var layout = Self.numberLayouts[l]
            layout.percent = false
            if let symbol {
                let bytes = Self.moneySymbolBytes[symbol]
                layout.currencyLength = UInt8(bytes.count)
                for (k, b) in bytes.enumerated() { layout.currency |= UInt32(b) << (8 * k) }
            }
            switch MoneyText.parse(v, layout) {
            case .pence(let pence):
                moneyHits[l] += 1
                if pence < moneyMin[l] { moneyMin[l] = pence }
                if pence > moneyMax[l] { moneyMax[l] = pence }
                if layout.thousands != 0, v.contains(layout.thousands) { moneyGrouped[l] += 1 }
                if let mark = v.lastIndex(of: layout.decimalMark) {
                    var places = 0, k = mark + 1
                    while k < v.count, v[k] &- 48 < 10 { places += 1; k += 1 }
                    if places == 2 { moneyTwoPlaces[l] += 1 }
                }
            case .tooManyPlaces: moneyTooMany[l] += 1
            case .unreadable: break
            }
        }
    }

    /// Reused by `otherLayouts`: no allocation per value.
    private var scratch: [UInt8] = []

    /// Dates are read from the raw bytes, as the intake reads them (a date with a
    /// space around it is unreadable there too). Only the layouts a value's length
    /// and separators allow are tried.
    @inline(__always)
    private mutating func date(_ v: UnsafeBufferPointer<UInt8>) {
        // Candidate layouts as a bit set, from the length and the separators; no closure
        // (a nested function capturing a counter would box it on the heap per value).
        var candidates: UInt32 = 0
        let n = v.count
        if n >= 6 {
            let b0 = v[0]
            let digit = b0 &- 48 < 10
            let letter = (b0 | 0x20) &- 97 < 26
            @inline(__always) func at(_ k: Int, _ c: Unicode.Scalar) -> Bool { k < n && v[k] == UInt8(ascii: c) }
            if letter {
                if n == 6, at(3, "-") { candidates = 1 << 15 }
                else if n == 8, at(3, "-") { candidates = 1 << 16 } else if n == 8, at(3, " ") { candidates = 1 << 17 }
            } else if digit {
                switch n {
                case 7:
                    if at(4, "-") { candidates = 1 << 18 | 1 << 21 } else if at(4, "/") { candidates = 1 << 20 } else if at(2, "/") { candidates = 1 << 19 }
                case 8: candidates = 1 << 3
                case 10:
                    if at(4, "-") { candidates = 1 << 0 } else if at(4, "/") { candidates = 1 << 5 }
                    else if at(2, "/") { candidates = 1 << 1 | 1 << 2 }
                    else if at(2, "-") { candidates = 1 << 6 | 1 << 7 }
                    else if at(2, ".") { candidates = 1 << 8 }
                case 11:
                    if at(2, "-") { candidates = 1 << 4 } else if at(2, " ") { candidates = 1 << 9 }
                case 16:
                    if at(2, "/") { candidates = 1 << 10 } else if at(4, "-") { candidates = 1 << 14 }
                case 19:
                    if at(2, "/") { candidates = 1 << 11 } else if at(10, "T") { candidates = 1 << 12 } else if at(10, " ") { candidates = 1 << 13 }
                case 21...27:
                    if at(4, "-"), at(19, ".") { candidates = 1 << UInt32(22 + n - 21) }
                default: break
                }
            }
        }
        var hits: UInt32 = 0
        if candidates != 0 {
            let pieces = Self.pieces
            var rest = candidates
            while rest != 0 {
                let f = rest.trailingZeroBitCount
                rest &= rest - 1
                if DateFormat.parse(v, pieces: pieces[f], pivot: Self.pivots[f]) != nil { hits |= 1 << UInt32(f); dateCounts[f] += 1 }
            }
        }
        let all: UInt32 = (1 << UInt32(Self.layoutCount)) - 1
        let missing = ~hits & ~dateMissesFull & all
        if missing != 0 {
            for f in 0..<Self.layoutCount where missing & (1 << UInt32(f)) != 0 {
                dateMisses[f].append(Array(v))
                if dateMisses[f].count >= Self.exampleLimit { dateMissesFull |= 1 << UInt32(f) }
            }
        }
    }

    /// Adds another chunk's counts (chunks merged in file order, so examples stay the first ones).
    mutating func merge(_ o: ColumnProfile) {
        values += o.values; blank += o.blank; ints += o.ints; leadingZero += o.leadingZero
        minIntDigits = min(minIntDigits, o.minIntDigits); maxIntDigits = max(maxIntDigits, o.maxIntDigits)
        minInt = min(minInt, o.minInt); maxInt = max(maxInt, o.maxInt)
        decimals += o.decimals; minNumber = min(minNumber, o.minNumber); maxNumber = max(maxNumber, o.maxNumber)
        for f in dateCounts.indices {
            dateCounts[f] += o.dateCounts[f]
            dateMisses[f] = Array((dateMisses[f] + o.dateMisses[f]).prefix(Self.exampleLimit))
        }
        notNumbers = Array((notNumbers + o.notNumbers).prefix(Self.exampleLimit))
        for t in tokenCounts.indices { tokenCounts[t] += o.tokenCounts[t] }
        for l in layoutHits.indices {
            layoutHits[l] += o.layoutHits[l]; layoutFractions[l] += o.layoutFractions[l]
            layoutMin[l] = min(layoutMin[l], o.layoutMin[l]); layoutMax[l] = max(layoutMax[l], o.layoutMax[l])
        }
        percents += o.percents; dotThree += o.dotThree; commaThree += o.commaThree
        twoPlaces += o.twoPlaces; manyPlaces += o.manyPlaces; maxPlaces = max(maxPlaces, o.maxPlaces)
        for l in 0..<4 {
            layoutMaxPlaces[l] = max(layoutMaxPlaces[l], o.layoutMaxPlaces[l])
            moneyHits[l] += o.moneyHits[l]; moneyTooMany[l] += o.moneyTooMany[l]
            moneyTwoPlaces[l] += o.moneyTwoPlaces[l]; moneyGrouped[l] += o.moneyGrouped[l]
            moneyMin[l] = min(moneyMin[l], o.moneyMin[l]); moneyMax[l] = max(moneyMax[l], o.moneyMax[l])
        }
        for s in symbolCounts.indices { symbolCounts[s] += o.symbolCounts[s] }
        brackets += o.brackets
        lineBreaks += o.lineBreaks
        maxLength = max(maxLength, o.maxLength)
        var o = o
        seedSketch()
        o.seedSketch()
        sketch.merge(o.sketch)
        distinct.merge(o.distinct)
    }
}

/// Distinct values with their counts, exactly, while there are at most
/// `ColumnProfile.distinctLimit` of them; then it gives up (`overflowed`) and costs nothing.
/// Open addressing over a flat byte arena: no allocation for a value already seen.
struct DistinctValues {
    private(set) var overflowed = false
    private var arena: [UInt8] = []
    /// Per distinct value, in first-seen order: start in the arena, length, count.
    private var starts: [Int] = []
    private var lengths: [Int] = []
    private(set) var counts: [Int] = []
    private(set) var hashes: [UInt64] = []
    private var slots = [Int32](repeating: -1, count: 4096)

    var count: Int { starts.count }

    func value(_ i: Int) -> [UInt8] { Array(arena[starts[i]..<starts[i] + lengths[i]]) }

    @inline(__always)
    mutating func add(_ v: UnsafeBufferPointer<UInt8>, hash: UInt64, times: Int = 1) {
        if overflowed { return }
        let mask = slots.count - 1
        var s = Int(truncatingIfNeeded: hash) & mask
        while true {
            let entry = Int(slots[s])
            if entry < 0 { break }
            if hashes[entry] == hash, lengths[entry] == v.count,
               arena.withUnsafeBufferPointer({ a in memcmpEqual(a.baseAddress! + starts[entry], v.baseAddress!, v.count) }) {
                counts[entry] += times
                return
            }
            s = (s + 1) & mask
        }
        if starts.count >= ColumnProfile.distinctLimit {
            giveUp()
            return
        }
        slots[s] = Int32(starts.count)
        starts.append(arena.count)
        lengths.append(v.count)
        counts.append(times)
        hashes.append(hash)
        arena.append(contentsOf: v)
    }

    private mutating func giveUp() {
        overflowed = true
        // The hashes stay: they seed the sketch that counts from here on.
        arena = []; starts = []; lengths = []; counts = []; slots = []
    }

    mutating func merge(_ o: DistinctValues) {
        if overflowed { return }
        if o.overflowed { hashes += o.hashes; giveUp(); return }
        for i in 0..<o.count {
            let v = o.value(i)
            v.withUnsafeBufferPointer { add($0, hash: o.hashes[i], times: o.counts[i]) }
        }
    }
}

@inline(__always)
private func memcmpEqual(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ n: Int) -> Bool {
    var i = 0
    while i < n { if a[i] != b[i] { return false }; i += 1 }
    return true
}

/// An estimate of a column's distinct values from the `k` smallest 64-bit hashes
/// (a KMV sketch): exact below `k` values, within a few percent above, mergeable
/// across chunks, and a single comparison per value once it is full.
struct DistinctSketch {
    static let k = 512
    private var smallest: [UInt64] = []

    @inline(__always)
    mutating func add(_ h: UInt64) {
        if smallest.count == Self.k, h >= smallest[Self.k - 1] { return }
        // Binary search for the insertion point; equal hashes are the same value.
        var lo = 0, hi = smallest.count
        while lo < hi { let mid = (lo + hi) / 2; if smallest[mid] < h { lo = mid + 1 } else { hi = mid } }
        if lo < smallest.count, smallest[lo] == h { return }
        smallest.insert(h, at: lo)
        if smallest.count > Self.k { smallest.removeLast() }
    }

    mutating func merge(_ o: DistinctSketch) { for h in o.smallest { add(h) } }

    /// The number of distinct values: exact below `k`, estimated above.
    var estimate: Int {
        if smallest.count < Self.k { return smallest.count }
        let kth = Double(smallest[Self.k - 1]) / Double(UInt64.max)
        return Int((Double(Self.k - 1) / kth).rounded())
    }
    var isExact: Bool { smallest.count < Self.k }

    /// A 64-bit hash of a value's bytes, eight at a time, finished with a strong mix; and
    /// whether any byte is below 0x0E (so might be a line break), found in the same pass.
    @inline(__always)
    static func hash(_ v: UnsafeBufferPointer<UInt8>) -> (UInt64, Bool) {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(v.count)
        let raw = UnsafeRawPointer(v.baseAddress!)
        var i = 0
        var low: UInt64 = 0
        while i + 8 <= v.count {
            let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            low |= (w &- 0x0E0E_0E0E_0E0E_0E0E) & ~w & 0x8080_8080_8080_8080
            h = (h ^ w) &* 0xBF58_476D_1CE4_E5B9
            h ^= h >> 29
            i += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        var control = low != 0
        while i < v.count { if v[i] < 0x0E { control = true }; tail |= UInt64(v[i]) << shift; shift += 8; i += 1 }
        h = (h ^ tail) &* 0x94D0_49BB_1331_11EB
        h ^= h >> 31
        h = h &* 0xBF58_476D_1CE4_E5B9
        h ^= h >> 27
        return (h, control)
    }
}
