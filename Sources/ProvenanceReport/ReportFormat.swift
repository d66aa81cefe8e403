/// The output formats of `echolens report`.
public enum ReportFormat: String, CaseIterable, Sendable {
  /// For the terminal.
  case text
  /// `Protocol/report.schema.json`.
  case json
  /// One self-contained file (no network): chart, verdict, examples with diffs.
  case html

  public func render(_ document: ReportDocument) throws -> String {
    switch self {
    case .text: ReportTextRenderer.render(document)
    case .json: try document.json()
    case .html: ReportHTMLRenderer.render(document)
    }
  }
}
