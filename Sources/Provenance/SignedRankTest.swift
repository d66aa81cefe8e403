import Foundation

/// Wilcoxon's signed-rank test, one-sided: are the paired differences shifted above zero?
///
/// The verdict compares, prompt by prompt, the suspect's echo count with the independent panel's mean on the same
/// prompt. The differences are not normal (most are zero or small, a few large), so the test uses ranks. Zero
/// differences are dropped (Wilcoxon's convention); tied magnitudes share their mid-rank. With at most
/// `exactLimit` non-zero differences the p-value is exact (every sign pattern counted, by dynamic programming over
/// doubled ranks); above it, the normal approximation with tie correction and continuity correction.
public struct SignedRankTest: Codable, Sendable, Hashable {
  /// Non-zero differences that entered the test.
  public var nonZeroCount: Int
  /// Sum of the ranks of the positive differences.
  public var positiveRankSum: Double
  /// P(W+ ≥ observed) when the signs are independent fair coins.
  public var pValue: Double
  /// Whether `pValue` is exact or the normal approximation.
  public var exact: Bool

  public static let exactLimit = 50

  public init(differences: [Double]) {
    let nonZero = differences.filter { $0 != 0 && $0.isFinite }
    let n = nonZero.count
    nonZeroCount = n
    guard n > 0 else {
      positiveRankSum = 0
      pValue = 1
      exact = true
      return
    }
    let order = nonZero.indices.sorted { abs(nonZero[$0]) < abs(nonZero[$1]) }
    // Doubled mid-ranks are integers: a tie group over 1-based ranks a...b has mid-rank (a+b)/2.
    var doubledRanks = [Int](repeating: 0, count: n)
    var tieCorrection = 0.0
    var i = 0
    while i < n {
      var j = i
      while j + 1 < n && abs(nonZero[order[j + 1]]) == abs(nonZero[order[i]]) { j += 1 }
      let doubled = (i + 1) + (j + 1)
      for k in i...j { doubledRanks[order[k]] = doubled }
      let t = Double(j - i + 1)
      tieCorrection += t * t * t - t
      i = j + 1
    }
    let doubledPositive = nonZero.indices.filter { nonZero[$0] > 0 }.reduce(0) { $0 + doubledRanks[$1] }
    positiveRankSum = Double(doubledPositive) / 2
    if n <= Self.exactLimit {
      exact = true
      pValue = Self.exactUpperTail(doubledRanks: doubledRanks, atLeast: doubledPositive)
    } else {
      exact = false
      let nn = Double(n)
      let mean = nn * (nn + 1) / 4
      let variance = nn * (nn + 1) * (2 * nn + 1) / 24 - tieCorrection / 48
      guard variance > 0 else {
        pValue = 1
        return
      }
      let z = (positiveRankSum - mean - 0.5) / variance.squareRoot()
      pValue = min(1, max(0, 0.5 * erfc(z / 2.0.squareRoot())))
    }
  }

  /// P(sum of a random subset of `doubledRanks` ≥ `atLeast`), each subset equally likely.
  static func exactUpperTail(doubledRanks: [Int], atLeast: Int) -> Double {
    let total = doubledRanks.reduce(0, +)
    // ways[s] / 2^k: probability that the ranks seen so far sum to s.
    var ways = [Double](repeating: 0, count: total + 1)
    ways[0] = 1
    var reach = 0
    for r in doubledRanks {
      reach += r
      var s = reach
      while s >= r {
        ways[s] = (ways[s] + ways[s - r]) / 2
        s -= 1
      }
      while s >= 0 {
        ways[s] /= 2
        s -= 1
      }
    }
    var tail = 0.0
    if atLeast <= total { for s in max(0, atLeast)...total { tail += ways[s] } }
    return min(1, tail)
  }
}
