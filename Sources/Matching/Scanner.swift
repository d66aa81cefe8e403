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

/// How much of a transcript echoes one reference model.
public struct ModelCoverage: Codable, Sendable, Hashable {
  public var model: String
  /// Bytes of scanned text inside echo passages whose best reference is by `model`.
  public var coveredBytes: Int
  /// `coveredBytes` over all scanned bytes, 0...1.
  public var share: Double

  public init(model: String, coveredBytes: Int, share: Double) {
    self.model = model
    self.coveredBytes = coveredBytes
    self.share = share
  }
}
