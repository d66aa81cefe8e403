/// Writing the sections that are only known once the whole corpus has been read: postings (merged from the sorted
/// runs), the directory counted while they stream past, the term statistics, and the tokens coded by frequency rank.
extension IndexBuilder {
  /// Where the postings and the directory went, and what was counted on the way.
  struct PostingsWritten {
    var postings: SectionEntry
    var directory: SectionEntry
    var directoryBits: Int
    var distinctSeeds: Int
  }

  /// Streams the merged postings into the postings section, 8 bytes each, then writes the directory of bucket
  /// starts that the stream was counted into.
  ///
  /// - Parameter locator: packs each posting's document and position into its 32 bits.
  static func writePostingsAndDirectory(
    _ merge: PostingMerger, count: Int, locator: PostingLocator, to writer: SectionWriter
  ) throws -> PostingsWritten {
    let directoryBits = Self.directoryBits(forPostings: count)
    let bits = UInt32(directoryBits)
    try writer.beginSection()
    var bucketCounts = [UInt32](repeating: 0, count: (1 << directoryBits) + 1)
    var distinctSeeds = 0
    var lastSeed: UInt64? = nil
    let chunkPostings = 1 << 14
    var merged = [Posting](repeating: Posting(seed: 0, document: 0, tokenPosition: 0), count: chunkPostings)
    var chunk = [UInt8](repeating: 0, count: chunkPostings * Posting.size)
    while true {
      let filled = try merged.withUnsafeMutableBufferPointer { try merge.fill($0) }
      guard filled > 0 else { break }
      merged.withUnsafeBufferPointer { postings in
        chunk.withUnsafeMutableBytes { bytes in
          for (i, p) in postings[..<filled].enumerated() {
            bucketCounts[Posting.bucket(of: p.seed, directoryBits: bits) + 1] += 1
            if p.seed != lastSeed {
              distinctSeeds += 1
              lastSeed = p.seed
            }
            let base = i * Posting.size
            bytes.storeBytes(
              of: Posting.key(of: p.seed, directoryBits: bits).littleEndian, toByteOffset: base, as: UInt32.self)
            let packed = locator.locator(document: Int(p.document), position: Int(p.tokenPosition))
            bytes.storeBytes(of: packed.littleEndian, toByteOffset: base + 4, as: UInt32.self)
          }
        }
      }
      try chunk.withUnsafeBytes { try writer.write(UnsafeRawBufferPointer(rebasing: $0[0..<(filled * Posting.size)])) }
    }
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

  /// Writes the extra parts section: each entry's document, then its place in the document.
  static func writeExtraParts(_ entries: [(document: UInt32, part: UInt32)], to writer: SectionWriter) throws
    -> SectionEntry
  {
    try writer.beginSection()
    try entries.flatMap { [$0.document.littleEndian, $0.part.littleEndian] }.withUnsafeBytes { try writer.write($0) }
    return writer.endSection()
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

  /// The tokens section's parts before they are written: each document's codes' start, the terms in rank order,
  /// and the length of the codes, which `recodeTokens` left at the start of the token file.
  struct CodedTokens: Sendable {
    var starts: [UInt64]
    var order: [UInt64]
    var length: Int
  }

  /// Turns the token file's terms into their codes (`TokenCoding`), in one pass over `spill` on `threads` threads,
  /// and computes where each document's codes start.
  static func recodeTokens(_ tokenCounts: [UInt32], statistics: [TermStatistic], spill: TokenSpill, threads: Int)
    throws -> CodedTokens
  {
    let order = TokenCoding.rankOrder(statistics)
    guard order.count < Int(Int32.max) else {
      throw IndexError.buildFailed(detail: "more than 2 billion distinct terms in one shard; use --shard")
    }
    let totalTokens = tokenCounts.reduce(0, { $0 + Int($1) })
    guard totalTokens == spill.count else {
      throw IndexError.buildFailed(detail: "the documents hold other tokens than the \(spill.count) terms kept")
    }
    // The starts come first in the section, so the codes wait in the spill file until every start is known.
    let coder = TokenChunkCoder(ranks: TermRanks(order: order), tokenCounts: tokenCounts, threads: threads)
    var starts = [UInt64](repeating: 0, count: tokenCounts.count + 1)
    var firstToken = 0
    var written = 0
    let length = try spill.recode { terms, codes in
      try coder.code(terms, firstToken: firstToken, written: written, into: &codes, starts: &starts)
      firstToken += terms.count
      written += codes.count
    }
    // Documents that start after the last token (empty ones at the end) start where the codes end, as does the
    // end entry.
    for document in coder.lowerBound(totalTokens)...tokenCounts.count { starts[document] = UInt64(length) }
    return CodedTokens(starts: starts, order: order, length: length)
  }

  /// Writes the tokens section (`Protocol/INDEX.md`): where each document's codes start, the terms in rank order,
  /// then every token's rank, copied from the token file that `recodeTokens` recoded.
  static func writeTokens(_ coded: CodedTokens, spill: TokenSpill, to writer: SectionWriter) throws -> SectionEntry {
    try writer.beginSection()
    try coded.starts.map(\.littleEndian).withUnsafeBytes { try writer.write($0) }
    try coded.order.map(\.littleEndian).withUnsafeBytes { try writer.write($0) }
    try spill.copyCodes(length: coded.length) { try writer.write($0) }
    return writer.endSection()
  }

  /// Directory buckets hold four to eight postings each: 32 to 64 bytes, one or two cache lines for the binary
  /// search after the directory read. Each bit fewer halves the directory (4 bytes per bucket), which at two to
  /// four postings per bucket was a quarter of the postings' own size.
  static func directoryBits(forPostings count: Int) -> Int {
    guard count > 32 else { return 2 }
    let bits = (Int.bitWidth - count.leadingZeroBitCount) - 3
    return min(max(bits, 2), 30)
  }
}
