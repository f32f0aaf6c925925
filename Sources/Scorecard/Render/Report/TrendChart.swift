/// A small inline SVG line chart of the City headline over the last eight quarters.
/// No scripts, fonts or files: the report stays one self-contained page. The chart
/// is an image with a short accessible name; the values themselves are in the
/// visible caption beside it, which serves as its text alternative (and prints).
///
/// The target, when the year has one, is drawn as a dashed line, so a reader sees
/// at once how far the figure is from it. The vertical scale starts at zero unless
/// that would flatten the line: when every value (and the target) sits in a narrow
/// band far above zero, a 9-point fall from 71% would be a few pixels on a scale
/// from zero, so the scale is cut to the band and the cut is marked on the axis
/// (a broken axis, as statistical charts mark it) and said in the accessible name.
enum TrendChart {
    static let width = 300, height = 150
    static let left = 44, right = 290, top = 12, bottom = 118, inset = 10

    /// The range the vertical axis shows, and whether it is cut above zero.
    struct Scale: Equatable {
        var lo: Double
        var hi: Double
        var broken: Bool
    }

    /// Zero to the top, unless the values and target lie in a band narrower than half
    /// the largest of them (and all above zero): then the band, with a margin.
    static func scale(_ values: [Double]) -> Scale {
        let lowest = values.min() ?? 0, highest = values.max() ?? 0
        if lowest > 0, highest - lowest < highest / 2 {
            let band = max(highest - lowest, highest * 0.02)
            return Scale(lo: max(0, lowest - band * 0.3), hi: highest + band * 0.15, broken: true)
        }
        let lo = min(0, lowest)
        let top = max(0, highest) - lo < 1e-9 ? lo + 1 : max(0, highest)
        return Scale(lo: lo, hi: top + (top - lo) * 0.05, broken: false)
    }

    static func svg(_ trend: MeasureReport.Trend, id: String, measureName: String, target: MeasureReport.Target? = nil) -> String {
        // Plot the values as displayed (rounded), so the chart never shows more than the table.
        func shown(_ cell: ReportCell) -> Double? { cell.scaled.map { Double($0) / (cell.decimals == 0 ? 1 : 10) } }
        let values: [Double?] = trend.points.map { shown($0.cell) }
        let numbers = values.compactMap { $0 }
        let goal = target.flatMap { shown($0.value) }
        let scale = scale(numbers + (goal.map { [$0] } ?? []))
        let lo = scale.lo, hi = scale.hi
        let n = max(trend.points.count, 2)
        // Points sit inside the frame so the first and last clear the axis and its labels.
        func x(_ i: Int) -> Int { (left + inset) * 10 + (right - left - 2 * inset) * 10 * i / (n - 1) }
        func y(_ v: Double) -> Int { Int(((Double(bottom) - (v - lo) / (hi - lo) * Double(bottom - top)) * 10).rounded()) }
        func coord(_ tenths: Int) -> String { tenths % 10 == 0 ? String(tenths / 10) : "\(tenths / 10).\(abs(tenths % 10))" }

        let style = trend.points.first?.cell.style ?? .count
        let highest = numbers.max() ?? lo
        let hiLabel = ReportCell.number(highest, style).text
        let loLabel = ReportCell.number(lo, style).text
        var name = "Line chart of the \(measureName) City figure over the last \(trend.points.count) quarters"
        if let target, goal != nil { name += ", with the \(target.year) target of \(target.value.text) as a dashed line" }
        if scale.broken { name += "; the vertical scale starts at \(loLabel), not zero" }
        name += "; the values are listed beside the chart."

        let titleID = "\(id)-title"
        var out = "<svg class=\"chart\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\" role=\"img\" aria-labelledby=\"\(titleID)\">"
        out += "<title id=\"\(titleID)\">\(HTMLText.escape(name))</title>"
        // Axes: the baseline and the top of the scale, labelled with their values.
        out += "<line class=\"axis\" x1=\"\(left)\" y1=\"\(bottom)\" x2=\"\(right)\" y2=\"\(bottom)\"/>"
        out += "<line class=\"axis\" x1=\"\(left)\" y1=\"\(top)\" x2=\"\(left)\" y2=\"\(bottom)\"/>"
        if scale.broken {
            // Two short slashes across the vertical axis just above the baseline: the scale is cut.
            out += "<path class=\"break\" d=\"M\(left - 5),\(bottom - 7) l10,-4 M\(left - 5),\(bottom - 3) l10,-4\"/>"
        }
        if numbers.isEmpty == false {
            out += "<line class=\"grid\" x1=\"\(left)\" y1=\"\(coord(y(highest)))\" x2=\"\(right)\" y2=\"\(coord(y(highest)))\"/>"
            out += "<text class=\"tick\" x=\"\(left - 4)\" y=\"\(coord(y(highest) + 35))\" text-anchor=\"end\">\(HTMLText.escape(hiLabel))</text>"
        }
        out += "<text class=\"tick\" x=\"\(left - (scale.broken ? 8 : 4))\" y=\"\(bottom)\" text-anchor=\"end\">\(HTMLText.escape(loLabel))</text>"
        if let first = trend.points.first, let last = trend.points.last {
            out += "<text class=\"tick\" x=\"\(left)\" y=\"\(bottom + 14)\" text-anchor=\"start\">\(HTMLText.escape(first.label))</text>"
            out += "<text class=\"tick\" x=\"\(right)\" y=\"\(bottom + 14)\" text-anchor=\"end\">\(HTMLText.escape(last.label))</text>"
        }
        if let goal, let target {
            let ty = y(goal)
            out += "<line class=\"target\" x1=\"\(left)\" y1=\"\(coord(ty))\" x2=\"\(right)\" y2=\"\(coord(ty))\"/>"
            // The label sits below the line when the line is near the top, else above it.
            let labelY = ty - top * 10 < 120 ? ty + 110 : ty - 30
            out += "<text class=\"tick target-label\" x=\"\(right)\" y=\"\(coord(labelY))\" text-anchor=\"end\">\(HTMLText.escape("Target \(target.value.text)"))</text>"
        }
        // The line, broken where a quarter has a symbol instead of a number.
        var segment: [String] = []
        func flush() {
            if segment.count > 1 { out += "<polyline class=\"line\" points=\"\(segment.joined(separator: " "))\"/>" }
            segment.removeAll()
        }
        for (i, v) in values.enumerated() {
            guard let v else { flush(); continue }
            segment.append("\(coord(x(i))),\(coord(y(v)))")
        }
        flush()
        for (i, v) in values.enumerated() {
            if let v {
                let last = i == values.count - 1
                out += "<circle class=\"\(last ? "point current" : "point")\" cx=\"\(coord(x(i)))\" cy=\"\(coord(y(v)))\" r=\"\(last ? 4 : 2.5)\"/>"
            } else {
                let symbol = trend.points[i].cell.symbol?.rawValue ?? "x"
                out += "<text class=\"gap\" x=\"\(coord(x(i)))\" y=\"\(bottom - 4)\" text-anchor=\"middle\">\(symbol)</text>"
            }
        }
        return out + "</svg>"
    }
}
