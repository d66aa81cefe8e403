import TextProcessing

/// A percentile bootstrap over answers for the unpaired effect size (suspect rate ÷ panel rate).
///
/// Without prompt pairs the answers are the sampled units: each resample draws the suspect's answers and each panel
/// model's answers with replacement, each group on its own, and recomputes the ratio of the suspect's mean to the
/// mean of the panel models' means (every panel model weighs the same, as in the reported rates). Same fixed-seed
/// generator as `PromptBootstrap`, so the interval is reproducible.
public enum AnswerBootstrap {
  /// - Parameters:
  ///   - suspect: the suspect's per-answer values.
  ///   - panel: each panel model's per-answer values.
  public static func ratioInterval(
    suspect: [Double], panel: [[Double]], samples: Int, seed: UInt64, confidence: Double
  ) -> (low: Double?, high: Double?) {
    let models = panel.filter { !$0.isEmpty }
    guard !suspect.isEmpty, !models.isEmpty, samples > 0 else { return (nil, nil) }
    var generator = SplitMix64(seed: seed)
    func resampledMean(_ values: [Double]) -> Double {
      let n = UInt64(values.count)
      var sum = 0.0
      for _ in 0..<values.count { sum += values[Int(generator.next() % n)] }
      return sum / Double(values.count)
    }
    var ratios: [Double] = []
    ratios.reserveCapacity(samples)
    for _ in 0..<samples {
      let s = resampledMean(suspect)
      let p = models.reduce(0) { $0 + resampledMean($1) } / Double(models.count)
      ratios.append(PromptBootstrap.ratio(s, p))
    }
    return PromptBootstrap.percentileInterval(ratios, confidence: confidence)
  }

  /// The suspect's mean ÷ the mean of the panel models' means.
  public static func ratio(suspect: [Double], panel: [[Double]]) -> Double {
    let models = panel.filter { !$0.isEmpty }
    let s = suspect.isEmpty ? 0 : suspect.reduce(0, +) / Double(suspect.count)
    let p = models.isEmpty ? 0 : models.reduce(0) { $0 + $1.reduce(0, +) / Double($1.count) } / Double(models.count)
    return PromptBootstrap.ratio(s, p)
  }
}
