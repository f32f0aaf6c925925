/// A linear programme over rationals, every variable ≥ 0, solved exactly by the
/// two-phase simplex with Bland's rule (which cannot cycle). Written for the
/// disclosure audit: the least and greatest value of a suppressed cell consistent
/// with everything a report publishes. Dense, but the audit's systems are small.
struct LinearProgram {
    enum Relation { case lessOrEqual, equal, greaterOrEqual }
    struct Constraint {
        var terms: [(variable: Int, coefficient: Rational)]
        var relation: Relation
        var bound: Rational
    }
    var variableCount: Int
    var constraints: [Constraint] = []

    mutating func add(_ terms: [(Int, Rational)], _ relation: Relation, _ bound: Rational) {
        constraints.append(Constraint(terms: terms.map { (variable: $0.0, coefficient: $0.1) }, relation: relation, bound: bound))
    }
}

/// A feasible basis found once (phase 1), from which any number of objectives are
/// then optimised (phase 2), each from a copy of the same tableau.
struct ExactSimplex {
    private var rows: [[Rational]]
    private var rhs: [Rational]
    private var basis: [Int]
    /// Columns that may enter the basis in phase 2 (artificial columns may not).
    private var usable: Int

    /// Phase 1; nil when the programme has no feasible point.
    init?(_ program: LinearProgram) {
        let n = program.variableCount
        var slackCount = 0, artificialCount = 0
        for c in program.constraints {
            let flipped = c.bound.isNegative
            let relation = flipped ? Self.flip(c.relation) : c.relation
            if relation != .equal { slackCount += 1 }
            if relation != .lessOrEqual { artificialCount += 1 }
        }
        let width = n + slackCount + artificialCount
        usable = n + slackCount
        rows = []
        rhs = []
        basis = []
        var nextSlack = n, nextArtificial = n + slackCount
        for c in program.constraints {
            let flipped = c.bound.isNegative
            let relation = flipped ? Self.flip(c.relation) : c.relation
            var row = [Rational](repeating: .zero, count: width)
            for t in c.terms { row[t.variable] = row[t.variable] + (flipped ? -t.coefficient : t.coefficient) }
            switch relation {
            case .lessOrEqual:
                row[nextSlack] = .one
                basis.append(nextSlack)
                nextSlack += 1
            case .greaterOrEqual:
                row[nextSlack] = -.one
                nextSlack += 1
                row[nextArtificial] = .one
                basis.append(nextArtificial)
                nextArtificial += 1
            case .equal:
                row[nextArtificial] = .one
                basis.append(nextArtificial)
                nextArtificial += 1
            }
            rows.append(row)
            rhs.append(flipped ? -c.bound : c.bound)
        }
        // Phase 1: minimise the sum of the artificial variables.
        var cost = [Rational](repeating: .zero, count: width)
        for j in usable..<width { cost[j] = .one }
        guard let value = Self.optimise(&rows, &rhs, &basis, cost: cost, enter: width) else { return nil }
        guard value.isZero else { return nil }
        // Drive artificial variables out of the basis; a row with nothing else is redundant.
        var i = 0
        while i < rows.count {
            if basis[i] >= usable {
                if let j = (0..<usable).first(where: { !rows[i][$0].isZero }) {
                    Self.pivot(&rows, &rhs, &basis, row: i, column: j, objective: nil)
                } else {
                    rows.remove(at: i); rhs.remove(at: i); basis.remove(at: i)
                    continue
                }
            }
            i += 1
        }
    }

    private static func flip(_ r: LinearProgram.Relation) -> LinearProgram.Relation {
        switch r {
        case .lessOrEqual: return .greaterOrEqual
        case .greaterOrEqual: return .lessOrEqual
        case .equal: return .equal
        }
    }

    /// The least value of `objective` (a sparse linear form) over the feasible set, or nil if unbounded below.
    func minimum(_ objective: [(Int, Rational)]) -> Rational? {
        var rows = self.rows, rhs = self.rhs, basis = self.basis
        var cost = [Rational](repeating: .zero, count: rows.first?.count ?? usable)
        for (j, c) in objective { cost[j] = cost[j] + c }
        return Self.optimise(&rows, &rhs, &basis, cost: cost, enter: usable)
    }

    /// The greatest value of `objective`, or nil if unbounded above.
    func maximum(_ objective: [(Int, Rational)]) -> Rational? {
        minimum(objective.map { ($0.0, -$0.1) }).map { -$0 }
    }

    /// Minimises cost·x from the current basis; columns at or beyond `enter` never enter.
    private static func optimise(_ rows: inout [[Rational]], _ rhs: inout [Rational], _ basis: inout [Int],
                                 cost: [Rational], enter: Int) -> Rational? {
        // The reduced costs and minus the objective's value, kept up to date by each pivot.
        var reduced = cost
        var negValue = Rational.zero
        for (i, b) in basis.enumerated() where !cost[b].isZero {
            let cb = cost[b]
            for (j, a) in rows[i].enumerated() where !a.isZero { reduced[j] = reduced[j] - cb * a }
            negValue = negValue - cb * rhs[i]
        }
        var objective = (reduced, negValue)
        while true {
            // Bland: the lowest-numbered column that improves the objective enters…
            guard let e = (0..<enter).first(where: { objective.0[$0].isNegative }) else { return -objective.1 }
            // …and of the rows that limit it most, the one whose basic variable is lowest-numbered leaves.
            var leave: Int?
            var best = Rational.zero
            for i in rows.indices where rows[i][e].isPositive {
                let ratio = rhs[i] / rows[i][e]
                if leave == nil || ratio < best || (ratio == best && basis[i] < basis[leave!]) {
                    leave = i
                    best = ratio
                }
            }
            guard let r = leave else { return nil }
            pivot(&rows, &rhs, &basis, row: r, column: e, objective: &objective)
        }
    }

    private static func pivot(_ rows: inout [[Rational]], _ rhs: inout [Rational], _ basis: inout [Int],
                              row r: Int, column e: Int, objective: UnsafeMutablePointer<([Rational], Rational)>?) {
        let p = rows[r][e]
        let nonzero = rows[r].indices.filter { !rows[r][$0].isZero }
        for j in nonzero { rows[r][j] = rows[r][j] / p }
        rhs[r] = rhs[r] / p
        for i in rows.indices where i != r && !rows[i][e].isZero {
            let f = rows[i][e]
            for j in nonzero { rows[i][j] = rows[i][j] - f * rows[r][j] }
            rhs[i] = rhs[i] - f * rhs[r]
        }
        if let objective, !objective.pointee.0[e].isZero {
            let f = objective.pointee.0[e]
            for j in nonzero { objective.pointee.0[j] = objective.pointee.0[j] - f * rows[r][j] }
            objective.pointee.1 = objective.pointee.1 - f * rhs[r]
        }
        basis[r] = e
    }

    private static func pivot(_ rows: inout [[Rational]], _ rhs: inout [Rational], _ basis: inout [Int],
                              row r: Int, column e: Int, objective: inout ([Rational], Rational)) {
        withUnsafeMutablePointer(to: &objective) { pivot(&rows, &rhs, &basis, row: r, column: e, objective: $0) }
    }
}
