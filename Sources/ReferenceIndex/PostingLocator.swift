/// Where a posting's seed starts, in 32 bits: a document part and a token offset in it (format version 4).
///
/// A posting used to hold a document number and a token position, 8 bytes beside its 4-byte key; on the bench's
/// generated corpus the postings were 0.41 times the indexed text, and the index 1.76 times. Both numbers fit in 32
/// bits together for almost every document: the low `positionBits` bits hold the position, the high bits the
/// document. A document longer than 2^positionBits tokens is cut into parts of that many tokens: its first part
/// keeps the document's number, and every further part gets a number after the last document's, listed in the extra
/// parts section (`IndexSection.extraParts`) with its document and its place in it.
///
/// So a posting in the first part of its document, nearly all of them, is read without any further lookup (a
/// search of the documents' first tokens instead cost a cache miss per posting, and a fifth more time on a 100 KB
/// scan of the 1 GiB index); one in a further part costs one read of the extra parts. The builder picks the widest
/// position field that leaves room for every part's number (`positionBits(tokenCounts:widest:)`).
public struct PostingLocator: Sendable, Hashable {
  /// Bits of the offset in a part; parts are 2^positionBits tokens.
  public let positionBits: Int
  public let documentCount: Int
  /// For each document, the number of extra parts before it: its second part is extra part `extraStarts[d]`.
  private let extraStarts: [UInt32]

  /// The locator for documents with `tokenCounts` tokens each, with parts of 2^`positionBits` tokens.
  public init(positionBits: Int, tokenCounts: [UInt32]) {
    self.positionBits = positionBits
    documentCount = tokenCounts.count
    var starts = [UInt32](repeating: 0, count: tokenCounts.count)
    var running: UInt64 = 0
    for (d, count) in tokenCounts.enumerated() {
      starts[d] = UInt32(truncatingIfNeeded: running)
      running += Self.extraParts(tokenCount: UInt64(count), positionBits: positionBits)
    }
    extraStarts = starts
  }

  /// Parts beyond the first of a document of `tokenCount` tokens.
  @inline(__always)
  public static func extraParts(tokenCount: UInt64, positionBits: Int) -> UInt64 {
    tokenCount <= 1 << UInt64(positionBits) ? 0 : (tokenCount - 1) >> UInt64(positionBits)
  }

  /// The widest position field, from `widest` (at most 31) bits down, with which every part of documents of
  /// `tokenCounts` tokens has a number below 2^(32 − positionBits); nil when not even single-token parts fit (more
  /// documents and tokens than 32 bits can count).
  public static func positionBits(tokenCounts: [UInt32], widest: Int = 31) -> Int? {
    for bits in stride(from: min(max(widest, 0), 31), through: 0, by: -1) {
      let room = UInt64(1) << UInt64(32 - bits)
      var parts = UInt64(tokenCounts.count)
      for count in tokenCounts where parts <= room {
        parts += extraParts(tokenCount: UInt64(count), positionBits: bits)
      }
      if parts <= room { return bits }
    }
    return nil
  }

  /// The locator of token `position` of `document`.
  @inline(__always)
  public func locator(document: Int, position: Int) -> UInt32 {
    let part = position >> positionBits
    let offset = position & ((1 << positionBits) - 1)
    let number = part == 0 ? document : documentCount + Int(extraStarts[document]) + part - 1
    return UInt32(truncatingIfNeeded: number << positionBits | offset)
  }

  /// The extra parts section's entries for documents of `tokenCounts` tokens: each further part's document and
  /// its place in it (1 for the second part), in document order.
  static func extraPartEntries(tokenCounts: [UInt32], positionBits: Int) -> [(document: UInt32, part: UInt32)] {
    var entries: [(document: UInt32, part: UInt32)] = []
    for (d, count) in tokenCounts.enumerated() {
      let extra = extraParts(tokenCount: UInt64(count), positionBits: positionBits)
      if extra > 0 { for k in 1...extra { entries.append((UInt32(d), UInt32(k))) } }
    }
    return entries
  }
}
