import Foundation
import Testing
@testable import Scorecard

/// `first`/`last … order by` with plain fields walks groups pre-sorted by those fields;
/// any other order key takes the general loop. Both must choose the same record,
/// blanks and ties included (blank ends are many and tie: table order decides).
@Suite struct PickOrderTests {
    @Test func sortedWalkChoosesWhatTheGeneralLoopChooses() throws {
        let folder = NSTemporaryDirectory() + "scorecard-pick-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.copyItem(atPath: Repo.metrics, toPath: folder)
        func measure(_ id: String, _ pick: String, _ order: String) -> String {
            """
            measure \(id) {
              name    "Pick order check \(id)"
              section how_well
              of      case
              when    received in period
              let     p = \(pick) case c where c.person = person and c.received <= received order by \(order)
              where   p is not blank
              share   p.route = route
            }

            """
        }
        let text = measure("TA", "last", "c.end, c.lead_agency") + measure("TB", "last", "c.end + 0 days, c.lead_agency")
            + measure("TC", "first", "c.end") + measure("TD", "first", "c.end + 0 days")
        try text.write(toFile: folder + "/how-well/pick-order.metric", atomically: true, encoding: .utf8)
        let definitions = try DefinitionLoader.load(folder: folder)
        let run = try Pipeline.run(definitions: definitions, dataFolder: Repo.sampleData, asAt: Repo.sampleAsAt)
        let rows = LongTable.rows(run)
        func figures(_ id: String) -> [String] {
            rows.filter { $0.measure == id }.map { "\($0.period)|\($0.column)|\($0.numerator)|\($0.denominator)" }
        }
        func differences(_ a: String, _ b: String) -> [String] {
            let (x, y) = (figures(a), figures(b))
            if x.count != y.count { return ["\(a) has \(x.count) figures, \(b) \(y.count)"] }
            return zip(x, y).filter { $0 != $1 }.map { "\($0.0) against \($0.1)" }
        }
        #expect(!figures("TA").isEmpty)
        #expect(differences("TA", "TB").isEmpty, "\(differences("TA", "TB").prefix(5))")
        #expect(differences("TC", "TD").isEmpty, "\(differences("TC", "TD").prefix(5))")
        // The check is only worth something if ties and blanks occur and choices differ.
        #expect(!differences("TA", "TC").isEmpty)
    }
}
