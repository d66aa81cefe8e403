import ReferenceIndex

/// Everything a scan needs besides the transcript, and the one way to turn it into a ready `EchoScanner`.
///
/// `echolens scan`, `echolens demo` and the language server all open their engine here, so the three cannot
/// differ in what they open, in what they check, or in the order they report problems. To add an input (a file
/// the scanner needs), add a field here and open it in `open()`; every front end then passes it the same way.
public struct EchoScannerConfiguration: Hashable, Sendable {
  /// Reference index files or folders of `*.eli` shards.
  public var indexPaths: [String]
  /// Background indexes (text by unrelated models); empty for none.
  public var backgroundIndexPaths: [String]
  /// Identity lists read on top of the built-in one (`Protocol/IDENTITIES.md`).
  public var identityFiles: [String]
  public var parameters: ScanParameters
  /// A calibration made by `echolens calibrate` for these indexes (`Protocol/CALIBRATION.md`); nil for
  /// uncalibrated E-values.
  public var calibrationPath: String?

  public init(
    indexPaths: [String], backgroundIndexPaths: [String] = [], identityFiles: [String] = [],
    parameters: ScanParameters = ScanParameters(), calibrationPath: String? = nil
  ) {
    self.indexPaths = indexPaths
    self.backgroundIndexPaths = backgroundIndexPaths
    self.identityFiles = identityFiles
    self.parameters = parameters
    self.calibrationPath = calibrationPath
  }

  /// Checks the parameters, then opens the indexes and identity lists and builds the scanner.
  ///
  /// - Throws: `ScanSettingError` for a parameter out of range (before any file is touched), `IndexError` for an
  ///   index that cannot be opened, `IdentityCatalogError` for an identity list that cannot be read; each names
  ///   the setting or file at fault; `CalibrationError` for a calibration that cannot be read or was made for other
  ///   indexes or looser thresholds.
  public func open() throws -> EchoScanner {
    try ScanSettingRules.validate(parameters)
    let references = try ReferenceIndexSet(paths: indexPaths)
    let background = backgroundIndexPaths.isEmpty ? nil : try ReferenceIndexSet(paths: backgroundIndexPaths)
    var identities = try IdentityCatalog.builtIn()
    for path in identityFiles { identities = identities.merging(try IdentityCatalog.load(path: path)) }
    let calibration = try calibrationPath.map(CalibrationFile.load(path:))
    return try EchoScanner(
      references: references, background: background, identities: identities, parameters: parameters,
      calibration: calibration)
  }
}
