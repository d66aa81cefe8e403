import TextProcessing

/// A percentile bootstrap over prompts for the effect size (suspect rate ÷ panel rate).
///
/// Prompts are the unit that was sampled, so they are what is resampled: each resample draws as many prompts as
/// there are, with replacement, and recomputes the ratio of sums. The generator is SplitMix64 from a fixed seed
/// (`TextProcessing.SplitMix64`), so the interval is the same on every run and machine.
public enum PromptBootstrap {
  /// The `confidence` interval of Σ suspect / Σ panel over `pairs`; nil bounds mean "unbounded" (a panel sum of 0).
  public static func ratioInterval(
    _ pairs: [(suspect: Double, panel: Double)], samples: Int, seed: UInt64, confidence: Double
  ) -> (low: Double?, high: Double?) {
    guard !pairs.isEmpty, samples > 0 else { return (nil, nil) }
    var generator = SplitMix64(seed: seed)
    var ratios: [Double] = []
    ratios.reserveCapacity(samples)
    let n = UInt64(pairs.count)
    for _ in 0..<samples {
      var suspect = 0.0
      var panel = 0.0
      for _ in 0..<pairs.count {
        let pick = pairs[Int(generator.next() % n)]
        suspect += pick.suspect
        panel += pick.panel
      }
      ratios.append(Self.ratio(suspect, panel))
    }
    return percentileInterval(ratios, confidence: confidence)
  }

  /// The central `confidence` percentile interval of bootstrap `ratios`; nil bounds mean "unbounded".
  static func percentileInterval(_ ratios: [Double], confidence: Double) -> (low: Double?, high: Double?) {
    guard !ratios.isEmpty else { return (nil, nil) }
    let ratios = ratios.sorted()
    let tail = (1 - confidence) / 2
    let lowIndex = min(ratios.count - 1, max(0, Int((tail * Double(ratios.count)).rounded(.down))))
    let highIndex = min(ratios.count - 1, max(0, Int(((1 - tail) * Double(ratios.count)).rounded(.up)) - 1))
    let low = ratios[lowIndex]
    let high = ratios[highIndex]
    return (low.isFinite ? low : nil, high.isFinite ? high : nil)
  }

  /// suspect ÷ panel, with 0 ÷ 0 = 1 (neither echoes) and x ÷ 0 = ∞.
  public static func ratio(_ suspect: Double, _ panel: Double) -> Double {
    if panel > 0 { return suspect / panel }
    return suspect > 0 ? .infinity : 1
  }
}
