import Foundation
import Testing
@testable import Scorecard

/// What makes the report readable anywhere, as far as the page's text can show it (the
/// layout itself is measured in a real browser by `make audit`): the RAG key explains
/// every state the report uses, charts draw the target and do not flatten a drop,
/// visually hidden text cannot escape a table's scroller, print keeps rows together.
@Suite struct ReportReadabilityTests {
    static func html(publish: Bool) throws -> String {
        HostileText.file(try Reports.render(Repo.sampleRun, period: nil, publish: publish), "report.html")
    }

    /// Every RAG badge on the page has a twin in the key ("How to read this report").
    @Test(arguments: [false, true])
    func ragKeyListsEveryStateUsed(publish: Bool) throws {
        let html = try Self.html(publish: publish)
        let main = html.components(separatedBy: "<dl class=\"key\">")
        #expect(main.count == 2)
        let key = main[1].components(separatedBy: "</dl>")[0]
        let badges = Set(html.components(separatedBy: "<span class=\"rag ").dropFirst().map { String($0.prefix { $0 != "<" }) })
        #expect(badges.count >= 4, "\(badges)")
        for badge in badges { #expect(key.contains("<span class=\"rag \(badge)"), "no key entry for \(badge)") }
        // The samples do use Not rated (a suppressed or unavailable City figure against a target).
        let model = try Reports.model(Repo.sampleRun, period: nil, publish: true)
        if model.sections.flatMap(\.measures).contains(where: { $0.rag.label == "Not rated" }) {
            #expect(key.contains(">Not rated</span>"))
        }
    }

    /// A chart for a measure with a target for the year draws it; the others do not.
    @Test func chartsDrawTheTarget() throws {
        let model = try Reports.model(Repo.sampleRun, period: nil, publish: false)
        var withTarget = 0
        for m in model.sections.flatMap(\.measures) {
            guard let t = m.trend else { continue }
            let svg = TrendChart.svg(t, id: "c", measureName: m.id, target: m.target)
            #expect(svg.contains("class=\"target\"") == (m.target != nil), "\(m.id)")
            if let target = m.target {
                withTarget += 1
                #expect(svg.contains(">Target \(target.value.text)</text>"), "\(m.id)")
            }
        }
        #expect(withTarget > 0)
    }

    /// A fall from 71.1% to 62.1% fills most of the chart's height (the scale is cut and
    /// the cut marked), where a scale from zero made it a few pixels; values spread from
    /// near zero keep a scale from zero, unmarked.
    @Test func aRealDropIsNotFlattened() {
        let narrow = TrendChart.scale([71.1, 67.8, 68.5, 64.8, 68.8, 66.9, 64.1, 62.1, 66.0])
        #expect(narrow.broken)
        #expect(narrow.lo > 0 && narrow.lo < 62.1)
        #expect((71.1 - 62.1) / (narrow.hi - narrow.lo) > 0.6)
        let wide = TrendChart.scale([3, 40, 12])
        #expect(!wide.broken && wide.lo == 0)
        let negative = TrendChart.scale([-5, 10])
        #expect(!negative.broken && negative.lo == -5)

        let points = [71.1, 62.1].enumerated().map { (label: "Q\($0.offset)", cell: ReportCell.number($0.element, .percent)) }
        let svg = TrendChart.svg(.init(rowLabel: "Percentage", points: points), id: "c", measureName: "IM1")
        #expect(svg.contains("class=\"break\""))
        #expect(svg.contains("the vertical scale starts at"))
    }

    /// Hidden text is positioned against its table's scroller, never the page (it made the
    /// page scroll sideways); the first column stays in view; print keeps rows together.
    @Test func stylesheetKeepsTablesInTheirScrollers() throws {
        let css = HTMLStyle.css
        let scroll = css.components(separatedBy: "\n").first { $0.trimmingCharacters(in: .whitespaces).hasPrefix(".scroll {") } ?? ""
        #expect(scroll.contains("position: relative") && scroll.contains("overflow-x: auto"))
        #expect(css.contains("tbody th[scope=\"row\"] { position: sticky; left: 0;"))
        #expect(css.contains("thead { display: table-header-group; }"))
        #expect(css.contains("tr, figure { break-inside: avoid; }"))
        #expect(!css.contains("#reading h2, #summary h2"), "no forced page break before the opening sections")
        let body = try Self.html(publish: true).components(separatedBy: "<body>")[1]
        #expect(body.contains("class=\"visually-hidden\""))
        // Every visually hidden span sits inside a table cell, inside a scroller.
        let tables = body.components(separatedBy: "<div class=\"scroll\"")
        let outside = tables.enumerated().map { i, part in i == 0 ? part : part.components(separatedBy: "</div>").dropFirst().joined() }
        #expect(!outside.contains { $0.contains("visually-hidden") })
    }
}
