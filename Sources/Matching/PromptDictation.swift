import TextProcessing

/// Marks the tokens of an answer that repeat its prompt.
///
/// When a prompt says "rewrite this paragraph" or "fill in this table", every model's answer repeats the prompt's
/// text, and two answers agreeing on it prove nothing about distillation. Tokens covered by a k-gram that also
/// occurs in the prompt (the transcript's own prompt, or the reference's) therefore add no bits to a match.
enum PromptDictation {
  /// The weight of a token whose word occurs anywhere in the prompt (answers reuse the prompt's names, numbers and
  /// table cells, so agreeing on them is weak evidence).
  static let promptWordWeight = 0.25

  /// Per token, `promptWordWeight` if the prompt (given by its terms, empty for none) contains the token's word,
  /// else 1.
  static func wordWeights(terms: [UInt64], promptTerms: [UInt64]) -> [Double] {
    guard !promptTerms.isEmpty else { return [Double](repeating: 1, count: terms.count) }
    let words = TermHashTable(promptTerms, capacity: promptTerms.count)
    return terms.map { words.contains($0) ? promptWordWeight : 1 }
  }

  /// Per token, whether a k-gram covering it also occurs in the prompt (given by its terms).
  static func mask(terms: [UInt64], promptTerms: [UInt64], seedLength: Int) -> [Bool] {
    var mask = [Bool](repeating: false, count: terms.count)
    guard terms.count >= seedLength else { return mask }
    guard promptTerms.count >= seedLength else { return mask }
    let promptSeeds = promptTerms.withUnsafeBufferPointer { p in
      TermHashTable(
        (0...(p.count - seedLength)).lazy.map { TermHasher.seed(p, start: $0, count: seedLength) },
        capacity: p.count)
    }
    terms.withUnsafeBufferPointer { t in
      for i in 0...(t.count - seedLength) where promptSeeds.contains(TermHasher.seed(t, start: i, count: seedLength)) {
        for j in i..<(i + seedLength) { mask[j] = true }
      }
    }
    return mask
  }
}
