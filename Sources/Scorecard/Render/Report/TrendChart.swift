/// A small inline SVG line chart of the City headline over the last eight quarters.
/// No scripts, fonts or files: the report stays one self-contained page. The chart
/// is an image with a short accessible name; the values themselves are in the
/// visible caption beside it, which serves as its text alternative (and prints).
enum TrendChart {
    static let width = 300, height = 104
    static let left = 44, right = 290, top = 10, bottom = 74, inset = 10

    static func svg(_ trend: MeasureReport.Trend, id: String, measureName: String) -> String {
        // Plot the values as displayed (rounded), so the chart never shows more than the table.
        let values: [Double?] = trend.points.map { p in p.cell.scaled.map { Double($0) / (p.cell.decimals == 0 ? 1 : 10) } }
        let numbers = values.compactMap { $0 }
        let lo = min(0, numbers.min() ?? 0)
        var rangeTop = max(0, numbers.max() ?? 0)
        if rangeTop - lo < 1e-9 { rangeTop = lo + 1 }
        // A little headroom so the top point is not cut by the frame.
        let hi = rangeTop + (rangeTop - lo) * 0.05
        let n = max(trend.points.count, 2)
        // Points sit inside the frame so the first and last clear the axis and its labels.
        func x(_ i: Int) -> Int { (left + inset) * 10 + (right - left - 2 * inset) * 10 * i / (n - 1) }
        func y(_ v: Double) -> Int { Int(((Double(bottom) - (v - lo) / (hi - lo) * Double(bottom - top)) * 10).rounded()) }
        func coord(_ tenths: Int) -> String { tenths % 10 == 0 ? String(tenths / 10) : "\(tenths / 10).\(abs(tenths % 10))" }

        let titleID = "\(id)-title"
        var out = "<svg class=\"chart\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\" role=\"img\" aria-labelledby=\"\(titleID)\">"
        out += "<title id=\"\(titleID)\">\(HTMLText.escape("Line chart of the \(measureName) City figure over the last \(trend.points.count) quarters; the values are listed beside the chart."))</title>"
        // Axes: the baseline and the top of the scale, labelled with their values.
        let style = trend.points.first?.cell.style ?? .count
        let hiLabel = ReportCell.number(rangeTop, style).text
        let loLabel = ReportCell.number(lo, style).text
        out += "<line class=\"axis\" x1=\"\(left)\" y1=\"\(bottom)\" x2=\"\(right)\" y2=\"\(bottom)\"/>"
        out += "<line class=\"axis\" x1=\"\(left)\" y1=\"\(top)\" x2=\"\(left)\" y2=\"\(bottom)\"/>"
        out += "<line class=\"grid\" x1=\"\(left)\" y1=\"\(coord(y(rangeTop)))\" x2=\"\(right)\" y2=\"\(coord(y(rangeTop)))\"/>"
        out += "<text class=\"tick\" x=\"\(left - 4)\" y=\"\(coord(y(rangeTop) + 35))\" text-anchor=\"end\">\(HTMLText.escape(hiLabel))</text>"
        out += "<text class=\"tick\" x=\"\(left - 4)\" y=\"\(bottom)\" text-anchor=\"end\">\(HTMLText.escape(loLabel))</text>"
        if let first = trend.points.first, let last = trend.points.last {
            out += "<text class=\"tick\" x=\"\(left)\" y=\"\(bottom + 14)\" text-anchor=\"start\">\(HTMLText.escape(first.label))</text>"
            out += "<text class=\"tick\" x=\"\(right)\" y=\"\(bottom + 14)\" text-anchor=\"end\">\(HTMLText.escape(last.label))</text>"
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
