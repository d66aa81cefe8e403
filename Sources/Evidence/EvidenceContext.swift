import Matching

/// What stays the same for every report of one scanning session: the tool, the indexes, the parameters.
///
/// The language server keeps one per workspace configuration; the CLI makes one per run.
public struct EvidenceContext: Sendable {
  public var tool: EvidenceTool
  /// The workspace root, absolute; transcript paths in reports are relative to it and reports are written in it.
  public var workspaceRoot: String
  public var parameters: ScanParameters
  /// Extra identity lists (`--identities`), as given.
  public var identityFiles: [String]
  public var indexes: [IndexIdentityRecord]
  public var backgroundIndexes: [IndexIdentityRecord]
  /// The `--index` arguments of the reproduce command: the paths the user configured (a file or a directory of
  /// shards each); nil to list every shard path.
  public var indexArguments: [String]?
  public var backgroundArguments: [String]?
  /// The calibration the E-values rest on; nil for uncalibrated.
  public var calibration: CalibrationRecord?

  public init(
    tool: EvidenceTool, workspaceRoot: String, parameters: ScanParameters, identityFiles: [String] = [],
    indexes: [IndexIdentityRecord], backgroundIndexes: [IndexIdentityRecord] = [], indexArguments: [String]? = nil,
    backgroundArguments: [String]? = nil, calibration: CalibrationRecord? = nil
  ) {
    self.tool = tool
    self.workspaceRoot = workspaceRoot
    self.parameters = parameters
    self.identityFiles = identityFiles
    self.indexes = indexes
    self.backgroundIndexes = backgroundIndexes
    self.indexArguments = indexArguments
    self.backgroundArguments = backgroundArguments
    self.calibration = calibration
  }
}
