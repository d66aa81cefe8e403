import Evidence
import Foundation
import Provenance

/// `echolens report --format html`: one self-contained page (inline CSS and SVG, no script, no network) that opens
/// in any browser: the verdict, the chart, the table behind it, self-identification, and the examples with diffs.
public enum ReportHTMLRenderer {
  public static func render(_ document: ReportDocument) -> String {
    let r = document.result
    let e = HTMLText.escape
    var h = """
      <!DOCTYPE html>
      <html lang="en">
      <head>
      <meta charset="utf-8">
      <meta name="viewport" content="width=device-width, initial-scale=1">
      <title>echolens report: \(e(r.suspectName))</title>
      <style>
      body { font-family: -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; margin: 2em auto; max-width: 980px;
        color: #222; line-height: 1.45; padding: 0 1em; }
      h1 { font-size: 1.5em; } h2 { font-size: 1.15em; margin-top: 1.6em; }
      .verdict { font-size: 1.15em; padding: 0.8em 1em; border-left: 6px solid #7f8c8d; background: #f4f6f6; }
      .verdict.evidence { border-color: #c0392b; background: #fdf0ee; }
      table { border-collapse: collapse; margin: 0.5em 0; } td, th { padding: 0.25em 0.7em; border-bottom: 1px solid #ddd;
        text-align: left; vertical-align: top; } th { background: #fafafa; } td.num { text-align: right;
        font-variant-numeric: tabular-nums; }
      .example { border: 1px solid #ddd; border-radius: 4px; padding: 0.6em 1em; margin: 0.8em 0; }
      .loc { font-family: ui-monospace, Menlo, monospace; font-size: 0.9em; color: #555; }
      .diff { white-space: pre-wrap; font-family: ui-monospace, Menlo, monospace; font-size: 0.88em; background: #fbfbfb;
        padding: 0.5em; }
      del { background: #fdd; text-decoration: line-through; } ins { background: #dfd; text-decoration: none; }
      .note { color: #555; font-size: 0.9em; }
      </style>
      </head>
      <body>
      <h1>Did \(e(r.suspectName)) learn from a reference model?</h1>
      <p class="verdict \(r.verdict.outcome == .evidence ? "evidence" : "")" id="verdict">\(e(r.verdict.sentence))</p>
      <p class="note">Suspect: \(r.suspectAnswers) answers. Independent panel: \(r.panelModels.count) models,
      \(r.panelAnswers) answers (\(e(r.panelModels.joined(separator: ", ")))). \(r.pairedPrompts) prompts answered by
      both. Test: \(e(ReportTestDescription.text(r))).</p>
      <h2>Echo rate per candidate teacher</h2>
      \(ReportHTMLChart.svg(r))
      <table id="candidates">
      <tr><th>candidate teacher</th><th>suspect /100 answers</th><th>panel mean /100</th><th>panel range</th>
      <th>suspect share of text</th><th>ratio (\(Int((r.parameters.confidence * 100).rounded()))% CI)</th><th>p (Holm)</th><th>named</th></tr>

      """
    for c in r.candidates {
      let rates = c.panel.map(\.passagesPer100Answers)
      let mean = rates.isEmpty ? 0 : rates.reduce(0, +) / Double(rates.count)
      let low = c.rateRatioLow.map { ProvenanceVerdict.ratioText($0) } ?? "?"
      let high = c.rateRatioHigh.map { ProvenanceVerdict.ratioText($0) } ?? "∞"
      h +=
        "<tr><td>\(e(c.candidate))</td><td class=\"num\">\(f1(c.suspect.passagesPer100Answers))</td>"
        + "<td class=\"num\">\(f1(mean))</td><td class=\"num\">\(f1(rates.min() ?? 0))–\(f1(rates.max() ?? 0))</td>"
        + "<td class=\"num\">\(FindingMessage.percent(c.suspect.shareOfText))</td>"
        + "<td class=\"num\">\(ProvenanceVerdict.ratioText(c.rateRatio)) (\(low)–\(high))</td>"
        + "<td class=\"num\">\(ProvenanceVerdict.pValueText(c.adjustedPValue))</td>"
        + "<td>\(c.supported ? "yes" : "")</td></tr>\n"
    }
    h += "</table>\n<h2>Self-identification</h2>\n"
    if r.selfIdentification.isEmpty {
      h += "<p>No claims by the suspect or the panel.</p>\n"
    } else {
      h += "<table id=\"self-identification\"><tr><th>claims to be</th><th>suspect answers</th><th>per 100</th>"
      h += "<th>panel answers</th><th>per 100</th></tr>\n"
      for t in r.selfIdentification {
        let who = t.claimedModel.map { "\($0) (\(t.maker))" } ?? t.maker
        h +=
          "<tr><td>\(e(who))</td><td class=\"num\">\(t.suspectAnswers)</td><td class=\"num\">"
          + "\(f1(t.suspectPer100Answers))</td><td class=\"num\">\(t.panelAnswers)</td><td class=\"num\">"
          + "\(f1(t.panelPer100Answers))</td></tr>\n"
      }
      h += "</table>\n"
    }
    h += "<h2>Strongest examples</h2>\n"
    if document.examples.isEmpty {
      h += "<p>None: examples are shown only for a named teacher.</p>\n"
    }
    for (i, x) in document.examples.enumerated() {
      h += "<div class=\"example\" id=\"example-\(i + 1)\">\n<p class=\"loc\">\(e(x.location))</p>\n"
      h += "<p>\(e(x.passage.message))</p>\n"
      if let best = x.passage.best {
        h += "<p class=\"note\">Reference \(e(best.documentID)) by \(e(best.model)); "
        h += "<del>struck</del>: only in the reference, <ins>marked</ins>: only in the suspect's answer.</p>\n"
        h += "<div class=\"diff\">\(diff(best))</div>\n"
      }
      if let evidence = x.evidence {
        h += "<p class=\"note evidence\">Evidence report: <code>\(e(evidence.path))</code>, reportDigest "
        h += "<code>\(e(evidence.reportDigest))</code></p>\n"
      } else if let problem = x.evidenceProblem {
        h += "<p class=\"note evidence-problem\">No evidence file: \(e(problem))</p>\n"
      }
      h += "</div>\n"
    }
    h += "<p class=\"note\">echolens \(e(document.tool.version)); index "
    h += e(document.indexes.map(\.identity).joined(separator: ", ")) + ". Method: Protocol/PROVENANCE.md.</p>\n"
    h += "</body>\n</html>\n"
    return h
  }

  /// The reference excerpt with the suspect's differences marked.
  static func diff(_ match: EvidenceMatch) -> String {
    ReferenceDiff.pieces(of: match).map { piece -> String in
      switch piece {
      case .same(let s): HTMLText.escape(s)
      case .deletion(let s): "<del>\(HTMLText.escape(s))</del>"
      case .substitution(let reference, let transcript):
        "<del>\(HTMLText.escape(reference))</del><ins>\(HTMLText.escape(transcript))</ins>"
      case .insertion(let s): "<ins>\(HTMLText.escape(s))</ins>"
      }
    }.joined()
  }

  static func f1(_ x: Double) -> String { String(format: "%.1f", x) }
}
