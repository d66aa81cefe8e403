/// One run of the token alignment between a transcript passage and a reference excerpt.
///
/// Runs rather than single tokens keep reports small: a verbatim copy of 200 words is one `equal` span.
public struct AlignmentSpan: Codable, Sendable, Hashable {
  public enum Kind: String, Codable, Sendable, Hashable {
    /// The tokens are the same after normalisation.
    case equal
    /// Tokens the transcript has and the reference does not.
    case insert
    /// Tokens the reference has and the transcript does not.
    case delete
    /// Tokens that stand in the same place but differ.
    case substitute
  }

  public var kind: Kind
  /// Bytes of the transcript file covered by the run; empty (at the insertion point) for `delete`.
  public var transcript: ByteRange
  /// Bytes of the stored reference text covered by the run; empty for `insert`.
  public var reference: ByteRange
  /// Tokens in the run on the side that has the most.
  public var tokenCount: Int

  public init(kind: Kind, transcript: ByteRange, reference: ByteRange, tokenCount: Int) {
    self.kind = kind
    self.transcript = transcript
    self.reference = reference
    self.tokenCount = tokenCount
  }
}
