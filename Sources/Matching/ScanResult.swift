import ReferenceIndex
import TextProcessing

/// The result of scanning one transcript.
public struct ScanResult: Codable, Sendable {
  /// Findings in transcript order.
  public var passages: [Passage]
  /// Tokens scanned (model-authored text only, for chat logs).
  public var tokenCount: Int
  /// Bytes of scanned text.
  public var scannedBytes: Int
  /// Share of the scanned text covered by significant echo passages, per reference model.
  public var coverage: [ModelCoverage]
  /// True when `ScanParameters.maxPassagesPerDocument` cut the list; the strongest were kept.
  public var truncated: Bool

  public init(passages: [Passage], tokenCount: Int, scannedBytes: Int, coverage: [ModelCoverage], truncated: Bool) {
    self.passages = passages
    self.tokenCount = tokenCount
    self.scannedBytes = scannedBytes
    self.coverage = coverage
    self.truncated = truncated
  }
}
