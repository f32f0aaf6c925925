import Foundation
import Testing
@testable import Scorecard

/// A share over distinct people: "of the people referred in the period, the share who
/// had another referral in the 12 months before" — the denominator counts people, not
/// referrals, and a person is in the numerator when any of their referrals in the
/// population meets the condition. Figures worked out by hand from seven rows.
@Suite struct DistinctShareTests {
    static let definitions = """
    framework {
      title        "Re-referrals"
      first_month  "2016-04"
      columns      area
      not_recorded "Area not recorded"
      city         "All"
      section main "Main"
    }
    category area { "North", "South" }
    record referral {
      key    id
      column area
      id     text
      person person
      date   date
      area   area
    }
    source referrals {
      file      "referrals.csv"
      encoding  utf8
      delimiter ","
      header    yes
      into      referral
      id     = "id"
      person = "person" system "A"
      date   = "date" format "yyyy-mm-dd" required
      area   = "area"
    }
    measure PEOPLE {
      name    "People referred again within 12 months"
      section main
      of      referral
      when    date in period
      count   distinct person
      share   exists other referral r where r.person = person and r.date < date and r.date >= date - 12 months
    }
    measure REFERRALS {
      name    "Referrals following another within 12 months"
      section main
      of      referral
      when    date in period
      share   exists other referral r where r.person = person and r.date < date and r.date >= date - 12 months
    }
    """

    static let rows = """
    id,person,date,area
    1,p1,2017-04-05,North
    2,p1,2017-05-10,North
    3,p2,2017-04-20,North
    4,p3,2016-12-01,South
    5,p3,2017-06-01,South
    6,p4,2017-06-02,North
    7,p4,2017-06-03,South

    """

    nonisolated(unsafe) static let run: Evaluation = {
        let folder = NSTemporaryDirectory() + "scorecard-distinctshare-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try! FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try! Data(rows.utf8).write(to: URL(fileURLWithPath: folder + "/referrals.csv"))
        let checked = try! DefinitionLoader.check([("r.framework", definitions)])
        return try! Pipeline.run(definitions: checked, dataFolder: folder, asAt: Day.parseISO("2017-07-01")!)
    }()

    @Test(arguments: [
        ("2017-18 Q1", "All", 3, 4),     // p1, p3, p4 of p1–p4
        ("2017-18 Q1", "North", 1, 3),   // p1 of p1, p2, p4 (p4's North referral came first)
        ("2017-18 Q1", "South", 2, 2),   // p3, and p4's second referral
        ("2017-05", "North", 1, 1),
        ("2017-04", "All", 0, 2),
    ])
    func peopleNotReferralsAreCounted(period: String, column: String, numerator: Int64, denominator: Int64) {
        let figure = Self.run.figure("PEOPLE", period, column)
        #expect(figure?.numerator == .int(numerator) && figure?.denominator == .int(denominator), "\(String(describing: figure))")
    }

    @Test func theRecordShareDiffers() {
        // Per referral: 3 of the 6 referrals in the quarter follow another.
        let figure = Self.run.figure("REFERRALS", "2017-18 Q1", "All")
        #expect(figure?.numerator == .int(3) && figure?.denominator == .int(6))
    }
}
