import TextProcessing

/// Finds list numbers that stand inline, where a copied list lost its line breaks: "1. Preheat the oven 2. Mix
/// the flour 3. Add …".
///
/// The tokenizer drops a numbered-list marker at the start of a line (it is layout, `Protocol/INDEX.md`), so the
/// original list has no number tokens; the flattened copy has one per item. Each would count as an inserted word,
/// and five of them cost a short list as much as five real edits. A token of one to three ASCII digits, after
/// white space (or at the start) and followed by `.` or `)` and white space, is such a marker.
enum ListMarkers {
  /// Per token of `tokens` (from `text`), whether it is an inline list number.
  static func mask(tokens: [Token], text: [UInt8]) -> [Bool] {
    tokens.map { token in
      let start = Int(token.utf8Start)
      let end = Int(token.utf8End)
      guard end - start >= 1, end - start <= 3, end + 1 < text.count else { return false }
      guard text[start..<end].allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else { return false }
      guard text[end] == UInt8(ascii: ".") || text[end] == UInt8(ascii: ")") else { return false }
      guard isSpace(text[end + 1]) else { return false }
      return start == 0 || isSpace(text[start - 1])
    }
  }

  static func isSpace(_ byte: UInt8) -> Bool {
    byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")
  }
}
