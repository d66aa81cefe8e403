import ReferenceIndex

/// What identifies one index shard that a scan used, so a reader can check they hold the very same index.
///
/// The identity is the header checksum, which covers every section's checksum; the build metadata names the inputs
/// (with their SHA-256) from which the index can be rebuilt byte for byte.
public struct IndexIdentityRecord: Codable, Sendable, Hashable {
  /// The shard's path as it was opened (absolute when the caller resolved it).
  public var path: String
  /// The shard's identity, hex (`ReferenceIndexFile.identity`).
  public var identity: String
  public var formatVersion: Int
  public var normalizerVersion: Int
  /// This shard's number from 1, and how many shards the index was built as.
  public var shardIndex: Int
  public var shardCount: Int
  public var documentCount: Int
  public var tokenCount: Int
  /// What the index was built from and by; nil when the metadata section could not be read.
  public var buildMetadata: BuildMetadata?

  public init(
    path: String, identity: String, formatVersion: Int, normalizerVersion: Int, shardIndex: Int = 1,
    shardCount: Int = 1, documentCount: Int, tokenCount: Int, buildMetadata: BuildMetadata?
  ) {
    self.path = path
    self.identity = identity
    self.formatVersion = formatVersion
    self.normalizerVersion = normalizerVersion
    self.shardIndex = shardIndex
    self.shardCount = shardCount
    self.documentCount = documentCount
    self.tokenCount = tokenCount
    self.buildMetadata = buildMetadata
  }

  /// The record of an opened shard; its metadata is read here (an unreadable section gives nil, not an error,
  /// because the header checksum already identifies the index).
  public init(_ file: ReferenceIndexFile) {
    self.init(
      path: file.path, identity: file.identity, formatVersion: Int(file.header.formatVersion),
      normalizerVersion: Int(file.header.normalizerVersion), shardIndex: Int(file.header.shardIndex),
      shardCount: Int(file.header.shardCount), documentCount: file.documentCount, tokenCount: file.tokenCount,
      buildMetadata: try? file.metadata())
  }

  /// One record per shard of `set`, in the set's order.
  public static func records(for set: ReferenceIndexSet) -> [IndexIdentityRecord] {
    set.shards.map(IndexIdentityRecord.init)
  }
}
