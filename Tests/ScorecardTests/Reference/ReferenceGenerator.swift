import Foundation
@testable import Scorecard

/// Seeded random definitions, extracts and measures for the differential fuzz. Only
/// type-correct measures are generated: everything here the checker must accept.
struct RefGenerator {
    var random: SplitMix64
    let schema = RefSchema.standard

    /// Holidays drawn so far: the records' dates fall on them now and then.
    var holidayDates: [Int] = []
    /// Money and date-times in the measures (issue #11's types): aggregates of money,
    /// money arithmetic and comparisons; date-times compared, cut to their day, and given
    /// to the working-day functions under the close of business. Off, the generator draws
    /// exactly what it drew before these types existed.
    var money = false
    /// Items' amounts, from a stream of their own so the other draws stay as they were.
    var amounts: SplitMix64

    init(seed: UInt64) {
        random = SplitMix64(seed: seed, stream: 0x5EF)
        amounts = SplitMix64(seed: seed, stream: 0x3E7)
    }

    mutating func int(_ n: Int) -> Int { Int(random.next() % UInt64(n)) }
    mutating func chance(_ p: Double) -> Bool { Double(random.next() % 1_000_000) / 1_000_000 < p }
    mutating func pick<T>(_ xs: [T]) -> T { xs[int(xs.count)] }

    // MARK: - Definitions and extracts

    static let framework = """
    framework {
      title        "Reference fuzz"
      first_month  "2016-04"
      columns      area
      not_recorded "Area not recorded"
      city         "All"
      section main "Main"
      holidays     holiday.date
      close_of_business "17:00"
    }
    category area { "North", "South", "East" }
    category stage { "Start", "Review", "End" }
    record item {
      key    id
      column area
      span   start to end
      id     text
      person person
      start  date
      end    date
      area   area
      stage  stage
      n      int
      x      decimal
      tag    text
      m      money
      t      datetime
    }
    record event {
      key    id
      column area
      id     text
      item   ref item
      date   date
      stage  stage
      n      int
      y      decimal
      area   area
    }
    # Holidays: a look-up, so no column.
    record holiday {
      date date
    }
    source holidays {
      file      "holidays.csv"
      encoding  utf8
      delimiter ","
      header    yes
      into      holiday
      date = "date" format "yyyy-mm-dd" required
    }
    # A reference figure per locality and month, for rates.
    record pop {
      column area
      area   area
      month  date
      people int
      weight decimal
    }
    source pops {
      file      "pops.csv"
      encoding  utf8
      delimiter ","
      header    yes
      into      pop
      area   = "area"
      month  = "month" format "yyyy-mm-dd"
      people = "people"
      weight = "weight"
    }
    source items {
      file      "items.csv"
      encoding  utf8
      delimiter ","
      header    yes
      into      item
      id     = "id"
      person = "person" system "A"
      start  = "start" format "yyyy-mm-dd"
      end    = "end" format "yyyy-mm-dd"
      area   = "area"
      stage  = "stage"
      n      = "n"
      x      = "x"
      tag    = "tag"
      m      = "m" currency "£"
      t      = "t" format "dd/mm/yyyy hh:mm"
    }
    source events {
      file      "events.csv"
      encoding  utf8
      delimiter ","
      header    yes
      into      event
      id     = "id"
      item   = "item"
      date   = "date" format "yyyy-mm-dd"
      stage  = "stage"
      n      = "n"
      y      = "y"
      area   = "area"
    }

    """

    /// A date near the periods' and financial years' edges, month ends, leap days.
    mutating func date() -> Int {
        if !holidayDates.isEmpty && chance(0.12) { return pick(holidayDates) }
        switch int(6) {
        case 0:  // a financial year's edge
            let y = pick([2016, 2017])
            return pick([RefCalendar.day(y, 3, 31), RefCalendar.day(y, 4, 1), RefCalendar.day(y, 3, 30), RefCalendar.day(y, 4, 2)])
        case 1:  // a month's end or start
            let y = pick([2016, 2017]), m = 1 + int(12)
            return chance(0.5) ? RefCalendar.day(y, m, RefCalendar.daysIn(y, m)) : RefCalendar.day(y, m, 1)
        case 2: return pick([RefCalendar.day(2016, 2, 29), RefCalendar.day(2016, 5, 31), RefCalendar.day(2017, 5, 31), RefCalendar.day(2016, 8, 31)])
        default: return RefCalendar.day(2016, 1, 1) + int(620)   // 2016-01-01 to mid-September 2017
        }
    }

    /// Holidays: none, or a few days, some at weekends, some twice.
    mutating func holidays() -> String {
        var lines = ["date"]
        for _ in 0..<pick([0, 2, 6, 12]) {
            let d = date()
            holidayDates.append(d)
            lines.append(RefCalendar.iso(d))
            if chance(0.2) { lines.append(RefCalendar.iso(d)) }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Reference figures: most localities most months, some missing, some twice (the
    /// first counts), some zero, some with no locality.
    mutating func pops() -> String {
        var lines = ["area,month,people,weight"]
        for k in 0..<20 {
            let month = RefCalendar.addMonths(RefCalendar.day(2016, 4, 1), k)
            for area in schema.categories["area"]! + [""] where chance(area.isEmpty ? 0.1 : 0.85) {
                let line = "\(area),\(RefCalendar.iso(month)),\(chance(0.05) ? 0 : int(500)),\(pick(["0.5", "2", "12.25", "0", "100"]))"
                lines.append(line)
                if chance(0.1) { lines.append("\(area),\(RefCalendar.iso(month)),\(int(500)),\(pick(["1.5", "3"]))") }
            }
        }
        if chance(0.3) { lines.append("North,,7,1") }
        return lines.joined(separator: "\n") + "\n"
    }

    mutating func extracts() -> (items: String, events: String) {
        let itemCount = 25 + int(40)
        var items = ["id,person,start,end,area,stage,n,x,tag,m,t"]
        let times = ["08:59", "16:59", "17:00", "17:01", "00:00", "23:59", "12:30"]
        let moneyForms = ["£0.10", "£0.20", "0.07", "-£5", "(£0.30)", "£1234.56", "19.99", "£-2.5", "", "0", "(3)"]
        func blank<T>(_ p: Double, _ v: T) -> String { chance(p) ? "" : "\(v)" }
        let persons = 3 + int(8)
        for i in 0..<itemCount {
            let start = chance(0.05) ? nil : date()
            var end: Int?
            if let start, !chance(0.35) {
                switch int(4) {
                case 0: end = start                              // closed the day it opened
                case 1: end = start - 1 - int(40)                // an end before the start
                default: end = chance(0.4) ? date() : start + 1 + int(300)
                }
            }
            let area = chance(0.12) ? "" : pick(schema.categories["area"]!)
            // A code the category does not know is kept as not recorded, like a blank.
            let stage = chance(0.12) ? "" : chance(0.04) ? "Closed" : pick(schema.categories["stage"]!)
            let x = pick(["2.5", "-1.25", "0", "3", "7.75", "0.5", "10", "-4"])
            items.append([
                "i\(i)", blank(0.1, "p\(int(persons))"), start.map(RefCalendar.iso) ?? "", end.map(RefCalendar.iso) ?? "",
                area, stage, blank(0.12, int(15) - 3), blank(0.12, x), blank(0.15, pick(["a", "b", "c"])),
                moneyForms[Int(amounts.next() % UInt64(moneyForms.count))],
                amounts.next() % 8 == 0 ? "" : {
                    // Near the start, often on a holiday or a Friday evening.
                    let day = (start ?? RefCalendar.day(2017, 5, 26)) + Int(amounts.next() % 5) - 2
                    let c = RefCalendar.civil(day)
                    return String(format: "%02d/%02d/%04d ", c.d, c.m, c.y) + times[Int(amounts.next() % UInt64(times.count))]
                }(),
            ].joined(separator: ","))
        }
        let eventCount = 25 + int(55)
        var events = ["id,item,date,stage,n,y,area"]
        for e in 0..<eventCount {
            events.append([
                "e\(e)", blank(0.08, "i\(int(itemCount))"), blank(0.06, RefCalendar.iso(date())),
                blank(0.12, pick(schema.categories["stage"]!)), blank(0.12, int(10) - 2),
                blank(0.15, pick(["1.5", "-2", "0", "4.25", "6"])), blank(0.12, pick(schema.categories["area"]!)),
            ].joined(separator: ","))
        }
        return (items.joined(separator: "\n") + "\n", events.joined(separator: "\n") + "\n")
    }

    // MARK: - Expressions

    /// What names mean where an expression is generated.
    struct Scope {
        var record: String
        var aliases: [(name: String, record: String)] = []
        var lets: [(name: String, type: RefType)] = []
        var aliasCount = 0
    }

    /// Row-valued things of a record type that can be read: `this`, aliases, lets, ref fields.
    mutating func rowValue(_ record: String, _ scope: Scope, depth: Int) -> RefExpr? {
        var options: [RefExpr] = []
        if scope.record == record { options.append(.this) }
        for a in scope.aliases where a.record == record { options.append(.alias(a.name)) }
        for l in scope.lets where l.type == .row(record) { options.append(.letRef(l.name)) }
        if record == "item" {
            if scope.record == "event" { options.append(.field("item")) }
            for a in scope.aliases where a.record == "event" { options.append(.member(.alias(a.name), record: "event", field: "item")) }
        }
        if depth > 0 && scope.aliasCount < 2 && chance(0.15) {
            options.append(pickExpr(record, scope, depth: depth - 1))
        }
        return options.isEmpty ? nil : pick(options)
    }

    /// A field of some record in scope with the given type.
    mutating func fieldOf(_ type: RefType, _ scope: Scope, depth: Int) -> RefExpr? {
        var options: [RefExpr] = []
        for (name, t) in schema.records[scope.record]!.fields where t == type && name != "id" {
            options.append(.field(name))
        }
        for a in scope.aliases {
            for (name, t) in schema.records[a.record]!.fields where t == type && name != "id" {
                options.append(.member(.alias(a.name), record: a.record, field: name))
            }
        }
        for l in scope.lets where l.type == type { options.append(.letRef(l.name)); options.append(.letRef(l.name)) }
        // Fields through a reference or a let holding a row.
        if chance(0.25) {
            for r in ["item", "event"] {
                guard let base = rowValue(r, scope, depth: depth), !isThis(base) else { continue }
                for (name, t) in schema.records[r]!.fields where t == type && name != "id" {
                    options.append(.member(base, record: r, field: name))
                }
            }
        }
        return options.isEmpty ? nil : pick(options)
    }

    private func isThis(_ e: RefExpr) -> Bool { if case .this = e { true } else { false } }

    mutating func expr(_ type: RefType, _ scope: Scope, depth: Int) -> RefExpr {
        if depth <= 0 || chance(0.3), let f = fieldOf(type, scope, depth: depth) { return f }
        let d = depth - 1
        switch type {
        case .bool: return condition(scope, depth: depth)
        case .int:
            switch int(12) {
            case 0: return .int(Int64(int(15)) - 3)
            case 1, 2: return .arith(pick(["+", "-", "*"]), expr(.int, scope, depth: d), expr(.int, scope, depth: d), .int)
            case 3: return .call(pick(["year", "month", "weekday"]), [expr(.date, scope, depth: d)], .int)
            case 4: return .call("days_between", [expr(.date, scope, depth: d), expr(.date, scope, depth: d)], .int)
            case 5: return .call("age", [expr(.date, scope, depth: d), expr(.date, scope, depth: d)], .int)
            case 6: return .call("position", [expr(.code("stage"), scope, depth: d)], .int)
            case 7: return .call("abs", [expr(.int, scope, depth: d)], .int)
            case 8: return .call("round", [expr(.dec, scope, depth: d)] + (chance(0.3) ? [.int(0)] : []), .int)
            case 9: return .call(pick(["min", "max"]), (0..<(2 + int(2))).map { _ in expr(.int, scope, depth: d) }, .int)
            case 10: return chance(0.5) ? .negate(expr(.int, scope, depth: d))
                : .call("working_days", [expr(.date, scope, depth: d), expr(.date, scope, depth: d)], .int)
            default: return fieldOf(.int, scope, depth: depth) ?? .int(2)
            }
        case .dec:
            // Money divided (by a number or money) is a number of pounds.
            if money && chance(0.2) { return .arith("/", expr(.money, scope, depth: d), expr(pick([.int, .dec, .money]), scope, depth: d), .dec) }
            switch int(8) {
            case 0: return .dec(pick([0.5, 2.25, 1.5, 0, 3.75, -0.5]))
            case 1, 2:
                let a = expr(chance(0.5) ? .dec : .int, scope, depth: d)
                let b = expr(.dec, scope, depth: d)
                return chance(0.5) ? .arith(pick(["+", "-", "*", "/"]), a, b, .dec) : .arith(pick(["+", "-", "*", "/"]), b, a, .dec)
            case 3: return .arith("/", expr(.int, scope, depth: d), expr(.int, scope, depth: d), .dec)
            case 4: return .call("abs", [expr(.dec, scope, depth: d)], .dec)
            case 5: return .call("round", [expr(.dec, scope, depth: d), .int(Int64(1 + int(3)))], .dec)
            case 6: return .call(pick(["min", "max"]), [expr(.dec, scope, depth: d), expr(chance(0.5) ? .int : .dec, scope, depth: d)], .dec)
            default: return fieldOf(.dec, scope, depth: depth) ?? .dec(1.5)
            }
        case .date:
            // A date-time's day; the working day a date-time counts from, 10 working days on.
            if money && chance(0.2) {
                return chance(0.5) ? .call("date", [expr(.datetime, scope, depth: d)], .date)
                    : .call("add_working_days", [expr(.datetime, scope, depth: d), .int(Int64(int(12)) - 1)], .date)
            }
            switch int(9) {
            case 0: return .period(pick(["start", "end", "year_start"]))
            case 1: return .asAt
            case 2, 3:
                return .duration(expr(.date, scope, depth: d), plus: chance(0.5), count: chance(0.5) ? int(15) : int(14), months: chance(0.5))
            case 4, 5:
                return .call(pick(["month_start", "month_end", "quarter_start", "quarter_end", "fy_start", "fy_end"]), [expr(.date, scope, depth: d)], .date)
            case 6: return .call(pick(["min", "max"]), [expr(.date, scope, depth: d), expr(.date, scope, depth: d)], .date)
            case 7: return .call("add_working_days", [expr(.date, scope, depth: d), chance(0.5) ? .int(Int64(int(25)) - 5) : expr(.int, scope, depth: d)], .date)
            default: return fieldOf(.date, scope, depth: depth) ?? .period("end")
            }
        case .row(let r):
            return rowValue(r, scope, depth: depth) ?? pickExpr(r, scope, depth: d)
        case .datetime:
            if chance(0.3) { return .call(pick(["min", "max"]), [expr(.datetime, scope, depth: d), expr(.datetime, scope, depth: d)], .datetime) }
            return fieldOf(.datetime, scope, depth: depth) ?? (scope.record == "item" ? .field("t") : .member(.field("item"), record: "item", field: "t"))
        case .money:
            switch int(7) {
            case 0: return .arith(pick(["+", "-"]), expr(.money, scope, depth: d), expr(.money, scope, depth: d), .money)
            case 1: return chance(0.5) ? .arith("*", expr(.money, scope, depth: d), expr(.int, scope, depth: d), .money) : .arith("*", expr(.int, scope, depth: d), expr(.money, scope, depth: d), .money)
            case 2: return .negate(expr(.money, scope, depth: d))
            case 3: return .call("abs", [expr(.money, scope, depth: d)], .money)
            case 4: return .call(pick(["min", "max"]), [expr(.money, scope, depth: d), expr(.money, scope, depth: d)], .money)
            default:
                // Items hold money; an event reaches its item's.
                return fieldOf(.money, scope, depth: depth) ?? (scope.record == "item" ? .field("m") : .member(.field("item"), record: "item", field: "m"))
            }
        default:
            return fieldOf(type, scope, depth: depth) ?? .field("id")
        }
    }

    mutating func codeLiteral(_ category: String) -> RefExpr {
        let values = schema.categories[category]!
        let i = int(values.count)
        // Codes as typed in definitions match exactly; vary nothing else here.
        return .code(category, i, text: values[i])
    }

    /// A comparison of two things of one comparable type.
    mutating func comparison(_ scope: Scope, depth: Int) -> RefExpr {
        let d = max(depth - 1, 0)
        let allOps = ["=", "!=", "<", "<=", ">", ">="]
        // Date-times with date-times; working days between date-times (or a date-time and a date).
        if money && chance(0.2) {
            if chance(0.5) { return .compare(pick(allOps), expr(.datetime, scope, depth: d), expr(.datetime, scope, depth: d)) }
            let from = expr(.datetime, scope, depth: d), to = chance(0.5) ? expr(.datetime, scope, depth: d) : expr(.date, scope, depth: d)
            return .compare(pick(["<=", ">", "="]), .call("working_days", chance(0.7) ? [from, to] : [to, from], .int), .int(Int64(int(15)) - 2))
        }
        if money && chance(0.1) { return .compare(pick(allOps), .call(pick(["hour", "minute"]), [expr(.datetime, scope, depth: d)], .int), .int(Int64(int(24)))) }
        // Money with money, or with a number (as pounds), either way round.
        if money && chance(0.3) {
            let a = expr(.money, scope, depth: d), b = expr(pick([.money, .int, .dec]), scope, depth: d)
            return chance(0.5) ? .compare(pick(allOps), a, b) : .compare(pick(allOps), b, a)
        }
        switch int(9) {
        case 0, 1:
            let a = expr(chance(0.5) ? .int : .dec, scope, depth: d), b = expr(chance(0.6) ? .int : .dec, scope, depth: d)
            return .compare(pick(allOps), a, b)
        case 2, 3: return .compare(pick(allOps), expr(.date, scope, depth: d), expr(.date, scope, depth: d))
        case 4, 5:
            let category = chance(0.7) ? "stage" : "area"
            let a = expr(.code(category), scope, depth: d)
            let b = chance(0.6) ? codeLiteral(category) : expr(.code(category), scope, depth: d)
            return chance(0.5) ? .compare(pick(allOps), a, b) : .compare(pick(allOps), b, a)
        case 6:
            let t: RefType = chance(0.5) ? .text : .person
            guard let a = fieldOf(t, scope, depth: d), let b = fieldOf(t, scope, depth: d) else { return .compare("=", .field("id"), .field("id")) }
            return .compare(pick(["=", "!="]), a, b)
        case 7:
            let r = chance(0.6) ? "item" : "event"
            guard let a = rowValue(r, scope, depth: d), let b = rowValue(r, scope, depth: d) else { return .compare("<", expr(.int, scope, depth: d), .int(3)) }
            return .compare(pick(["=", "!="]), a, b)
        default:
            return .compare(pick(allOps), expr(.int, scope, depth: d), .int(Int64(int(12)) - 2))
        }
    }

    mutating func condition(_ scope: Scope, depth: Int) -> RefExpr {
        if depth <= 0 { return comparison(scope, depth: 0) }
        let d = depth - 1
        switch int(16) {
        case 0, 1: return .and(condition(scope, depth: d), condition(scope, depth: d))
        case 2: return .or(condition(scope, depth: d), condition(scope, depth: d))
        case 3: return .not(condition(scope, depth: d))
        case 4:
            let t = pick([RefType.int, .dec, .date, .code("stage"), .text, .person, .row("item")])
            return .isBlank(expr(t, scope, depth: d), negated: chance(0.5))
        case 5:
            switch int(3) {
            case 0: return .inList(expr(.code("stage"), scope, depth: d), (0..<(1 + int(2))).map { _ in codeLiteral("stage") })
            case 1: return .inList(expr(.int, scope, depth: d), (0..<(1 + int(3))).map { _ in .int(Int64(int(10))) })
            default: return .inList(expr(.dec, scope, depth: d), (0..<(1 + int(3))).map { _ in .dec(pick([0, 0.5, 2.5, 3, 10])) })
            }
        case 6: return .inPeriod(expr(.date, scope, depth: d), toDate: chance(0.4))
        case 7: if scope.record == "item" && scope.aliases.isEmpty { return .open(duringYear: chance(0.5)) }; return comparison(scope, depth: depth)
        case 8, 9: if scope.aliasCount < 2 { return existsExpr(scope, depth: d) }; return comparison(scope, depth: depth)
        case 10: if let l = scope.lets.first(where: { $0.type == .bool }) { return .letRef(l.name) }; return comparison(scope, depth: depth)
        case 11: return .call("is_working_day", [expr(.date, scope, depth: d)], .bool)
        case 12:
            // The usual shape: "within N working days".
            let (from, to): (RefExpr, RefExpr) = scope.record == "item"
                ? (.field("start"), .field("end")) : (.member(.field("item"), record: "item", field: "start"), .field("date"))
            return .compare(pick(["<=", ">", "="]), .call("working_days", chance(0.8) ? [from, to] : [to, from], .int), .int(Int64(int(25)) - 3))
        default: return comparison(scope, depth: depth)
        }
    }

    /// A join the engine indexes (`x.f = outer`), sometimes none, plus a random condition.
    mutating func related(_ record: String, _ scope: Scope, depth: Int) -> (alias: String, condition: RefExpr?) {
        let alias = "q\(scope.aliasCount)"
        var inner = scope
        inner.aliases.append((alias, record))
        inner.aliasCount += 1
        var join: RefExpr?
        if chance(0.8) {
            let a = RefExpr.alias(alias)
            switch (record, int(5)) {
            case ("event", 0), ("event", 1):
                if let target = rowValue("item", scope, depth: 0) { join = .compare("=", .member(a, record: "event", field: "item"), target) }
            case ("item", 0):
                if let p = fieldOf(.person, scope, depth: 0) { join = .compare("=", .member(a, record: "item", field: "person"), p) }
            case ("item", 1):
                if let p = fieldOf(.text, scope, depth: 0) { join = .compare("=", .member(a, record: "item", field: "tag"), p) }
            case (_, 2):
                join = .compare("=", .member(a, record: record, field: "stage"), chance(0.3) ? codeLiteral("stage") : expr(.code("stage"), scope, depth: 0))
            case (_, 3):
                // A whole-number field joined to a decimal expression as well as to whole numbers.
                join = .compare("=", .member(a, record: record, field: "n"), expr(chance(0.3) ? .dec : .int, scope, depth: 1))
            default:
                let f = record == "item" ? "start" : "date"
                join = .compare("=", .member(a, record: record, field: f), expr(.date, scope, depth: 1))
            }
            if let j = join, chance(0.3), case .compare(let op, let x, let y) = j { join = .compare(op, y, x) }
        }
        var rest: RefExpr? = chance(0.8) ? condition(inner, depth: depth) : nil
        if chance(0.3) && record == "event" {
            let inPeriod = RefExpr.inPeriod(.member(.alias(alias), record: "event", field: "date"), toDate: false)
            rest = rest.map { .and($0, inPeriod) } ?? inPeriod
        }
        switch (join, rest) {
        case (nil, nil): return (alias, nil)
        case (let j?, nil): return (alias, j)
        case (nil, let r?): return (alias, r)
        case (let j?, let r?): return (alias, chance(0.5) ? .and(j, r) : .and(r, j))
        }
    }

    mutating func existsExpr(_ scope: Scope, depth: Int) -> RefExpr {
        let record = chance(0.55) ? "event" : "item"
        let (alias, condition) = related(record, scope, depth: depth)
        return .exists(record: record, alias: alias, other: chance(0.4), condition: condition)
    }

    mutating func pickExpr(_ record: String, _ scope: Scope, depth: Int) -> RefExpr {
        let (alias, condition) = related(record, scope, depth: depth)
        var inner = scope
        inner.aliases.append((alias, record))
        inner.aliasCount += 1
        var order: [RefExpr] = []
        let a = RefExpr.alias(alias)
        for _ in 0..<int(3) {
            switch int(4) {
            case 0: order.append(.member(a, record: record, field: record == "item" ? pick(["start", "end"]) : "date"))
            case 1: order.append(.member(a, record: record, field: "stage"))
            case 2: order.append(.member(a, record: record, field: pick(["n", record == "item" ? "x" : "y"])))
            default: order.append(expr(pick([.int, .dec, .date]), inner, depth: 1))
            }
        }
        return .pick(last: chance(0.5), record: record, alias: alias, condition: condition, order: order)
    }

    // MARK: - Ill-typed conditions

    /// A condition the checker must refuse: two kinds that cannot be compared, an order
    /// on text or persons, arithmetic on codes or dates, a number where a condition goes.
    mutating func illTyped(_ scope: Scope) -> RefExpr {
        var pairs: [(RefType, RefType)] = [
            (.date, .int), (.date, .dec), (.code("stage"), .code("area")), (.code("stage"), .int), (.text, .int),
            (.row("item"), .row("event")), (.row("item"), .int), (.date, .code("stage")),
        ]
        if scope.record == "item" { pairs.append((.person, .text)) }
        switch int(5) {
        case 0, 1:
            let (a, b) = pick(pairs)
            let x = expr(a, scope, depth: 1), y = expr(b, scope, depth: 1)
            return chance(0.5) ? .compare(pick(["=", "!=", "<", ">="]), x, y) : .compare(pick(["=", "<"]), y, x)
        case 2:
            let t: RefType = pick([.text, .person])
            let x = fieldOf(t, scope, depth: 0) ?? .field("id")
            return .compare(pick(["<", "<=", ">", ">="]), x, x)
        case 3:
            return .compare("=", .arith(pick(["+", "*"]), expr(pick([.date, .code("stage"), .text]), scope, depth: 1), expr(.int, scope, depth: 1), .int), .int(1))
        default:
            return .and(condition(scope, depth: 1), expr(pick([.int, .dec, .date]), scope, depth: 1))
        }
    }

    // MARK: - Measures

    mutating func when(_ record: String) -> RefExpr {
        let scope = Scope(record: record)
        if record == "event" {
            switch int(5) {
            case 0, 1: return .inPeriod(.field("date"), toDate: false)
            case 2: return .inPeriod(.field("date"), toDate: true)
            case 3: return .inPeriod(.duration(.field("date"), plus: chance(0.5), count: 1 + int(3), months: true), toDate: false)
            default: return .and(.inPeriod(.field("date"), toDate: false), condition(scope, depth: 1))
            }
        }
        switch int(10) {
        case 0: return .inPeriod(.field("start"), toDate: false)
        case 1: return .inPeriod(.field("end"), toDate: false)
        case 2: return .open(duringYear: false)
        case 3: return .open(duringYear: true)
        case 4: return .inPeriod(.field("start"), toDate: true)
        case 5:
            return .and(.compare("<=", .field("start"), .period("end")),
                        .or(.isBlank(.field("end"), negated: false), .compare(">=", .field("end"), .period("year_start"))))
        case 6:
            let ref = RefExpr.compare("=", .member(.alias("q9"), record: "event", field: "item"), .this)
            let date = RefExpr.inPeriod(.member(.alias("q9"), record: "event", field: "date"), toDate: false)
            return .exists(record: "event", alias: "q9", other: false, condition: chance(0.5) ? .and(ref, date) : .and(date, ref))
        case 7: return .and(.open(duringYear: chance(0.5)), condition(scope, depth: 1))
        default:
            var c = condition(scope, depth: 2)
            if chance(0.5) { c = .and(.inPeriod(expr(.date, scope, depth: 1), toDate: false), c) }
            return c
        }
    }

    mutating func measure(id: String) -> RefMeasure {
        let record = chance(0.65) ? "item" : "event"
        var scope = Scope(record: record)
        let when = when(record)
        var lets: [(String, RefExpr)] = []
        for k in 0..<int(3) {
            let type = pick([RefType.int, .dec, .date, .bool, .row(chance(0.5) ? "item" : "event"), .code("stage")])
            let value: RefExpr
            if case .row(let r) = type { value = pickExpr(r, scope, depth: 1) } else { value = expr(type, scope, depth: 2) }
            let name = "l\(k)"
            lets.append((name, value))
            scope.lets.append((name, type))
        }
        var wheres: [RefExpr] = []
        for _ in 0..<pick([0, 0, 1, 1, 2]) { wheres.append(condition(scope, depth: 2)) }
        var distinct: RefExpr?
        if chance(0.3) {
            distinct = pick([RefExpr.field(record == "item" ? "person" : "item"), .field("stage"), .field("n"),
                             .field(record == "item" ? "start" : "date"), .call("month_start", [.field(record == "item" ? "start" : "date")], .date)])
            if record == "item" && chance(0.3) { distinct = .field("tag") }
        }
        var kind: RefMeasure.Kind
        switch int(10) {
        case 0, 1, 2: kind = .count
        case 3, 4, 5: kind = .share(condition(scope, depth: 2))
        case 6, 7:
            kind = .parts((0..<(1 + int(3))).map { k in (name: "p\(k)", share: chance(0.7) ? condition(scope, depth: 2) : nil) })
        default:
            if money && chance(0.6) {
                kind = .aggregate(pick(["sum", "average", "min", "max"]), expr(.money, scope, depth: 2), isInteger: true, isMoney: true)
            } else {
                let isInteger = chance(0.5)
                kind = .aggregate(pick(["sum", "average", "min", "max"]), expr(isInteger ? .int : .dec, scope, depth: 2), isInteger: isInteger)
            }
            distinct = nil
        }
        var breakdown: RefMeasure.Breakdown?
        if chance(0.35) {
            let field = record == "item" && chance(0.3) ? "area" : "stage"
            let only = chance(0.25)
            // Not `as share` with `only`: the checker accepts it, but with no headline row the
            // engine shows counts, and the README does not say what it means (reported).
            breakdown = .init(field: field, category: field, asShare: !only && chance(0.4), notRecorded: chance(0.5) ? "Not recorded" : nil, only: only)
        }
        var per: RefMeasure.Per?
        if case .count = kind, !(breakdown?.asShare ?? false), chance(0.3) {
            per = .init(scale: pick([1, 100, 1000]), field: pick(["people", "weight"]),
                        matching: pick([nil, .call("month_start", [.period("end")], .date), .call("month_start", [.period("start")], .date),
                                        .duration(.call("month_start", [.period("end")], .date), plus: false, count: 1, months: true)]),
                        city: pick([nil, "all", "present"]))
        }
        var available: (Int, Bool)?
        if chance(0.1) { available = chance(0.5) ? (1 + int(3), true) : (10 + int(60), false) }
        return RefMeasure(id: id, record: record, when: when, lets: lets, wheres: wheres, distinct: distinct, kind: kind, breakdown: breakdown, available: available, per: per)
    }

    /// A derived measure over counted ones (not those whose breakdown is `only`: with no
    /// headline row, what `M.count` would read is not documented).
    mutating func derived(id: String, over measures: [RefMeasure]) -> RefDerived? {
        let usable = measures.filter { !($0.breakdown?.only ?? false) }
        guard !usable.isEmpty else { return nil }
        func term(_ depth: Int) -> RefDerived.Term {
            if depth > 0 && chance(0.6) {
                return .arith(pick(["+", "-", "*", "/", "/"]), term(depth - 1), term(depth - 1))
            }
            switch int(6) {
            case 0: return .int(Int64(int(6)))
            case 1: return .dec(pick([0.5, 2.5, 100, 0]))
            default:
                let m = pick(usable)
                var at: RefExpr?
                if chance(0.25) {
                    at = pick([RefExpr.duration(.period("start"), plus: false, count: 1, months: false),
                               .duration(.call("fy_start", [.period("end")], .date), plus: false, count: 1, months: false),
                               .duration(.period("end"), plus: false, count: 1, months: true), .asAt])
                }
                return .figure(measure: m.id, part: pick(["count", "numerator", "denominator", "value"]), at: at)
            }
        }
        var value = term(2)
        if chance(0.4) { value = .arith("/", term(1), term(1)) }
        return RefDerived(id: id, value: value)
    }
}
