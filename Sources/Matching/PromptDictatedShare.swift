import TextProcessing

/// How much of a text its prompt dictates, in the chance model's own terms.
///
/// Text an answer copied (or lightly corrected) from its prompt counts nothing as evidence (`PromptDictation`), so a
/// benchmark that plants reference passages into transcripts must not plant such text and then count it missed:
/// it would measure the discount, not recall. This gives the share with the very masks the scorer uses.
public enum PromptDictatedShare {
  /// The share of `text`'s tokens covered by a k-gram of `prompt` or by a stretch that aligns with it; 0 for an
  /// empty text or prompt.
  public static func of(_ text: String, prompt: String, seedLength: Int) -> Double {
    let terms = Tokenizer.terms(text)
    let promptTerms = Tokenizer.terms(prompt)
    guard !terms.isEmpty, !promptTerms.isEmpty else { return 0 }
    let copied = PromptDictation.mask(terms: terms, promptTerms: promptTerms, seedLength: seedLength)
    let aligned = PromptDictation.alignedMask(
      terms: terms, promptTerms: promptTerms, workspace: TokenAligner.Workspace())
    return Double(zip(copied, aligned).filter { $0 || $1 }.count) / Double(terms.count)
  }
}
