import Foundation
import Testing
@testable import Scorecard

/// Errors that teach: near misses get the right spelling, unknown statements list the
/// known ones, a file goes on being checked after an error, and a cycle shows its path.
@Suite struct TeachingErrorTests {
    static let file = """
    measure BAD1 {
      name    "bad"
      section how_much
      of      case
      when    received in period
      where   end is missing
      count
    }
    measure BAD2 {
      name    "bad2"
      section how_much
      of      case
      frobnicate 3
      when    received <= as-at
      count
    }
    measure BAD3 {
      name    "bad3"
      section how_much
      value   BAD4.count + 1
    }
    measure BAD4 {
      name    "bad4"
      section how_much
      value   BAD3.count + 1
    }
    measure BAD5 {
      name    "bad5"
      section how_much
      of      cases
      when    received in period
      count
    }
    """

    static let messages: [(line: Int, text: String)] = {
        do {
            _ = try Repo.definitions(adding: ["how-much/BAD.metric": file])
            return []
        } catch let error as DiagnosticError {
            return error.diagnostics.filter { $0.location?.file.hasSuffix("BAD.metric") == true }.map { ($0.location!.line, $0.message) }
        } catch {
            return []
        }
    }()

    @Test(arguments: [
        (6, "'is missing' is written 'is blank'"),
        (13, "unknown statement 'frobnicate'; the statements here are name, description, section, of, when, where"),
        (14, "the run's as-at date is written 'as_at'"),
        (17, "measure 'BAD3' depends on itself: BAD3 → BAD4 → BAD3"),
        (30, "unknown record 'cases'; did you mean 'case'?"),
    ])
    func eachMistakeIsReportedWhereItIsWithWhatToWrite(line: Int, words: String) {
        #expect(Self.messages.contains { $0.line == line && $0.text.contains(words) }, "\(Self.messages)")
    }

    @Test func everyErrorInTheFileIsReportedAtOnce() {
        // Five measures, six mistakes (the cycle is reported from both ends): none hides another.
        #expect(Self.messages.count == 6, "\(Self.messages)")
    }
}
