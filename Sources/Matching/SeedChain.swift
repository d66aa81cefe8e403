import ReferenceIndex
import TextProcessing

/// A group of seed hits in one reference document that lie on about the same diagonal: a candidate passage.
///
/// Chains turn a spray of shared k-grams into contiguous regions; only chains are aligned, which keeps the costly
/// alignment step proportional to the number of real candidates rather than to the number of shared k-grams.
struct SeedChain {
  /// Shard number in the `ReferenceIndexSet`, and document number in that shard.
  var shard: Int
  var document: Int
  /// Query token range covered by the chain's seeds.
  var queryStart: Int
  var queryEnd: Int
  /// Reference token range covered by the chain's seeds.
  var referenceStart: Int
  var referenceEnd: Int
  /// Smallest and largest diagonal (reference position minus query position) among the hits.
  var minDiagonal: Int
  var maxDiagonal: Int
  /// Seed hits in the chain at distinct query positions.
  var hits: Int
  /// The query position and diagonal of the last hit, which the next hit must continue.
  var lastQuery: Int
  var lastDiagonal: Int
  /// The hits themselves (query position, reference position), for the quick ungapped estimate before alignment.
  var seeds: [(query: Int32, reference: Int32)]
}

/// Finds candidate chains for a token sequence in an index set.
struct CandidateFinder {
  let index: ReferenceIndexLookup
  let maxSeedDocuments: Int
  /// Hits further apart than this (in query tokens) start a new chain.
  let maxGap = 48
  /// How far the diagonal may drift between neighbouring hits of one chain (insertions minus deletions).
  let maxDrift = 12
  static let maxHitsPerSeedAndDocument = 4

  struct Hit {
    var key: Int  // shard << 32 | document
    var query: Int32
    var reference: Int32
  }

  /// The chains of `terms[range]`, strongest first.
  ///
  /// - Parameters:
  ///   - layout: per query token, whether it is layout (an inline list number, `ListMarkers`); empty for none.
  ///     Seeds are also looked up with those tokens left out (`seedsAcrossLayout`).
  ///   - seedPostings: filled with the posting count of the seed starting at each query position (0 where no seed
  ///     starts); the chance model uses it to discount text made of common phrases.
  func chains(
    _ terms: UnsafeBufferPointer<UInt64>, in range: Range<Int>, layout: [Bool] = [], minimumHits: Int,
    seedPostings: inout [Int]
  ) throws(IndexError) -> [SeedChain] {
    let k = index.seedLength
    seedPostings = [Int](repeating: 0, count: terms.count)
    guard range.count >= k else { return [] }
    var hits: [Hit] = []
    let first = range.lowerBound
    let seeds = (first...(range.upperBound - k)).map { TermHasher.seed(terms, start: $0, count: k) }
    let ranges = try seeds.withUnsafeBufferPointer { seeds throws(IndexError) in try index.postingRanges(of: seeds) }
    for (n, seed) in seeds.enumerated() {
      let i = first + n
      if n > 0, seed == seeds[n - 1] {  // runs of one repeated word
        seedPostings[i] = seedPostings[i - 1]
        continue
      }
      seedPostings[i] = try addHits(ranges, n, at: i, to: &hits)
    }
    let across = seedsAcrossLayout(terms, in: range, layout: layout)
    if !across.isEmpty {
      let acrossRanges = try across.map(\.seed).withUnsafeBufferPointer { seeds throws(IndexError) in
        try index.postingRanges(of: seeds)
      }
      for (n, seed) in across.enumerated() { try addHits(acrossRanges, n, at: seed.position, to: &hits) }
    }
    guard !hits.isEmpty else { return [] }
    hits.sort { a, b in
      if a.key != b.key { return a.key < b.key }
      return a.query < b.query
    }
    var chains: [SeedChain] = []
    var open: [SeedChain] = []
    var currentKey = -1
    func close(_ list: inout [SeedChain]) {
      for c in list where c.hits >= minimumHits { chains.append(c) }
      list.removeAll(keepingCapacity: true)
    }
    var previousHit = (key: -1, query: Int32(-1))
    var sameSeedHits = 0
    for hit in hits {
      if hit.key != currentKey {
        close(&open)
        currentKey = hit.key
      }
      // A seed that a reference document repeats many times (table rows, loops of generated text) would open a
      // chain per repetition; a few of them are enough to find the copy.
      if hit.key == previousHit.key && hit.query == previousHit.query {
        sameSeedHits += 1
        if sameSeedHits >= Self.maxHitsPerSeedAndDocument { continue }
      } else {
        sameSeedHits = 0
        previousHit = (hit.key, hit.query)
      }
      let q = Int(hit.query)
      let r = Int(hit.reference)
      let d = r - q
      // Retire chains that can no longer grow: hits come in query order, so they never will.
      var i = 0
      while i < open.count {
        if q - open[i].queryEnd + k > maxGap {
          if open[i].hits >= minimumHits { chains.append(open[i]) }
          open.swapAt(i, open.count - 1)
          open.removeLast()
        } else {
          i += 1
        }
      }
      var best = -1
      for (i, c) in open.enumerated() {
        // Continue the last hit's diagonal, and keep the whole chain within a narrow band, so that text repeated
        // in transcript or reference cannot fuse distant regions into one wide (and costly) candidate.
        let spread = max(c.maxDiagonal, d) - min(c.minDiagonal, d)
        if abs(d - c.lastDiagonal) <= maxDrift, spread <= max(2 * maxDrift, (q + k - c.queryStart) / 4) {
          if best < 0 || c.hits > open[best].hits { best = i }
        }
      }
      if best >= 0 {
        var c = open[best]
        c.queryEnd = max(c.queryEnd, q + k)
        c.referenceStart = min(c.referenceStart, r)
        c.referenceEnd = max(c.referenceEnd, r + k)
        c.minDiagonal = min(c.minDiagonal, d)
        c.maxDiagonal = max(c.maxDiagonal, d)
        if q != c.lastQuery {
          c.hits += 1
          c.seeds.append((hit.query, hit.reference))
        }
        c.lastQuery = q
        c.lastDiagonal = d
        open[best] = c
      } else {
        open.append(
          SeedChain(
            shard: hit.key >> 32, document: hit.key & 0xFFFF_FFFF, queryStart: q, queryEnd: q + k,
            referenceStart: r, referenceEnd: r + k, minDiagonal: d, maxDiagonal: d, hits: 1, lastQuery: q,
            lastDiagonal: d, seeds: [(hit.query, hit.reference)]))
      }
    }
    close(&open)
    chains.sort { a, b in
      if a.hits != b.hits { return a.hits > b.hits }
      return (a.queryStart, a.shard, a.document, a.referenceStart) < (
        b.queryStart, b.shard, b.document, b.referenceStart
      )
    }
    return chains
  }

  /// Adds a hit for every posting of seed `n` in `ranges` (one posting range per shard), at query position `query`,
  /// unless the seed has more than `maxSeedDocuments` postings (a stock phrase); returns its posting count.
  @discardableResult
  private func addHits(_ ranges: [[Range<Int>]], _ n: Int, at query: Int, to hits: inout [Hit]) throws(IndexError)
    -> Int
  {
    var total = 0
    for shard in ranges { total += shard[n].count }
    guard total <= maxSeedDocuments else { return total }
    for (shard, shardRanges) in ranges.enumerated() {
      for p in shardRanges[n] {
        let posting = try index.posting(shard: shard, at: p)
        hits.append(
          Hit(key: shard << 32 | posting.document, query: Int32(query), reference: Int32(posting.tokenPosition)))
      }
    }
    return total
  }

  /// The seeds of `terms[range]` with its layout tokens left out, for the windows that skip at least one; each at
  /// the query position of its first token.
  ///
  /// A list copied without its line breaks keeps its numbers inline ("… the oven 2. Mix the flour 3. Add …"),
  /// where the original, whose markers the tokenizer dropped, has none: every seed across a number is one the
  /// reference never had. With items a few words long, that left too few seeds to chain: a flattened copy of a
  /// short program, or of a list of short steps, had no chain in its source and was reported against another
  /// answer or not at all.
  private func seedsAcrossLayout(
    _ terms: UnsafeBufferPointer<UInt64>, in range: Range<Int>, layout: [Bool]
  ) -> [(position: Int, seed: UInt64)] {
    let k = index.seedLength
    guard layout.count == terms.count, layout[range].contains(true) else { return [] }
    let kept = range.filter { !layout[$0] }
    guard kept.count >= k else { return [] }
    let keptTerms = kept.map { terms[$0] }
    return keptTerms.withUnsafeBufferPointer { compact in
      (0...(kept.count - k)).compactMap { j in
        // Only windows with a layout token inside: the others are seeds of the query as it is.
        kept[j + k - 1] - kept[j] >= k ? (kept[j], TermHasher.seed(compact, start: j, count: k)) : nil
      }
    }
  }
}
