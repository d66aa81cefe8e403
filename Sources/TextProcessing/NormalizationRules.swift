/// The version of the rules that turn text into tokens.
///
/// An index stores the version it was built with, and a reader refuses an index built with other rules: terms
/// produced by different rules never compare equal, so matching against such an index would silently find nothing.
/// Bump `version` whenever `Tokenizer` or `TermHasher` would produce a different term or token boundary for any
/// input.
public enum NormalizationRules {
  /// Version 1: NFKC + lower-case folding, ASCII apostrophe for ’, punctuation dropped, Markdown markup dropped,
  /// one token per CJK ideograph, kana or Hangul syllable.
  /// Version 2: a line that opens with three backticks and has another backtick later is not a code fence, so its
  /// text is kept (version 1 dropped the rest of such a line as the fence's info string).
  /// Version 3: of a code fence's line only the fence and the word that follows it directly (the language) are
  /// dropped; the rest of the line is text (version 2 dropped all of it).
  public static let version: UInt32 = 3
}
