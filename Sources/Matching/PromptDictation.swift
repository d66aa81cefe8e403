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

extension PromptDictation {
  /// A stretch of an answer that aligns with its prompt at least this long (answer tokens) is dictated.
  static let minimumAlignedTokens = 8
  /// ... with at least this share of equal tokens: corrections and small rewrites of the prompt's text stay above.
  static let minimumAlignedSimilarity = 0.5
  /// Answers are aligned with the prompt in pieces of at most this many tokens, so the cost stays linear in the
  /// answer's length.
  static let alignmentPiece = 400

  /// Per token, whether it lies in a stretch of the answer that the ordinary aligner aligns with the prompt.
  ///
  /// A grammar-fix or rewrite task hands its text to every model, and every model returns it corrected; exact
  /// k-grams of the prompt (`mask`) miss the corrected words and the k-grams around them. Aligning the answer
  /// with the prompt by the same Smith–Waterman as a copy catches the whole stretch.
  static func alignedMask(terms: [UInt64], promptTerms: [UInt64], workspace: TokenAligner.Workspace) -> [Bool] {
    var mask = [Bool](repeating: false, count: terms.count)
    guard terms.count >= minimumAlignedTokens, promptTerms.count >= minimumAlignedTokens else { return mask }
    terms.withUnsafeBufferPointer { query in
      promptTerms.withUnsafeBufferPointer { prompt in
        var start = 0
        while start < query.count {
          let end = min(query.count, start + alignmentPiece)
          mark(query: query, window: start..<end, prompt: prompt, workspace: workspace, into: &mask, depth: 0)
          start = end
        }
      }
    }
    return mask
  }

  /// Marks the best local alignment of `query[window]` with the prompt, then looks for more on either side of it.
  private static func mark(
    query: UnsafeBufferPointer<UInt64>, window: Range<Int>, prompt: UnsafeBufferPointer<UInt64>,
    workspace: TokenAligner.Workspace, into mask: inout [Bool], depth: Int
  ) {
    guard window.count >= minimumAlignedTokens, depth < 6 else { return }
    let diagonals = (0 - window.upperBound)...(prompt.count - window.lowerBound)
    guard
      let alignment = TokenAligner.align(
        query: query, queryWindow: window, reference: prompt, referenceWindow: 0..<prompt.count,
        diagonals: diagonals, workspace: workspace)
    else { return }
    let equal = alignment.columns.reduce(0) { $0 + ($1.isEqual ? 1 : 0) }
    let similarity = Double(equal) / Double(max(1, alignment.columns.count))
    guard alignment.queryRange.count >= minimumAlignedTokens, similarity >= minimumAlignedSimilarity else { return }
    for i in alignment.queryRange { mask[i] = true }
    mark(
      query: query, window: window.lowerBound..<alignment.queryRange.lowerBound, prompt: prompt,
      workspace: workspace, into: &mask, depth: depth + 1)
    mark(
      query: query, window: alignment.queryRange.upperBound..<window.upperBound, prompt: prompt,
      workspace: workspace, into: &mask, depth: depth + 1)
  }
}
