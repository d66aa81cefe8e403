import Foundation
import Provenance

/// The report's chart as inline SVG: per candidate teacher, the suspect's echo rate as a bar, and each independent
/// model's rate as a dot beside it, with the panel mean as a line, so the reader sees the suspect against the spread.
enum ReportHTMLChart {
  static func svg(_ result: ProvenanceResult) -> String {
    let candidates = result.candidates
    let rates = candidates.flatMap { [$0.suspect.passagesPer100Answers] + $0.panel.map(\.passagesPer100Answers) }
    let top = max(1, niceCeiling(rates.max() ?? 1))
    let groupWidth = 120.0
    let left = 56.0
    let plotHeight = 220.0
    let topMargin = 16.0
    let width = max(480, left + groupWidth * Double(max(1, candidates.count)) + 16)
    let height = topMargin + plotHeight + 64
    func y(_ v: Double) -> Double { topMargin + plotHeight * (1 - v / top) }
    var s =
      "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" id=\"echo-chart\" width=\"\(Int(width))\" "
      + "height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" font-family=\"sans-serif\" "
      + "font-size=\"11\">\n<title>Echo passages per 100 answers, per candidate teacher: suspect (bar) and "
      + "independent models (dots, line at their mean)</title>\n"
    for tick in 0...4 {
      let v = top * Double(tick) / 4
      s +=
        "<line x1=\"\(left)\" x2=\"\(width - 8)\" y1=\"\(r(y(v)))\" y2=\"\(r(y(v)))\" stroke=\"#ddd\"/>"
        + "<text x=\"\(left - 6)\" y=\"\(r(y(v) + 4))\" text-anchor=\"end\">\(label(v))</text>\n"
    }
    s +=
      "<text x=\"12\" y=\"\(r(topMargin + plotHeight / 2))\" transform=\"rotate(-90 12 \(r(topMargin + plotHeight / 2)))\" "
      + "text-anchor=\"middle\">passages per 100 answers</text>\n"
    for (i, c) in candidates.enumerated() {
      let x0 = left + groupWidth * Double(i)
      let barX = x0 + 18
      let suspect = c.suspect.passagesPer100Answers
      let fill = c.supported ? "#c0392b" : "#7f8c8d"
      s +=
        "<rect class=\"suspect-bar\" data-candidate=\"\(HTMLText.escape(c.candidate))\" x=\"\(r(barX))\" "
        + "y=\"\(r(y(suspect)))\" width=\"36\" height=\"\(r(max(0, y(0) - y(suspect))))\" fill=\"\(fill)\">"
        + "<title>suspect: \(label(suspect)) per 100 answers</title></rect>\n"
      let panel = c.panel.map(\.passagesPer100Answers)
      for (j, p) in c.panel.enumerated() {
        let dx = 68 + Double(j % 5) * 7
        s +=
          "<circle class=\"panel-dot\" cx=\"\(r(x0 + dx))\" cy=\"\(r(y(p.passagesPer100Answers)))\" r=\"3.5\" "
          + "fill=\"#2c7fb8\"><title>\(HTMLText.escape(p.model)): \(label(p.passagesPer100Answers)) per 100 "
          + "answers</title></circle>\n"
      }
      if !panel.isEmpty {
        let mean = panel.reduce(0, +) / Double(panel.count)
        s +=
          "<line class=\"panel-mean\" x1=\"\(r(x0 + 62))\" x2=\"\(r(x0 + 104))\" y1=\"\(r(y(mean)))\" "
          + "y2=\"\(r(y(mean)))\" stroke=\"#08306b\" stroke-width=\"2\"/>\n"
      }
      s +=
        "<text x=\"\(r(x0 + groupWidth / 2))\" y=\"\(r(topMargin + plotHeight + 16))\" text-anchor=\"middle\">"
        + "\(HTMLText.escape(short(c.candidate)))</text>\n"
        + "<text x=\"\(r(x0 + groupWidth / 2))\" y=\"\(r(topMargin + plotHeight + 30))\" text-anchor=\"middle\" "
        + "fill=\"#555\">p = \(ProvenanceVerdict.pValueText(c.adjustedPValue))</text>\n"
    }
    let legendY = topMargin + plotHeight + 50
    s +=
      "<rect x=\"\(left)\" y=\"\(r(legendY - 9))\" width=\"10\" height=\"10\" fill=\"#7f8c8d\"/>"
      + "<text x=\"\(left + 14)\" y=\"\(r(legendY))\">suspect (red: named teacher)</text>"
      + "<circle cx=\"\(left + 200)\" cy=\"\(r(legendY - 4))\" r=\"3.5\" fill=\"#2c7fb8\"/>"
      + "<text x=\"\(left + 208)\" y=\"\(r(legendY))\">independent models (line: mean)</text>\n"
    return s + "</svg>"
  }

  static func r(_ v: Double) -> String { String(format: "%.1f", v) }
  static func label(_ v: Double) -> String { v >= 10 ? String(format: "%.0f", v) : String(format: "%.1f", v) }
  static func short(_ s: String) -> String { s.count > 18 ? String(s.prefix(17)) + "…" : s }

  /// 1, 2 or 5 times a power of ten, at least `v`.
  static func niceCeiling(_ v: Double) -> Double {
    guard v > 0 else { return 1 }
    let p = pow(10, floor(log10(v)))
    for m in [1.0, 2, 5, 10] where m * p >= v { return m * p }
    return 10 * p
  }
}
