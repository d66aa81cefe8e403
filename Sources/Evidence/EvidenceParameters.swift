import Matching

/// The scan parameters as a report records them: `ScanParameters` with its kinds sorted, plus the identity files.
///
/// `ScanParameters.kinds` is a `Set`, which encodes in a different order in each process; a report's digest must
/// not depend on that, so the kinds are stored sorted by their wire name.
public struct EvidenceParameters: Codable, Sendable, Hashable {
  public var minTokens: Int
  public var minSimilarity: Double
  public var maxEValue: Double
  /// The threshold that applies without a calibration.
  public var maxUncalibratedEValue: Double
  public var maxPassagesPerDocument: Int
  /// Finding kinds reported (`FindingKind.rawValue`), sorted.
  public var kinds: [String]
  public var maxSeedDocuments: Int
  public var ownIdentities: [String]
  /// Extra identity lists given with `--identities` (or the server's `identityFiles`), as given.
  public var identityFiles: [String]
  /// Groups of reference models that count as one (`--model-group`).
  public var modelGroups: [String: [String]]

  public init(_ parameters: ScanParameters, identityFiles: [String] = []) {
    minTokens = parameters.minTokens
    minSimilarity = parameters.minSimilarity
    maxEValue = parameters.maxEValue
    maxUncalibratedEValue = parameters.maxUncalibratedEValue
    maxPassagesPerDocument = parameters.maxPassagesPerDocument
    kinds = parameters.kinds.map(\.rawValue).sorted()
    maxSeedDocuments = parameters.maxSeedDocuments
    ownIdentities = parameters.ownIdentities
    self.identityFiles = identityFiles
    modelGroups = parameters.modelGroups.mapValues { $0.sorted() }
  }

  /// The engine's parameters again (unknown kind names are dropped: they cannot come from a report we wrote).
  public var scanParameters: ScanParameters {
    var p = ScanParameters()
    p.minTokens = minTokens
    p.minSimilarity = minSimilarity
    p.maxEValue = maxEValue
    p.maxUncalibratedEValue = maxUncalibratedEValue
    p.modelGroups = modelGroups
    p.maxPassagesPerDocument = maxPassagesPerDocument
    p.kinds = Set(kinds.compactMap(FindingKind.init(rawValue:)))
    p.maxSeedDocuments = maxSeedDocuments
    p.ownIdentities = ownIdentities
    return p
  }
}
