import Foundation
import Testing
@testable import Scorecard

/// Adding a measure is writing a file: no Swift changes.
@Suite struct NewMeasureTests {
    @Test func aMeasureWrittenInATemporaryFolderIsLoadedAndEvaluated() throws {
        let folder = NSTemporaryDirectory() + "scorecard-metrics-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.copyItem(atPath: Repo.metrics, toPath: folder)
        try """
        # Cases closed with outcomes met, by route.
        measure HM9 {
          name      "Cases closed with outcomes met"
          section   how_much
          of        case
          when      end in period
          where     end_reason = "Outcomes met"
          count
          breakdown route including "Not recorded"
        }
        """.write(toFile: folder + "/how-much/HM9.metric", atomically: true, encoding: .utf8)

        let definitions = try DefinitionLoader.load(folder: folder)
        #expect(definitions.measures.contains { $0.id == "HM9" })
        let run = try Pipeline.run(definitions: definitions, dataFolder: Repo.sampleData, asAt: Repo.sampleAsAt)
        for period in ["2016-17", "2017-18 Q2", "2015-06"] {
            for column in ["North & Riverside", "Locality not recorded", "City"] {
                let closedWithOutcomes = run.figure("HW5", period, column, row: "Outcomes met")?.numerator
                #expect(run.figure("HM9", period, column)?.numerator == closedWithOutcomes)
            }
        }
        #expect(run.value("HM9", "2016-17") == 209)
        // HM9 sorts after HM8 in the long table, before the how-well measures.
        let ids = LongTable.rows(run).filter { $0.period == "2016-17" }.map(\.measure)
        #expect(ids.firstIndex(of: "HM9")! > ids.lastIndex(of: "HM8")!)
        #expect(ids.lastIndex(of: "HM9")! < ids.firstIndex(of: "HW1")!)
    }
}
