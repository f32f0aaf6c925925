import Foundation
import Testing
@testable import Scorecard

/// The typed forms of money and date-times (issues #11, #12), as a backend other than
/// the closure evaluator reads them: every conversion is an explicit node, never a
/// closure trick — money meeting a number is `moneyAsNumber`, a date-time given to a
/// working-day function is `arrival` with the close of business in it.
@Suite struct TypedMoneyTests {
    static let definitions: Definitions = {
        let text = CloseOfBusinessTests.definitions() + """
        record payment {
          key    id
          column area
          id     text
          paid   date
          amount money
          area   area
        }
        source payments {
          file "payments.csv"
          into payment
          id     = "id"
          paid   = "paid" format "dd/mm/yyyy"
          amount = "amount" currency "£"
        }
        measure SPEND {
          name    "Spend"
          section main
          of      payment
          when    paid in period
          where   amount > 100 and amount + amount >= amount * 2
          sum     amount
        }
        measure ON_TIME {
          name    "On time"
          section main
          of      request
          when    date(received) in period
          share   working_days(received, answered) <= 10
        }
        measure PER {
          name    "Spend per request"
          section main
          value   SPEND.value / ON_TIME.denominator
        }
        """
        return try! DefinitionLoader.check([("t.framework", text)])
    }()

    static func measure(_ id: String) -> TypedMeasure { definitions.measures.first { $0.id == id }!.typed }

    @Test func moneyMeetingANumberIsAnExplicitConversion() throws {
        let spend = Self.measure("SPEND")
        guard case .and(.compare(.greater, .moneyAsNumber(.field(_, _, .money)), .int(100), kind: .numeric),
                        .compare(.greaterEqual, .arithmetic(.plus, _, _, type: .money, _), .arithmetic(.times, _, .int(2), type: .money, _), kind: .money)) = try #require(spend.wheres.first?.expr) else {
            Issue.record("SPEND's where has the wrong shape: \(String(describing: spend.wheres.first?.expr))")
            return
        }
        #expect(spend.aggregate?.kind == .sum && spend.aggregate?.value.type == .money)
        #expect(Self.definitions.measures.first { $0.id == "SPEND" }?.unit == .pounds)
        // A money figure read by a value is money; divided, a number of pounds.
        guard case .arithmetic(.divide, .moneyAsNumber(.figure(_, .value, .money)), .figure(_, .denominator, .decimal), type: .decimal, _) = try #require(Self.measure("PER").value) else {
            Issue.record("PER's value has the wrong shape: \(String(describing: Self.measure("PER").value))")
            return
        }
    }

    @Test func aDateTimeGivenToTheWorkingDaysArrivesUnderTheCloseOfBusiness() throws {
        let onTime = Self.measure("ON_TIME")
        guard case .inPeriod(.call(.date, let day, type: .date), toDate: false) = try #require(onTime.when),
              case .field(_, _, .datetime) = day[0] else {
            Issue.record("ON_TIME's when has the wrong shape: \(String(describing: onTime.when))")
            return
        }
        guard case .share(let clause)? = onTime.parts.first?.part,
              case .compare(.lessEqual, .call(.workingDays, let args, type: .int), .int(10), kind: .numeric) = clause.expr,
              case .arrival(.field(_, _, .datetime), closeOfBusiness: 61_200) = args[0],
              case .arrival(.field(_, _, .datetime), closeOfBusiness: 61_200) = args[1] else {
            Issue.record("ON_TIME's share has the wrong shape: \(onTime.parts)")
            return
        }
    }
}
