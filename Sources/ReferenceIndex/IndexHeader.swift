import TextProcessing

/// The fixed 512-byte header at the start of every index file.
///
/// It pins everything a reader must agree on before trusting the rest: the format, the normalisation rules, the
/// seed parameters, and where each section lies. Byte layout: `Protocol/INDEX.md`.
public struct IndexHeader: Sendable, Hashable {
  public static let magic: [UInt8] = Array("ECHOLENS".utf8)
  public static let size = 512
  /// 2 added the tokens section (`IndexSection.tokens`): a version 1 reader would ignore it, and a version 2
  /// reader needs it, so the version changed rather than the section being optional. 3 made document records 80
  /// bytes, for each answer's earlier user turns (`EarlierPrompts`): a version 2 reader would misread every record.
  /// 4 made postings 8 bytes, their document and position packed into 32 bits (`PostingLocator`), with the header's
  /// `positionBits` and the extra parts section of long documents.
  public static let formatVersion: UInt32 = 4
  static let checksumOffset = 504
  static let sectionTableOffset = 96

  public var formatVersion: UInt32 = IndexHeader.formatVersion
  public var normalizerVersion: UInt32
  /// Tokens per seed (k).
  public var seedLength: UInt32
  /// Winnowing window, in seeds (w): every run of w consecutive seeds contributes at least one posting.
  public var windowSize: UInt32
  public var directoryBits: UInt32
  /// This shard's number, from 1, and the number of shards (1/1 for an unsharded index).
  public var shardIndex: UInt32
  public var shardCount: UInt32
  public var documentCount: UInt64
  public var tokenCount: UInt64
  public var postingCount: UInt64
  public var distinctSeedCount: UInt64
  public var termCount: UInt64
  public var textByteCount: UInt64
  /// Bits of a posting's locator that hold the token offset in a document part (`PostingLocator`).
  public var positionBits: UInt32
  public var sections: [SectionEntry]
  /// XXH64 of header bytes 0..<504; also the index's identity.
  public var checksum: UInt64 = 0

  /// The header's bytes, with `checksum` computed over them.
  public func encoded() -> [UInt8] {
    var bytes = [UInt8](repeating: 0, count: Self.size)
    func put<T: FixedWidthInteger>(_ value: T, at offset: Int) {
      withUnsafeBytes(of: value.littleEndian) { raw in
        for i in 0..<raw.count { bytes[offset + i] = raw[i] }
      }
    }
    for (i, b) in Self.magic.enumerated() { bytes[i] = b }
    put(formatVersion, at: 8)
    put(UInt32(Self.size), at: 12)
    put(normalizerVersion, at: 16)
    put(seedLength, at: 20)
    put(windowSize, at: 24)
    put(directoryBits, at: 28)
    put(shardIndex, at: 32)
    put(shardCount, at: 36)
    put(documentCount, at: 40)
    put(tokenCount, at: 48)
    put(postingCount, at: 56)
    put(distinctSeedCount, at: 64)
    put(termCount, at: 72)
    put(textByteCount, at: 80)
    put(positionBits, at: 88)
    precondition(sections.count == IndexSection.allCases.count, "one entry per section")
    for (i, s) in sections.enumerated() {
      let base = Self.sectionTableOffset + i * 24
      put(s.offset, at: base)
      put(s.length, at: base + 8)
      put(s.checksum, at: base + 16)
    }
    let sum = bytes.withUnsafeBytes { XXHash64.hash(UnsafeRawBufferPointer(rebasing: $0[0..<Self.checksumOffset])) }
    put(sum, at: Self.checksumOffset)
    return bytes
  }

  /// Reads and validates the header of `file`: magic, size, versions, checksum and that every section lies inside
  /// the file. Constant time: it touches only the first 512 bytes.
  static func decode(from file: MappedFile) throws -> IndexHeader {
    let path = file.path
    guard file.count >= Self.magic.count else {
      throw file.count == 0
        ? IndexError.truncated(path: path, expectedBytes: Self.size, actualBytes: 0) : IndexError.notAnIndex(path: path)
    }
    let bytes = file.bytes
    let magicOK = bytes.withBytes(0..<Self.magic.count) { Array($0) == Self.magic } ?? false
    guard magicOK else { throw IndexError.notAnIndex(path: path) }
    guard file.count >= Self.size else {
      throw IndexError.truncated(path: path, expectedBytes: Self.size, actualBytes: file.count)
    }
    // Every field lies in the first 512 bytes, which the file has (checked just above), so no load can fail.
    func load<T: FixedWidthInteger>(_ offset: Int, as type: T.Type) -> T { bytes.load(offset, as: T.self) ?? 0 }
    let version = load(8, as: UInt32.self)
    guard version == Self.formatVersion else {
      throw IndexError.unsupportedFormatVersion(path: path, found: version, supported: Self.formatVersion)
    }
    let stored = load(Self.checksumOffset, as: UInt64.self)
    let computed = bytes.withBytes(0..<Self.checksumOffset) { XXHash64.hash($0) }
    guard stored == computed else {
      throw IndexError.corrupted(path: path, detail: "header checksum mismatch")
    }
    var sections: [SectionEntry] = []
    for i in 0..<IndexSection.allCases.count {
      let base = Self.sectionTableOffset + i * 24
      sections.append(
        SectionEntry(
          offset: load(base, as: UInt64.self), length: load(base + 8, as: UInt64.self),
          checksum: load(base + 16, as: UInt64.self)))
    }
    let header = IndexHeader(
      formatVersion: version, normalizerVersion: load(16, as: UInt32.self),
      seedLength: load(20, as: UInt32.self), windowSize: load(24, as: UInt32.self),
      directoryBits: load(28, as: UInt32.self), shardIndex: load(32, as: UInt32.self),
      shardCount: load(36, as: UInt32.self), documentCount: load(40, as: UInt64.self),
      tokenCount: load(48, as: UInt64.self), postingCount: load(56, as: UInt64.self),
      distinctSeedCount: load(64, as: UInt64.self), termCount: load(72, as: UInt64.self),
      textByteCount: load(80, as: UInt64.self), positionBits: load(88, as: UInt32.self), sections: sections,
      checksum: stored)
    try header.validateLayout(fileSize: file.count, path: path)
    return header
  }

  /// Checks that sections lie inside the file and have the sizes the counts imply.
  func validateLayout(fileSize: Int, path: String) throws {
    var end = 0
    for section in IndexSection.allCases {
      let s = sections[section.rawValue]
      let (sectionEnd, overflow) = s.offset.addingReportingOverflow(s.length)
      guard !overflow, sectionEnd <= UInt64(fileSize) else {
        throw IndexError.truncated(path: path, expectedBytes: Int(clamping: sectionEnd), actualBytes: fileSize)
      }
      end = max(end, Int(sectionEnd))
    }
    // Sections lie after the header and do not overlap: otherwise a lying table could make one section's bytes
    // be read as another's (or the header's), which no later check would notice.
    var previousEnd = UInt64(Self.size)
    for s in sections.filter({ $0.length > 0 }).sorted(by: { $0.offset < $1.offset }) {
      guard s.offset >= previousEnd else {
        throw IndexError.corrupted(path: path, detail: "the section table has sections that overlap")
      }
      previousEnd = s.offset + s.length
    }
    guard seedLength >= 1, seedLength <= 64, windowSize >= 1, windowSize <= 1024, directoryBits <= 32 else {
      throw IndexError.corrupted(path: path, detail: "seed parameters out of range")
    }
    func expect(_ section: IndexSection, _ bytes: UInt64) throws {
      let found = sections[section.rawValue].length
      guard found == bytes else {
        throw IndexError.corrupted(
          path: path, detail: "\(section.name) section is \(found) bytes, the header's counts imply \(bytes)")
      }
    }
    let (docBytes, o1) = documentCount.multipliedReportingOverflow(by: UInt64(DocumentRecord.size))
    let (postingBytes, o2) = postingCount.multipliedReportingOverflow(by: UInt64(Posting.size))
    let (termBytes, o3) = termCount.multipliedReportingOverflow(by: UInt64(TermStatistic.size))
    guard !o1, !o2, !o3 else { throw IndexError.corrupted(path: path, detail: "counts overflow") }
    // Postings name document parts with 32 bits less the position field; the totals are summed over shards as
    // `Int`, so 2^48 (far beyond any corpus) keeps every sum exact.
    let extraParts = sections[IndexSection.extraParts.rawValue].length / 8
    guard positionBits <= 31, sections[IndexSection.extraParts.rawValue].length % 8 == 0,
      documentCount <= UInt64(UInt32.max), documentCount + extraParts <= UInt64(1) << UInt64(32 - positionBits)
    else {
      throw IndexError.corrupted(
        path: path,
        detail:
          "\(documentCount) documents and \(extraParts) extra parts do not fit postings of \(positionBits) position bits"
      )
    }
    for (name, count) in [("token", tokenCount), ("distinct seed", distinctSeedCount), ("text byte", textByteCount)]
    where count >= 1 << 48 {
      throw IndexError.corrupted(path: path, detail: "\(name) count \(count) is out of range")
    }
    try expect(.documents, docBytes)
    try expect(.postings, postingBytes)
    try expect(.terms, termBytes)
    // The tokens section: the starts and the rank table, then a code of one to `TokenCoding.maxCodeBytes` bytes
    // per token. The counts are below 2^48 (checked above; the term count by the terms section's size), so these
    // sums cannot overflow.
    guard termCount < 1 << 48 else {
      throw IndexError.corrupted(path: path, detail: "term count \(termCount) is out of range")
    }
    let fixed = (documentCount + 1 + termCount) * 8
    let tokens = sections[IndexSection.tokens.rawValue].length
    guard tokens >= fixed + tokenCount, tokens <= fixed + tokenCount * UInt64(TokenCoding.maxCodeBytes) else {
      throw IndexError.corrupted(
        path: path,
        detail: "tokens section is \(tokens) bytes, the header's counts imply \(fixed + tokenCount) to "
          + "\(fixed + tokenCount * UInt64(TokenCoding.maxCodeBytes))")
    }
    try expect(.directory, ((UInt64(1) << UInt64(directoryBits)) + 1) * 4)
    guard shardIndex >= 1, shardIndex <= shardCount else {
      throw IndexError.corrupted(path: path, detail: "shard \(shardIndex)/\(shardCount) is out of range")
    }
  }
}
