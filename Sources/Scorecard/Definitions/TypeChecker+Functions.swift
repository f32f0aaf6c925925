/// The language's functions: how each is called, and checking a call to one.
extension TypeChecker {
    /// Functions of one date, with the type each gives (a date or a whole number).
    static let dateFunctions: [String: ValueType] = [
        "year": .int, "month": .int, "month_start": .date, "month_end": .date,
        "quarter_start": .date, "quarter_end": .date, "fy_start": .date, "fy_end": .date,
        "fy_year": .int, "fp": .int, "ay_start": .date, "ay_end": .date, "ay_year": .int,
    ]

    /// Every function the language knows, with how it is called (for messages and the reference).
    static let functionSignatures: [String: String] = {
        var all: [String: String] = [:]
        for name in dateFunctions.keys { all[name] = "\(name)(DATE)" }
        all["fy_year"] = "fy_year(DATE): the year the financial year (April to March) starts in: 2015 for 2015-16"
        all["fp"] = "fp(DATE): the financial period, 1 for April to 12 for March"
        all["ay_start"] = "ay_start(DATE): 1 September of the academic year (September to August)"
        all["ay_end"] = "ay_end(DATE): 31 August of the academic year"
        all["ay_year"] = "ay_year(DATE): the year the academic year starts in: 2015 for 2015/16"
        all["days_between"] = "days_between(FROM, TO): whole days from one date to another (negative if TO is earlier)"
        all["age"] = "age(BIRTH, ON): whole years of age on a date"
        all["min"] = "min(A, B, …): the least of two or more numbers or dates"
        all["max"] = "max(A, B, …): the greatest of two or more numbers or dates"
        all["abs"] = "abs(NUMBER)"
        all["round"] = "round(NUMBER) or round(NUMBER, PLACES): half away from zero"
        all["position"] = "position(CODE): the code's place in its category's declared order, from 1"
        all["weekday"] = "weekday(DATE): 1 for Monday to 7 for Sunday"
        all["working_days"] = "working_days(FROM, TO): working days after FROM up to and including TO (weekends and the framework's holidays excluded)"
        all["add_working_days"] = "add_working_days(DATE, N): the date N working days after DATE"
        all["is_working_day"] = "is_working_day(DATE): a weekday that is not one of the framework's holidays"
        return all
    }()

    mutating func call(_ name: String, _ args: [Expr], _ l: SourceLocation, _ scope: Scope) throws(Failure) -> TypedExpr {
        if let type = Self.dateFunctions[name], let function = TypedExpr.Function(rawValue: name) {
            guard args.count == 1 else { throw error(l, "'\(name)' takes one date, as in '\(name)(period.end)'") }
            let arg = try build(args[0], scope)
            guard arg.type == .date else { throw error(args[0].location, "'\(name)' takes a date, found a \(arg.type)") }
            return .call(function, [arg], type: type)
        }
        switch name {
        case "days_between", "age":
            guard args.count == 2 else { throw error(l, "'\(name)' takes two dates: \(Self.functionSignatures[name]!)") }
            let from = try build(args[0], scope), to = try build(args[1], scope)
            for (arg, c) in zip(args, [from, to]) where c.type != .date {
                throw error(arg.location, "'\(name)' takes dates, found a \(c.type)")
            }
            return .call(name == "age" ? .age : .daysBetween, [from, to], type: .int)
        case "min", "max":
            guard args.count >= 2 else { throw error(l, "'\(name)' takes two or more numbers or dates, as in '\(name)(start, period.start)'") }
            let checked = try args.map { (a: Expr) throws(Failure) -> TypedExpr in try build(a, scope) }
            let first = checked[0].type
            let type: ValueType
            if checked.allSatisfy({ $0.type == .date }) { type = .date }
            else if checked.allSatisfy({ $0.type == .int }) { type = .int }
            else if checked.allSatisfy({ $0.type.isNumeric }) { type = .decimal }
            else { throw error(l, "'\(name)' takes numbers or dates of one kind, found a \(first) and a \(checked.first { $0.type != first }!.type)") }
            return .call(name == "min" ? .min : .max, checked, type: type)
        case "weekday":
            guard args.count == 1 else { throw error(l, "'weekday' takes one date") }
            let c = try build(args[0], scope)
            guard c.type == .date else { throw error(args[0].location, "'weekday' takes a date, found a \(c.type)") }
            return .call(.weekday, [c], type: .int)
        case "working_days", "add_working_days", "is_working_day":
            guard holidays != nil else {
                throw error(l, "'\(name)' needs the framework to say which days are holidays: 'holidays RECORD.FIELD' (bank holidays read from an extract) or 'holidays none'")
            }
            guard scope.mode == .dataset else { throw error(l, "'\(name)' is for measures; the holidays are not read yet where this is written") }
            let wanted = name == "is_working_day" ? 1 : 2
            guard args.count == wanted else { throw error(l, "'\(name)' takes \(Self.functionSignatures[name]!)") }
            let checked = try args.map { (a: Expr) throws(Failure) -> TypedExpr in try build(a, scope) }
            guard checked[0].type == .date else { throw error(args[0].location, "'\(name)' takes a date first, found a \(checked[0].type)") }
            switch name {
            case "is_working_day":
                return .call(.isWorkingDay, checked, type: .bool)
            case "working_days":
                guard checked[1].type == .date else { throw error(args[1].location, "'working_days' takes two dates, found a \(checked[1].type)") }
                return .call(.workingDays, checked, type: .int)
            default:
                guard checked[1].type == .int else { throw error(args[1].location, "'add_working_days' takes a whole number of days, found a \(checked[1].type)") }
                return .call(.addWorkingDays, checked, type: .date)
            }
        case "position":
            guard args.count == 1 else { throw error(l, "'position' takes one code, as in 'position(stage)'") }
            let c = try build(args[0], scope)
            guard case .category = c.type else { throw error(args[0].location, "'position' takes a code of a category, found a \(c.type)") }
            return .call(.position, [c], type: .int)
        case "abs":
            guard args.count == 1 else { throw error(l, "'abs' takes one number") }
            let c = try build(args[0], scope)
            switch c.type {
            case .int, .decimal: return .call(.abs, [c], type: c.type)
            default: throw error(args[0].location, "'abs' takes a number, found a \(c.type)")
            }
        case "round":
            guard args.count == 1 || args.count == 2 else { throw error(l, "'round' takes a number and, optionally, a number of decimal places") }
            let c = try build(args[0], scope)
            guard c.type.isNumeric else { throw error(args[0].location, "'round' takes a number, found a \(c.type)") }
            var places = 0
            if args.count == 2 {
                guard case .number(let p, true, _) = args[1], p >= 0, p <= 9 else {
                    throw error(args[1].location, "'round' takes its decimal places as a whole number from 0 to 9 written out, as in 'round(x, 1)'")
                }
                places = Int(p)
            }
            // Always two arguments in the typed form: the places are written out, 0 to 9.
            // No places gives a whole number; any gives a number.
            return .call(.round, [c, .int(Int64(places))], type: places == 0 ? .int : .decimal)
        default:
            let known = Self.functionSignatures.keys.sorted()
            let hint = Suggestion.hint(for: name, in: known)
            throw error(l, "unknown function '\(name)'\(hint.isEmpty ? "; the functions are \(known.joined(separator: ", "))" : hint)")
        }
    }
}
