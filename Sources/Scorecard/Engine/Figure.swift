/// A number as the long table shows it: whole numbers stay whole, money stays exact.
public enum Number: Sendable, Equatable {
    case int(Int64)
    case double(Double)
    /// An amount of money in whole pence (`Money`): a sum of money to the penny, never a
    /// binary fraction; not a count (disclosure control never treats it as one).
    case money(Int64)

    /// The number as a double; money as pounds.
    public var double: Double {
        switch self {
        case .int(let i): return Double(i)
        case .double(let d): return d
        case .money(let p): return Money.pounds(p)
        }
    }
}

/// One figure: a cell of a table, with the counts behind it.
public struct Figure: Sendable, Equatable {
    public enum Value: Sendable, Equatable {
        case number(Number)
        /// `z`: not applicable (a zero denominator, a column where the measure does not apply).
        case notApplicable
        /// `x`: not available (no reference data for the period).
        case notAvailable
    }
    public var numerator: Number?
    public var denominator: Number?
    public var value: Value

    public static func count(_ n: Int64) -> Figure { Figure(numerator: .int(n), denominator: nil, value: .number(.int(n))) }

    /// A percentage of two counts, 0–100, `z` on a zero denominator.
    public static func percent(_ num: Int64, _ den: Int64) -> Figure {
        Figure(numerator: .int(num), denominator: .int(den),
               value: den == 0 ? .notApplicable : .number(.double(Double(num) * 100 / Double(den))))
    }
}

/// All figures of one measure: `figures[window][row][column][part]`.
public struct MeasureResult: Sendable {
    public var measure: Int
    /// Row labels: nil for the headline, else the breakdown category.
    public var rows: [String?]
    public var parts: [String?]
    var figures: [[[[Figure]]]]

    public func figure(window: Int, row: Int, column: Int, part: Int) -> Figure { figures[window][row][column][part] }
}
