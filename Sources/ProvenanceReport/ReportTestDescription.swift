import Provenance

/// The sentence that says which test a report ran, shared by the text and HTML renderers so they cannot disagree.
enum ReportTestDescription {
  static func text(_ r: ProvenanceResult) -> String {
    let correction = "Holm-corrected over \(r.candidates.count) candidates at α = \(r.parameters.alpha)"
    switch r.design {
    case .paired:
      return "one-sided Wilcoxon signed-rank test over prompts of the suspect's echo passages minus the panel mean, "
        + correction
    case .unpaired:
      return "unpaired (fewer than half of the suspect's answers have a prompt the panel answered): one-sided "
        + "Wilcoxon–Mann–Whitney rank-sum test of the suspect's echo passages per answer against the panel's, "
        + correction
    }
  }
}
