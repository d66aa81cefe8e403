import TextProcessing

/// The key that pairs answers to the same prompt across models.
///
/// Two answers are paired when their prompts are equal after case folding and collapsing white space, so the
/// suspect's transcripts and the panel's corpus need not share record ids. The key is the first 16 hex digits of
/// the SHA-256 of that normal form (`Protocol/PROVENANCE.md`).
public enum PromptKey {
  public static func make(_ prompt: String) -> String {
    let folded = prompt.lowercased().split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    return String(SHA256.hexDigest(Array(folded.utf8)).prefix(16))
  }
}
