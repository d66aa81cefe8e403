/// One normalised word of a text, with the exact bytes it came from.
///
/// The engine works in UTF-8 byte offsets of the original text, never in characters or UTF-16 units, so that a
/// finding can be mapped to any editor encoding at the edge. Offsets are stored as `UInt32` to keep token arrays of
/// large transcripts small; texts are limited to 4 GiB.
public struct Token: Sendable, Hashable {
  /// Byte offset of the token's first byte in the original text.
  public var utf8Start: UInt32
  /// Byte offset one past the token's last byte in the original text.
  public var utf8End: UInt32
  /// Hash of the normalised form; two tokens with the same `term` are the same word after normalisation.
  public var term: UInt64

  public init(utf8Start: UInt32, utf8End: UInt32, term: UInt64) {
    self.utf8Start = utf8Start
    self.utf8End = utf8End
    self.term = term
  }

  /// The token's bytes in the original text.
  public var utf8Range: Range<Int> { Int(utf8Start)..<Int(utf8End) }
}
