import Foundation
import Testing
@testable import Scorecard

/// How a rate's City figure is formed when a locality's reference value is missing:
/// `x` by default (`city all`), or over the localities present (`city present`).
@Suite struct RateCityTests {
    @Test func theCityRuleIsDeclared() throws {
        let data = NSTemporaryDirectory() + "scorecard-ratecity-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: data) }
        try FileManager.default.copyItem(atPath: Repo.sampleData, toPath: data)
        // Coalfields' 2017 mid-year estimate is missing.
        let path = data + "/population.csv"
        let kept = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.hasPrefix("Coalfields,2017") }
        try kept.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let definitions = try Repo.definitions(adding: ["impact/IM5P.metric": """
        measure IM5P {
          name       "Children looked after per 10,000 (City over the localities present)"
          section    impact
          of         csc_episode
          when       open at period end
          where      type = "CLA"
          count      distinct child
          per        10000 population.children matching year = year(fy_start(period.end)) city present
        }
        """])
        let run = try Pipeline.run(definitions: definitions, dataFolder: data, asAt: Repo.sampleAsAt)
        let period = "2017-18 Q3"
        // The default: the City has no figure while a locality's reference is missing.
        #expect(run.figure("IM5", period, "City")?.value == .notAvailable)
        #expect(run.figure("IM5", period, "Coalfields")?.value == .notAvailable)
        // Declared: the City divides by the three localities that have a population.
        let city = try #require(run.figure("IM5P", period, "City"))
        var present = 0.0
        for locality in ["North & Riverside", "East/West", "City Centre"] {
            present += try #require(run.figure("IM5P", period, locality)?.denominator?.double)
        }
        let count = try #require(city.numerator?.double)
        #expect(city.denominator?.double == present)
        #expect(city.value == .number(.double(count * 10000 / present)))
        // 2016-17 has every locality's estimate: both rules agree.
        #expect(run.figure("IM5P", "2016-17 Q3", "City") == run.figure("IM5", "2016-17 Q3", "City"))
    }

    @Test func anUnknownCityRuleIsADefinitionError() {
        let bad = """
        measure BAD {
          name    "b"
          section impact
          of      csc_episode
          when    open at period end
          count
          per     10000 population.children matching year = year(period.end) city some
        }
        """
        do {
            _ = try Repo.definitions(adding: ["impact/BAD.metric": bad])
            Issue.record("accepted")
        } catch {
            #expect(String(describing: error).contains("'city' is 'all'"))
        }
    }
}
