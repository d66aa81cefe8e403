/// The one set of thresholds shared by `echolens scan` and the language server.
///
/// Names and defaults are documented in `Protocol/LSP.md` (settings) and `Protocol/SCAN.md` (CLI flags); keep the
/// three in step.
public struct ScanParameters: Codable, Sendable, Hashable {
  /// A passage must cover at least this many transcript tokens.
  public var minTokens: Int = 20
  /// A passage must have at least this share of equal aligned tokens.
  public var minSimilarity: Double = 0.7
  /// With a calibration: a passage is reported only when independent text of the transcript's size is expected to
  /// hold a passage this strong at most this often.
  ///
  /// The budget is one false finding per 100 independent answers. At 0.002 a calibrated scan expects 0.2, and the
  /// largest deviation the self-check has shown (2.4 times the expected count at E ≤ 0.01, `CALIBRATION.md`) keeps
  /// that under half the budget. The former 0.001 spent a tenth of it and missed edited copies whose strength
  /// independent answers reach once in a few hundred; between 0.001 and 0.002 a finding is `weak`.
  public var maxEValue: Double = 2e-3
  /// Without a calibration: the same, by the word-frequency model, which overstates the surprise of conventional
  /// text by many orders of magnitude; hence a far stricter default (`Protocol/SIGNIFICANCE.md`).
  public var maxUncalibratedEValue: Double = 1e-30
  /// At most this many passages per transcript file; the strongest are kept and the cut is reported.
  public var maxPassagesPerDocument: Int = 500
  /// Which kinds of finding to report.
  public var kinds: Set<FindingKind> = [.echo, .selfIdentification]
  /// Seeds found in more reference documents than this are treated as stock phrases and not used to find
  /// candidates.
  public var maxSeedDocuments: Int = 64
  /// Model or maker names (case-insensitive) that the transcript's own model may claim without a finding.
  public var ownIdentities: [String] = []
  /// Named groups of reference models that count as one (a family such as gpt-4 and gpt-4-0314): contrast between
  /// models and coverage are per group.
  public var modelGroups: [String: [String]] = [:]

  public init() {}

  enum CodingKeys: String, CodingKey {
    case minTokens, minSimilarity, maxEValue, maxUncalibratedEValue, maxPassagesPerDocument, kinds, maxSeedDocuments
    case ownIdentities, modelGroups
  }

  /// The group a reference model belongs to: the group's name, or the model's own name.
  public func group(of model: String) -> String {
    for name in modelGroups.keys.sorted() where name == model || modelGroups[name]!.contains(model) { return name }
    return model
  }

  /// Decodes a partial settings object: every missing key keeps its default, so clients send only what they change.
  ///
  /// Only the shapes are checked here; ranges are `ScanSettingRules.validate`'s job, which the CLI shares.
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    let d = ScanParameters()
    minTokens = try c.decodeIfPresent(Int.self, forKey: .minTokens) ?? d.minTokens
    minSimilarity = try c.decodeIfPresent(Double.self, forKey: .minSimilarity) ?? d.minSimilarity
    maxEValue = try c.decodeIfPresent(Double.self, forKey: .maxEValue) ?? d.maxEValue
    maxUncalibratedEValue =
      try c.decodeIfPresent(Double.self, forKey: .maxUncalibratedEValue) ?? d.maxUncalibratedEValue
    maxPassagesPerDocument =
      try c.decodeIfPresent(Int.self, forKey: .maxPassagesPerDocument) ?? d.maxPassagesPerDocument
    kinds = try c.decodeIfPresent([String].self, forKey: .kinds).map(ScanSettingRules.kinds) ?? d.kinds
    maxSeedDocuments = try c.decodeIfPresent(Int.self, forKey: .maxSeedDocuments) ?? d.maxSeedDocuments
    ownIdentities = try c.decodeIfPresent([String].self, forKey: .ownIdentities) ?? d.ownIdentities
    modelGroups = try c.decodeIfPresent([String: [String]].self, forKey: .modelGroups) ?? d.modelGroups
  }
}
