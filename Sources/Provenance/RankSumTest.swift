import Foundation

/// The Wilcoxon–Mann–Whitney rank-sum test, one-sided: do the suspect's answers echo a candidate more than the
/// panel's answers do, when the two were not written to the same prompts?
///
/// Plain-text and Markdown transcripts carry no prompts, and a suspect may answer prompts the panel never saw; then
/// there is nothing to pair, and the verdict compares the two samples of answers instead (`TestDesign.unpaired`).
/// Per-answer echo counts are mostly zero, so the test uses mid-ranks; with at most `exactLimit` answers in all the
/// p-value is exact (every way of choosing which answers are the suspect's counted, by dynamic programming over
/// doubled ranks), above it the normal approximation with tie correction and continuity correction.
public struct RankSumTest: Codable, Sendable, Hashable {
  public var suspectAnswers: Int
  public var panelAnswers: Int
  /// Mann–Whitney U of the suspect: how many (suspect, panel) answer pairs the suspect's answer echoes more in,
  /// ties counting one half.
  public var uStatistic: Double
  /// P(U ≥ observed) when every assignment of the answers to the two groups is equally likely.
  public var pValue: Double
  /// Whether `pValue` is exact or the normal approximation.
  public var exact: Bool

  public static let exactLimit = 60

  public init(suspect: [Double], panel: [Double]) {
    let values = (suspect + panel).map { $0.isFinite ? $0 : 0 }
    let n1 = suspect.count
    let n = values.count
    suspectAnswers = n1
    panelAnswers = panel.count
    guard n1 > 0, n > n1 else {
      uStatistic = 0
      pValue = 1
      exact = true
      return
    }
    let order = values.indices.sorted { values[$0] < values[$1] }
    // Doubled mid-ranks are integers: a tie group over 1-based ranks a...b has mid-rank (a+b)/2.
    var doubledRanks = [Int](repeating: 0, count: n)
    var tieCorrection = 0.0
    var i = 0
    while i < n {
      var j = i
      while j + 1 < n && values[order[j + 1]] == values[order[i]] { j += 1 }
      for k in i...j { doubledRanks[order[k]] = (i + 1) + (j + 1) }
      let t = Double(j - i + 1)
      tieCorrection += t * t * t - t
      i = j + 1
    }
    let doubledSum = (0..<n1).reduce(0) { $0 + doubledRanks[$1] }
    let rankSum = Double(doubledSum) / 2
    let nn1 = Double(n1)
    let nn = Double(n)
    uStatistic = rankSum - nn1 * (nn1 + 1) / 2
    if n <= Self.exactLimit {
      exact = true
      pValue = Self.exactUpperTail(doubledRanks: doubledRanks, choose: n1, atLeast: doubledSum)
    } else {
      exact = false
      let nn2 = nn - nn1
      let mean = nn1 * (nn + 1) / 2
      let variance = nn1 * nn2 / 12 * ((nn + 1) - tieCorrection / (nn * (nn - 1)))
      guard variance > 0 else {
        pValue = 1
        return
      }
      let z = (rankSum - mean - 0.5) / variance.squareRoot()
      pValue = min(1, max(0, 0.5 * erfc(z / 2.0.squareRoot())))
    }
  }

  /// P(the doubled ranks of a random `choose`-subset sum to at least `atLeast`), every subset equally likely.
  static func exactUpperTail(doubledRanks: [Int], choose k: Int, atLeast: Int) -> Double {
    let total = doubledRanks.reduce(0, +)
    // ways[c][s]: subsets of the ranks seen so far with c members and doubled sum s (as a Double: C(60, 30) ≈ 1e17).
    var ways = [[Double]](repeating: [Double](repeating: 0, count: total + 1), count: k + 1)
    ways[0][0] = 1
    var reach = 0
    for (seen, r) in doubledRanks.enumerated() {
      reach += r
      for c in stride(from: min(k, seen + 1), through: 1, by: -1) {
        var s = reach
        while s >= r {
          ways[c][s] += ways[c - 1][s - r]
          s -= 1
        }
      }
    }
    let all = ways[k].reduce(0, +)
    guard all > 0 else { return 1 }
    var tail = 0.0
    if atLeast <= total { for s in max(0, atLeast)...total { tail += ways[k][s] } }
    return min(1, tail / all)
  }
}
