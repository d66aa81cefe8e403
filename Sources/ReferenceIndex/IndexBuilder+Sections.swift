/// Writing the sections that are only known once the whole corpus has been read: postings (merged from the sorted
/// runs), the directory counted while they stream past, and the term statistics.
extension IndexBuilder {
  /// Where the postings and the directory went, and what was counted on the way.
  struct PostingsWritten {
    var postings: SectionEntry
    var directory: SectionEntry
    var directoryBits: Int
    var distinctSeeds: Int
  }

  /// Streams the merged postings into the postings section, 12 bytes each, then writes the directory of bucket
  /// starts that the stream was counted into.
  static func writePostingsAndDirectory(_ merge: PostingMerger, count: Int, to writer: SectionWriter) throws
    -> PostingsWritten
  {
    let directoryBits = Self.directoryBits(forPostings: count)
    let bits = UInt32(directoryBits)
    try writer.beginSection()
    var bucketCounts = [UInt32](repeating: 0, count: (1 << directoryBits) + 1)
    var distinctSeeds = 0
    var lastSeed: UInt64? = nil
    let chunkPostings = 1 << 14
    var chunk = [UInt8](repeating: 0, count: chunkPostings * Posting.size)
    var filled = 0
    while let p = try merge.next() {
      bucketCounts[Posting.bucket(of: p.seed, directoryBits: bits) + 1] += 1
      if p.seed != lastSeed {
        distinctSeeds += 1
        lastSeed = p.seed
      }
      let base = filled * Posting.size
      store(Posting.key(of: p.seed, directoryBits: bits), into: &chunk, at: base)
      store(p.document, into: &chunk, at: base + 4)
      store(p.tokenPosition, into: &chunk, at: base + 8)
      filled += 1
      if filled == chunkPostings {
        try writer.write(chunk)
        filled = 0
      }
    }
    try chunk.withUnsafeBytes { try writer.write(UnsafeRawBufferPointer(rebasing: $0[0..<(filled * Posting.size)])) }
    let postings = writer.endSection()

    try writer.beginSection()
    var running: UInt32 = 0
    var directory = [UInt8]()
    directory.reserveCapacity(bucketCounts.count * 4)
    for count in bucketCounts {
      running += count
      withUnsafeBytes(of: running.littleEndian) { directory.append(contentsOf: $0) }
    }
    try writer.write(directory)
    return PostingsWritten(
      postings: postings, directory: writer.endSection(), directoryBits: directoryBits, distinctSeeds: distinctSeeds)
  }

  /// Writes the term statistics sorted by term hash.
  static func writeTerms(_ terms: [TermStatistic], to writer: SectionWriter) throws -> SectionEntry {
    try writer.beginSection()
    var bytes = [UInt8]()
    bytes.reserveCapacity(terms.count * TermStatistic.size)
    for statistic in terms {
      withUnsafeBytes(of: statistic.term.littleEndian) { bytes.append(contentsOf: $0) }
      withUnsafeBytes(of: statistic.count.littleEndian) { bytes.append(contentsOf: $0) }
      withUnsafeBytes(of: statistic.documentFrequency.littleEndian) { bytes.append(contentsOf: $0) }
    }
    try writer.write(bytes)
    return writer.endSection()
  }

  /// Writes the tokens section (`Protocol/INDEX.md`): where each document's codes start, the terms in rank order,
  /// then every token's rank (`TokenCoding`), read back from `spill` twice: once to place the documents, once to
  /// write their codes.
  static func writeTokens(
    _ tokenCounts: [UInt32], statistics: [TermStatistic], spill: TokenSpill, to writer: SectionWriter
  ) throws -> SectionEntry {
    let order = TokenCoding.rankOrder(statistics)
    guard order.count < Int(Int32.max) else {
      throw IndexError.buildFailed(detail: "more than 2 billion distinct terms in one shard; use --shard")
    }
    let ranks = TermRanks(order: order)
    func rank(_ term: UInt64) throws -> Int {
      guard let rank = ranks.rank(of: term) else {
        throw IndexError.buildFailed(detail: "a document's term \(String(term, radix: 16)) has no statistics")
      }
      return rank
    }
    guard tokenCounts.reduce(0, { $0 + Int($1) }) == spill.count else {
      throw IndexError.buildFailed(detail: "the documents hold other tokens than the \(spill.count) terms kept")
    }
    // Pass 1: each document's codes' byte length, so that the starts come first. The sum was checked above, so
    // every term falls in a document.
    var lengths = [UInt64](repeating: 0, count: tokenCounts.count)
    var document = -1
    var left = 0
    try spill.forEachTerm { term in
      while left == 0 {
        document += 1
        left = Int(tokenCounts[document])
      }
      lengths[document] += UInt64(TokenCoding.length(of: try rank(term)))
      left -= 1
    }
    var starts = [UInt8]()
    starts.reserveCapacity((tokenCounts.count + 1) * 8)
    var position: UInt64 = 0
    for length in lengths + [0] {
      withUnsafeBytes(of: position.littleEndian) { starts.append(contentsOf: $0) }
      position += length
    }
    try writer.beginSection()
    try writer.write(starts)
    var table = [UInt8]()
    table.reserveCapacity(order.count * 8)
    for term in order { withUnsafeBytes(of: term.littleEndian) { table.append(contentsOf: $0) } }
    try writer.write(table)
    // Pass 2: the codes.
    var codes = [UInt8]()
    codes.reserveCapacity(1 << 16)
    try spill.forEachTerm { term in
      TokenCoding.append(try rank(term), to: &codes)
      if codes.count >= 1 << 16 {
        try writer.write(codes)
        codes.removeAll(keepingCapacity: true)
      }
    }
    try writer.write(codes)
    return writer.endSection()
  }

  /// Directory buckets hold about four postings each.
  static func directoryBits(forPostings count: Int) -> Int {
    guard count > 16 else { return 2 }
    let bits = (Int.bitWidth - count.leadingZeroBitCount) - 2
    return min(max(bits, 2), 30)
  }

  static func store(_ value: UInt32, into bytes: inout [UInt8], at offset: Int) {
    bytes[offset] = UInt8(truncatingIfNeeded: value)
    bytes[offset + 1] = UInt8(truncatingIfNeeded: value >> 8)
    bytes[offset + 2] = UInt8(truncatingIfNeeded: value >> 16)
    bytes[offset + 3] = UInt8(truncatingIfNeeded: value >> 24)
  }

}
