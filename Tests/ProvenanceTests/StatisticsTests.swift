import Foundation
import Provenance
import Testing

/// The statistics behind the verdict, against values worked out by hand or by the textbook formulas.
@Suite struct StatisticsTests {
  @Test func exactSignedRankCountsEverySignPattern() {
    // Three positive differences of distinct size: only the all-positive pattern reaches W+ = 6, p = 1/8.
    let all = SignedRankTest(differences: [1, 2, 3])
    #expect(all.exact && all.nonZeroCount == 3 && all.positiveRankSum == 6)
    #expect(all.pValue == 0.125)
    // Ranks 1, 2, 3 with the smallest negative: W+ = 5; patterns with sum ≥ 5 are {2,3} and {1,2,3}: 2/8.
    #expect(SignedRankTest(differences: [-1, 2, 3]).pValue == 0.25)
    // Zeros are dropped; ties share their mid-rank (1.5, 1.5, 3): W+ = 4.5 of the subsets {1.5,3},{1.5,3},{all}.
    let tied = SignedRankTest(differences: [0, 0, 2, -2, 5])
    #expect(tied.nonZeroCount == 3 && tied.positiveRankSum == 4.5)
    #expect(tied.pValue == 0.375)
    #expect(SignedRankTest(differences: [0, 0]).pValue == 1)
    #expect(SignedRankTest(differences: [-3, -1]).pValue == 1)
  }

  @Test func normalApproximationAgreesWithTheExactTailNearTheSwitch() {
    // 50 differences (exact) against the same 50 plus one zero-rank-free copy shifted to 51 (normal): the two
    // p-values of comparable data must be close, and both small for a clear shift.
    let differences = (1...50).map { Double($0) * ($0 % 5 == 0 ? -1 : 1) }
    let exact = SignedRankTest(differences: differences)
    let approximate = SignedRankTest(differences: differences + [51])
    #expect(exact.exact && !approximate.exact)
    #expect(exact.pValue < 0.001 && approximate.pValue < 0.001)
    #expect(abs(log10(exact.pValue) - log10(approximate.pValue)) < 0.5)
    // Symmetric data: W+ at its mean, p near one half.
    let symmetric = SignedRankTest(differences: (1...60).map { Double($0) * ($0 % 2 == 0 ? 1 : -1) })
    #expect(symmetric.pValue > 0.3 && symmetric.pValue < 0.7)
  }

  @Test func holmStepsDownAndStaysMonotone() {
    // Textbook example: p = 0.01, 0.04, 0.03, 0.005 → sorted 0.005·4, 0.01·3, 0.03·2, 0.04·1.
    let adjusted = HolmCorrection.adjusted([0.01, 0.04, 0.03, 0.005])
    #expect(adjusted.map { ($0 * 1000).rounded() / 1000 } == [0.03, 0.06, 0.06, 0.02])
    #expect(HolmCorrection.adjusted([0.5, 0.9]) == [1, 1])
  }

  @Test func bootstrapIntervalIsReproducibleAndCoversTheEstimate() {
    let pairs: [(suspect: Double, panel: Double)] = (0..<40).map { i in (Double(i % 7), Double(i % 3) + 0.5) }
    let a = PromptBootstrap.ratioInterval(pairs, samples: 500, seed: 7, confidence: 0.95)
    let b = PromptBootstrap.ratioInterval(pairs, samples: 500, seed: 7, confidence: 0.95)
    #expect(a.low == b.low && a.high == b.high)
    let estimate = pairs.reduce(0) { $0 + $1.suspect } / pairs.reduce(0) { $0 + $1.panel }
    #expect((a.low ?? 0) < estimate && estimate < (a.high ?? .infinity))
    #expect(PromptBootstrap.ratio(3, 0) == .infinity && PromptBootstrap.ratio(0, 0) == 1)
  }

  @Test func promptKeysFoldCaseAndSpacing() {
    #expect(PromptKey.make("Describe  the\nRiver.") == PromptKey.make("describe the river."))
    #expect(PromptKey.make("Describe the river.") != PromptKey.make("Describe the market."))
  }
}
