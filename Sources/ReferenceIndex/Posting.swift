/// One occurrence of a seed in a reference document.
///
/// In memory a posting keeps its whole 64-bit seed hash, its document and its token position, so runs can be sorted
/// and merged; on disk it is 8 bytes: the 32 hash bits after the `directoryBits` that the directory already fixes,
/// and the document and position packed into 32 bits (`PostingLocator`).
public struct Posting: Sendable, Hashable, Comparable {
  static let size = 8

  public var seed: UInt64
  public var document: UInt32
  public var tokenPosition: UInt32

  public init(seed: UInt64, document: UInt32, tokenPosition: UInt32) {
    self.seed = seed
    self.document = document
    self.tokenPosition = tokenPosition
  }

  public static func < (a: Posting, b: Posting) -> Bool {
    if a.seed != b.seed { return a.seed < b.seed }
    if a.document != b.document { return a.document < b.document }
    return a.tokenPosition < b.tokenPosition
  }

  /// The key stored on disk for a seed under a directory of `directoryBits` bits.
  @inline(__always)
  static func key(of seed: UInt64, directoryBits: UInt32) -> UInt32 {
    UInt32(truncatingIfNeeded: (seed << UInt64(directoryBits)) >> 32)
  }

  /// The directory bucket of a seed.
  @inline(__always)
  static func bucket(of seed: UInt64, directoryBits: UInt32) -> Int {
    directoryBits == 0 ? 0 : Int(seed >> (64 - UInt64(directoryBits)))
  }
}

/// How often a term occurs in the reference corpus: the statistics behind the significance of a match.
public struct TermStatistic: Sendable, Hashable {
  static let size = 16

  public var term: UInt64
  /// Occurrences over all documents.
  public var count: UInt32
  /// Documents that contain the term at least once.
  public var documentFrequency: UInt32

  public init(term: UInt64, count: UInt32, documentFrequency: UInt32) {
    self.term = term
    self.count = count
    self.documentFrequency = documentFrequency
  }
}
