import JSONRPC
import Matching

/// The `echolens` settings section, from `initializationOptions` or `workspace/didChangeConfiguration`.
///
/// Every key is optional and a missing key keeps its default, so a client sends only what it changes. Names and
/// defaults are the LSP contract of the team sheet and `Protocol/LSP.md`; scan thresholds decode through
/// `ScanParameters`, so the server and `echolens scan` read the same keys the same way.
public struct ServerSettings: Hashable, Sendable {
  public var indexPaths: [String] = []
  public var backgroundIndexPaths: [String] = []
  /// A calibration made by `echolens calibrate` (`Protocol/CALIBRATION.md`); empty: `.echolens/calibration.json`
  /// in the workspace when it exists, else uncalibrated E-values.
  public var calibrationPath: String = ""
  public var identityFiles: [String] = []
  public var parameters = ScanParameters()
  public var severities = Severities()
  public var debounceMilliseconds = 300
  public var evidenceFolder = ".echolens/evidence"
  public var maxFileBytes = 10_485_760

  public init() {}

  /// Severity per kind of finding and, for echoes, per strength.
  public struct Severities: Codable, Hashable, Sendable {
    public var strong = Level.warning
    public var moderate = Level.warning
    public var weak = Level.information
    public var selfIdentification = Level.warning
    public var commonText = Level.hint

    public init() {}

    public init(from decoder: any Decoder) throws {
      let c = try decoder.container(keyedBy: CodingKeys.self)
      let d = Severities()
      strong = try c.decodeIfPresent(Level.self, forKey: .strong) ?? d.strong
      moderate = try c.decodeIfPresent(Level.self, forKey: .moderate) ?? d.moderate
      weak = try c.decodeIfPresent(Level.self, forKey: .weak) ?? d.weak
      selfIdentification = try c.decodeIfPresent(Level.self, forKey: .selfIdentification) ?? d.selfIdentification
      commonText = try c.decodeIfPresent(Level.self, forKey: .commonText) ?? d.commonText
    }

    public enum Level: String, Codable, Hashable, Sendable {
      case error, warning, information, hint

      var severity: DiagnosticSeverity {
        switch self {
        case .error: return .error
        case .warning: return .warning
        case .information: return .information
        case .hint: return .hint
        }
      }
    }

    /// The level of a finding. With the defaults, this is also the severity `echolens scan` prints
    /// (`ScanOutputSeverity`), so the terminal and the editor agree.
    public func level(kind: FindingKind, strength: EvidenceStrength) -> Level {
      switch kind {
      case .selfIdentification: return selfIdentification
      case .commonText: return commonText
      case .echo:
        switch strength {
        case .strong: return strong
        case .moderate: return moderate
        case .weak: return weak
        }
      }
    }

    /// The severity of a finding.
    public func severity(kind: FindingKind, strength: EvidenceStrength) -> DiagnosticSeverity {
      level(kind: kind, strength: strength).severity
    }
  }

  enum CodingKeys: String, CodingKey {
    case indexPaths, backgroundIndexPaths, identityFiles, severities, debounceMilliseconds, evidenceFolder
    case maxFileBytes, calibrationPath
  }

  /// Applies a settings object on top of `self`: the `echolens` member when there is one, else the object itself.
  ///
  /// - Throws: `InvalidSettings` naming the key at fault (for example `echolens.severities.strong`); shared scan
  ///   settings are checked by `ScanSettingRules`, as the CLI's flags are.
  public func applying(_ value: JSONValue?) throws -> ServerSettings {
    do {
      return try merging(value)
    } catch {
      throw InvalidSettings(error)
    }
  }

  private func merging(_ value: JSONValue?) throws -> ServerSettings {
    guard var section = value, section != .null else { return self }
    if case .object(let inner)? = section["echolens"] { section = .object(inner) }
    guard case .object(let members) = section else { return self }
    var next = self
    let keyed = try section.decode(PartialSettings.self)
    if let v = keyed.indexPaths { next.indexPaths = v }
    if let v = keyed.backgroundIndexPaths { next.backgroundIndexPaths = v }
    if let v = keyed.calibrationPath { next.calibrationPath = v }
    if let v = keyed.identityFiles { next.identityFiles = v }
    if let v = keyed.severities { next.severities = v }
    if let v = keyed.debounceMilliseconds {
      guard (0...60_000).contains(v) else {
        throw InvalidSettings(
          setting: "debounceMilliseconds", requirement: "a whole number from 0 to 60000", given: "\(v)")
      }
      next.debounceMilliseconds = v
    }
    if let v = keyed.evidenceFolder { next.evidenceFolder = v }
    if let v = keyed.maxFileBytes { next.maxFileBytes = try ScanSettingRules.maxFileBytes(v) }
    // Scan thresholds: merge the keys given over the current values, then decode as ScanParameters.
    var parameters = try JSONValue(encoding: next.parameters)
    if case .object(var current) = parameters {
      for key in [
        "minTokens", "minSimilarity", "maxEValue", "maxUncalibratedEValue", "maxPassagesPerDocument", "kinds",
        "maxSeedDocuments", "ownIdentities", "modelGroups",
      ] {
        if let given = members[key] { current[key] = given }
      }
      parameters = .object(current)
    }
    next.parameters = try parameters.decode(ScanParameters.self)
    try ScanSettingRules.validate(next.parameters)
    return next
  }

  private struct PartialSettings: Decodable {
    var indexPaths: [String]?
    var backgroundIndexPaths: [String]?
    var calibrationPath: String?
    var identityFiles: [String]?
    var severities: Severities?
    var debounceMilliseconds: Int?
    var evidenceFolder: String?
    var maxFileBytes: Int?
  }
}
