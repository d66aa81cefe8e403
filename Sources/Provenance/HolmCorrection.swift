/// Holm's step-down correction of p-values for testing several candidate teachers at once.
///
/// Sort the m p-values ascending; the k-th smallest (from 0) is multiplied by m − k, and the adjusted values are made
/// non-decreasing in that order and capped at 1. A candidate is significant at α when its adjusted p ≤ α; the chance
/// of naming any teacher wrongly is then at most α whatever the dependence between the tests.
public enum HolmCorrection {
  public static func adjusted(_ pValues: [Double]) -> [Double] {
    let m = pValues.count
    let order = pValues.indices.sorted { (pValues[$0], $0) < (pValues[$1], $1) }
    var adjusted = [Double](repeating: 1, count: m)
    var running = 0.0
    for (k, index) in order.enumerated() {
      running = max(running, min(1, Double(m - k) * pValues[index]))
      adjusted[index] = running
    }
    return adjusted
  }
}
