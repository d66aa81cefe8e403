/// The user turns of a flat chat record's `history` field, read the same way for transcripts and for corpora.
///
/// A follow-up answer repeats what the conversation's first question handed every model, and text the user
/// dictated is no evidence whichever turn dictated it; a transcript's earlier turns and a reference index's earlier
/// turns must therefore be found by one rule, or the null (scanned from the index) and the transcripts it
/// calibrates would discount different text.
enum ConversationHistory {
  /// The `content` of `{role: "user"}` (or `{from: "human"}`) entries, or the first string of each
  /// `[user, answer]` pair, oldest first.
  static func userTurns(of entries: [JSONByteValue], in bytes: UnsafeBufferPointer<UInt8>) -> [String] {
    entries.compactMap { entry in
      if let pair = entry.array {
        return pair.first?.string?.decoded(in: bytes)
      }
      if let role = entry.member("role", in: bytes)?.string, role.equals("user", in: bytes) {
        return entry.member("content", in: bytes).flatMap { plainText(ofContent: $0, in: bytes) }
      }
      if let from = entry.member("from", in: bytes)?.string,
        from.equals("human", in: bytes) || from.equals("user", in: bytes)
      {
        return entry.member("value", in: bytes)?.string?.decoded(in: bytes)
      }
      return nil
    }
  }

  /// A turn's text: a string, or the `text` parts of an array joined by newlines; nil for anything else.
  static func plainText(ofContent content: JSONByteValue, in bytes: UnsafeBufferPointer<UInt8>) -> String? {
    switch content.kind {
    case .string(let s):
      return s.decoded(in: bytes)
    case .array(let parts):
      let texts = parts.compactMap { $0.member("text", in: bytes)?.string?.decoded(in: bytes) }
      return texts.isEmpty ? nil : texts.joined(separator: "\n")
    case .null, .bool, .number, .object:
      return nil
    }
  }
}
