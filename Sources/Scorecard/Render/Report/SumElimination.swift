/// Whether the sums a reader knows, taken together, pin a protected count that no one
/// sum pins: for example a breakdown row whose other cells are hidden in a 2 × 2 block
/// with the headline and the not-recorded column, which the block's rows and columns
/// then give back. Solves the sums over the unknown counts by Gauss–Jordan elimination
/// and reports a protected count whose row in the reduced system mentions no other.
///
/// Arithmetic is modulo the prime 2^61 − 1, so nothing overflows. The sums have
/// coefficients 0 and ±1 in small systems, where a rank over the rationals that the
/// prime would miss is practically impossible; the audit in the tests checks the
/// published result exactly, over the rationals, with every count ≥ 0.
struct SumElimination {
    typealias Var = Suppression.Var
    let sums: [Suppression.Sum]
    let known: [Bool]
    let protected: Set<Var>

    static let prime: UInt64 = (1 << 61) - 1

    /// The protected counts (in a fixed order) that the sums together determine.
    func determined() -> [Var] {
        // Components of unknown counts linked by sums; only those holding a protected count matter.
        var parent = Array(known.indices)
        func find(_ v: Int) -> Int {
            var v = v
            while parent[v] != v { parent[v] = parent[parent[v]]; v = parent[v] }
            return v
        }
        for sum in sums {
            let unknown = (sum.parts + [sum.total]).filter { !known[$0] }
            guard let first = unknown.first else { continue }
            for v in unknown.dropFirst() {
                let a = find(first), b = find(v)
                if a != b { parent[max(a, b)] = min(a, b) }
            }
        }
        var componentsWithProtected = Set<Int>()
        for v in protected where !known[v] { componentsWithProtected.insert(find(v)) }
        var rowsByComponent: [Int: [Int]] = [:]
        for (s, sum) in sums.enumerated() {
            guard let first = (sum.parts + [sum.total]).first(where: { !known[$0] }) else { continue }
            let c = find(first)
            if componentsWithProtected.contains(c) { rowsByComponent[c, default: []].append(s) }
        }
        var found: [Var] = []
        for c in componentsWithProtected.sorted() { found += determined(in: rowsByComponent[c] ?? []) }
        return found.sorted()
    }

    /// Gauss–Jordan over one component's sums, kept sparse (each sum names a handful of
    /// counts); the protected counts whose reduced row stands alone.
    private func determined(in rows: [Int]) -> [Var] {
        var reduced: [[Var: UInt64]] = []
        var pivotRowOf: [Var: Int] = [:]
        for s in rows {
            var row: [Var: UInt64] = [:]
            for v in sums[s].parts where !known[v] { row[v] = Self.add(row[v] ?? 0, 1) }
            let t = sums[s].total
            if !known[t] { row[t] = Self.add(row[t] ?? 0, Self.prime - 1) }
            // Reduced rows hold no other pivot, so one pass clears every pivot from the new row.
            for (v, a) in row where a != 0 {
                guard let r = pivotRowOf[v] else { continue }
                let f = row[v] ?? 0
                guard f != 0 else { continue }
                for (u, b) in reduced[r] { row[u] = Self.add(row[u] ?? 0, Self.prime - Self.multiply(f, b)) }
            }
            row = row.filter { $0.value != 0 }
            guard let pivot = row.keys.min() else { continue }
            let inverse = Self.inverse(row[pivot]!)
            for (u, b) in row { row[u] = Self.multiply(b, inverse) }
            // Clear the new pivot from the rows before it.
            for i in reduced.indices {
                guard let f = reduced[i][pivot], f != 0 else { continue }
                for (u, b) in row { reduced[i][u] = Self.add(reduced[i][u] ?? 0, Self.prime - Self.multiply(f, b)) }
                reduced[i] = reduced[i].filter { $0.value != 0 }
            }
            pivotRowOf[pivot] = reduced.count
            reduced.append(row)
        }
        return pivotRowOf.compactMap { v, r in protected.contains(v) && reduced[r].count == 1 ? v : nil }
    }

    /// A known, positive, unprotected count in a sum with `v` or with an unknown count
    /// that shares a sum with `v` (a last resort, when no sum with `v` has one).
    func knownNeighbour(of v: Var, values: [Int64], protected: Set<Var>) -> Var? {
        var near: Set<Var> = [v]
        for sum in sums where (sum.parts + [sum.total]).contains(v) {
            for u in sum.parts + [sum.total] where !known[u] { near.insert(u) }
        }
        var best: Var?
        for sum in sums where (sum.parts + [sum.total]).contains(where: near.contains) {
            for u in sum.parts + [sum.total] where known[u] && !protected.contains(u) && values[u] > 0 {
                if best == nil || (values[u], u) < (values[best!], best!) { best = u }
            }
        }
        return best
    }

    static func add(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let s = a + b  // both below 2^61, so no overflow
        return s >= prime ? s - prime : s
    }

    static func multiply(_ a: UInt64, _ b: UInt64) -> UInt64 {
        // a·b = high·2^64 + low, and 2^64 ≡ 8, 2^61 ≡ 1 (mod 2^61 − 1).
        let p = a.multipliedFullWidth(by: b)
        let folded = (p.high << 3) + (p.low >> 61) + (p.low & prime)
        let r = (folded & prime) + (folded >> 61)
        return r >= prime ? r - prime : r
    }

    static func inverse(_ a: UInt64) -> UInt64 {
        // Fermat: a^(p−2).
        var result: UInt64 = 1, base = a, e = prime - 2
        while e > 0 {
            if e & 1 == 1 { result = multiply(result, base) }
            base = multiply(base, base)
            e >>= 1
        }
        return result
    }
}
