/// Red, amber or green against a target (FRAMEWORK.md "Targets, baselines, comparisons").
enum RAG: String, Sendable {
    case green, amber, red

    /// Green when the value meets the target in the better direction; amber when it
    /// misses by no more than the tolerance; red beyond. Decided on unrounded values,
    /// so a figure displayed as the target can still be amber.
    ///
    /// The only slack is `epsilon`, far below any displayed digit: it absorbs binary
    /// representation error in decimal targets, so that 14.4 against a target of 12.4
    /// with tolerance 2 (a miss of 2.0000000000000018 in doubles) is amber, as the
    /// arithmetic people do says it is.
    static func rate(value: Double, target: Double, tolerance: Double, better: Better) -> RAG? {
        let miss: Double
        switch better {
        case .high: miss = target - value
        case .low: miss = value - target
        case .none: return nil
        }
        let epsilon = 1e-9 * max(1, abs(target))
        if miss <= epsilon { return .green }
        if miss <= tolerance + epsilon { return .amber }
        return .red
    }

    var label: String {
        switch self {
        case .green: return "Green"
        case .amber: return "Amber"
        case .red: return "Red"
        }
    }

    var meaning: String {
        switch self {
        case .green: return "meets the target"
        case .amber: return "misses the target by no more than the tolerance"
        case .red: return "misses the target by more than the tolerance"
        }
    }
}

/// A measure's RAG for the period, or why it has none (a measure without a target says so).
enum RAGStatus: Sendable, Equatable {
    case rated(RAG)
    /// The measure declares no target at all.
    case noTarget
    /// Targets exist, but none for this financial year.
    case noTargetForYear(String)
    /// A target exists but the figure cannot be rated; the reason says why.
    case notRated(String)

    var rag: RAG? { if case .rated(let r) = self { r } else { nil } }

    /// A short label for table cells: `Green`, `No target`, `Not rated`.
    var label: String {
        switch self {
        case .rated(let r): return r.label
        case .noTarget, .noTargetForYear: return "No target"
        case .notRated: return "Not rated"
        }
    }

    /// The label with its meaning, so the status never depends on colour.
    var text: String {
        switch self {
        case .rated(let r): return "\(r.label): \(r.meaning)"
        case .noTarget: return "No target: this measure declares no target, so it has no RAG"
        case .noTargetForYear(let year): return "No target for \(year): no RAG"
        case .notRated(let why): return "Not rated: \(why)"
        }
    }

    /// What "Not rated" means, for the key every format carries.
    static let notRatedMeaning = "a target is declared, but the City figure cannot be rated against it (for example it is suppressed or not available, or the measure has no better direction); the reason is given beside it"

    /// `green`, `amber`, `red` or `none`, for JSON and CSS classes.
    var key: String { rag?.rawValue ?? "none" }
}
