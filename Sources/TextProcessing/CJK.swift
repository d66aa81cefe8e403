/// The scripts that write words without spaces between them, where each character is a token of its own.
enum CJK {
  /// Han ideographs, kana and Hangul syllables.
  static func isSingleCharacterWord(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x30A0, 0x30FB:  // Katakana double hyphen and middle dot are punctuation
      return false
    case 0x3040...0x30FF,  // Hiragana, Katakana
      0x31F0...0x31FF,  // Katakana phonetic extensions
      0x3400...0x4DBF,  // CJK Extension A
      0x4E00...0x9FFF,  // CJK Unified Ideographs
      0xAC00...0xD7AF,  // Hangul syllables
      0xF900...0xFAFF,  // CJK Compatibility Ideographs
      0xFF66...0xFF9D,  // Half-width Katakana
      0x20000...0x3134F:  // CJK Extensions B–G
      return true
    default:
      return false
    }
  }

  /// Characters whose NFKC form differs from themselves, so they need the slow path.
  static func needsCompatibilityMapping(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0xF900...0xFAFF, 0xFF66...0xFF9D: return true
    default: return false
    }
  }
}
