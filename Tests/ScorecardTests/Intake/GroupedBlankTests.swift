import Foundation
import Testing
@testable import Scorecard

/// A grouped record's sum, least or greatest over a group whose values are all blank is
/// blank — as SQL's are — not 0, and never a crash (it once stopped the run converting
/// infinity to a whole number).
@Suite struct GroupedBlankTests {
    static let definitions = MiniCouncil.framework + """
    record visit {
      key    id
      column area
      id     text
      family text
      day    date
      hours  int
      cost   decimal
      area   area
    }
    record family_month {
      group  visit by family, area
      column area
      least  = min hours
      most   = max cost
      total  = sum hours
      visits = count id
    }
    source visits {
      file      "visits.csv"
      encoding  utf8
      delimiter ","
      header    yes
      into      visit
      id     = "id"
      family = "family"
      day    = "day" format "yyyy-mm-dd" required
      hours  = "hours"
      cost   = "cost"
      area   = "area"
    }
    measure BLANKLEAST {
      name    "Families with no hours recorded"
      section main
      of      family_month
      when    1 = 1
      where   least is blank and total is blank and most is blank
      count
    }
    measure SOME {
      name    "Families with hours"
      section main
      of      family_month
      when    1 = 1
      where   least = 2 and total = 5 and most = 7.5 and visits = 2
      count
    }
    """

    @Test func aGroupOfBlanksAggregatesToBlank() throws {
        let folder = NSTemporaryDirectory() + "scorecard-groupblank-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try "id,family,day,hours,cost,area\n1,F1,2017-04-03,,,North\n2,F1,2017-04-04,,,North\n3,F2,2017-04-05,2,7.5,South\n4,F2,2017-04-06,3,,South\n"
            .write(toFile: folder + "/visits.csv", atomically: true, encoding: .utf8)
        let checked = try DefinitionLoader.check([("g.framework", Self.definitions)])
        let run = try Pipeline.run(definitions: checked, dataFolder: folder, asAt: Day.parseISO("2017-07-01")!)
        #expect(run.value("BLANKLEAST", "2017-04", "All") == 1)
        #expect(run.value("SOME", "2017-04", "All") == 1)
    }
}
