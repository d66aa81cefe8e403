import Foundation

/// The strengths (bits) of the echo passages found in independent answers, with an exponential tail fitted to the
/// strongest: what turns a passage's bits into a calibrated E-value.
public struct NullDistribution: Codable, Sendable, Hashable {
  /// Tokens scanned in the independent answers.
  public var tokens: Int
  /// Null passages in all.
  public var passageCount: Int
  /// The bits of the null passages, strongest first (at most `maxStoredScores`).
  public var scores: [Double]
  /// The fitted exponential tail past `tail.threshold`.
  public var tail: Tail

  /// An exponential tail, fitted by maximum likelihood to the strongest null scores: past `threshold`, null
  /// passages at least `b` bits strong occur at `count / tokens × exp(−lambda × (b − threshold))` per token.
  public struct Tail: Codable, Sendable, Hashable {
    /// The `count`-th strongest null score.
    public var threshold: Double
    /// How many null scores the fit used (those at or above `threshold`).
    public var count: Int
    /// Decay per bit; 0 when there were too few null passages to fit (then nothing past the data is claimed).
    public var lambda: Double

    public init(threshold: Double, count: Int, lambda: Double) {
      self.threshold = threshold
      self.count = count
      self.lambda = lambda
    }
  }

  static let maxStoredScores = 20_000

  public init(scores allScores: [Double], tokens: Int) {
    let sorted = allScores.filter(\.isFinite).sorted(by: >)
    self.tokens = max(1, tokens)
    passageCount = sorted.count
    scores = Array(sorted.prefix(Self.maxStoredScores))
    tail = Self.fitTail(sorted)
  }

  /// An exponential tail over the strongest fifth of the null scores (at least 25, at most 500), never reaching
  /// down to scores of `evidenceBits` or fewer.
  ///
  /// HMMER fits the high-scoring tail the same way; a fifth is far enough out that the shape is the tail's, and
  /// large enough that the decay is estimated from many points. With fewer than 10 null passages above 0 bits
  /// nothing is fitted and nothing past the strongest observed passage is claimed (see `rate(atLeast:)`).
  ///
  /// A small null (a panel that answered other prompts than the reference's, where few passages reach the gates)
  /// has fewer than 25 passages, so "at least 25" took all of them, down to passages of 0 bits and below, which are
  /// no tail and are never reported: GPTeacher's null of 20 passages, scores from 135 down to -37 bits, decayed at
  /// 0.013 per bit, and a planted copy in a 500-token answer needed some 240 bits. Fitted to its 10 passages above 0
  /// bits (0.017 per bit), the recall bench's GPTeacher cells rose from 97.6 / 92.4 / 93.2 / 81.2% to 98.0 / 94.8 /
  /// 94.8 / 85.6% at 0 / 5 / 10 / 20% edits, with no echo reported on its 846 unplanted held-out answers either
  /// way; the bench's MT-bench and Self-Instruct recall cells, whose nulls have enough passages above 0 bits, did not
  /// change.
  ///
  /// - Parameter total: how many scores there are in all, when `sorted` holds only the strongest of them (a
  ///   calibration file stores at most `maxStoredScores`; the fit reads the strongest 500 at most and the rest only
  ///   through their number, unless fewer than 10 are above `evidenceBits`); by default all of them.
  static func fitTail(_ sorted: [Double], total: Int? = nil) -> Tail {
    let reportable = sorted.prefix { $0 > evidenceBits }.count
    guard reportable >= 10 else { return Tail(threshold: sorted.last ?? 0, count: sorted.count, lambda: 0) }
    let k = min(reportable, max(25, min(500, (total ?? sorted.count) / 5)))
    let threshold = sorted[k - 1]
    let excess = sorted.prefix(k - 1).reduce(0) { $0 + ($1 - threshold) }
    // The maximum-likelihood decay, lowered by one standard error (λ/√k): a decay estimated too steep would
    // understate the E-value of every strong passage, so the fit errs on the side of a heavier tail.
    let lambda = excess > 0 ? Double(k - 1) / excess * (1 - 1 / Double(k - 1).squareRoot()) : 0
    return Tail(threshold: threshold, count: k, lambda: lambda)
  }

  /// Null passages per null token at least `bits` strong: the observed share up to the fitted tail, the fitted
  /// exponential beyond it.
  public func rate(atLeast bits: Double) -> Double {
    if tail.lambda > 0, bits > tail.threshold {
      return Double(tail.count) / Double(tokens) * exp(-tail.lambda * (bits - tail.threshold))
    }
    let observed = observedCount(atLeast: bits)
    if observed > 0 || tail.lambda > 0 { return Double(observed) / Double(tokens) }
    // Nothing fitted and nothing this strong seen: claim no more than "fewer than one in the whole panel".
    return 1 / Double(tokens)
  }

  /// How many null passages were at least `bits` strong.
  public func observedCount(atLeast bits: Double) -> Int {
    var lo = 0
    var hi = scores.count
    while lo < hi {
      let mid = (lo + hi) / 2
      if scores[mid] >= bits { lo = mid + 1 } else { hi = mid }
    }
    return lo == scores.count && passageCount > scores.count ? passageCount : lo
  }

  /// Whether `bits` lies past the scores the tail was fitted to, so its E-value follows the fitted exponential.
  public func isExtrapolated(bits: Double) -> Bool { tail.lambda > 0 && bits > (scores.first ?? tail.threshold) }

  /// Expected number of passages at least `bits` strong in an independent transcript of `transcriptTokens` tokens.
  public func eValue(bits: Double, transcriptTokens: Int) -> Double {
    Double(max(1, transcriptTokens)) * rate(atLeast: bits)
  }

  /// A calibrated passage needs more than this many bits, whatever its E-value: one whose every token is explained
  /// by its prompt, by what the panel's same-prompt answers say, or by stock phrases carries no evidence.
  ///
  /// In a short transcript the E-value alone let such passages through, since the null's rate is counted per token:
  /// on held-out MT-bench answers, a 17-token answer that only said its question again had 0 bits and an E-value of
  /// 0.005; one of 10 tokens would have passed 0.002.
  public static let evidenceBits = 0.0

  /// The fewest bits whose E-value in a transcript of `transcriptTokens` tokens is at most `maxEValue`, and never
  /// `evidenceBits` or fewer.
  public func requiredBits(transcriptTokens: Int, maxEValue: Double) -> Double {
    max(countedRequiredBits(transcriptTokens: transcriptTokens, maxEValue: maxEValue), Self.evidenceBits.nextUp)
  }

  private func countedRequiredBits(transcriptTokens: Int, maxEValue: Double) -> Double {
    let targetRate = max(maxEValue, 1e-300) / Double(max(1, transcriptTokens))
    if tail.lambda > 0 {
      let tailStart = Double(tail.count) / Double(tokens)
      if targetRate < tailStart { return tail.threshold + log(tailStart / targetRate) / tail.lambda }
    }
    // Within the observed scores: just above the score whose observed rate would exceed the target.
    // Compared as a Double first: a null of absurdly many tokens (a hand-edited file) must not trap the conversion.
    let allowedCount = (targetRate * Double(tokens)).rounded(.down)
    guard allowedCount < Double(passageCount) else { return -Double.greatestFiniteMagnitude }
    let allowed = max(0, Int(allowedCount))
    if allowed >= scores.count { return (scores.last ?? 0) - 1e-9 }
    if tail.lambda == 0, allowed == 0 { return .infinity }
    return scores[allowed] + 1e-9
  }
}
