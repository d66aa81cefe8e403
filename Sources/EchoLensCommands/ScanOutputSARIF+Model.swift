import Evidence

/// The subset of the SARIF 2.1.0 object model that `scan --format sarif` writes (OASIS standard, errata 01).
///
/// Property names are the standard's; optional properties are left out when nil, as the schema prefers.
enum SARIF {
  struct Log: Encodable {
    var schema = "https://json.schemastore.org/sarif-2.1.0.json"
    var version = "2.1.0"
    var runs: [Run]
    enum CodingKeys: String, CodingKey {
      case schema = "$schema"
      case version, runs
    }
  }

  struct Run: Encodable {
    var tool: Tool
    var invocations: [Invocation]
    var artifacts: [Artifact]
    var results: [Result]
    var columnKind = "unicodeCodePoints"
    var properties: RunProperties
  }

  struct RunProperties: Encodable {
    var parameters: EvidenceParameters
    var indexes: [IndexIdentityRecord]
    var backgroundIndexes: [IndexIdentityRecord]
    var calibration: CalibrationRecord?
  }

  struct Tool: Encodable { var driver: Driver }

  struct Driver: Encodable {
    var name: String
    var version: String
    var rules: [Rule]
  }

  struct Rule: Encodable {
    var id: String
    var name: String
    var shortDescription: Message
    var fullDescription: Message
    var help: Message
    var defaultConfiguration: Configuration
  }

  struct Configuration: Encodable { var level: String }

  struct Message: Encodable { var text: String }

  struct Invocation: Encodable {
    var executionSuccessful: Bool
    var toolExecutionNotifications: [Notification]
  }

  struct Notification: Encodable {
    var level: String
    var message: Message
    var locations: [Location]
  }

  struct Artifact: Encodable {
    var location: ArtifactLocation
    var length: Int?
    var hashes: [String: String]?
  }

  struct ArtifactLocation: Encodable {
    var uri: String
    var index: Int?
  }

  struct Result: Encodable {
    var ruleId: String
    var ruleIndex: Int
    var level: String
    var kind = "fail"
    var message: Message
    var locations: [Location]
    var relatedLocations: [Location]?
    var partialFingerprints: [String: String]
    var properties: ResultProperties
  }

  struct ResultProperties: Encodable {
    var passageId: String
    var strength: String
    var role: String
    var similarity: Double?
    var eValue: Double?
    var bits: Double?
    var tokenCount: Int?
    var longestVerbatimRun: Int?
    var chance: String?
    /// Whether `eValue` is calibrated against independent answers (`Protocol/CALIBRATION.md`).
    var calibrated: Bool?
    /// For a calibrated finding: whether the panel answered the prompt its text answers (false: the E-value rests on
    /// answers to other prompts, `Protocol/CALIBRATION.md`), and whose prompt that is (`transcript`, `reference`).
    var panelAnsweredPrompt: Bool?
    var checkedPrompt: String?
    var referenceModel: String?
    var referenceId: String?
    var claimedModel: String?
    var maker: String?
  }

  struct Location: Encodable {
    var id: Int?
    var physicalLocation: PhysicalLocation?
    var logicalLocations: [LogicalLocation]?
    var message: Message?
    var properties: ReferenceProperties?
  }

  struct PhysicalLocation: Encodable {
    var artifactLocation: ArtifactLocation
    var region: Region?
  }

  struct Region: Encodable {
    var startLine: Int
    var startColumn: Int
    var endLine: Int
    var endColumn: Int
    var byteOffset: Int
    var byteLength: Int
    var snippet: Message?
  }

  struct LogicalLocation: Encodable {
    var name: String
    var fullyQualifiedName: String
    var kind = "resource"
  }

  /// Where a related reference lies: the index shard and the bytes of its stored text.
  struct ReferenceProperties: Encodable {
    var role: String
    var model: String
    var source: String
    var indexIdentity: String
    var referenceUtf8Start: Int
    var referenceUtf8End: Int
    var similarity: Double
    var eValue: Double
  }
}
