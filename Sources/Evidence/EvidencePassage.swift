import Matching
import TextProcessing

/// One finding as the report and `scan --format json` record it.
public struct EvidencePassage: Codable, Sendable, Hashable {
  public var id: String
  public var kind: FindingKind
  public var strength: EvidenceStrength
  public var role: SegmentRole
  /// The passage's bytes in the raw transcript file, with 1-based line/columns.
  public var range: EvidenceRange
  /// The passage's text as decoded (JSON escapes resolved).
  public var text: String
  /// SHA-256 of `text` as UTF-8.
  public var textSHA256: String
  /// SHA-256 of the file's bytes in `range`: `dd bs=1 skip=utf8Start count=utf8End-utf8Start | sha256sum`.
  public var rangeSHA256: String
  /// The one-line message the CLI and the editor show (`FindingMessage`).
  public var message: String
  public var best: EvidenceMatch?
  public var alternatives: [EvidenceMatch]
  public var background: EvidenceMatch?
  public var identity: SelfIdentification?
  /// The best match by another reference model (group), for an echo that has one.
  public var contrast: ModelContrast?

  public init(
    id: String, kind: FindingKind, strength: EvidenceStrength, role: SegmentRole, range: EvidenceRange, text: String,
    textSHA256: String, rangeSHA256: String, message: String, best: EvidenceMatch?, alternatives: [EvidenceMatch],
    background: EvidenceMatch?, identity: SelfIdentification?, contrast: ModelContrast? = nil
  ) {
    self.id = id
    self.kind = kind
    self.strength = strength
    self.role = role
    self.range = range
    self.text = text
    self.textSHA256 = textSHA256
    self.rangeSHA256 = rangeSHA256
    self.message = message
    self.best = best
    self.alternatives = alternatives
    self.background = background
    self.identity = identity
    self.contrast = contrast
  }
}
