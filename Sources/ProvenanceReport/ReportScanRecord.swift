import Evidence

/// How a suspect transcript was scanned, so that the evidence report of its examples records exactly what a `scan`
/// of it records: the parameters, the indexes, the calibration and the paths the reproduce command passes.
///
/// A report can merge scans from many jobs (`scan --format json` documents); each transcript keeps the record of
/// the scan that read it.
public struct ReportScanRecord: Sendable {
  public var parameters: EvidenceParameters
  public var indexes: [IndexIdentityRecord]
  public var backgroundIndexes: [IndexIdentityRecord]
  /// The calibration the E-values rest on; nil for uncalibrated.
  public var calibration: CalibrationRecord?
  /// The `--index` / `--background` arguments as given, for the reproduce command; nil lists every shard's path.
  public var indexArguments: [String]?
  public var backgroundArguments: [String]?

  public init(
    parameters: EvidenceParameters, indexes: [IndexIdentityRecord], backgroundIndexes: [IndexIdentityRecord],
    calibration: CalibrationRecord?, indexArguments: [String]? = nil, backgroundArguments: [String]? = nil
  ) {
    self.parameters = parameters
    self.indexes = indexes
    self.backgroundIndexes = backgroundIndexes
    self.calibration = calibration
    self.indexArguments = indexArguments
    self.backgroundArguments = backgroundArguments
  }

  /// The evidence context of this scan, for reports written by `tool` about transcripts under `workspaceRoot`.
  public func context(tool: EvidenceTool, workspaceRoot: String) -> EvidenceContext {
    EvidenceContext(
      tool: tool, workspaceRoot: workspaceRoot, parameters: parameters.scanParameters,
      identityFiles: parameters.identityFiles, indexes: indexes, backgroundIndexes: backgroundIndexes,
      indexArguments: indexArguments, backgroundArguments: backgroundArguments, calibration: calibration)
  }
}
