/// The parsed, unchecked form of definition files, with a location on everything
/// a message may need to point at.

/// An expression in a condition, a `let`, a `matching` key or a derived `value`.
indirect enum Expr: Sendable {
    case name(String, SourceLocation)
    case member(Expr, String, SourceLocation)
    case string(String, SourceLocation)
    case number(Double, isInteger: Bool, SourceLocation)
    /// `3 months`, `1 day`: only meaningful added to or taken from a date.
    case duration(Int, DurationUnit, SourceLocation)
    case binary(BinaryOp, Expr, Expr, SourceLocation)
    case not(Expr, SourceLocation)
    case negate(Expr, SourceLocation)
    case call(String, [Expr], SourceLocation)
    case isBlank(Expr, negated: Bool, SourceLocation)
    case inList(Expr, [Expr], SourceLocation)
    /// `date in period`, `date in year to date`.
    case inPeriod(Expr, toDate: Bool, SourceLocation)
    /// `open at period end` / `open during year to date`, over the record's declared span.
    case open(duringYearToDate: Bool, SourceLocation)
    /// `exists [other] R x where …`: a correlated look-up over another (or the same) record.
    case exists(Related)
    /// `first|last R x where … order by …`: one related record, or none.
    case pick(last: Bool, Related, orderBy: [Expr])
    /// `M.count at <date>`: another measure's figure in a window ending at a date.
    case at(Expr, Expr, SourceLocation)
    /// `this`: the record being counted.
    case this(SourceLocation)

    var location: SourceLocation {
        switch self {
        case .name(_, let l), .member(_, _, let l), .string(_, let l), .number(_, _, let l),
            .duration(_, _, let l), .binary(_, _, _, let l), .not(_, let l), .negate(_, let l),
            .call(_, _, let l), .isBlank(_, _, let l), .inList(_, _, let l), .inPeriod(_, _, let l),
            .open(_, let l), .at(_, _, let l), .this(let l):
            return l
        case .exists(let r), .pick(_, let r, _):
            return r.location
        }
    }
}

struct Related: Sendable {
    var record: String
    var alias: String
    var excludeSelf: Bool
    var condition: Expr?
    var location: SourceLocation
}

enum DurationUnit: String, Sendable { case days, months }

enum BinaryOp: String, Sendable {
    case and, or
    case equal = "=", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
    case plus = "+", minus = "-", times = "*", divide = "/"
}

/// A name with where it was written.
struct Located<T: Sendable>: Sendable {
    var value: T
    var location: SourceLocation
}

struct FrameworkDecl: Sendable {
    var location: SourceLocation
    var title: String?
    var firstMonth: Located<String>?
    var baseline: Located<String>?
    var columns: Located<String>?
    /// `dates from "2000-01-01" to "2099-12-31"`: the plausible range of every date field
    /// that does not declare its own.
    var dates: (from: Located<String>, to: Located<String>)?
    var notRecorded: String?
    var city: String?
    var sections: [(id: Located<String>, title: String)] = []
    /// `holidays RECORD.FIELD` (the days that are not working days) or `holidays none`.
    var holidays: (record: Located<String>, field: Located<String>?)?
    /// `close_of_business "17:00"`: a date-time at or after it counts from the next working day.
    var closeOfBusiness: Located<String>?
}

struct CategoryDecl: Sendable {
    var name: Located<String>
    var values: [Located<String>]
}

struct MapDecl: Sendable {
    var name: Located<String>
    var target: Located<String>
    var ignoreSpacesAround: [String] = []
    var ignoreWords: [String] = []
    var same: [(String, String)] = []
    var entries: [(from: Located<String>, to: Located<String>)] = []
}

struct RecordDecl: Sendable {
    enum FieldType: Sendable {
        case text, int, decimal, date, person, money, datetime
        case category(String)
        case ref(String)
    }
    /// One end of a field's `range`: a number, or a date written "yyyy-mm-dd".
    enum Bound: Sendable {
        case number(Double, isInteger: Bool)
        case date(String)
    }
    struct Field: Sendable {
        var name: Located<String>
        var type: Located<FieldType>
        /// `range LOW to HIGH`: values outside are rejected rows.
        var range: (low: Located<Bound>, high: Located<Bound>)?
    }
    struct Aggregate: Sendable {
        var name: Located<String>
        var function: Located<String>
        var field: Located<String>
    }
    var name: Located<String>
    var key: [Located<String>] = []
    var span: (start: Located<String>, end: Located<String>)?
    var column: [Located<String>] = []
    var fields: [Field] = []
    var group: (record: Located<String>, by: [Located<String>])?
    var aggregates: [Aggregate] = []
}

struct SourceDecl: Sendable {
    enum ColumnRef: Sendable, CustomStringConvertible {
        case named(String)
        case position(Int)
        var description: String {
            switch self {
            case .named(let n): return "\"\(n)\""
            case .position(let p): return "field \(p)"
            }
        }
    }
    struct FieldMapping: Sendable {
        var field: Located<String>
        var column: Located<ColumnRef>
        /// `start, end = …`, `month, period = …`: the fields after the first, in order. A
        /// date field is given the last day of the span a label names (a month, a quarter,
        /// a financial period's month, a year); a whole-number field the label's period
        /// number (1–13), so P12 and P13, both in the year's last month, stay apart.
        var alsoFields: [Located<String>] = []
        /// `"Year" + "Period"`: a second column read with `format2`, joined to the first
        /// (a finance system's year label and period number).
        var column2: Located<ColumnRef>? = nil
        var via: Located<String>?
        var format: Located<String>?
        var format2: Located<String>? = nil
        /// `pivot 50`: two-digit years below it are 20yy, the rest 19yy.
        var pivot: Located<Int>?
        /// `starts "September"`: the month a year label (`2015/16`) starts in.
        var starts: Located<String>?
        /// `decimal ","`, `thousands "."`, `percent`: how the extract writes this number.
        var decimalMark: Located<String>?
        var thousands: Located<String>?
        var percent: SourceLocation?
        /// `currency "£"`: the symbol a money amount may carry before its digits.
        var currency: Located<String>?
        /// `unknown keep` on a reference: a row naming no accepted record is kept, linked to nothing.
        var unknown: Located<String>?
        var system: String?
        var required: Bool
    }
    struct RejectRule: Sendable {
        var reason: String
        var condition: Expr
        var location: SourceLocation
    }
    var name: Located<String>
    var file: Located<String>?
    var encoding: Located<String>?
    var delimiter: Located<String>?
    var header: Bool = true
    var into: Located<String>?
    var supersede: (source: Located<String>, field: Located<String>)?
    /// `max record 1 MB`, `max field 64 KB`: the size in bytes, where it was written.
    var maxRecord: Located<Double>?
    var maxField: Located<Double>?
    var identity: (system: Located<ColumnRef>, local: Located<ColumnRef>, person: Located<ColumnRef>)?
    var mappings: [FieldMapping] = []
    var rejects: [RejectRule] = []
    var completeness: [CompletenessDecl] = []
    /// `blank "NULL", "N/A", "-"`: values read as a blank in every field.
    var blanks: [Located<String>] = []
    /// `preamble 2 lines`, `footer 1 line`: lines before the header and after the data.
    var preamble: Located<Int>?
    var footer: Located<Int>?
    /// `wide columns format "Mon yyyy" into month, value …`: every header column that
    /// reads in the layout gives one record per row, its month in `month` and its cell in
    /// `value` (the mapping's options follow, as any mapping's).
    var wide: WideDecl?
}

/// `wide columns [format "…" | via MAP] [except "…", …] into KEY, VALUE [options]` or
/// `… into KEY { VALUE = "Label" [options] … }`: header columns repeated per key (a month,
/// a quarter or year label, a category's code), each group of one or more value columns
/// giving one record per row.
struct WideDecl: Sendable {
    var location: SourceLocation
    /// The key's field and how a header reads as a key (its `format`, `pivot`, `starts`,
    /// `via`), as a mapping's options; no format and no map: the category's own values.
    var key: SourceDecl.FieldMapping
    /// The value fields; the label is the text beside the key in the header (nil: the
    /// header is the key alone, the one-value form).
    var values: [(label: Located<String>?, mapping: SourceDecl.FieldMapping)]
    /// Columns that are never read as a group's, though they might read as a key.
    var except: [Located<String>] = []
    /// `into month, period_no, value` / `into month, period_no { … }`: a whole-number
    /// field given the header's period number, part of the group's key (P12 and P13 share
    /// a month, so the date alone would make them the same cell).
    var keyAlso: [Located<String>] = []
}

/// `empty error`, `stale received 45 days warning`, `shrink 50 percent error`,
/// `rejected 20 percent error`.
struct CompletenessDecl: Sendable {
    enum Kind: Sendable {
        case empty
        case stale(field: Located<String>, days: Int)
        case shrink(percent: Double)
        case rejected(percent: Double)
        /// `footer count "Total rows: #"`: the footer's stated row count.
        case footerCount(pattern: Located<String>)
    }
    var kind: Kind
    var severity: Located<String>
    var location: SourceLocation
}

struct MeasureDecl: Sendable {
    /// The declaration as written, for explanations and the report's glossary.
    var text = ""
    enum Count: Sendable {
        case records
        case distinct(Expr)
    }
    enum PartKind: Sendable {
        case count
        case share(Expr)
    }
    struct Breakdown: Sendable {
        var field: Located<String>
        var asShare: Bool
        var notRecordedLabel: String?
        var only: Bool
    }
    struct Per: Sendable {
        var scale: Double
        var record: Located<String>
        var field: Located<String>
        var matching: [(field: Located<String>, value: Expr)]
        /// `city all` (the default) or `city present`.
        var city: Located<String>?
    }
    struct Target: Sendable {
        var year: String
        var value: Double
        var tolerance: Double
        var location: SourceLocation
    }
    var id: Located<String>
    var name: String?
    var description: String?
    var section: Located<String>?
    var of: Located<String>?
    var when: Expr?
    var wheres: [Expr] = []
    var lets: [(name: Located<String>, value: Expr)] = []
    var count: Count?
    var countLocation: SourceLocation?
    /// `available 3 months after period end`: a figure that looks forward is not due before.
    var available: Expr?
    /// `sum EXPR`, `average EXPR`, `min EXPR` or `max EXPR` over the population.
    var aggregate: (kind: Located<String>, value: Expr)?
    var share: Expr?
    var breakdown: Breakdown?
    var parts: [(name: Located<String>, kind: PartKind)] = []
    var per: Per?
    var value: Expr?
    var unit: Located<String>?
    var better: Located<String>?
    var baseline: Double?
    var targets: [Target] = []
    var comparators: [(name: String, year: String, value: Double)] = []
    /// `comparator "England" from RECORD.FIELD matching KEY = EXPR, …`: a value per period.
    var comparatorLookups: [(name: String, record: Located<String>, field: Located<String>, matching: [(field: Located<String>, value: Expr)])] = []
}

/// Everything read from the definition folder, before checking.
struct DefinitionSyntax: Sendable {
    var frameworks: [FrameworkDecl] = []
    var categories: [CategoryDecl] = []
    var maps: [MapDecl] = []
    var records: [RecordDecl] = []
    var sources: [SourceDecl] = []
    var measures: [MeasureDecl] = []
}
