import Foundation
import Testing
@testable import Scorecard

/// Declarations that were accepted and then ignored, or that read the wrong figure, are
/// refused where they are written (each found while writing the language reference).
@Suite struct SilentIgnoreTests {
    static func refusal(_ files: [String: String]) -> String? {
        do {
            _ = try Repo.definitions(adding: files)
            return nil
        } catch {
            return String(describing: error)
        }
    }

    @Test(arguments: [
        // A derived value read row 0 of a measure with only breakdown rows: its first category.
        ("impact/V.metric", "measure V {\n  name \"v\"\n  section impact\n  value PF1.count * 2\n}\n",
         "measure 'PF1' has only breakdown rows"),
        // 'per … matching' compared an int with a date and gave x everywhere.
        ("impact/V.metric", "measure V {\n  name \"v\"\n  section impact\n  of csc_episode\n  when open at period end\n  count\n  per 10000 population.children matching year = period.start\n}\n",
         "'year' is a whole number; it cannot match a date"),
        // 'count' beside parts was ignored.
        ("impact/V.metric", "measure V {\n  name \"v\"\n  section impact\n  of case\n  when received in period\n  count\n  part all = count\n}\n",
         "'count' beside parts would be ignored"),
        // 'as share' with 'only' did nothing.
        ("impact/V.metric", "measure V {\n  name \"v\"\n  section impact\n  of case\n  when received in period\n  count\n  breakdown route as share only\n}\n",
         "'as share' divides each row by the headline, which 'only' leaves out"),
        // 'ignore spaces around "ab"' used only the first character.
        ("codes/V.codes", "map v_map to locality {\n  ignore spaces around \"ab\"\n  \"N\" -> \"North & Riverside\"\n}\n",
         "'ignore spaces around' takes one character at a time"),
    ])
    func refusedWhereWritten(path: String, text: String, words: String) {
        let message = Self.refusal([path: text])
        #expect(message?.contains(words) == true, "\(message ?? "accepted")")
    }
}
