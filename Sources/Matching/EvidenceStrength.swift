/// How strong a finding is as evidence, from its E-value; editors map it to a severity.
///
/// A calibrated E-value is an honest expected count, so its cut-offs are modest; the word-frequency model's
/// uncalibrated E-values overstate surprise by many orders of magnitude, so they need far smaller values for the
/// same word (`Protocol/SIGNIFICANCE.md`).
public enum EvidenceStrength: String, Codable, Sendable, CaseIterable, Hashable {
  /// Calibrated E ≤ 1e-6 (uncalibrated ≤ 1e-60), or an explicit self-identification.
  case strong
  /// Calibrated E ≤ 1e-3 (uncalibrated ≤ 1e-30).
  case moderate
  /// Anything else that passed the reporting thresholds, common text, and echoes that another model's answer
  /// matches nearly as well.
  case weak

  /// The strength of an echo with expected count `eValue`.
  public init(eValue: Double, calibrated: Bool) {
    let (strong, moderate) = calibrated ? (1e-6, 1e-3) : (1e-60, 1e-30)
    if eValue <= strong {
      self = .strong
    } else if eValue <= moderate {
      self = .moderate
    } else {
      self = .weak
    }
  }

  /// The strength of an echo with expected count `eValue` on `basis`: one step weaker when a calibrated E-value
  /// rests on answers to other prompts than the transcript's (`SignificanceBasis.restsOnOtherPrompts`), because such
  /// a null understates how alike independent answers to one prompt run.
  public init(eValue: Double, basis: SignificanceBasis) {
    self.init(eValue: eValue, calibrated: basis.calibrated)
    if basis.restsOnOtherPrompts { self = weaker }
  }

  /// One step weaker (weak stays weak).
  public var weaker: EvidenceStrength {
    switch self {
    case .strong: .moderate
    case .moderate, .weak: .weak
    }
  }
}
