import Foundation

/// The chance model behind a passage's bits and E-value (`Protocol/SIGNIFICANCE.md` explains it for users).
///
/// Null hypothesis: the transcript was written without seeing the reference, so an aligned reference token equals
/// the transcript token only as often as that word occurs in the reference corpus. An alignment's surprise is then
/// the sum, over its equal tokens, of -log2 of the word's corpus frequency, minus the bits needed to say where the
/// edits are and what kind they are (so edited matches pay for their freedom). Words inside phrases that many
/// reference documents share (stock phrases) count for less, because word frequencies alone would make such
/// phrases look far rarer than they are. The E-value multiplies the chance probability by the number of places a
/// match could start: transcript tokens times reference tokens.
enum SignificanceModel {
  /// No single word may add more than this many bits.
  static let maxBitsPerToken = 14.0
  /// The weight of a one-byte token (an ASCII letter or digit standing alone): enumerations such as
  /// "A, B, C, …" or "1 2 3" are as predictable as text gets, yet each letter is rare as a word, so the word
  /// frequencies alone make them look like strong evidence (the low-complexity problem BLAST masks with SEG).
  static let singleCharacterWeight = 0.15

  /// The weight of an equal token whose least common covering seed has `postings` postings: 1 for seeds in at
  /// most two documents, falling to 0.1 at `maxSeedDocuments` on a log scale.
  static func commonPhraseWeight(postings: Int, maxSeedDocuments: Int) -> Double {
    if postings <= 2 { return 1 }
    let top = log(Double(max(3, maxSeedDocuments)))
    let x = min(1, log(Double(postings)) / top)
    return max(0.1, 1 - 0.9 * x)
  }

  /// What an edit costs besides saying where it is, under the chance model: which of three kinds it is.
  static let editKindBits = log2(3.0)
  /// What an edit costs besides saying where it is, when the bits are scored against a calibrated null.
  ///
  /// There the bits only rank passages, and the null turns them into E-values, so the charge is whatever best tells
  /// copies from independent text. Independent answers on one topic share its words in the same order with words
  /// of their own between them; a copy, even an edited one, has long equal runs. Charging edits more sinks the
  /// first and spares the second: on the recall bench, 4 bits found 1-2 more of 250 planted copies in six of sixteen
  /// cells and fewer in none, with held-out false findings no higher; 7 and more thinned the small panels' nulls
  /// until no tail could be fitted (`Protocol/SIGNIFICANCE.md` has the figures). Uncalibrated E-values are the
  /// chance model's, so they keep its charge.
  static let calibratedEditBits = 4.0

  /// The alignment's surprise in bits: the matched tokens' bits, less what it takes to say where the `edits` are
  /// and `editBits` for each.
  static func bits(matchedBits: Double, columns: Int, edits: Int, editBits: Double) -> Double {
    matchedBits - log2Binomial(columns, edits) - Double(edits) * editBits
  }

  /// Expected number of chance matches at least `bits` surprising among `queryTokens` × `referenceTokens` starts.
  static func eValue(bits: Double, queryTokens: Int, referenceTokens: Int) -> Double {
    Double(max(1, queryTokens)) * Double(max(1, referenceTokens)) * pow(2, -bits)
  }

  static func log2Binomial(_ n: Int, _ k: Int) -> Double {
    guard k > 0, k < n else { return 0 }
    return (lgamma(Double(n + 1)) - lgamma(Double(k + 1)) - lgamma(Double(n - k + 1))) / log(2)
  }
}
