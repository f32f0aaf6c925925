/// The language's functions as closures over their lowered arguments.
extension Lowering {
    /// Functions of one date, to a date or a whole number.
    static let dateFunctions: [TypedExpr.Function: @Sendable (Int32) -> Int64] = [
        .year: { Int64(Day.civil($0).year) },
        .month: { Int64(Day.civil($0).month) },
        .monthStart: { Int64(Day.monthStart($0)) },
        .monthEnd: { Int64(Day.monthEnd($0)) },
        .quarterStart: { Int64(Day.quarterStart($0)) },
        .quarterEnd: { Int64(Day.quarterEnd($0)) },
        .fyStart: { Int64(Day.financialYearStart($0)) },
        .fyEnd: { Int64(Day.addMonths(Day.financialYearStart($0), 12)) - 1 },
        .fyYear: { Int64(Day.civil(Day.financialYearStart($0)).year) },
        .fp: { let m = Day.civil($0).month; return Int64(m >= 4 ? m - 3 : m + 9) },
        .ayStart: { Int64(Day.academicYearStart($0)) },
        .ayEnd: { Int64(Day.addMonths(Day.academicYearStart($0), 12)) - 1 },
        .ayYear: { Int64(Day.civil(Day.academicYearStart($0)).year) },
    ]

    func call(_ function: TypedExpr.Function, _ typedArgs: [TypedExpr], type: ValueType) -> Compiled {
        let args = typedArgs.map(lower)
        if let f = Self.dateFunctions[function] {
            let eval = args[0].eval
            return Compiled(type: type) { ctx in
                guard case .int(let d) = eval(&ctx) else { return .null }
                return .int(f(Int32(d)))
            }
        }
        switch function {
        case .daysBetween, .age:
            let ef = args[0].eval, et = args[1].eval
            let years = function == .age
            return Compiled(type: .int) { ctx in
                guard case .int(let a) = ef(&ctx), case .int(let b) = et(&ctx) else { return .null }
                if !years { return .int(b - a) }
                let (by, bm, bd) = Day.civil(Int32(a)), (y, m, d) = Day.civil(Int32(b))
                // Birthdays on 29 February fall on 1 March in other years.
                let hadBirthday = (m, d) >= (bm, bd)
                return .int(Int64(y - by - (hadBirthday ? 0 : 1)))
            }
        case .min, .max:
            let evals = args.map(\.eval)
            let least = function == .min
            // Blanks are passed over (blank only when every argument is), as SQL's LEAST and
            // GREATEST do: 'min(end, period.end)' is the period's end for a case still open.
            return Compiled(type: type) { ctx in
                var best: Value = .null
                for e in evals {
                    let v = e(&ctx)
                    guard let x = v.asDouble else { continue }
                    if let b = best.asDouble {
                        if least ? x < b : x > b { best = v }
                    } else {
                        best = v
                    }
                }
                if type == .decimal, let d = best.asDouble { return .double(d) }
                return best
            }
        case .weekday:
            let eval = args[0].eval
            return Compiled(type: .int) { ctx in
                guard case .int(let d) = eval(&ctx) else { return .null }
                return .int(Int64(WorkingDays.weekday(Int32(d))))
            }
        case .isWorkingDay:
            let first = args[0].eval
            return Compiled(type: .bool) { ctx in
                guard case .int(let d) = first(&ctx) else { return .bool(false) }
                return .bool(ctx.data.workingDays.isWorkingDay(Int32(d)))
            }
        case .workingDays:
            let first = args[0].eval, second = args[1].eval
            return Compiled(type: .int) { ctx in
                guard case .int(let a) = first(&ctx), case .int(let b) = second(&ctx) else { return .null }
                return .int(ctx.data.workingDays.between(Int32(a), Int32(b)))
            }
        case .addWorkingDays:
            let first = args[0].eval, second = args[1].eval
            return Compiled(type: .date) { ctx in
                guard case .int(let d) = first(&ctx), case .int(let n) = second(&ctx),
                      let day = ctx.data.workingDays.adding(n, to: Int32(d)) else { return .null }
                return .int(Int64(day))
            }
        case .position:
            let eval = args[0].eval
            // Codes are held as their index in the declared order.
            return Compiled(type: .int) { ctx in
                guard case .int(let i) = eval(&ctx) else { return .null }
                return .int(i + 1)
            }
        case .abs:
            let eval = args[0].eval
            if type == .int { return Compiled(type: .int) { ctx in if case .int(let i) = eval(&ctx) { return .int(i < 0 ? 0 &- i : i) }; return .null } }
            return Compiled(type: .decimal) { ctx in if case .double(let d) = eval(&ctx) { return .double(Swift.abs(d)) }; return .null }
        case .round:
            let eval = args[0].eval
            // The places are a constant the checker put second.
            var places = 0
            if typedArgs.count > 1, case .int(let p) = typedArgs[1] { places = Int(p) }
            let scale = (0..<places).reduce(1.0) { r, _ in r * 10 }
            if places == 0 {
                return Compiled(type: .int) { ctx in
                    // Beyond a whole number's range there is no whole number to give: blank.
                    guard let d = eval(&ctx).asDouble, d.isFinite, Swift.abs(d) < 9.0e18 else { return .null }
                    return .int(Int64(d.rounded(.toNearestOrAwayFromZero)))
                }
            }
            return Compiled(type: .decimal) { ctx in
                guard let d = eval(&ctx).asDouble, d.isFinite else { return .null }
                return .double((d * scale).rounded(.toNearestOrAwayFromZero) / scale)
            }
        default:
            preconditionFailure("\(function) is a function of one date, lowered above")
        }
    }
}
