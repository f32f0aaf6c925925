/// A source's reject rule compiled to a flat program over a row's raw values, so the
/// intake tests millions of rows without calling a closure per expression node.
/// Compiled from the rule's typed form (names already resolved against the record).
/// Covers what reject rules say in practice — comparisons of whole-number and date
/// fields, whole numbers and the as-at date, joined by and, or, not, `is blank` — and
/// declines the rest (those run through the closure lowered from the same typed form).
struct RowProgram: Sendable {
    enum Op: Sendable {
        case field(Int)
        case constant(Int64)
        case asAt
        case compare(TypedExpr.CompareOp)
        case and, or, not
        case isBlank(negated: Bool)
    }
    let ops: [Op]

    /// Compiles a condition over a record's fields, or nil when it needs more than this covers.
    static func compile(_ expr: TypedExpr, record: RecordType) -> RowProgram? {
        var ops: [Op] = []
        func value(_ e: TypedExpr) -> Bool {
            switch e {
            case .asAt: ops.append(.asAt); return true
            case .field(_, let f, _):
                // The raw value is the field's value only for whole numbers and dates
                // (a decimal's is its bit pattern; a text's, an interned id).
                switch record.fields[f].type {
                case .int, .date: ops.append(.field(f)); return true
                default: return false
                }
            case .int(let n): ops.append(.constant(n)); return true
            case .negate(.int(let n), _): ops.append(.constant(-n)); return true
            default: return false
            }
        }
        func condition(_ e: TypedExpr) -> Bool {
            switch e {
            case .and(let a, let b), .or(let a, let b):
                guard condition(a), condition(b) else { return false }
                if case .and = e { ops.append(.and) } else { ops.append(.or) }
                return true
            case .compare(let op, let a, let b, _):
                guard value(a), value(b) else { return false }
                ops.append(.compare(op))
                return true
            case .not(let inner):
                guard condition(inner) else { return false }
                ops.append(.not)
                return true
            case .isBlank(let inner, let negated):
                guard value(inner) else { return false }
                ops.append(.isBlank(negated: negated))
                return true
            default: return false
            }
        }
        return condition(expr) ? RowProgram(ops: ops) : nil
    }

    /// Runs a program held in a buffer, with a stack of at least `program.count + 1`
    /// values; the row loop holds both, so a test takes no reference count. A blank on
    /// either side of a comparison makes it false, as in SQL.
    @inline(__always)
    static func run(_ program: UnsafeBufferPointer<Op>, row: UnsafeBufferPointer<Int64>, asAt: Int64, stack: UnsafeMutablePointer<Int64>) -> Bool {
        var top = 0
        for op in program {
            switch op {
            case .field(let f): stack[top] = row[f]; top += 1
            case .constant(let c): stack[top] = c; top += 1
            case .asAt: stack[top] = asAt; top += 1
            case .compare(let kind):
                let b = stack[top - 1], a = stack[top - 2]
                top -= 2
                var result = false
                if a != Table.null && b != Table.null {
                    switch kind {
                    case .equal: result = a == b
                    case .notEqual: result = a != b
                    case .less: result = a < b
                    case .lessEqual: result = a <= b
                    case .greater: result = a > b
                    default: result = a >= b
                    }
                }
                stack[top] = result ? 1 : 0
                top += 1
            case .and:
                let b = stack[top - 1], a = stack[top - 2]
                top -= 1
                stack[top - 1] = (a != 0 && b != 0) ? 1 : 0
            case .or:
                let b = stack[top - 1], a = stack[top - 2]
                top -= 1
                stack[top - 1] = (a != 0 || b != 0) ? 1 : 0
            case .not:
                stack[top - 1] = stack[top - 1] == 0 ? 1 : 0
            case .isBlank(let negated):
                stack[top - 1] = ((stack[top - 1] == Table.null) != negated) ? 1 : 0
            }
        }
        return top == 1 && stack[0] != 0
    }
}

/// All of a source's reject rules as flat programs in one buffer, tested in order.
struct RejectPrograms: Sendable {
    private(set) var ops: [RowProgram.Op] = []
    /// Program k is `ops[starts[k]..<starts[k + 1]]`.
    private(set) var starts: [Int] = [0]
    private(set) var longest = 0

    init(_ programs: [RowProgram]) {
        for p in programs {
            ops += p.ops
            starts.append(ops.count)
            longest = max(longest, p.ops.count)
        }
    }

    var count: Int { starts.count - 1 }

    /// The index of the first rule the row meets, if any; `ops` and `stack` (at least
    /// `longest + 1` values) come from the caller, hoisted out of its row loop.
    @inline(__always)
    static func firstMatch(_ ops: UnsafeBufferPointer<RowProgram.Op>, starts: UnsafeBufferPointer<Int>, row: UnsafeBufferPointer<Int64>,
                           asAt: Int64, stack: UnsafeMutablePointer<Int64>) -> Int? {
        var k = 0
        while k + 1 < starts.count {
            let program = UnsafeBufferPointer(rebasing: ops[starts[k]..<starts[k + 1]])
            if RowProgram.run(program, row: row, asAt: asAt, stack: stack) { return k }
            k += 1
        }
        return nil
    }

    /// As above, for callers outside a hot loop.
    func firstMatch(_ row: UnsafeBufferPointer<Int64>, asAt: Int64) -> Int? {
        withUnsafeTemporaryAllocation(of: Int64.self, capacity: longest + 1) { stack in
            ops.withUnsafeBufferPointer { o in
                starts.withUnsafeBufferPointer { s in Self.firstMatch(o, starts: s, row: row, asAt: asAt, stack: stack.baseAddress!) }
            }
        }
    }
}
