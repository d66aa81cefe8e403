/// The evidence report: what a person (or another tool) needs to check a finding without echolens's help.
///
/// `EvidenceReport` is the model (JSON), `EvidenceMarkdownRenderer` the readable view, `EvidenceWriter` puts both
/// into the workspace, and `FindingMessage` is the one-line wording shared by `scan` and the language server.
public enum Evidence {
  /// Bumped when a field changes meaning or is removed; adding an optional field does not bump it.
  public static let schemaVersion = 1
}
