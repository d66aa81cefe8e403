/// The comparison of the suspect with the independent panel for one candidate teacher.
public struct CandidateResult: Codable, Sendable, Hashable {
  /// The candidate teacher (a model of the reference index).
  public var candidate: String
  public var suspect: ModelEchoRates
  /// Each independent model's figures for this candidate, by model name.
  public var panel: [ModelEchoRates]
  /// Prompts answered by the suspect and by at least one panel model: the pairs of the test.
  public var pairedPrompts: Int
  /// Which test the p-value comes from (the same for every candidate of a report).
  public var design: TestDesign
  /// The one-sided signed-rank test of suspect − panel mean, per prompt; nil in the unpaired design.
  public var test: SignedRankTest?
  /// The one-sided rank-sum test of the suspect's answers against the panel's; nil in the paired design.
  public var rankSum: RankSumTest?
  /// The p-value of the design's test, before correction.
  public var pValue: Double { test?.pValue ?? rankSum?.pValue ?? 1 }
  /// The test's p-value after Holm's correction over all candidates.
  public var adjustedPValue: Double
  /// Σ suspect ÷ Σ panel mean of passages per answer over the paired prompts (unpaired: the suspect's mean per
  /// answer ÷ the mean of the panel models' means); nil when the panel has none (unbounded).
  public var rateRatio: Double?
  /// Bootstrap confidence interval of `rateRatio` over prompts; nil bounds are unbounded.
  public var rateRatioLow: Double?
  public var rateRatioHigh: Double?
  /// Whether the suspect's passages per 100 answers exceed those of every single panel model.
  public var exceedsEveryPanelModel: Bool
  /// Significant after correction and above every panel model: the candidate may be named.
  public var supported: Bool
}
