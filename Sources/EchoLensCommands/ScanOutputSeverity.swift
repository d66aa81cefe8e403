import LanguageServer
import Matching

/// The severity word of a finding, shared by the text output (`warning:`) and SARIF (`level`).
///
/// It is the editor's default severity (`ServerSettings.Severities`, `Protocol/LSP.md`) in the words SARIF has, so
/// the terminal and the editor agree by construction: strong and moderate echoes and self-identifications are
/// warnings, weak echoes and common text are notes.
enum ScanOutputSeverity: String {
  case error
  case warning
  case note

  init(_ passage: Passage) {
    switch ServerSettings.Severities().level(kind: passage.kind, strength: passage.strength) {
    case .error: self = .error
    case .warning: self = .warning
    case .information, .hint: self = .note
    }
  }
}
