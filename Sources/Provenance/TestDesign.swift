/// How the suspect is compared with the panel: prompt by prompt where they answered the same prompts, else answer
/// sample against answer sample.
///
/// Pairing by prompt cancels what a prompt itself makes every model write; it is the stronger design and used
/// whenever at least half of the suspect's answers have a partner prompt in the panel. Otherwise (plain-text
/// transcripts carry no prompts; a suspect may answer prompts the panel never saw) the few pairs would throw most
/// answers away, so the answers are compared unpaired.
public enum TestDesign: String, Codable, Sendable, Hashable {
  /// Wilcoxon signed-rank test over prompts (`SignedRankTest`).
  case paired
  /// Wilcoxon–Mann–Whitney rank-sum test over answers (`RankSumTest`).
  case unpaired
}
