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

  /// A run of more than this many answer tokens, none of them equal to a prompt token, ends a dictated stretch even
  /// inside an alignment with the prompt: it is the answer's own text.
  ///
  /// The aligner charges each inserted token as much as a matched token earns, so a long insertion between two
  /// stretches that repeat the prompt (the prompt's list quoted item by item, with something else between the
  /// items) stays inside one alignment, and before this rule the whole span was marked dictated. On the recall
  /// bench a planted copy of reference code between a host answer's repeated list items was masked whole and
  /// never reported. A correction changes a word or two at a time, and a small rewrite a few, so they stay within.
  static let maximumUndictatedRun = 6

  /// Marks the best local alignment of `query[window]` with the prompt, then looks for more on either side of it
  /// and in the answer's own runs that split it (`maximumUndictatedRun`).
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
    var rest = window.lowerBound
    var marked = false
    for stretch in stretches(of: alignment.columns) {
      let similarity = Double(stretch.equal) / Double(max(1, stretch.columns))
      guard stretch.query.count >= minimumAlignedTokens, similarity >= minimumAlignedSimilarity else { continue }
      for i in stretch.query { mask[i] = true }
      mark(
        query: query, window: rest..<stretch.query.lowerBound, prompt: prompt, workspace: workspace, into: &mask,
        depth: depth + 1)
      rest = stretch.query.upperBound
      marked = true
    }
    guard marked else { return }
    mark(
      query: query, window: rest..<window.upperBound, prompt: prompt, workspace: workspace, into: &mask,
      depth: depth + 1)
  }

  /// A stretch of an alignment between answer runs longer than `maximumUndictatedRun`.
  private struct Stretch {
    /// The answer tokens from its first equal column through its last.
    var query: Range<Int>
    var equal: Int
    /// Its columns, equal or not, deletions included.
    var columns: Int
  }

  /// `columns` cut at every run of more than `maximumUndictatedRun` answer tokens with no equal column among them;
  /// each stretch starts and ends on an equal column.
  private static func stretches(of columns: [TokenAligner.Column]) -> [Stretch] {
    var out: [Stretch] = []
    var current: Stretch?
    var pendingColumns = 0
    var pendingAnswerTokens = 0
    for column in columns {
      switch column {
      case .equal(let q, _):
        if var open = current, pendingAnswerTokens <= maximumUndictatedRun {
          open.query = open.query.lowerBound..<(q + 1)
          open.equal += 1
          open.columns += pendingColumns + 1
          current = open
        } else {
          if let open = current { out.append(open) }
          current = Stretch(query: q..<(q + 1), equal: 1, columns: 1)
        }
        pendingColumns = 0
        pendingAnswerTokens = 0
      case .substitute, .insert:
        pendingColumns += 1
        pendingAnswerTokens += 1
      case .delete:
        pendingColumns += 1
      }
    }
    if let open = current { out.append(open) }
    return out
  }
}
