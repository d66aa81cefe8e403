/// Counts occurrences and documents per term with an open-addressing table keyed by the 64-bit term hash.
///
/// The builder counts every token of the corpus; a `Dictionary` with `Hasher` or a per-document sort to find
/// distinct terms cost a fifth of build time in profiles. Term hashes are already uniformly mixed, so the table
/// indexes by their low bits directly and probes linearly.
struct TermCounter {
  struct Entry {
    var term: UInt64
    var count: UInt32
    var documents: UInt32
    /// The last document (plus one; 0 = none) that counted towards `documents`.
    var lastDocument: UInt32
    var used: Bool
  }

  private(set) var entries: [Entry]
  private(set) var count = 0
  private var mask: Int

  init(capacity: Int = 1 << 12) {
    var size = 16
    while size < capacity * 2 { size <<= 1 }
    entries = [Entry](repeating: Entry(term: 0, count: 0, documents: 0, lastDocument: 0, used: false), count: size)
    mask = size - 1
  }

  /// Counts one occurrence of `term` in document `document`.
  @inline(__always)
  mutating func add(_ term: UInt64, document: UInt32) {
    var i = Int(truncatingIfNeeded: term) & mask
    while entries[i].used && entries[i].term != term { i = (i + 1) & mask }
    if !entries[i].used {
      entries[i] = Entry(term: term, count: 0, documents: 0, lastDocument: 0, used: true)
      count += 1
    }
    entries[i].count &+= 1
    if entries[i].lastDocument != document &+ 1 {
      entries[i].lastDocument = document &+ 1
      entries[i].documents &+= 1
    }
    if count * 2 > entries.count { grow() }
  }

  /// Adds another counter's totals (from disjoint documents) into this one.
  mutating func merge(_ other: TermCounter) {
    for e in other.entries where e.used {
      var i = Int(truncatingIfNeeded: e.term) & mask
      while entries[i].used && entries[i].term != e.term { i = (i + 1) & mask }
      if !entries[i].used {
        entries[i] = Entry(term: e.term, count: 0, documents: 0, lastDocument: 0, used: true)
        count += 1
      }
      entries[i].count &+= e.count
      entries[i].documents &+= e.documents
      if count * 2 > entries.count { grow() }
    }
  }

  /// The counted terms sorted by hash, as the index's terms section stores them.
  func sortedStatistics() -> [TermStatistic] {
    entries.filter(\.used).map { TermStatistic(term: $0.term, count: $0.count, documentFrequency: $0.documents) }
      .sorted { $0.term < $1.term }
  }

  private mutating func grow() {
    let old = entries
    var size = entries.count * 2
    if size < 16 { size = 16 }
    entries = [Entry](repeating: Entry(term: 0, count: 0, documents: 0, lastDocument: 0, used: false), count: size)
    mask = size - 1
    for e in old where e.used {
      var i = Int(truncatingIfNeeded: e.term) & mask
      while entries[i].used { i = (i + 1) & mask }
      entries[i] = e
    }
  }
}
