/// The settings of the verdict (`Protocol/PROVENANCE.md`).
public struct ProvenanceParameters: Codable, Sendable, Hashable {
  /// Family-wise error rate over the candidate teachers (Holm).
  public var alpha: Double
  /// Resamples of the prompts for the confidence interval of the effect.
  public var bootstrapSamples: Int
  /// Seed of the resampling, so that a report is reproducible byte for byte.
  public var bootstrapSeed: UInt64
  /// Coverage of the confidence interval.
  public var confidence: Double
  /// Strongest example passages listed.
  public var exampleCount: Int

  public init(
    alpha: Double = 0.05, bootstrapSamples: Int = 2000, bootstrapSeed: UInt64 = 20_250_101, confidence: Double = 0.95,
    exampleCount: Int = 5
  ) {
    self.alpha = alpha
    self.bootstrapSamples = bootstrapSamples
    self.bootstrapSeed = bootstrapSeed
    self.confidence = confidence
    self.exampleCount = exampleCount
  }
}
