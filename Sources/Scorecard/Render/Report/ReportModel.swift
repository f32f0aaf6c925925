/// Everything the reports say, in no format: built once from an evaluation, a
/// period and the publish flag, then spelled out by each renderer. Disclosure
/// control has already been applied here, so a renderer cannot leak a figure.
struct ReportModel: Sendable {
    var title: String
    /// The date the extracts were taken (ISO); the reports carry no other date.
    var asAt: String
    var period: PeriodInfo
    var published: Bool
    /// Locality columns, then not recorded, then City.
    var columns: [String]
    var sections: [Section]
    var dataQuality: [ExtractQuality]
    var glossary: [GlossaryEntry]

    struct PeriodInfo: Sendable {
        var label: String
        var kind: Period.Kind
        var start: String
        var end: String
        var financialYear: String
        var previous: String?
        var yearBefore: String?
        var baselineYear: String

        /// `quarter`, `month` or `year`, for "previous quarter".
        var kindName: String {
            switch kind {
            case .month: return "month"
            case .quarter: return "quarter"
            case .year: return "year"
            }
        }
    }

    struct Section: Sendable {
        var id: String
        var title: String
        var measures: [MeasureReport]
    }

    /// Which symbols the tables may hold, with their meanings: the legend every table carries.
    static var legend: [(symbol: String, meaning: String)] {
        ReportCell.Symbol.allCases.map { ($0.rawValue, $0.meaning) }
    }
}

/// One measure as the report shows it for the period.
struct MeasureReport: Sendable {
    var id: String
    var name: String
    var description: String?
    var better: Better
    var style: CellStyle
    var rows: [Row]
    var target: Target?
    var rag: RAGStatus
    var baseline: Baseline?
    var comparators: [Comparator]
    var trend: Trend?
    /// What the officers wrote about the measure for the period (`Commentary`); nil when nothing.
    var commentary: String? = nil

    /// A table row: the headline, a breakdown category, a part, or the count beside a rate.
    struct Row: Sendable {
        /// What the row shows, for people: `All`, `VCM`, `Domestic abuse: progress`, `Count`.
        var label: String
        /// As the long table names it (blank for the headline), plus `count` for a rate's count row.
        var breakdown: String
        var isHeadline: Bool
        var style: CellStyle
        /// One per column of the report (localities, not recorded, City).
        var cells: [ReportCell]
        /// The City figure of the previous period and of the same period a year before.
        var previous: ReportCell
        var yearBefore: ReportCell
        var changeOnPrevious: DirectionOfTravel
        var changeOnYearBefore: DirectionOfTravel

        var city: ReportCell { cells[cells.count - 1] }
    }

    struct Target: Sendable {
        var year: String
        var value: ReportCell
        var tolerance: ReportCell
    }

    struct Baseline: Sendable {
        var year: String
        var value: ReportCell
        /// Declared in the measure file (Derby's published baselines), or computed from the extracts.
        var declared: Bool
    }

    struct Comparator: Sendable {
        var name: String
        var year: String
        var value: ReportCell
    }

    /// The City headline over the last eight quarters, for the chart and its text alternative.
    struct Trend: Sendable {
        var rowLabel: String
        var points: [(label: String, cell: ReportCell)]
    }

    var headline: Row? { rows.first { $0.isHeadline } }

    /// `higher is better`, `lower is better`, `no better direction`.
    var betterText: String {
        switch better {
        case .high: return "higher is better"
        case .low: return "lower is better"
        case .none: return "no better direction"
        }
    }
}

/// What happened to one extract's rows, for the data-quality section.
struct ExtractQuality: Sendable {
    var source: String
    var file: String
    var rowsRead: Int
    var accepted: Int
    var rejected: Int
    var merged: Int
    var unplaced: Int
    /// Each reason with its rows: `rejected: duplicate key`, `kept as not recorded: LOC_CODE: OOA`.
    /// In published reports a code's value (text from the extract) is withheld.
    var reasons: [(reason: String, rows: Int)]
}

/// The appendix: what a measure is, read from its declaration, so the glossary
/// cannot drift from the definitions the figures were computed from.
struct GlossaryEntry: Sendable {
    var id: String
    var name: String
    var section: String
    var description: String?
    /// `Counts case records`, `Computed from other measures`, …
    var facts: [(term: String, detail: String)]
    /// `metrics/how-well/HW3.metric:3`, and the declaration's text with the comments above it.
    var location: String
    var declaration: String?
}
