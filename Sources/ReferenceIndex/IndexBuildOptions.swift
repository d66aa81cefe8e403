import Foundation
import TextProcessing

/// How `IndexBuilder` reads the corpus and lays out the index.
public struct IndexBuildOptions: Sendable {
  /// Tokens per seed (k). Stored in the header; readers use the index's value.
  public var seedLength = 4
  /// Winnowing window (w). Larger windows make a smaller index and need longer shared runs to find a match.
  public var windowSize = 8
  /// Upper bound for the builder's own buffers; postings beyond half of it are spilled to sorted runs on disk.
  public var memoryLimitBytes = 2 << 30
  /// Which shard to build, from 1, of how many; records are dealt round-robin by their number in the input.
  public var shardIndex = 1
  public var shardCount = 1
  public var threads = ProcessInfo.processInfo.activeProcessorCount
  public var corpus = CorpusReadOptions()
  /// Fail on the first bad record instead of skipping and reporting it.
  public var strict = false
  public var toolVersion = "0"
  /// Overrides the build time recorded in the metadata; defaults to `SOURCE_DATE_EPOCH` or the inputs' newest
  /// modification time, so that rebuilding gives the same bytes.
  public var builtAt: Int64?
  /// The widest position field a posting may use (`PostingLocator`): the builder takes the widest that fits, up
  /// to this. Real corpora cut only documents of thousands of tokens into parts; tests lower it to cut short ones,
  /// so that what readers do for long documents is tested on small files.
  public var widestPositionBits = 31

  public init() {}
}

/// What a build produced, for the CLI to print.
public struct IndexBuildReport: Sendable {
  public var outputPath: String
  public var documentCount: Int
  public var tokenCount: Int
  public var postingCount: Int
  public var termCount: Int
  public var inputBytes: Int
  public var textBytes: Int
  public var outputBytes: Int
  public var problems: [CorpusProblem]
  public var runsSpilled: Int
  public var seconds: Double
}

/// Progress of a running build, reported after every batch.
public struct IndexBuildProgress: Sendable {
  public var inputBytesRead: Int
  public var inputBytesTotal: Int
  public var documents: Int
  public var seconds: Double
  public var phase: String
}
