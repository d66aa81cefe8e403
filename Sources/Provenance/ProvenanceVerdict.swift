import Foundation

/// The answer in one sentence, and the teacher it names, if any.
public struct ProvenanceVerdict: Codable, Sendable, Hashable {
  public enum Outcome: String, Codable, Sendable, Hashable {
    /// One candidate is echoed significantly more than by the panel, and more than by every panel model.
    case evidence
    /// The test ran and no candidate qualifies. The sentence names no teacher.
    case noEvidence = "no-evidence"
    /// The test could not run (no panel, no shared prompts, or no candidate); the sentence says why.
    case untestable
  }

  public var outcome: Outcome
  /// The named teacher, only for `evidence`.
  public var teacher: String?
  public var sentence: String

  public init(outcome: Outcome, teacher: String?, sentence: String) {
    self.outcome = outcome
    self.teacher = teacher
    self.sentence = sentence
  }

  /// A p-value as people write it: `0.012`, `3e-9`, `< 1e-300`.
  public static func pValueText(_ p: Double) -> String {
    if p <= 0 || !p.isFinite { return p > 0 ? "1" : "< 1e-300" }
    if p >= 0.001 { return String(format: "%.3g", p) }
    let exponent = Int(floor(log10(p)))
    var mantissa = (p / pow(10, Double(exponent))).rounded()
    var e = exponent
    if mantissa >= 10 {
      mantissa = 1
      e += 1
    }
    return "\(Int(mantissa))e\(e)"
  }

  /// A ratio with two significant digits: `2.3×`, `14×`.
  public static func ratioText(_ r: Double?) -> String {
    guard let r, r.isFinite else { return "∞" }
    return r >= 10 ? String(format: "%.0f×", r) : String(format: "%.2g×", r)
  }
}
