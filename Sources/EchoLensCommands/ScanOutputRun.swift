import Evidence
import Matching
import ReferenceIndex

/// What holds for the whole scan run: the tool, the parameters and the indexes that every file was scanned with.
public struct ScanOutputRun: Sendable {
  public var tool: EvidenceTool
  public var parameters: ScanParameters
  /// The `--identities` files, as given.
  public var identityFiles: [String]
  public var indexes: [IndexIdentityRecord]
  public var backgroundIndexes: [IndexIdentityRecord]
  /// The calibration the E-values rest on; nil when uncalibrated.
  public var calibration: CalibrationRecord?

  public init(
    tool: EvidenceTool, parameters: ScanParameters, identityFiles: [String] = [], indexes: [IndexIdentityRecord],
    backgroundIndexes: [IndexIdentityRecord] = [], calibration: CalibrationRecord? = nil
  ) {
    self.tool = tool
    self.parameters = parameters
    self.identityFiles = identityFiles
    self.indexes = indexes
    self.backgroundIndexes = backgroundIndexes
    self.calibration = calibration
  }

  /// The run for opened index sets (each shard's metadata is read once, here).
  public init(
    tool: EvidenceTool, parameters: ScanParameters, identityFiles: [String] = [], references: ReferenceIndexSet,
    background: ReferenceIndexSet?, calibration: CalibrationRecord? = nil
  ) {
    self.init(
      tool: tool, parameters: parameters, identityFiles: identityFiles,
      indexes: IndexIdentityRecord.records(for: references),
      backgroundIndexes: background.map(IndexIdentityRecord.records(for:)) ?? [], calibration: calibration)
  }
}
