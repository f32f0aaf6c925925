/// Runtime values of compiled expressions. Types are checked at compile time, so a
/// value needs no tag beyond its storage: dates, codes, text and person ids and
/// record rows are all integers.
enum Value: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)

    var isTrue: Bool { if case .bool(true) = self { return true } else { return false } }

    var asDouble: Double? {
        switch self {
        case .int(let i): return Double(i)
        case .double(let d): return d
        default: return nil
        }
    }
}

/// The static type of an expression. Not `indirect`: no case holds another type, and
/// boxing each payload cost an allocation per `.record(n)`/`.category(n)` (boxes that
/// LeakSanitizer, not seeing the enum-tagged pointers to them, reported as leaked).
enum ValueType: Sendable, Equatable, CustomStringConvertible {
    case bool, int, decimal, date, text, person
    /// Whole pence, exact (`Money`): added to money, multiplied by whole numbers.
    case money
    /// Seconds since 1970-01-01 00:00, local time with no zone (`DateTime`).
    case datetime
    case duration(DurationUnit)
    case category(Int)
    case record(Int)
    case period
    case measure(Int)
    case null

    var isNumeric: Bool { self == .int || self == .decimal }

    var description: String {
        switch self {
        case .bool: return "condition"
        case .int: return "whole number"
        case .decimal: return "number"
        case .date: return "date"
        case .money: return "money"
        case .datetime: return "date-time"
        case .text: return "text"
        case .person: return "person"
        case .duration(let u): return "duration in \(u.rawValue)"
        case .category: return "code"
        case .record: return "record"
        case .period: return "period"
        case .measure: return "measure"
        case .null: return "blank"
        }
    }
}

/// A reporting window: a month, quarter, year, or the single day `at` asks for.
public struct Window: Sendable, Hashable {
    public var start: Int32
    public var end: Int32
    public var yearStart: Int32 { Day.financialYearStart(end) }
}

/// Reads another measure's figure while evaluating a derived `value`.
typealias FigureReader = (_ measure: Int, _ part: String, _ window: Window) -> Value

/// What a compiled expression can see.
struct Context {
    let data: Dataset
    var window = Window(start: 0, end: 0)
    var row = 0
    /// `let` values and the rows aliases point at, by slot. A buffer rather than an
    /// array: aliases are written once per candidate row inside `exists` and `first …`,
    /// and an array would check its uniqueness on every write.
    let slots: SlotBuffer
    var staged: [Value] = []
    var asAt: Int32 = 0
    var column = 0
    var readFigure: FigureReader?

    init(data: Dataset, slotCount: Int) {
        self.data = data
        self.asAt = data.asAt
        self.slots = SlotBuffer(count: max(slotCount, 1))
    }
}

/// A compiled expression: its type and a closure over the context.
struct Compiled: @unchecked Sendable {
    var type: ValueType
    var eval: (inout Context) -> Value
    /// Set when the expression is one of the timing shapes the engine can answer
    /// from an index instead of testing every record in every period.
    var timing: Timing? = nil
    /// Set when the expression is just a field of the record being counted, so the
    /// engine can read the column instead of calling the closure.
    var thisField: Int? = nil
}

/// The slots of one context; each `Context` makes its own and never shares it.
final class SlotBuffer {
    private let values: UnsafeMutablePointer<Value>
    let count: Int

    init(count: Int) {
        self.count = count
        values = .allocate(capacity: count)
        values.initialize(repeating: .null, count: count)
    }

    deinit { values.deallocate() }

    subscript(_ i: Int) -> Value {
        @inline(__always) get { precondition(i >= 0 && i < count); return values[i] }
        @inline(__always) set { precondition(i >= 0 && i < count); values[i] = newValue }
    }
}

extension FieldType {
    /// The type an expression reading a field of this type has: one mapping for the
    /// checker and the lowering alike.
    var valueType: ValueType {
        switch self {
        case .text: return .text
        case .int: return .int
        case .decimal: return .decimal
        case .money: return .money
        case .date: return .date
        case .datetime: return .datetime
        case .person: return .person
        case .category(let c): return .category(c)
        case .ref(let r): return .record(r)
        }
    }
}
