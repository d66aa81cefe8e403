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

  @Test func exactRankSumCountsEveryAssignment() {
    // Suspect above every panel answer: only one of C(6, 3) = 20 assignments reaches rank sum 15, p = 1/20.
    let above = RankSumTest(suspect: [3, 4, 5], panel: [0, 1, 2])
    #expect(above.exact && above.uStatistic == 9 && above.pValue == 0.05)
    // Suspect ranks 2, 5, 6 (sum 13): the 3-subsets of 1...6 with sum ≥ 13 mirror those with sum ≤ 8, four of them.
    let mixed = RankSumTest(suspect: [1, 4, 5], panel: [0, 2, 3])
    #expect(mixed.uStatistic == 7 && abs(mixed.pValue - 0.2) < 1e-12)
    // Ties share mid-ranks (1.5, 1.5, 4, 4, 4): the suspect's two 1s reach 8, as do 3 of the 10 pairs.
    let tied = RankSumTest(suspect: [1, 1], panel: [0, 0, 1])
    #expect(tied.uStatistic == 5 && abs(tied.pValue - 0.3) < 1e-12)
    // Below the panel, or no panel at all: no evidence.
    #expect(RankSumTest(suspect: [0, 0], panel: [2, 3]).pValue == 1)
    #expect(RankSumTest(suspect: [4], panel: []).pValue == 1)
  }

  @Test func rankSumNormalApproximationAgreesWithTheExactTailNearTheSwitch() {
    // Mostly zeros, as per-answer echo counts are: 30 + 30 answers (exact) against 31 + 30 (normal).
    let suspect = (0..<30).map { Double($0 % 3 == 0 ? 2 : $0 % 3 == 1 ? 1 : 0) }
    let panel = (0..<30).map { Double($0 % 6 == 0 ? 1 : 0) }
    let exact = RankSumTest(suspect: suspect, panel: panel)
    let approximate = RankSumTest(suspect: suspect + [0], panel: panel)
    #expect(exact.exact && !approximate.exact)
    #expect(exact.pValue < 0.001 && approximate.pValue < 0.001)
    #expect(abs(log10(exact.pValue) - log10(approximate.pValue)) < 0.5)
    let same = RankSumTest(suspect: panel + panel, panel: panel)
    #expect(same.pValue > 0.3 && same.pValue < 0.7)
  }

  @Test func answersWithoutPromptsAreComparedUnpaired() {
    func answer(_ model: String, _ i: Int, prompt: Bool, echoes: Int) -> AnswerObservation {
      AnswerObservation(
        path: "\(model).md", record: nil, model: model, promptKey: prompt ? PromptKey.make("question \(i)") : nil,
        tokenCount: 100, scannedBytes: 500, passages: echoes > 0 ? ["teacher": echoes] : [:],
        echoedBytes: echoes > 0 ? ["teacher": 100] : [:], claims: [])
    }
    // Plain-text transcripts: no prompts, so nothing pairs; 12 of 20 suspect answers echo, 2 of 20 per panel model.
    let suspect = (0..<20).map { answer("suspect", $0, prompt: false, echoes: $0 < 12 ? 1 : 0) }
    let panel = ["p1", "p2"].flatMap { m in (0..<20).map { answer(m, $0, prompt: false, echoes: $0 < 2 ? 1 : 0) } }
    let result = ProvenanceAnalysis().run(suspect: suspect, panel: panel, candidates: ["teacher"], suspectName: "s")
    #expect(result.design == .unpaired && result.pairedPrompts == 0)
    let teacher = result.candidates[0]
    #expect(teacher.test == nil && teacher.rankSum?.suspectAnswers == 20 && teacher.rankSum?.panelAnswers == 40)
    #expect(teacher.adjustedPValue < 0.001 && teacher.supported)
    #expect(abs((teacher.rateRatio ?? 0) - 6) < 1e-9)
    #expect(result.verdict.teacher == "teacher")
    #expect(result.verdict.sentence.contains("unpaired"))
    // The same counts with prompts both answered: the paired design, and no rank-sum test.
    let pairedSuspect = (0..<20).map { answer("suspect", $0, prompt: true, echoes: $0 < 12 ? 1 : 0) }
    let pairedPanel = ["p1", "p2"].flatMap { m in
      (0..<20).map { answer(m, $0, prompt: true, echoes: $0 < 2 ? 1 : 0) }
    }
    let paired = ProvenanceAnalysis().run(
      suspect: pairedSuspect, panel: pairedPanel, candidates: ["teacher"], suspectName: "s")
    #expect(paired.design == .paired && paired.pairedPrompts == 20 && paired.candidates[0].rankSum == nil)
    // An independent suspect without prompts: no teacher.
    let independent = (0..<20).map { answer("other", $0, prompt: false, echoes: $0 < 2 ? 1 : 0) }
    let none = ProvenanceAnalysis().run(suspect: independent, panel: panel, candidates: ["teacher"], suspectName: "o")
    #expect(none.design == .unpaired && none.verdict.teacher == nil && none.verdict.outcome == .noEvidence)
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
