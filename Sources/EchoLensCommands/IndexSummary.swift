import Foundation
import ReferenceIndex

/// What `echolens index info` prints: header, statistics, section sizes and build metadata.
struct IndexSummary: Codable {
  struct Section: Codable {
    var name: String
    var offset: UInt64
    var bytes: UInt64
    var checksum: String
  }

  var path: String
  var identity: String
  var formatVersion: UInt32
  var normalizerVersion: UInt32
  var seedLength: UInt32
  var windowSize: UInt32
  var directoryBits: UInt32
  /// Bits of a posting that hold the offset in a document part (`Protocol/INDEX.md`).
  var positionBits: UInt32
  var shard: String
  var documents: UInt64
  var tokens: UInt64
  var postings: UInt64
  var distinctSeeds: UInt64
  var terms: UInt64
  var textBytes: UInt64
  var fileBytes: Int
  var sections: [Section]
  var build: BuildMetadata

  init(_ index: ReferenceIndexFile) throws {
    let h = index.header
    path = index.path
    identity = index.identity
    formatVersion = h.formatVersion
    normalizerVersion = h.normalizerVersion
    seedLength = h.seedLength
    windowSize = h.windowSize
    directoryBits = h.directoryBits
    positionBits = h.positionBits
    shard = "\(h.shardIndex)/\(h.shardCount)"
    documents = h.documentCount
    tokens = h.tokenCount
    postings = h.postingCount
    distinctSeeds = h.distinctSeedCount
    terms = h.termCount
    textBytes = h.textByteCount
    fileBytes = index.fileSize
    sections = IndexSection.allCases.map {
      let e = h.sections[$0.rawValue]
      return Section(name: $0.name, offset: e.offset, bytes: e.length, checksum: String(format: "%016llx", e.checksum))
    }
    build = try index.metadata()
  }

  var text: String {
    var lines = [
      "index:        \(path)",
      "identity:     \(identity)",
      "format:       version \(formatVersion), normalisation rules version \(normalizerVersion)",
      "seeds:        \(seedLength)-token seeds, winnowing window \(windowSize), directory 2^\(directoryBits) buckets",
      "shard:        \(shard)",
      "documents:    \(documents)",
      "tokens:       \(tokens)",
      "postings:     \(postings) (\(distinctSeeds) distinct seeds), positions in parts of 2^\(positionBits) tokens",
      "terms:        \(terms)",
      String(
        format: "size:         %d bytes (%.2fx of %llu bytes of stored text)", fileBytes,
        Double(fileBytes) / Double(max(1, textBytes)), textBytes),
      "built:        \(build.tool) \(build.toolVersion) at \(Date(timeIntervalSince1970: TimeInterval(build.builtAt))) from \(build.recordCount) records (\(build.skippedRecordCount) skipped)",
    ]
    for input in build.inputs {
      lines.append("input:        \(input.path) (\(input.byteCount) bytes, sha256 \(input.sha256))")
    }
    lines.append("sections:")
    for s in sections {
      lines.append(
        "  \(s.name.padding(toLength: 12, withPad: " ", startingAt: 0)) \(String(format: "%12llu", s.bytes)) bytes at \(s.offset), xxh64 \(s.checksum)"
      )
    }
    return lines.joined(separator: "\n") + "\n"
  }
}
