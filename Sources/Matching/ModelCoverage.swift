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
