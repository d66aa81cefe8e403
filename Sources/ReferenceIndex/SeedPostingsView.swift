/// The seed directory and postings of one mapped index file, as a plain value for the scan's innermost loop.
///
/// A scan looks up every k-gram of the transcript, hundreds of thousands per megabyte. Going through the file
/// object for each lookup costs reference counting on shared objects, which two scanning threads then fight over
/// for the same cache line; this view holds only offsets and the mapping's base address, so a lookup touches
/// nothing but the mapped pages. The bounds it relies on were checked once, when the header was validated
/// (`IndexHeader.validateLayout`): the directory has 2^bits + 1 entries and the postings section `postingCount`
/// records. A view is valid only while its `ReferenceIndexFile` is alive; `ReferenceIndexSet` keeps both together.
public struct SeedPostingsView: @unchecked Sendable {
  // @unchecked: the base address points into a read-only mapping that outlives every view made from it.
  private let base: UnsafeRawPointer
  private let directory: Int
  private let postings: Int
  private let directoryBits: UInt32
  private let postingCount: Int

  init(file: MappedFile, header: IndexHeader) {
    // A valid header has a directory section of at least 4 bytes, so the file is not empty and `base` exists.
    base = file.base!
    directory = Int(header.sections[IndexSection.directory.rawValue].offset)
    postings = Int(header.sections[IndexSection.postings.rawValue].offset)
    directoryBits = header.directoryBits
    postingCount = Int(header.postingCount)
  }

  @inline(__always)
  private func load(_ offset: Int) -> UInt32 {
    UInt32(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
  }

  /// The postings of `seed`, as positions in the postings section: a directory read and a binary search within one
  /// bucket, so a lookup touches a small constant number of pages.
  @inline(__always)
  public func range(of seed: UInt64) -> Range<Int> {
    let bucket = Posting.bucket(of: seed, directoryBits: directoryBits)
    return search(seed, from: Int(load(directory + bucket * 4)), to: Int(load(directory + (bucket + 1) * 4)))
  }

  /// The postings of every seed, written to `ranges`, in two passes: all directory reads first, then all bucket
  /// searches.
  ///
  /// On a large index every lookup misses the cache twice, at random pages, and a seed's bucket search must wait
  /// for its directory read. Done seed by seed, those misses queue one behind the other; done as two passes, the
  /// reads of one pass do not depend on each other, so the processor has many of them in flight at once.
  public func ranges(of seeds: UnsafeBufferPointer<UInt64>, into ranges: UnsafeMutableBufferPointer<Range<Int>>) {
    precondition(ranges.count >= seeds.count, "one range per seed")
    let bounds = UnsafeMutableBufferPointer<(UInt32, UInt32)>.allocate(capacity: seeds.count)
    defer { bounds.deallocate() }
    for i in 0..<seeds.count {
      let bucket = Posting.bucket(of: seeds[i], directoryBits: directoryBits)
      bounds[i] = (load(directory + bucket * 4), load(directory + (bucket + 1) * 4))
    }
    for i in 0..<seeds.count {
      ranges[i] = search(seeds[i], from: Int(bounds[i].0), to: Int(bounds[i].1))
    }
  }

  /// The postings of `seed` among positions `start..<end` (its bucket, as the directory gave it).
  @inline(__always)
  private func search(_ seed: UInt64, from start: Int, to end: Int) -> Range<Int> {
    // Directory values are data, not layout: a corrupted entry must give no postings, not a read out of bounds.
    guard start < end, end <= postingCount else { return 0..<0 }
    let key = Posting.key(of: seed, directoryBits: directoryBits)
    var low = start
    var high = end
    while low < high {
      let mid = (low + high) >> 1
      if load(postings + mid * Posting.size) < key { low = mid + 1 } else { high = mid }
    }
    var upper = low
    while upper < end, load(postings + upper * Posting.size) == key { upper += 1 }
    return low..<upper
  }

  /// The document and token position of posting `i`, which must lie in a range this view returned.
  @inline(__always)
  public func posting(_ i: Int) -> (document: Int, tokenPosition: Int) {
    assert(i >= 0 && i < postingCount, "posting outside the postings section")
    let offset = postings + i * Posting.size
    return (Int(load(offset + 4)), Int(load(offset + 8)))
  }
}
