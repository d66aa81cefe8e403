/// The formats of `echolens scan --format`: compiler-style text, JSON (`Protocol/scan.schema.json`) and SARIF 2.1.0.
public enum ScanOutputFormat: String, Sendable, CaseIterable {
  case text
  case json
  case sarif

  /// The renderer for this format.
  public var renderer: any ScanOutputRenderer {
    switch self {
    case .text: return ScanOutputText()
    case .json: return ScanOutputJSON()
    case .sarif: return ScanOutputSARIF()
    }
  }
}
