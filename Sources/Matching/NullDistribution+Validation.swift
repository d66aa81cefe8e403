extension NullDistribution {
  /// What is wrong with a null read from a file (a phrase that follows the null's name: "counts 0 tokens"), or nil
  /// when it is one `init(scores:tokens:)` could have made.
  ///
  /// A calibration file is JSON that anyone can edit and any disk can damage, and every E-value a scan reports comes
  /// from it: a flipped digit in a decay rate would turn innocent text into "1 in 10^40" findings without a sign.
  /// So a loaded null must be what the fit makes: finite counts in range, scores strongest first, and a tail that
  /// refitting its own scores gives again.
  public var problem: String? {
    let fitted = "a fitted tail (threshold \(tail.threshold), count \(tail.count), decay \(tail.lambda))"
    guard tokens >= 1 else { return "counts \(tokens) tokens" }
    guard passageCount >= scores.count, scores.count <= Self.maxStoredScores else {
      return "stores \(scores.count) scores of \(passageCount) passages"
    }
    guard scores.allSatisfy(\.isFinite) else { return "holds a score that is not a finite number" }
    guard zip(scores, scores.dropFirst()).allSatisfy({ $0 >= $1 }) else {
      return "has its scores out of order (strongest first)"
    }
    guard tail.threshold.isFinite, tail.lambda.isFinite, tail.lambda >= 0, tail.count >= 0,
      tail.count <= passageCount
    else { return "has \(fitted) out of range" }
    if let refitted = Self.refit(storedScores: scores, passageCount: passageCount), refitted != tail {
      return
        "has \(fitted) that is not the fit of its own scores (threshold \(refitted.threshold), count "
        + "\(refitted.count), decay \(refitted.lambda))"
    }
    return nil
  }

  /// The tail `fitTail` gives for a null whose strongest scores are `storedScores` (strongest first) of
  /// `passageCount` in all; nil when the scores left out could change it.
  ///
  /// The fit reads the strongest 500 scores at most, and the rest only through their number, unless fewer than 10
  /// are reportable (then the weakest, which a file that stores only the strongest no longer holds).
  static func refit(storedScores: [Double], passageCount: Int) -> Tail? {
    if storedScores.count == passageCount { return fitTail(storedScores) }
    guard storedScores.prefix(while: { $0 > evidenceBits }).count >= 10 else { return nil }
    return fitTail(storedScores, total: passageCount)
  }
}
