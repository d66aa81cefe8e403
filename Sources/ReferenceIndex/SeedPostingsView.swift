import TextProcessing

/// The seed directory and postings of one mapped index file, as a plain value for the scan's innermost loop.
///
/// A scan looks up every k-gram of the transcript, hundreds of thousands per megabyte. Going through the file
/// object for each lookup costs reference counting on shared objects, which two scanning threads then fight over
/// for the same cache line; this view holds only offsets and the mapping's checked bytes, so a lookup touches
/// nothing but the mapped pages.
///
/// Everything read here is data from an untrusted file. The section bounds were checked when the header was
/// validated (`IndexHeader.validateLayout`), and every read is bounds-checked again by `MappedBytes`; the values
/// read are checked too: a bucket's postings must lie inside the postings section, and a posting must name a
/// document of this file, directly or through an extra part, and a position below what `Int32` holds. Anything else
/// throws `IndexError.corrupted` naming the file and section, so damage stops the scan with a message instead of
/// trapping (a token position beyond `Int32` used to) or silently changing the findings.
public struct SeedPostingsView: Sendable {
  private let bytes: MappedBytes
  private let directory: Int
  private let postings: Int
  private let extraParts: Int
  private let extraPartCount: Int
  /// Bits of a posting's locator that hold the offset in its document part.
  private let positionBits: Int
  private let directoryBits: UInt32
  private let postingCount: Int
  private let documentCount: Int
  private let path: String

  init(file: MappedFile, header: IndexHeader) {
    bytes = file.bytes
    directory = Int(header.sections[IndexSection.directory.rawValue].offset)
    postings = Int(header.sections[IndexSection.postings.rawValue].offset)
    extraParts = Int(header.sections[IndexSection.extraParts.rawValue].offset)
    extraPartCount = Int(header.sections[IndexSection.extraParts.rawValue].length / 8)
    positionBits = Int(header.positionBits)
    directoryBits = header.directoryBits
    postingCount = Int(header.postingCount)
    documentCount = Int(header.documentCount)
    path = file.path
  }

  /// The postings of `seed`, as positions in the postings section: a directory read and a binary search within one
  /// bucket, so a lookup touches a small constant number of pages.
  @inline(__always)
  public func range(of seed: UInt64) throws(IndexError) -> Range<Int> {
    let bucket = Posting.bucket(of: seed, directoryBits: directoryBits)
    let (start, end) = try bucketBounds(bucket)
    return try search(seed, bucket: bucket, from: start, to: end)
  }

  /// The postings of every seed, written to `ranges`, in two passes: all directory reads first, then all bucket
  /// searches.
  ///
  /// On a large index every lookup misses the cache twice, at random pages, and a seed's bucket search must wait
  /// for its directory read. Done seed by seed, those misses queue one behind the other; done as two passes, the
  /// reads of one pass do not depend on each other, so the processor has many of them in flight at once.
  public func ranges(
    of seeds: UnsafeBufferPointer<UInt64>, into ranges: UnsafeMutableBufferPointer<Range<Int>>
  ) throws(IndexError) {
    precondition(ranges.count >= seeds.count, "one range per seed")
    let bounds = UnsafeMutableBufferPointer<(Int, Int)>.allocate(capacity: seeds.count)
    defer { bounds.deallocate() }
    for i in 0..<seeds.count {
      bounds[i] = try bucketBounds(Posting.bucket(of: seeds[i], directoryBits: directoryBits))
    }
    for i in 0..<seeds.count {
      let bucket = Posting.bucket(of: seeds[i], directoryBits: directoryBits)
      ranges[i] = try search(seeds[i], bucket: bucket, from: bounds[i].0, to: bounds[i].1)
    }
  }

  /// Where bucket `bucket`'s postings start and end, as the directory says.
  @inline(__always)
  private func bucketBounds(_ bucket: Int) throws(IndexError) -> (Int, Int) {
    guard let start = bytes.load(directory + bucket * 4, as: UInt32.self),
      let end = bytes.load(directory + (bucket + 1) * 4, as: UInt32.self)
    else {
      throw damaged(.directory, "entry \(bucket) lies outside the file")
    }
    return (Int(start), Int(end))
  }

  /// The postings of `seed` among positions `start..<end` (its bucket, as the directory gave it).
  @inline(__always)
  private func search(_ seed: UInt64, bucket: Int, from start: Int, to end: Int) throws(IndexError) -> Range<Int> {
    guard start <= end, end <= postingCount else {
      throw damaged(.directory, "bucket \(bucket) gives postings \(start)..<\(end) of \(postingCount)")
    }
    let key = Posting.key(of: seed, directoryBits: directoryBits)
    var low = start
    var high = end
    while low < high {
      let mid = (low + high) >> 1
      if try self.key(at: mid) < key { low = mid + 1 } else { high = mid }
    }
    var upper = low
    while upper < end, try self.key(at: upper) == key { upper += 1 }
    return low..<upper
  }

  @inline(__always)
  private func key(at i: Int) throws(IndexError) -> UInt32 {
    guard let key = bytes.load(postings + i * Posting.size, as: UInt32.self) else {
      throw damaged(.postings, "posting \(i) lies outside the file")
    }
    return key
  }

  /// The document and token position of posting `i`, which must lie in a range this view returned.
  ///
  /// The posting packs its document part and the offset in it (`PostingLocator`); a first part is its document,
  /// a further part is looked up in the extra parts section.
  @inline(__always)
  public func posting(_ i: Int) throws(IndexError) -> (document: Int, tokenPosition: Int) {
    guard i >= 0, i < postingCount, let packed = bytes.load(postings + i * Posting.size + 4, as: UInt32.self) else {
      throw damaged(.postings, "posting \(i) lies outside the section")
    }
    let part = Int(packed) >> positionBits
    let offset = Int(packed) & ((1 << positionBits) - 1)
    if part < documentCount { return (part, offset) }
    let extra = part - documentCount
    guard extra < extraPartCount, let document = bytes.load(extraParts + extra * 8, as: UInt32.self),
      let place = bytes.load(extraParts + extra * 8 + 4, as: UInt32.self)
    else {
      throw damaged(
        .postings,
        "posting \(i) names part \(part), the file has \(documentCount) documents and \(extraPartCount) extra parts")
    }
    let position = Int(place) << positionBits | offset
    guard Int(document) < documentCount, place > 0, position <= Int(Int32.max) else {
      throw damaged(.extraParts, "entry \(extra) names part \(place) of document \(document) of \(documentCount)")
    }
    return (Int(document), position)
  }

  private func damaged(_ section: IndexSection, _ detail: String) -> IndexError {
    .corrupted(path: path, detail: "\(section.name) section: \(detail)")
  }
}
