import Matching

/// One run of the alignment, with the text of both sides, so the report can be read without the index.
public struct EvidenceSpan: Codable, Sendable, Hashable {
  /// `equal`, `insert` (only in the transcript), `delete` (only in the reference) or `substitute`.
  public var kind: AlignmentSpan.Kind
  /// Bytes of the transcript file (raw, so JSON escapes appear as written).
  public var transcript: ByteRange
  /// Bytes of the stored reference text (the same coordinates as `EvidenceMatch.referenceRange`).
  public var reference: ByteRange
  public var tokenCount: Int
  /// The transcript bytes of the run, decoded as UTF-8 (invalid bytes become U+FFFD).
  public var transcriptText: String
  /// The reference bytes of the run, cut from the stored excerpt.
  public var referenceText: String

  public init(
    kind: AlignmentSpan.Kind, transcript: ByteRange, reference: ByteRange, tokenCount: Int, transcriptText: String,
    referenceText: String
  ) {
    self.kind = kind
    self.transcript = transcript
    self.reference = reference
    self.tokenCount = tokenCount
    self.transcriptText = transcriptText
    self.referenceText = referenceText
  }
}
