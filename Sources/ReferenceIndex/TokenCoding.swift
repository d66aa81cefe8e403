/// How the tokens section codes each token: its term's rank by frequency, in LEB128.
///
/// Eight bytes per token would have made the index 2.4 times its input text (the builder keeps it within 1.6);
/// terms follow Zipf's law, so numbering them by how often they occur and writing small numbers in fewer bytes
/// stores the shared data's 1.8 million tokens in 1.5 bytes each. LEB128: seven bits per byte, low bits first, the
/// high bit set on every byte but the last.
enum TokenCoding {
  /// The longest code a reader accepts: 7 × 7 bits, more than the 2^48 terms a header may count.
  static let maxCodeBytes = 7

  /// Bytes of `rank`'s code.
  @inline(__always)
  static func length(of rank: Int) -> Int {
    var n = 1
    var r = rank >> 7
    while r > 0 {
      n += 1
      r >>= 7
    }
    return n
  }

  /// Appends `rank`'s code to `bytes`.
  @inline(__always)
  static func append(_ rank: Int, to bytes: inout [UInt8]) {
    var r = rank
    while r >= 0x80 {
      bytes.append(UInt8(truncatingIfNeeded: r) | 0x80)
      r >>= 7
    }
    bytes.append(UInt8(r))
  }

  /// The terms in rank order: most occurrences first, ties by term hash, so the order is a function of the corpus.
  static func rankOrder(_ statistics: [TermStatistic]) -> [UInt64] {
    statistics.sorted { $0.count != $1.count ? $0.count > $1.count : $0.term < $1.term }.map(\.term)
  }
}

/// Each term's rank (`TokenCoding.rankOrder`), found by open addressing on the term hash, which is already mixed:
/// the builder looks up every token of the corpus once, where a `Dictionary` spent a tenth of a build hashing.
struct TermRanks {
  private var terms: [UInt64]
  private var ranks: [Int32]
  private let mask: Int

  init(order: [UInt64]) {
    var size = 16
    while size < order.count * 2 { size <<= 1 }
    mask = size - 1
    terms = [UInt64](repeating: 0, count: size)
    ranks = [Int32](repeating: -1, count: size)
    for (rank, term) in order.enumerated() {
      var i = Int(truncatingIfNeeded: term) & mask
      while ranks[i] >= 0 { i = (i + 1) & mask }
      terms[i] = term
      ranks[i] = Int32(rank)
    }
  }

  /// The rank of `term`, or nil when it is not in the order.
  @inline(__always)
  func rank(of term: UInt64) -> Int? {
    var i = Int(truncatingIfNeeded: term) & mask
    while ranks[i] >= 0 {
      if terms[i] == term { return Int(ranks[i]) }
      i = (i + 1) & mask
    }
    return nil
  }
}
