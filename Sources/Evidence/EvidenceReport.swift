/// Everything needed to check a set of findings in one transcript without echolens's help.
///
/// The JSON form is the contract (`Protocol/EVIDENCE.md`, `Protocol/evidence.schema.json`); keys are written
/// sorted and `reportDigest` seals the rest, so an altered report is detected by `verify()`.
public struct EvidenceReport: Codable, Sendable, Hashable {
  /// `Evidence.schemaVersion` when written.
  public var schemaVersion: Int
  public var tool: EvidenceTool
  /// When the report was made, UTC, `YYYY-MM-DDTHH:MM:SSZ`.
  public var generatedAt: String
  public var transcript: EvidenceTranscript
  public var parameters: EvidenceParameters
  /// The reference index shards, in the order they were opened.
  public var indexes: [IndexIdentityRecord]
  /// The background index shards (text by unrelated models and people); empty when none was used.
  public var backgroundIndexes: [IndexIdentityRecord]
  /// The calibration the E-values rest on; absent when they are uncalibrated.
  public var calibration: CalibrationRecord?
  /// The findings, in transcript order.
  public var passages: [EvidencePassage]
  public var reproduce: EvidenceReproduction
  /// SHA-256 (hex) of the canonical JSON of this report without this field; nil only before `sealed()`.
  public var reportDigest: String?

  public init(
    schemaVersion: Int = Evidence.schemaVersion, tool: EvidenceTool, generatedAt: String,
    transcript: EvidenceTranscript, parameters: EvidenceParameters, indexes: [IndexIdentityRecord],
    backgroundIndexes: [IndexIdentityRecord], calibration: CalibrationRecord? = nil, passages: [EvidencePassage],
    reproduce: EvidenceReproduction, reportDigest: String? = nil
  ) {
    self.schemaVersion = schemaVersion
    self.tool = tool
    self.generatedAt = generatedAt
    self.transcript = transcript
    self.parameters = parameters
    self.indexes = indexes
    self.backgroundIndexes = backgroundIndexes
    self.calibration = calibration
    self.passages = passages
    self.reproduce = reproduce
    self.reportDigest = reportDigest
  }
}
