import Matching

/// The calibration a report's E-values rest on, recorded so another auditor can check they hold the same file and
/// reproduce the same numbers: its digest, and the identities of the reference and the panel it was made for.
public struct CalibrationRecord: Codable, Sendable, Hashable {
  /// The file as given (`--calibration` or the server's `calibrationPath`).
  public var path: String
  /// SHA-256 of the file's bytes.
  public var sha256: String
  public var formatVersion: Int
  public var scoringVersion: Int
  /// `ReferenceIndexSet.identity` of the reference it was made for.
  public var referenceIdentity: String
  /// `ReferenceIndexSet.identity` of the panel (background) of independent answers.
  public var panelIdentity: String
  public var panelDocuments: Int
  /// Independent answers scanned as the null, and the models that wrote them.
  public var nullAnswers: Int
  public var nullModels: [String]
  /// The calibration's check on its own panel (`CalibrationSelfCheck`), when the file holds one.
  public var selfCheck: CalibrationSelfCheck?

  public init(_ file: CalibrationFile) {
    let c = file.calibration
    path = file.path
    sha256 = file.sha256
    formatVersion = c.version
    scoringVersion = c.scoring
    referenceIdentity = c.reference.identity
    panelIdentity = c.panel.identity
    panelDocuments = c.panel.documents
    nullAnswers = c.nullAnswers
    nullModels = c.nullModels
    selfCheck = c.selfCheck
  }
}
