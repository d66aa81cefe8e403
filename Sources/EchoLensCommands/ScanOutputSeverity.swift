import Matching

/// The severity word of a finding, shared by the text output (`warning:`) and SARIF (`level`).
///
/// It follows the editor's default severities (`Protocol/LSP.md`), so the terminal and the editor agree: strong
/// and moderate echoes and self-identifications are warnings, weak echoes and common text are notes.
enum ScanOutputSeverity: String {
  case warning
  case note

  init(_ passage: Passage) {
    switch passage.kind {
    case .echo:
      switch passage.strength {
      case .strong, .moderate: self = .warning
      case .weak: self = .note
      }
    case .selfIdentification: self = .warning
    case .commonText: self = .note
    }
  }
}
