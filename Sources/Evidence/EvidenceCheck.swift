/// The outcome of one of the checks an auditor runs on an evidence report (`Protocol/EVIDENCE.md`, "Checking a
/// report"), in words a person can act on.
///
/// A check that could not run (the transcript is gone, so nothing can be rescanned) is `skipped` with the reason,
/// never silently passed: a report is verified only when every check passed.
public struct EvidenceCheck: Sendable, Hashable {
  public enum Outcome: String, Sendable, Hashable {
    case passed = "ok"
    case failed = "FAILED"
    case skipped = "skipped"
  }

  /// What was checked: `report`, `transcript`, `indexes` or `rescan`.
  public var subject: String
  public var outcome: Outcome
  /// What was found, naming the file, passage or field at fault when it failed.
  public var detail: String

  public init(_ subject: String, _ outcome: Outcome, _ detail: String) {
    self.subject = subject
    self.outcome = outcome
    self.detail = detail
  }

  /// One line: outcome, subject, detail.
  public var line: String {
    let word = outcome.rawValue
    return word + String(repeating: " ", count: max(1, 8 - word.count)) + "\(subject): \(detail)"
  }
}
