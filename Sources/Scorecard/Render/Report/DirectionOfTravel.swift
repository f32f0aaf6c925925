/// Better, worse or no change against an earlier period, in the measure's better
/// direction (FRAMEWORK.md); up or down for a measure with no better direction.
enum DirectionOfTravel: Sendable, Equatable {
    case better, worse, noChange, up, down
    /// One side is a symbol (`z`, `x`, `c`), or there is no earlier period: no comparison.
    case notComparable(ReportCell.Symbol)

    /// Compares at displayed precision: two figures that read the same are no change,
    /// whatever their unrounded values. A suppressed side gives no direction, so the
    /// direction cannot hint at a figure the report withholds.
    static func between(_ now: ReportCell, _ before: ReportCell, better: Better) -> DirectionOfTravel {
        if now.symbol == .suppressed || before.symbol == .suppressed { return .notComparable(.suppressed) }
        if let symbol = now.symbol ?? before.symbol { return .notComparable(symbol) }
        guard let a = now.scaled, let b = before.scaled, now.decimals == before.decimals else { return .notComparable(.notAvailable) }
        if a == b { return .noChange }
        let higher = a > b
        switch better {
        case .high: return higher ? .better : .worse
        case .low: return higher ? .worse : .better
        case .none: return higher ? .up : .down
        }
    }

    /// `Better`, `Worse`, `No change`, `Up`, `Down`, `Not comparable (c)`.
    var label: String {
        switch self {
        case .better: return "Better"
        case .worse: return "Worse"
        case .noChange: return "No change"
        case .up: return "Up"
        case .down: return "Down"
        case .notComparable(let s): return "Not comparable (\(s.rawValue))"
        }
    }

    /// `better`, `worse`, `no change`, `up`, `down`, `not comparable`, for JSON.
    var key: String {
        switch self {
        case .better: return "better"
        case .worse: return "worse"
        case .noChange: return "no change"
        case .up: return "up"
        case .down: return "down"
        case .notComparable: return "not comparable"
        }
    }

    /// Whether the value rose, fell or held, whatever that means for the measure.
    enum Movement: Sendable { case rose, fell, held, unknown }

    func movement(better: Better) -> Movement {
        switch self {
        case .up: return .rose
        case .down: return .fell
        case .noChange: return .held
        case .notComparable: return .unknown
        case .better: return better == .low ? .fell : .rose
        case .worse: return better == .low ? .rose : .fell
        }
    }
}
