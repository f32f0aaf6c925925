/// The checked definitions: the categories, maps, records, sources and measures the
/// engine runs, with every name resolved to an index.

/// An ordered list of canonical values; a record holds a value's index, or none
/// (`Category.notRecorded`) when its code maps to nothing.
public struct Category: Sendable {
    public var name: String
    public var values: [String]
    public static let notRecorded: Int64 = -1

    func index(of value: String) -> Int? {
        let key = CodeNormaliser.plain.normalise(Array(value.utf8))
        return values.firstIndex { CodeNormaliser.plain.normalise(Array($0.utf8)) == key }
    }
}

/// A code map: legacy codes (normalised as the map says) to category values.
public struct CodeMap: Sendable {
    public var name: String
    public var category: Int
    var normaliser: CodeNormaliser
    var table: [[UInt8]: Int64]

    func lookup(_ raw: ArraySlice<UInt8>) -> Int64? { table[normaliser.normalise(raw)] }
}

public enum FieldType: Sendable, Equatable {
    case text, int, decimal, date, person
    case category(Int)
    case ref(Int)

    /// How a person reads the type in a message.
    var name: String {
        switch self {
        case .text: return "text field"
        case .int: return "whole-number field"
        case .decimal: return "number field"
        case .date: return "date field"
        case .person: return "person field"
        case .category: return "code field"
        case .ref: return "reference"
        }
    }
}

public struct FieldDef: Sendable {
    public var name: String
    public var type: FieldType
    /// The values an extract may hold (`range LOW to HIGH`; dates as day numbers), or
    /// nil for the default: `Limits.numbers` for ints and decimals, the framework's
    /// `dates` for dates. A value outside is a rejected row.
    public var range: (low: Double, high: Double)? = nil
}

/// The bounds that apply where the definitions declare none.
public enum Limits {
    /// The largest record a source reads unless it declares `max record`.
    public static let recordBytes = 1 << 20
    /// The largest field a source reads unless it declares `max field`.
    public static let fieldBytes = 256 << 10
    /// The largest `max record` or `max field` that may be declared.
    public static let largestDeclarable = 1 << 30
    /// Ints and decimals without a declared range lie within ±10^15: far beyond any
    /// count, population or FTE, and small enough that sums over millions of rows stay
    /// finite and exact to a hundredth.
    public static let numbers: (low: Double, high: Double) = (-1e15, 1e15)
    /// Dates when the framework declares no `dates from … to …`.
    public static let dates = (from: "1900-01-01", to: "2199-12-31")
}

public struct RecordType: Sendable {
    public var name: String
    public var fields: [FieldDef]
    public var key: [Int]
    public var span: (start: Int, end: Int)?
    /// Fields to follow to the category that places a record in a column (refs, then the category).
    public var columnPath: [Int]
    public var group: (record: Int, by: [Int])?
    public var aggregates: [(field: Int, function: String, source: Int)]

    public func fieldIndex(_ name: String) -> Int? { fields.firstIndex { $0.name == name } }
}

public struct SourceSpec: Sendable {
    public enum Conversion: Sendable {
        case text
        case int
        case decimal
        case date(DateFormat)
        case person(system: String)
        case category(Int)
        case mapped(Int)
        case ref(Int)
    }
    public struct Mapping: Sendable {
        public var field: Int
        var column: SourceDecl.ColumnRef
        public var conversion: Conversion
        public var required: Bool
        public var location: SourceLocation
        /// How a number is written (decimal mark, thousands separator, percent sign).
        var number = NumberLayout.plain
        /// A reference naming no accepted record keeps its row, linked to nothing (else the row is rejected).
        var keepUnknown = false
    }
    /// Values read as blank in every field (`blank "NULL", "N/A"`), lowercased.
    var blankTokens: [[UInt8]] = []
    /// Lines before the header (`preamble`) and after the data (`footer`), set aside.
    public var preambleLines = 0
    public var footerLines = 0
    public var name: String
    public var file: String
    public var dialectDelimiter: UInt8
    public var hasHeader: Bool
    public var encoding: String
    public var record: Int?
    public var supersede: (source: Int, field: Int)?
    /// `max record` and `max field`, in bytes (defaults `Limits.recordBytes`, `Limits.fieldBytes`).
    public var maxRecordBytes = Limits.recordBytes
    public var maxFieldBytes = Limits.fieldBytes
    var identity: (system: SourceDecl.ColumnRef, local: SourceDecl.ColumnRef, person: SourceDecl.ColumnRef)?
    public var mappings: [Mapping]
    /// The reject rules in their typed form, in order: what every backend reads.
    var typedRejects: [TypedReject] = []
    /// The reject rules lowered for the intake: a closure each, and a flat row program where one covers it.
    var rejects: [(reason: String, condition: Compiled, program: RowProgram?)]
    public var completeness: [CompletenessRule] = []
    public var location: SourceLocation
    /// `wide columns format "…" into MONTH, VALUE`: the header columns that read in
    /// `format` (and no other mapping names) each give a record per row, with the
    /// column's month in `monthField` and the cell read by mapping `valueMapping` (the
    /// last mapping; its column is set per wide column).
    public struct Wide: Sendable {
        public var monthField: Int
        public var format: DateFormat
        public var valueMapping: Int
        public var location: SourceLocation
    }
    public var wide: Wide?
}

/// What makes an extract too incomplete to publish from, and how serious it is.
public struct CompletenessRule: Sendable {
    public enum Kind: Sendable {
        /// The extract has no accepted rows (none read, or every one rejected).
        case empty
        /// The latest value of a date field among accepted rows is more than `days` before the as-at date.
        case stale(field: Int, days: Int)
        /// Fewer rows than `percent` of the last run's rows for this extract.
        case shrink(percent: Double)
        /// The footer states a row count (`Total rows: #`) that differs from the rows read.
        case footerCount(pattern: String)
        /// More than `percent` of the rows read were rejected. A source that declares no
        /// such rule gets `defaultRejected`: an extract mostly unreadable stops the run.
        case rejected(percent: Double)
    }
    /// The rule every source without a `rejected` rule of its own is held to.
    public static let defaultRejected = CompletenessRule(kind: .rejected(percent: 50), severity: .error)
    public enum Severity: String, Sendable { case error, warning }
    public var kind: Kind
    public var severity: Severity
}

public struct Framework: Sendable {
    public var title: String
    public var firstMonth: (year: Int, month: Int)
    public var baselineYear: String
    public var columnCategory: Int
    /// The plausible dates, as day numbers: a date field without its own range holds
    /// values from `dates.low` to `dates.high`, or its row is rejected.
    public var dates: (low: Int32, high: Int32)
    public var notRecordedLabel: String
    public var cityLabel: String
    public var sections: [(id: String, title: String)]
    /// The days that are not working days besides weekends, for the working-day functions:
    /// nil when undeclared (those functions are then refused, not guessed).
    public var holidays: Holidays? = nil
}

/// A comparator read from a record: the first row whose key fields equal the matching
/// expressions, evaluated for the period (`matching month = month_start(period.end)`).
struct ComparatorLookup: Sendable {
    var name: String
    var record: Int
    var field: Int
    var matching: [(field: Int, value: Compiled)]
}

/// `holidays none`, or the dates of a record read from an extract (bank holidays).
public enum Holidays: Sendable, Equatable {
    case none
    case field(record: Int, field: Int)
}

public enum Better: String, Sendable { case high, low, none }
public enum Unit: String, Sendable { case count, percent, rate, ratio, pounds, number }

/// An aggregate over the records in a measure's population: each cell's figure comes
/// from its own records (the City's from all of them, never from the localities' figures).
struct Aggregate: Sendable {
    enum Kind: String, Sendable { case sum, average, min, max }
    var kind: Kind
    var value: Compiled
    /// A whole-number expression: sums stay exact integers.
    var isInteger: Bool
}

/// A checked measure: its typed form (`typed`, what every backend reads) and the
/// closures the evaluator lowers from it (`when`, `wheres`, … below).
public struct Measure: Sendable {
    enum Part: Sendable {
        case count
        case share(Compiled)
        /// A share whose condition is the same in every window: tested once per record.
        case staticShare(Compiled)
    }
    public struct Per: Sendable {
        public var scale: Double
        public var record: Int
        public var field: Int
        var matching: [(field: Int, value: Compiled)]
        /// The City's reference value: the sum over every locality, `x` when any is missing
        /// (`city all`, the default), or over the localities present (`city present`).
        public var cityFromPresent = false
    }
    public var id: String
    public var name: String
    public var description: String?
    public var section: String
    public var record: Int?
    var when: Compiled?
    var wheres: [Compiled]
    /// Filters that are the same in every window, tested once per record.
    var staticWheres: [Compiled] = []
    /// `let`s that are the same in every window, computed once per record.
    var staticLets: [(slot: Int, value: Compiled)] = []
    var lets: [Compiled]
    var distinct: Compiled?
    var parts: [(name: String?, part: Part)]
    public var breakdown: (field: Int, category: Int, asShare: Bool, notRecordedLabel: String?, only: Bool)?
    public var per: Per?
    /// How long after a period's end its figure becomes available (a measure that looks
    /// forward); until the as-at date reaches it, every figure of the period is `x`.
    var availableAfter: (count: Int, unit: DurationUnit)?
    /// `sum`, `average`, `min` or `max` of a number over the population, instead of a count.
    var aggregate: Aggregate?
    var value: Compiled?
    /// When `value` is a division `a / b`: `a` and `b`, shown as the figure's numerator
    /// and denominator (so a zero denominator is visible beside its `z`).
    var valueParts: (numerator: Compiled, denominator: Compiled)?
    var valueIsInteger: Bool
    public var unit: Unit
    public var better: Better
    public var baseline: Double?
    public var targets: [(year: String, value: Double, tolerance: Double)]
    public var comparators: [(name: String, year: String, value: Double)]
    /// Comparators read from an extract, a value per period (England's figure each month).
    var comparatorLookups: [ComparatorLookup] = []
    public var location: SourceLocation
    /// The declaration as written in its file.
    public var declaration: String = ""
    /// Measures whose figures this one's `value` reads, for evaluation order.
    var dependencies: [Int]
    /// Slots its aliases and `let`s need while it is evaluated.
    var slotCount = 0
    /// The measure's expressions, resolved and typed: the form the closures above are lowered from.
    var typed = TypedMeasure()
}

/// Everything the engine needs from the definition folder.
public struct Definitions: Sendable {
    public var framework: Framework
    public var categories: [Category]
    public var maps: [CodeMap]
    public var records: [RecordType]
    public var sources: [SourceSpec]
    public var measures: [Measure]
    /// Every date expression that `M.x at <date>` needs, evaluated per period to add windows.
    var typedAtDates: [TypedExpr] = []
    /// `typedAtDates` lowered to closures.
    var atDates: [Compiled]
    /// The definition files read, in order.
    public var files: [String]
    /// Grouped-row indexes the compiled expressions read.
    var groupKeys = GroupKeys()
    /// Quoted texts compared with text fields (`id = "Total"`), interned before any extract.
    var textLiterals = TextLiterals()
    /// Records whose rows some measure reads (the rest are needed only during intake).
    var recordsUsedByMeasures: Set<Int> = []
    /// SHA-256 over every definition file's name and text, for provenance.
    public var digest: String = ""
}
