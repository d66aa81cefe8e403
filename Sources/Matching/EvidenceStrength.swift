/// How strong a finding is as evidence, from its significance; editors map it to a severity.
public enum EvidenceStrength: String, Codable, Sendable, CaseIterable, Hashable {
  /// About 1 in 10^12 or less by chance (E-value ≤ 1e-12), or an explicit self-identification.
  case strong
  /// E-value ≤ 1e-6.
  case moderate
  /// Anything else that passed the reporting thresholds.
  case weak

  /// The strength of an echo with expected chance count `eValue`.
  public init(eValue: Double) {
    if eValue <= 1e-12 {
      self = .strong
    } else if eValue <= 1e-6 {
      self = .moderate
    } else {
      self = .weak
    }
  }
}
