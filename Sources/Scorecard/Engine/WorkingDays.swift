/// Working days: Monday to Friday, less the declared holidays (bank holidays read from
/// an extract). Counts use arithmetic over whole weeks and a binary search over the
/// sorted holidays, so `working_days` costs the same for a week or a decade.
struct WorkingDays: Sendable {
    /// Holidays that fall on weekdays, sorted, each once.
    let holidays: [Int32]

    init(holidays: [Int32]) {
        self.holidays = Array(Set(holidays.filter { WorkingDays.weekday($0) <= 5 })).sorted()
    }

    /// 1 for Monday … 7 for Sunday (day 4, 1970-01-05, was a Monday).
    static func weekday(_ day: Int32) -> Int {
        Int(((Int64(day) - 4) % 7 + 7) % 7) + 1
    }

    func isWorkingDay(_ day: Int32) -> Bool {
        Self.weekday(day) <= 5 && !isHoliday(day)
    }

    private func isHoliday(_ day: Int32) -> Bool {
        let i = lowerBound(day)
        return i < holidays.count && holidays[i] == day
    }

    private func lowerBound(_ day: Int32) -> Int {
        var lo = 0, hi = holidays.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if holidays[mid] < day { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// Weekdays in (epoch, day], the epoch a Sunday long before any extract.
    private static func weekdaysThrough(_ day: Int32) -> Int64 {
        let epoch: Int64 = 3 - 7 * 100_000  // a Sunday: 1970-01-04 is day 3
        let k = Int64(day) - epoch
        return (k / 7) * 5 + min(k % 7, 5)
    }

    /// Working days after `from` up to and including `to`: a request on Monday answered on
    /// the next Monday took 5. Negative when `to` is before `from`.
    func between(_ from: Int32, _ to: Int32) -> Int64 {
        if to < from { return -between(to, from) }
        let weekdays = Self.weekdaysThrough(to) - Self.weekdaysThrough(from)
        let holidaysIn = Int64(lowerBound(to &+ 1) - lowerBound(from &+ 1))
        return weekdays - holidaysIn
    }

    /// The working day a date-time counts as arriving on (issue #12's close-of-business
    /// rule): its own day when that is a working day and the time is before the close of
    /// business; otherwise — at or after the close, or on a weekend or holiday — the
    /// start of the next working day. A request at 16:59 on a Friday counts from that
    /// Friday; at 17:00, from the Monday (the Tuesday when Monday is a bank holiday).
    func arrival(day: Int32, secondOfDay: Int64, closeOfBusiness: Int64) -> Int32 {
        if isWorkingDay(day), secondOfDay < closeOfBusiness { return day }
        var d = day &+ 1
        while !isWorkingDay(d) { d &+= 1 }
        return d
    }

    /// The date `n` working days after `day` (before it when `n` is negative); nil beyond
    /// a hundred thousand working days.
    func adding(_ n: Int64, to day: Int32) -> Int32? {
        guard n >= -100_000, n <= 100_000 else { return nil }
        var d = day, left = n < 0 ? -n : n
        let step: Int32 = n < 0 ? -1 : 1
        while left > 0 {
            d += step
            if isWorkingDay(d) { left -= 1 }
        }
        return d
    }
}
