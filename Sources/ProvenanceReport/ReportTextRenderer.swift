import Evidence
import Foundation
import Provenance

/// `echolens report --format text`: the verdict first, then the figures behind it, for a terminal.
public enum ReportTextRenderer {
  public static func render(_ document: ReportDocument) -> String {
    let r = document.result
    var out = "verdict: \(r.verdict.sentence)\n\n"
    out +=
      "suspect: \(r.suspectName) (\(r.suspectAnswers) answers); panel: \(r.panelModels.count) independent models "
      + "(\(r.panelAnswers) answers: \(r.panelModels.joined(separator: ", "))); \(r.pairedPrompts) prompts paired; "
      + ReportTestDescription.text(r) + "\n\n"
    out += "candidate teacher         suspect /100   panel /100 (min–max)      ratio (95% CI)        p (Holm)\n"
    for c in r.candidates {
      let panelRates = c.panel.map(\.passagesPer100Answers)
      let mean = panelRates.isEmpty ? 0 : panelRates.reduce(0, +) / Double(panelRates.count)
      let spread =
        panelRates.isEmpty
        ? "—" : "\(f1(mean)) (\(f1(panelRates.min() ?? 0))–\(f1(panelRates.max() ?? 0)))"
      let ci =
        "\(ProvenanceVerdict.ratioText(c.rateRatio)) (\(c.rateRatioLow.map { ProvenanceVerdict.ratioText($0) } ?? "?")"
        + "–\(c.rateRatioHigh.map { ProvenanceVerdict.ratioText($0) } ?? "∞"))"
      let mark = c.supported ? "  *" : ""
      out +=
        pad(c.candidate, 26) + pad(f1(c.suspect.passagesPer100Answers), 15) + pad(spread, 26) + pad(ci, 22)
        + ProvenanceVerdict.pValueText(c.adjustedPValue) + mark + "\n"
    }
    out +=
      "  (passages per 100 answers whose best match is the candidate; * = named: significant and above every panel model)\n"
    out += "\nshare of text echoing each candidate:\n"
    for c in r.candidates {
      let shares = c.panel.map(\.shareOfText)
      out += "  \(c.candidate): suspect \(FindingMessage.percent(c.suspect.shareOfText))"
      if !shares.isEmpty {
        out +=
          "; panel mean \(FindingMessage.percent(shares.reduce(0, +) / Double(shares.count))) (range "
          + "\(FindingMessage.percent(shares.min() ?? 0))–\(FindingMessage.percent(shares.max() ?? 0)))"
      }
      out += "\n"
    }
    out += "\nself-identification (a separate line of evidence):\n"
    if r.selfIdentification.isEmpty { out += "  no claims by the suspect or the panel\n" }
    for t in r.selfIdentification {
      let who = t.claimedModel.map { "\($0) (\(t.maker))" } ?? t.maker
      out +=
        "  claims \(who): suspect \(t.suspectAnswers) answers (\(f1(t.suspectPer100Answers)) per 100); "
        + "panel \(t.panelAnswers) (\(f1(t.panelPer100Answers)) per 100)\n"
    }
    if !document.examples.isEmpty {
      out += "\nstrongest examples:\n"
      for e in document.examples {
        out += "  \(e.location): \(e.passage.message)\n"
        out += "    “\(FindingMessage.excerpt(e.passage.text, limit: 100))”\n"
        if let evidence = e.evidence {
          out += "    evidence: \(evidence.path) (reportDigest \(evidence.reportDigest))\n"
        } else if let problem = e.evidenceProblem {
          out += "    no evidence file: \(problem)\n"
        }
      }
    }
    return out
  }

  static func f1(_ x: Double) -> String { String(format: "%.1f", x) }

  static func pad(_ s: String, _ width: Int) -> String {
    s.count >= width ? s + " " : s + String(repeating: " ", count: width - s.count)
  }
}
