/// The corpus-level verdict: did the suspect learn from one of the candidate teachers?
///
/// For each candidate, the suspect's answers are compared with the independent panel's answers to the same prompts:
/// per prompt, the suspect's echo passages attributed to the candidate minus the panel's mean, tested with a
/// one-sided signed-rank test. Where most of the suspect's answers have no prompt the panel answered (plain-text
/// transcripts), the answers are compared unpaired with a rank-sum test instead (`TestDesign`). The candidates'
/// p-values are corrected with Holm's method. A teacher is named only
/// when it is significant after correction and the suspect echoes it more than every single panel model does.
/// `Protocol/PROVENANCE.md` gives the reasons and the limits.
public struct ProvenanceAnalysis: Sendable {
  public var parameters: ProvenanceParameters

  public init(parameters: ProvenanceParameters = ProvenanceParameters()) {
    self.parameters = parameters
  }

  /// - Parameters:
  ///   - suspect: every answer of the suspect.
  ///   - panel: every answer of the independent models (grouped by `AnswerObservation.model`).
  ///   - candidates: the candidate teachers; nil takes every model that any passage names.
  ///   - suspectName: how the verdict calls the suspect.
  public func run(
    suspect: [AnswerObservation], panel: [AnswerObservation], candidates: [String]?, suspectName: String
  ) -> ProvenanceResult {
    let candidateList =
      candidates
      ?? Array(Set((suspect + panel).flatMap { $0.passages.keys })).sorted()
    let panelByModel = Dictionary(grouping: panel, by: \.model)
    let panelModels = panelByModel.keys.sorted()
    let suspectByPrompt = Self.byPrompt(suspect)
    let panelByPrompt = panelByModel.mapValues(Self.byPrompt)
    let pairedKeys = suspectByPrompt.keys.filter { key in panelByPrompt.values.contains { $0[key] != nil } }.sorted()
    let pairedKeySet = Set(pairedKeys)

    let pairedAnswers = suspect.filter { $0.promptKey.map(pairedKeySet.contains) ?? false }.count
    let design: TestDesign = !pairedKeys.isEmpty && 2 * pairedAnswers >= suspect.count ? .paired : .unpaired

    var results: [CandidateResult] = candidateList.map { candidate in
      let suspectRates = ModelEchoRates(model: suspectName, answers: suspect, candidate: candidate)
      let panelRates = panelModels.map {
        ModelEchoRates(model: $0, answers: panelByModel[$0] ?? [], candidate: candidate)
      }
      var result = CandidateResult(
        candidate: candidate, suspect: suspectRates, panel: panelRates, pairedPrompts: pairedKeys.count,
        design: design, test: nil, rankSum: nil, adjustedPValue: 1, rateRatio: nil, rateRatioLow: nil,
        rateRatioHigh: nil,
        exceedsEveryPanelModel: !panelRates.isEmpty
          && panelRates.allSatisfy { suspectRates.passagesPer100Answers > $0.passagesPer100Answers },
        supported: false)
      let ratio: Double
      switch design {
      case .paired:
        var pairs: [(suspect: Double, panel: Double)] = []
        for key in pairedKeys {
          let s = Self.meanPassages(suspectByPrompt[key] ?? [], candidate)
          let panelValues = panelModels.compactMap { model in
            panelByPrompt[model]?[key].map { Self.meanPassages($0, candidate) }
          }
          pairs.append((s, panelValues.reduce(0, +) / Double(max(1, panelValues.count))))
        }
        result.test = SignedRankTest(differences: pairs.map { $0.suspect - $0.panel })
        ratio = PromptBootstrap.ratio(pairs.reduce(0) { $0 + $1.suspect }, pairs.reduce(0) { $0 + $1.panel })
        (result.rateRatioLow, result.rateRatioHigh) = PromptBootstrap.ratioInterval(
          pairs, samples: parameters.bootstrapSamples, seed: parameters.bootstrapSeed,
          confidence: parameters.confidence)
      case .unpaired:
        let counts = { (answers: [AnswerObservation]) in answers.map { Double($0.passages[candidate] ?? 0) } }
        let suspectCounts = counts(suspect)
        let panelCounts = panelModels.map { counts(panelByModel[$0] ?? []) }
        result.rankSum = RankSumTest(suspect: suspectCounts, panel: panelCounts.flatMap { $0 })
        ratio = AnswerBootstrap.ratio(suspect: suspectCounts, panel: panelCounts)
        (result.rateRatioLow, result.rateRatioHigh) = AnswerBootstrap.ratioInterval(
          suspect: suspectCounts, panel: panelCounts, samples: parameters.bootstrapSamples,
          seed: parameters.bootstrapSeed, confidence: parameters.confidence)
      }
      result.rateRatio = ratio.isFinite ? ratio : nil
      return result
    }
    let adjusted = HolmCorrection.adjusted(results.map(\.pValue))
    for i in results.indices {
      results[i].adjustedPValue = adjusted[i]
      results[i].supported = adjusted[i] <= parameters.alpha && results[i].exceedsEveryPanelModel
    }
    let verdict = Self.verdict(
      results, suspectName: suspectName, panelModelCount: panelModels.count, panelAnswers: panel.count,
      suspectAnswers: suspect.count, parameters: parameters)
    return ProvenanceResult(
      parameters: parameters, suspectName: suspectName, suspectModels: Array(Set(suspect.map(\.model))).sorted(),
      suspectAnswers: suspect.count, panelModels: panelModels, panelAnswers: panel.count,
      pairedPrompts: pairedKeys.count, design: design, candidates: results,
      selfIdentification: SelfIdentificationTally.tallies(suspect: suspect, panel: panel), verdict: verdict)
  }

  static func byPrompt(_ answers: [AnswerObservation]) -> [String: [AnswerObservation]] {
    var out: [String: [AnswerObservation]] = [:]
    for answer in answers {
      if let key = answer.promptKey { out[key, default: []].append(answer) }
    }
    return out
  }

  static func meanPassages(_ answers: [AnswerObservation], _ candidate: String) -> Double {
    guard !answers.isEmpty else { return 0 }
    return Double(answers.reduce(0) { $0 + ($1.passages[candidate] ?? 0) }) / Double(answers.count)
  }

  /// The sentence; it names a teacher only for a supported candidate.
  static func verdict(
    _ results: [CandidateResult], suspectName: String, panelModelCount: Int, panelAnswers: Int, suspectAnswers: Int,
    parameters: ProvenanceParameters
  ) -> ProvenanceVerdict {
    if suspectAnswers == 0 {
      return ProvenanceVerdict(outcome: .untestable, teacher: nil, sentence: "No verdict: the suspect has no answers.")
    }
    if panelModelCount == 0 {
      return ProvenanceVerdict(
        outcome: .untestable, teacher: nil,
        sentence: "No verdict: there is no independent panel to compare with (give its answers with --panel).")
    }
    if panelAnswers == 0 {
      return ProvenanceVerdict(
        outcome: .untestable, teacher: nil, sentence: "No verdict: the independent panel has no answers.")
    }
    if results.isEmpty {
      return ProvenanceVerdict(
        outcome: .untestable, teacher: nil,
        sentence: "No verdict: no candidate teacher (no answer echoes any model of the index).")
    }
    let supported = results.filter(\.supported).sorted {
      ($0.adjustedPValue, -($0.rateRatio ?? .infinity), $0.candidate)
        < ($1.adjustedPValue, -($1.rateRatio ?? .infinity), $1.candidate)
    }
    let confidence = Int((parameters.confidence * 100).rounded())
    guard let best = supported.first else {
      return ProvenanceVerdict(
        outcome: .noEvidence, teacher: nil,
        sentence:
          "No evidence that \(suspectName) learned from any of the \(results.count) candidate models: none is "
          + "echoed more than by the \(panelModelCount) independent models at α = \(parameters.alpha) after Holm "
          + "correction.")
    }
    let p = ProvenanceVerdict.pValueText(best.adjustedPValue)
    let unpaired = best.design == .unpaired ? "; answers compared unpaired, without shared prompts" : ""
    var sentence: String
    if let ratio = best.rateRatio {
      let low = best.rateRatioLow.map { ProvenanceVerdict.ratioText($0).dropLast() } ?? "?"
      let high = best.rateRatioHigh.map { ProvenanceVerdict.ratioText($0).dropLast() } ?? "∞"
      sentence =
        "\(suspectName)'s answers echo \(best.candidate) at \(ProvenanceVerdict.ratioText(ratio)) the rate of "
        + "independent models (\(confidence)% CI \(low)–\(high)×, p = \(p), Holm-corrected over \(results.count) "
        + "candidates\(unpaired))."
    } else {
      sentence =
        "\(suspectName)'s answers echo \(best.candidate) (\(String(format: "%.1f", best.suspect.passagesPer100Answers)) "
        + "passages per 100 answers) where the independent models echo it not at all (p = \(p), Holm-corrected over "
        + "\(results.count) candidates\(unpaired))."
    }
    let others = supported.dropFirst().map {
      "\($0.candidate) (\(ProvenanceVerdict.ratioText($0.rateRatio)), p = \(ProvenanceVerdict.pValueText($0.adjustedPValue)))"
    }
    if !others.isEmpty { sentence += " Also above the panel: " + others.joined(separator: ", ") + "." }
    return ProvenanceVerdict(outcome: .evidence, teacher: best.candidate, sentence: sentence)
  }
}
