import TextProcessing

/// One finding: a contiguous region of a transcript and why it is reported.
public struct Passage: Codable, Sendable, Hashable {
  /// Stable within one scan result: the kind, the byte range and the best reference.
  public var id: String
  public var kind: FindingKind
  public var strength: EvidenceStrength
  /// The passage's bytes in the raw transcript file, on token boundaries.
  public var range: ByteRange
  /// Whether the text was a model's answer, its reasoning (`<think>` blocks), or unstructured text.
  public var role: SegmentRole
  /// The passage's text, as decoded (JSON escapes resolved).
  public var text: String
  /// The best-matching reference, for `echo` and `common-text`.
  public var best: ReferenceMatch?
  /// Other references that match almost as well, best first.
  public var alternatives: [ReferenceMatch]
  /// The best background match, for `common-text` (and for an echo that had a weaker background match).
  public var background: ReferenceMatch?
  /// What the text claims, for `self-identification`.
  public var identity: SelfIdentification?
  /// The best match by another model group, for an `echo` that has one.
  public var contrast: ModelContrast?

  public init(
    id: String, kind: FindingKind, strength: EvidenceStrength, range: ByteRange, role: SegmentRole, text: String,
    best: ReferenceMatch?, alternatives: [ReferenceMatch], background: ReferenceMatch?, identity: SelfIdentification?,
    contrast: ModelContrast? = nil
  ) {
    self.id = id
    self.kind = kind
    self.strength = strength
    self.range = range
    self.role = role
    self.text = text
    self.best = best
    self.alternatives = alternatives
    self.background = background
    self.identity = identity
    self.contrast = contrast
  }
}
