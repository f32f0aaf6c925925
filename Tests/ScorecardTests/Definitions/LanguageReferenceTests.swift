import Foundation
import Testing
@testable import Scorecard

/// Every example in the language reference, `metrics/README.md`, checked: the example
/// council loads; each `scorecard` block loads beside it; each `scorecard-error` block
/// is refused with the messages its `# error:` lines give; each `scorecard-figure`
/// block runs on the reference's extracts and gives the figures its `# expect:` lines
/// state. A fenced block with any other tag fails, so no example escapes the check.
@Suite struct LanguageReferenceTests {
    struct Block: Sendable, CustomStringConvertible {
        var tag: String
        /// The rest of the info string: a `csv` block's file name.
        var argument: String
        var line: Int
        var text: String
        var description: String {
            let first = text.split(separator: "\n").first { !$0.hasPrefix("#") } ?? ""
            return "README.md:\(line) \(tag) \(first)"
        }
        /// The lines after a marker comment, e.g. `# error:`.
        func marked(_ marker: String) -> [String] {
            text.split(separator: "\n").compactMap { line in
                let t = line.trimmingCharacters(in: .whitespaces)
                return t.hasPrefix(marker) ? String(t.dropFirst(marker.count)).trimmingCharacters(in: .whitespaces) : nil
            }
        }
    }

    static let path = Repo.metrics + "/README.md"
    static let asAt = "2017-07-01"
    static let knownTags: Set<String> = ["scorecard-context", "scorecard", "scorecard-error", "scorecard-figure", "csv", "text"]

    /// The fenced blocks of the reference, in order.
    static let blocks: [Block] = {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
        var blocks: [Block] = []
        var open: Block?
        for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if line.hasPrefix("```") {
                if let block = open {
                    blocks.append(block)
                    open = nil
                } else {
                    let info = line.dropFirst(3).split(separator: " ", maxSplits: 1).map(String.init)
                    open = Block(tag: info.first ?? "", argument: info.count > 1 ? info[1] : "", line: i + 1, text: "")
                }
            } else if open != nil {
                open!.text += line + "\n"
            }
        }
        if let open { blocks.append(Block(tag: "unclosed", argument: "", line: open.line, text: open.text)) }
        return blocks
    }()

    static func blocks(_ tag: String) -> [Block] { blocks.filter { $0.tag == tag } }

    static var context: [(file: String, text: String)] {
        blocks("scorecard-context").map { ("README.md:\($0.line)", $0.text) }
    }

    /// The block with the example council: the definitions, or every message.
    static func check(_ block: Block) -> Result<Definitions, DiagnosticError> {
        do throws(DiagnosticError) {
            return .success(try DefinitionLoader.check(context + [("README.md:\(block.line)", block.text)]))
        } catch {
            return .failure(error)
        }
    }

    @Test func everyBlockIsOfAKindTheTestChecks() {
        #expect(!Self.blocks.isEmpty, "no fenced blocks read from \(Self.path)")
        for block in Self.blocks {
            #expect(Self.knownTags.contains(block.tag), "\(block): unknown tag '\(block.tag)'; use one of \(Self.knownTags.sorted())")
            if block.tag == "csv" { #expect(!block.argument.isEmpty, "\(block): a csv block names its file") }
        }
        // The reference keeps examples of each kind.
        #expect(Self.blocks("scorecard-context").count >= 1)
        #expect(Self.blocks("scorecard").count >= 8)
        #expect(Self.blocks("scorecard-error").count >= 10)
        #expect(Self.blocks("scorecard-figure").count >= 20)
        #expect(Self.blocks("csv").count >= 4)
    }

    @Test func theExampleCouncilLoads() throws {
        let definitions = try DefinitionLoader.check(Self.context)
        #expect(definitions.framework.title == "Harrier Early Help")
        #expect(definitions.sources.count == 6)
    }

    @Test(arguments: blocks("scorecard"))
    func exampleLoads(_ block: Block) {
        if case .failure(let error) = Self.check(block) {
            Issue.record("\(block) does not load:\n\(error.diagnostics.map(\.description).joined(separator: "\n"))")
        }
    }

    @Test(arguments: blocks("scorecard-error"))
    func errorExampleIsRefusedWithItsMessage(_ block: Block) {
        let wanted = block.marked("# error:")
        #expect(!wanted.isEmpty, "\(block) has no '# error:' line")
        switch Self.check(block) {
        case .success:
            Issue.record("\(block) was accepted; it should be refused with \(wanted)")
        case .failure(let error):
            let messages = error.diagnostics.map(\.description)
            for text in wanted {
                #expect(messages.contains { $0.contains(text) }, "\(block): no message contains \"\(text)\"; got:\n\(messages.joined(separator: "\n"))")
            }
        }
    }

    /// The messages a run stops with; nil when it runs.
    static func stopMessages(_ definitions: Definitions, _ folder: String) -> [String]? {
        do {
            _ = try Pipeline.run(definitions: definitions, dataFolder: folder, asAt: Day.parseISO(asAt)!)
            return nil
        } catch {
            return error.diagnostics.map(\.description)
        }
    }

    @Test(arguments: blocks("scorecard-figure"))
    func figureExampleGivesItsFigures(_ block: Block) throws {
        let expectations = block.marked("# expect:")
        // A figure example may instead show a run that stops: its `# error:` lines, no figures.
        let stops = block.marked("# error:")
        #expect(expectations.isEmpty != stops.isEmpty, "\(block) needs '# expect:' lines or (for a run that stops) '# error:' lines")
        let definitions: Definitions
        switch Self.check(block) {
        case .success(let d): definitions = d
        case .failure(let error):
            Issue.record("\(block) does not load:\n\(error.diagnostics.map(\.description).joined(separator: "\n"))")
            return
        }
        let folder = NSTemporaryDirectory() + "scorecard-reference-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for csv in Self.blocks("csv") { try Data(csv.text.utf8).write(to: URL(fileURLWithPath: folder + "/" + csv.argument)) }
        if !stops.isEmpty {
            guard let messages = Self.stopMessages(definitions, folder) else {
                Issue.record("\(block) ran; it should stop with \(stops)")
                return
            }
            for text in stops {
                #expect(messages.contains { $0.contains(text) }, "\(block): no message contains \"\(text)\"; got:\n\(messages.joined(separator: "\n"))")
            }
            return
        }
        let run = try Pipeline.run(definitions: definitions, dataFolder: folder, asAt: Day.parseISO(Self.asAt)!)
        for line in expectations {
            // MEASURE, PERIOD, COLUMN[, row=ROW][, part=PART] = VALUE
            guard let equals = line.range(of: " = ", options: .backwards) else {
                Issue.record("\(block): cannot read '# expect: \(line)'")
                continue
            }
            let wanted = line[equals.upperBound...].trimmingCharacters(in: .whitespaces)
            var fields = line[..<equals.lowerBound].components(separatedBy: ", ")
            guard fields.count >= 3 else {
                Issue.record("\(block): '# expect: \(line)' needs a measure, a period and a column")
                continue
            }
            var row: String?, part: String?
            for f in fields.dropFirst(3) {
                if f.hasPrefix("row=") { row = String(f.dropFirst(4)) } else if f.hasPrefix("part=") { part = String(f.dropFirst(5)) } else {
                    Issue.record("\(block): unknown '\(f)' in '# expect: \(line)'")
                }
            }
            fields = Array(fields.prefix(3))
            guard let figure = run.figure(fields[0], fields[1], fields[2], row: row, part: part) else {
                Issue.record("\(block): no figure for '\(line)'")
                continue
            }
            let got: String
            switch figure.value {
            case .notApplicable: got = "z"
            case .notAvailable: got = "x"
            case .number(let n):
                if let w = Double(wanted), abs(n.double - w) < 1e-9 { continue }
                got = "\(n.double)"
            }
            #expect(got == wanted, "\(block): \(line), got \(got)")
        }
    }
}
