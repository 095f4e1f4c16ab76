import Foundation
import Gates

/// A metric chart as inline SVG: the daily value (a line with points), the threshold (dashed, with the
/// failing side shaded) and the control group's daily value (grey) when the gate compares.
enum SVGChart {
    static let width = 560.0, height = 220.0
    static let left = 56.0, right = 16.0, top = 14.0, bottom = 34.0

    static func render(_ c: MetricChart) -> String {
        let days = c.group.map(\.day)
        let values = (c.group + (c.control ?? [])).compactMap(\.value) + [c.threshold]
        var low = values.min() ?? 0, high = values.max() ?? 1
        let pad = max((high - low) * 0.12, abs(high) * 0.002, 1e-6)
        low = values.allSatisfy { $0 >= 0 } ? max(0, low - pad) : low - pad // a rate below zero is no value
        high += pad
        let plotW = width - left - right, plotH = height - top - bottom
        func x(_ i: Int) -> Double { days.count <= 1 ? left + plotW / 2 : left + plotW * Double(i) / Double(days.count - 1) }
        func y(_ v: Double) -> Double { top + plotH * (1 - (v - low) / (high - low)) }

        var svg = #"<svg class="chart" viewBox="0 0 \#(n(width)) \#(n(height))" role="img">"#
        svg += "<title>\(HTMLEscape.text(ReportText.chartCaption(c)))</title>"
        // The failing side of the threshold.
        let ty = y(c.threshold)
        let bad = c.atLeast ? (ty, top + plotH - ty) : (top, ty - top)
        svg += #"<rect class="bad" x="\#(n(left))" y="\#(n(bad.0))" width="\#(n(plotW))" height="\#(n(max(0, bad.1)))"/>"#
        // Axes and y ticks.
        svg += #"<line class="axis" x1="\#(n(left))" y1="\#(n(top))" x2="\#(n(left))" y2="\#(n(top + plotH))"/>"#
        svg += #"<line class="axis" x1="\#(n(left))" y1="\#(n(top + plotH))" x2="\#(n(left + plotW))" y2="\#(n(top + plotH))"/>"#
        for k in 0...4 {
            let v = low + (high - low) * Double(k) / 4
            svg += #"<line class="grid" x1="\#(n(left))" y1="\#(n(y(v)))" x2="\#(n(left + plotW))" y2="\#(n(y(v)))"/>"#
            svg += #"<text class="tick" x="\#(n(left - 6))" y="\#(n(y(v) + 4))" text-anchor="end">\#(HTMLEscape.text(tick(v, span: high - low)))</text>"#
        }
        for i in labelled(days.count) {
            svg += #"<text class="tick" x="\#(n(x(i)))" y="\#(n(top + plotH + 18))" text-anchor="middle">\#(String(ReportFormat.day(days[i]).dropFirst(5)))</text>"#
        }
        svg += #"<line class="threshold" x1="\#(n(left))" y1="\#(n(ty))" x2="\#(n(left + plotW))" y2="\#(n(ty))"/>"#
        svg += #"<text class="threshold-label" x="\#(n(left + plotW - 4))" y="\#(n(ty - 5))" text-anchor="end">threshold \#(formatNumber(c.threshold))</text>"#
        if let control = c.control { svg += line(control, cls: "control", x: x, y: y) }
        svg += line(c.group, cls: "group", x: x, y: y)
        return svg + "</svg>"
    }

    /// Polylines through the days with a value (a day without one breaks the line), and a dot per value.
    static func line(_ points: [ChartPoint], cls: String, x: (Int) -> Double, y: (Double) -> Double) -> String {
        var out = "", run: [String] = []
        func flush() {
            if run.count > 1 { out += #"<polyline class="\#(cls)" points="\#(run.joined(separator: " "))"/>"# }
            run = []
        }
        for (i, p) in points.enumerated() {
            guard let v = p.value else { flush(); continue }
            run.append("\(n(x(i))),\(n(y(v)))")
            out += #"<circle class="\#(cls)-dot" cx="\#(n(x(i)))" cy="\#(n(y(v)))" r="2.5"><title>\#(ReportFormat.day(p.day)): \#(formatNumber(v))</title></circle>"#
        }
        flush()
        return out
    }

    /// Which day indexes get a label: about six, always the first and the last.
    static func labelled(_ count: Int) -> [Int] {
        guard count > 0 else { return [] }
        let step = max(1, Int((Double(count) / 6).rounded(.up)))
        var idx = Array(stride(from: 0, to: count, by: step))
        if idx.last != count - 1 {
            if let last = idx.last, count - 1 - last < step / 2 + 1, idx.count > 1 { idx.removeLast() }
            idx.append(count - 1)
        }
        return idx
    }

    static func tick(_ v: Double, span: Double) -> String {
        let decimals = span >= 10 ? 0 : span >= 1 ? 1 : span >= 0.1 ? 2 : span >= 0.01 ? 3 : 4
        return String(format: "%.\(decimals)f", v)
    }

    static func n(_ x: Double) -> String { String(format: "%.1f", x) }
}
