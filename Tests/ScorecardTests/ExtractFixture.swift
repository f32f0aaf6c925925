import Foundation
@testable import Scorecard

/// A throwaway extract folder: the given files, and every other extract the shipped
/// sources name present with its header only, so each rule can be tested on a few rows.
struct ExtractFixture {
    let folder: String

    static let headers: [String: [UInt8]] = [
        "mat_cases.csv": Array("CASE_REF;CLIENT_NO;FAMILY_NO;LOC_CODE;ROUTE;OPENED;ASSESS_DT;CLOSED;CLOSE_RSN;LEAD_AGENCY\r\n".utf8),
        "ehm_episodes.csv": [0xEF, 0xBB, 0xBF] + Array("Episode ID,Person ID,Family ID,Legacy Case Ref,Request Received,Request Source,Locality Team,Episode Start,Assessment Completed,Episode End,End Reason,Lead Professional Agency,Notes\r\n".utf8),
        "person_xref.csv": Array("system,local_id,person_uid\n".utf8),
        "csc_episodes.csv": Array("child_id,episode_type,start_date,end_date,locality_code\n".utf8),
        "hwify_returns.csv": Array("Return No,Team,Date Returned,Treated With Respect,Listened To,Helped With Issues,Comments\n".utf8),
        "spider_scores.csv": Array("Case Ref,Stage,Date,Domain,Score\n".utf8),
        "ecaf_eha.txt": [],
        "population.csv": Array("locality,year,population_0_17\n".utf8),
        "workforce.csv": Array("quarter_end,locality,worker_fte\n".utf8),
        "priority_families.csv": Array("family_id,locality,criterion,attached_date,progress_date\n".utf8),
    ]

    /// `rows` are appended after each file's header; give raw bytes for Windows-1252 files.
    init(_ rows: [String: [UInt8]]) throws {
        folder = NSTemporaryDirectory() + "scorecard-fixture-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for (name, header) in Self.headers {
            try Data(header + (rows[name] ?? [])).write(to: URL(fileURLWithPath: folder + "/" + name))
        }
    }

    init(text rows: [String: String]) throws {
        try self.init(rows.mapValues { Array($0.utf8) })
    }

    func run(asAt: String = "2018-04-06", definitions: Definitions = Repo.definitions) throws -> Evaluation {
        try Pipeline.run(definitions: definitions, dataFolder: folder, asAt: Day.parseISO(asAt)!)
    }

    func remove() { try? FileManager.default.removeItem(atPath: folder) }
}

extension Evaluation {
    /// The figure of a measure's row (headline by default) for a period label and column name.
    func figure(_ id: String, _ period: String, _ column: String = "City", row: String? = nil, part: String? = nil) -> Figure? {
        guard let result = results.first(where: { definitions.measures[$0.measure].id == id }),
              let w = periods.firstIndex(where: { $0.label == period }),
              let r = result.rows.firstIndex(where: { $0 == row }),
              let p = result.parts.firstIndex(where: { $0 == part }) else { return nil }
        let framework = definitions.framework
        let columns = definitions.categories[framework.columnCategory].values + [framework.notRecordedLabel, framework.cityLabel]
        guard let c = columns.firstIndex(of: column) else { return nil }
        return result.figure(window: w, row: r, column: c, part: p)
    }

    /// The figure's value as a double (nil for a symbol).
    func value(_ id: String, _ period: String, _ column: String = "City", row: String? = nil, part: String? = nil) -> Double? {
        guard case .number(let n)? = figure(id, period, column, row: row, part: part)?.value else { return nil }
        return n.double
    }

    func rejectReasons(_ source: String) -> [String] { rejects.filter { $0.source == source }.map(\.reason) }
}
