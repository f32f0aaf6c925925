/// The typed core: the one resolved, typed form of every measure and source rule that
/// every backend reads — the closure evaluator (Engine/Lowering) now, the SQL backend
/// next. The checker (`TypeChecker`) builds it from the parsed `Expr` and reports every
/// diagnostic; nothing downstream looks at syntax or resolves a name again.
///
/// Backend-neutral by design: no closures, no `Dataset`. Records, fields, categories,
/// measures and slots are indexes into the checked `Definitions`; a quoted text carries
/// its string as well as the index it was interned under (`TextLiterals`), so a backend
/// that does not intern can still read it.

/// A typed expression: every name resolved, every operator's meaning fixed.
indirect enum TypedExpr: Sendable {
    // MARK: Constants
    /// A whole number.
    case int(Int64)
    /// A number with a fraction.
    case decimal(Double)
    /// `3 months`, `1 day`: only ever added to or taken from a date.
    case duration(Int64, DurationUnit)
    /// A quoted code compared with a code field: its index in the category's declared order.
    case code(category: Int, index: Int64)
    /// A quoted text compared with a text field, matched byte for byte (case and all);
    /// `literal` is its index in `Definitions.textLiterals`.
    case text(String, literal: Int)

    // MARK: Rows and names
    /// A field of the row in scope (the record counted, or the staged row of a reject rule).
    case field(record: Int, field: Int, type: ValueType)
    /// `this`: the row being counted, as a reference to its record.
    case this(record: Int)
    /// The row an `exists`/`first`/`last` alias stands for while its condition is tested.
    case alias(slot: Int, record: Int)
    /// The value a `let` computed for the row (and window, if it reads one).
    case letValue(slot: Int, type: ValueType)
    /// `base.field`: a field of the row a reference (or alias, or `first …`) points at; blank when it points at none.
    case follow(TypedExpr, record: Int, field: Int, type: ValueType)
    /// `period.start`, `period.end`, `period.year_start` of the window being evaluated.
    case period(PeriodBound)
    /// The run's as-at date.
    case asAt

    // MARK: Operators
    case not(TypedExpr)
    /// `-x` of a whole number or a number.
    case negate(TypedExpr, type: ValueType)
    /// `a and b`, `a or b` (a blank or false side is false).
    case and(TypedExpr, TypedExpr)
    case or(TypedExpr, TypedExpr)
    /// A comparison; a blank on either side makes it false, as in SQL.
    case compare(CompareOp, TypedExpr, TypedExpr, kind: ComparisonKind)
    /// `+ - * /` of numbers: whole numbers stay whole and exact (blank past Int64's
    /// range); any decimal side makes a decimal; `/` is always decimal.
    case arithmetic(ArithmeticOp, TypedExpr, TypedExpr, type: ValueType, divisionByZero: DivisionByZero)
    /// `date + duration`, `date - duration` (months land on the same day, clamped to the month's end).
    case shiftDate(TypedExpr, by: TypedExpr, unit: DurationUnit, subtract: Bool)
    /// `x is blank` / `x is not blank`.
    case isBlank(TypedExpr, negated: Bool)
    /// `x in (…)`: items are `.int`, `.decimal`, `.code` or `.text` constants of x's type.
    case inList(TypedExpr, items: [TypedExpr])
    /// `date in period` / `date in year to date`.
    case inPeriod(TypedExpr, toDate: Bool)
    /// `open at period end` / `open during year to date` over the record's span.
    case open(record: Int, start: Int, end: Int, duringYearToDate: Bool)
    /// A function of the language; `round`'s optional places are an `.int` constant second argument.
    case call(Function, [TypedExpr], type: ValueType)

    // MARK: Related records
    /// `exists [other] R x where …`.
    case exists(TypedRelated)
    /// `first|last R x where … order by …`: a reference to the row picked, or blank.
    case pick(last: Bool, TypedRelated, orderBy: [TypedExpr])

    // MARK: Other measures (derived values)
    /// `M.part` in the window being evaluated.
    case figure(measure: Int, part: FigurePart, type: ValueType)
    /// `M.part at <date>`: the figure in the one-day window of a date.
    case figureAt(measure: Int, part: FigurePart, date: TypedExpr, type: ValueType)

    enum PeriodBound: String, Sendable { case start, end, yearStart = "year_start" }

    enum CompareOp: String, Sendable {
        case equal = "=", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
    }

    enum ArithmeticOp: String, Sendable { case plus = "+", minus = "-", times = "*", divide = "/" }

    /// What a comparison compares (the checker has ruled out every other pairing).
    enum ComparisonKind: Sendable, Equatable {
        /// Whole numbers and numbers, compared as numbers (whole numbers exactly).
        case numeric
        /// Dates, as day numbers.
        case date
        /// Texts, by their exact bytes: `=` and `!=` only.
        case text
        /// Person ids: `=` and `!=` only.
        case person
        /// Codes of one category, in its declared order.
        case category(Int)
        /// References to rows of one record: `=` and `!=` only.
        case record(Int)
    }

    /// What `x / 0` is.
    enum DivisionByZero: Sendable, Equatable {
        /// Blank: in conditions, lets and aggregates.
        case blank
        /// "Not applicable" (`z`, carried as NaN): in a derived measure's value.
        case notApplicable
    }

    /// The parts of another measure's figure a derived value may read.
    enum FigurePart: String, Sendable { case count, numerator, denominator, value }

    /// Every function the language has (`TypeChecker.functionSignatures` says how each is called).
    enum Function: String, Sendable, CaseIterable {
        // Of one date.
        case year, month
        case monthStart = "month_start", monthEnd = "month_end"
        case quarterStart = "quarter_start", quarterEnd = "quarter_end"
        case fyStart = "fy_start", fyEnd = "fy_end", fyYear = "fy_year", fp
        case ayStart = "ay_start", ayEnd = "ay_end", ayYear = "ay_year"
        case weekday
        // Of two dates.
        case daysBetween = "days_between", age
        // Of two or more numbers or dates; blanks passed over.
        case min, max
        // Of one number (round: and optional places).
        case abs, round
        /// A code's place in its category's declared order, from 1.
        case position
        // The framework's working days.
        case workingDays = "working_days", addWorkingDays = "add_working_days", isWorkingDay = "is_working_day"
    }

    /// The expression's static type.
    var type: ValueType {
        switch self {
        case .int: return .int
        case .decimal: return .decimal
        case .duration(_, let unit): return .duration(unit)
        case .code(let c, _): return .category(c)
        case .text: return .text
        case .field(_, _, let t), .letValue(_, let t), .follow(_, _, _, let t), .negate(_, let t),
             .arithmetic(_, _, _, let t, _), .call(_, _, let t), .figure(_, _, let t), .figureAt(_, _, _, let t):
            return t
        case .this(let r), .alias(_, let r): return .record(r)
        case .period, .asAt, .shiftDate: return .date
        case .not, .and, .or, .compare, .isBlank, .inList, .inPeriod, .open, .exists: return .bool
        case .pick(_, let related, _): return .record(related.record)
        }
    }

    /// The timing shape the expression has, when it is a condition the engine can answer
    /// from an index rather than testing every record in every window.
    var timing: Timing? {
        switch self {
        case .inPeriod(.field(_, let f, _), false): return .inPeriod(field: f)
        case .open(_, let start, let end, let yearToDate): return .open(start: start, end: end, yearToDate: yearToDate)
        case .exists(let related): return related.timing
        default: return nil
        }
    }
}

/// The related rows of `exists` and `first`/`last`.
struct TypedRelated: Sendable {
    /// The record whose rows are looked at.
    var record: Int
    /// The slot the alias is bound to while `condition` (and the order keys) are tested.
    var slot: Int
    /// `exists other`: the row in scope itself is passed over (only when it is of `record`).
    var excludeSelf: Bool
    /// The equi-join found among the top-level conjuncts of the condition —
    /// `alias.field = value` with `value` not mentioning the alias (a whole-number,
    /// date, code, text, person or reference field; never a decimal) — so candidates
    /// come from an index of `record` by `field` instead of a scan. Nil: every row is a candidate.
    var join: (field: Int, value: TypedExpr)?
    /// The condition each candidate is tested against: without the join's conjunct when
    /// there is a join (the index guarantees it; a blank value finds no row). Nil: none.
    var condition: TypedExpr?
    /// `x.ref = this and x.date in period`: the windows are found from the related rows' dates.
    var timing: Timing?
    /// `first`/`last` ordered by dates or codes of the alias only: the fields, so the
    /// candidates can be walked pre-sorted from the wanted end. Nil otherwise.
    var presortedBy: [Int]?
}

/// Timing shapes with a fast way to find the records in a window's population.
enum Timing: Sendable, Hashable {
    /// `field in period`: records sorted by the date, found by binary search.
    case inPeriod(field: Int)
    /// `open at period end` / `open during year to date` over the record's span.
    case open(start: Int, end: Int, yearToDate: Bool)
    /// `exists R x where x.ref = this and x.date in period`: the refs of R's rows dated in the window.
    case related(record: Int, ref: Int, date: Int)
}

/// A condition or value, with whether it is the same in every window (it reads no
/// period, let, alias or other measure's figure): such an expression is computed once
/// per record rather than once per record and window.
struct TypedClause: Sendable {
    var expr: TypedExpr
    var isStatic: Bool
}

/// A checked measure's typed form: its expressions. The rest of what the checker
/// resolved is plain data on `Measure` beside it, read by every backend as it is:
/// `breakdown` (field, category, as share, not-recorded label, only), `per` (scale,
/// record, field, city rule; its matching values are `perMatching` here),
/// `availableAfter`, `dependencies` (in evaluation order), `unit`, `valueIsInteger`.
struct TypedMeasure: Sendable {
    enum Part: Sendable {
        case count
        /// Records meeting the condition, over the population.
        case share(TypedClause)
    }
    struct Let: Sendable {
        var slot: Int
        var value: TypedClause
    }
    /// The record counted (nil for a derived `value`).
    var record: Int?
    /// What puts a record in a window.
    var when: TypedExpr?
    /// `when`'s timing shape, if it has one.
    var timing: Timing? { when?.timing }
    /// In the order written; each reads the lets before it.
    var lets: [Let] = []
    var wheres: [TypedClause] = []
    var distinct: TypedExpr?
    var parts: [(name: String?, part: Part)] = []
    var aggregate: (kind: Aggregate.Kind, value: TypedExpr)?
    /// A derived measure's arithmetic over other measures.
    var value: TypedExpr?
    /// When `value` is `a / b`: `a` and `b`, shown as numerator and denominator.
    var valueParts: (numerator: TypedExpr, denominator: TypedExpr)?
    /// `per … matching`: the reference value's key fields and their values for a window.
    var perMatching: [(field: Int, value: TypedExpr)] = []
    /// Comparators read from a record, matched per window.
    var comparatorLookups: [TypedLookup] = []
    /// Slots the aliases and lets need.
    var slotCount = 0
}

/// A comparator (or `per`) look-up: the first row of `record` whose key fields equal the values.
struct TypedLookup: Sendable {
    var name: String
    var record: Int
    var field: Int
    var matching: [(field: Int, value: TypedExpr)]
}

/// A source's reject rule: a condition over the staged row (its fields and the as-at date).
struct TypedReject: Sendable {
    var reason: String
    var condition: TypedExpr
}
