import Evidence
import JSONRPC
import Matching

/// Turns the findings of one document version into diagnostics.
///
/// The message comes from `FindingMessage`, the same words `echolens scan` prints. `data` carries what the code
/// actions and export commands need to find the passage again: `{"uri", "passageId"}`. It names no version, so
/// that a passage found again unchanged after an edit elsewhere has the same diagnostic (`DiagnosticCache`).
struct DiagnosticFactory {
  var encoding: PositionEncoding
  var severities: ServerSettings.Severities
  /// Finds the references' texts, so that `relatedInformation` selects the matched region.
  var locator: ReferenceLocator

  static let source = "echolens"
  /// The code of the one diagnostic that says a document was not scanned.
  static let notScannedCode = "not-scanned"
  /// The code of the file-summary diagnostic sent to clients without code lenses.
  static let summaryCode = "summary"
  /// How many references `relatedInformation` lists at most.
  static let maxRelated = 4

  /// The diagnostics of a scan; with `summaryAsDiagnostic`, a file with findings also gets the file summary as an
  /// information diagnostic at the start of its first line, after the passages' diagnostics.
  func diagnostics(
    for outcome: DocumentFindings.Outcome, in document: OpenDocument, summaryAsDiagnostic: Bool,
    cache: DiagnosticCache? = nil
  ) -> [Diagnostic] {
    switch outcome {
    case .noIndex:
      return []
    case .notScanned(let reason):
      return [
        Diagnostic(
          range: .zero, severity: .information, code: Self.notScannedCode, source: Self.source, message: reason)
      ]
    case .scanned(let result):
      var diagnostics = result.passages.map { diagnostic(for: $0, in: document, cache: cache) }
      if summaryAsDiagnostic && !result.passages.isEmpty {
        diagnostics.append(
          Diagnostic(
            range: .zero, severity: .information, code: Self.summaryCode, source: Self.source,
            message: FileSummary(result).text))
      }
      return diagnostics
    }
  }

  /// The diagnostic of `passage`, its position-independent parts taken from `cache` when an earlier publication
  /// built them (see `DiagnosticCache`).
  func diagnostic(for passage: Passage, in document: OpenDocument, cache: DiagnosticCache?) -> Diagnostic {
    var diagnostic = cache?.parts(of: passage) { parts(of: passage) } ?? parts(of: passage)
    diagnostic.range = document.range(of: passage.range, encoding: encoding)
    diagnostic.data = .object(["uri": .string(document.uri), "passageId": .string(passage.id)])
    return diagnostic
  }

  /// Everything of a passage's diagnostic that does not depend on where the passage lies: a zero range, no data.
  private func parts(of passage: Passage) -> Diagnostic {
    let references = ([passage.best].compactMap { $0 } + passage.alternatives).prefix(Self.maxRelated)
    let related = references.map { match in
      DiagnosticRelatedInformation(
        location: locator.location(of: match),
        message:
          "Reference \(match.documentID) by \(match.model): \(FindingMessage.percent(match.similarity)) similar, "
          + SignificanceWording.strength(eValue: match.eValue, basis: match.significance))
    }
    return Diagnostic(
      range: .zero,
      severity: severities.severity(kind: passage.kind, strength: passage.strength),
      code: passage.kind.rawValue,
      source: Self.source,
      message: FindingMessage.text(for: passage),
      relatedInformation: related.isEmpty ? nil : Array(related))
  }
}
