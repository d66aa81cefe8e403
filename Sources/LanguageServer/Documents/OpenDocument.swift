import Foundation
import JSONRPC
import Matching
import TextProcessing

/// A document the client has open: its text at its current version, and what the server knows about it.
///
/// - Important: owned by the server's message queue; only the text (a value) crosses to a scan.
final class OpenDocument: @unchecked Sendable {
  let uri: String
  let languageID: String
  private(set) var version: Int
  private(set) var text: [UInt8]
  private(set) var lines: EditorLineTable
  /// The findings of the scan of the current version; nil while that scan is pending.
  var findings: DocumentFindings?
  /// The scan running for this document, cancelled when a newer version arrives.
  var runningScan: CancellationFlag?
  /// The candidates of each piece from the last complete scan, the engine that found them and when (uptime
  /// nanoseconds), for reuse; only the documents scanned last keep them (`ServerOptions.documentsKeepingPieces`).
  var pieceResults: (engine: ObjectIdentifier, results: PieceResults, scannedAt: UInt64)? {
    didSet { changedSincePieces = pieceResults == nil ? nil : TextChange.unchanged }
  }
  /// How the text differs from the text `pieceResults` were found in; nil when unknown (a whole-text change).
  private(set) var changedSincePieces: TextChange?
  /// The debounce timer of the next scan.
  var pendingScan: DispatchWorkItem?
  /// The diagnostics of the last publication, built and encoded, for the next one to reuse.
  let diagnosticCache = DiagnosticCache()
  /// Requests (pull diagnostics, hover, code actions, exports) waiting for the current version's findings.
  var waiters: [(DocumentFindings?) -> Void] = []

  init(uri: String, languageID: String, version: Int, text: [UInt8]) {
    self.uri = uri
    self.languageID = languageID
    self.version = version
    self.text = text
    self.lines = EditorLineTable(text)
  }

  /// The transcript format: from the language id when it names one, else from the file extension.
  var format: TranscriptFormat {
    switch languageID.lowercased() {
    case "markdown": return .markdown
    case "json": return .json
    case "jsonl", "jsonlines", "ndjson": return .jsonLines
    default: return TranscriptFormat.inferred(fromPath: DocumentURI.path(of: uri) ?? uri)
    }
  }

  /// Applies the edits of one `didChange` in order, each against the text the previous one produced.
  func apply(_ changes: [TextDocumentContentChangeEvent], version: Int, encoding: PositionEncoding) {
    for change in changes {
      switch change {
      case .full(let newText):
        text = newText
        lines = EditorLineTable(text)
        changedSincePieces = nil
      case .replace(let range, let newText):
        let bytes = lines.utf8Range(of: range, in: text, encoding: encoding)
        text.replaceSubrange(bytes, with: newText)
        lines.replace(bytes, insertedCount: newText.count, in: text)
        changedSincePieces = changedSincePieces?.adding(replaced: bytes, insertedCount: newText.count)
      }
    }
    self.version = version
    findings = nil
  }

  /// Converts an engine byte range of the current text to an editor range.
  func range(of bytes: ByteRange, encoding: PositionEncoding) -> TextRange {
    lines.range(ofUTF8: bytes.range, in: text, encoding: encoding)
  }

  func utf8Offset(of position: Position, encoding: PositionEncoding) -> Int {
    lines.utf8Offset(of: position, in: text, encoding: encoding)
  }
}

/// What one scan of one version found, or why the version was not scanned.
struct DocumentFindings {
  enum Outcome {
    case scanned(ScanResult)
    /// Not scanned, with a reason for the user (file too large, transcript not parseable).
    case notScanned(reason: String)
    /// No usable index; the user was told once by `window/showMessage`.
    case noIndex
  }
  var version: Int
  var outcome: Outcome
  /// One per passage, in the order of `passages`; then, for clients without code lenses, the file summary.
  var diagnostics: [Diagnostic]

  /// The file summary of a scanned version; nil when it was not scanned.
  var summary: FileSummary? {
    switch outcome {
    case .scanned(let result): return FileSummary(result)
    case .notScanned, .noIndex: return nil
    }
  }

  var passages: [Passage] {
    switch outcome {
    case .scanned(let result): return result.passages
    case .notScanned, .noIndex: return []
    }
  }
}

/// A thread-safe flag a scan polls to stop early.
final class CancellationFlag: @unchecked Sendable {
  private let lock = NSLock()
  private var cancelled = false
  func cancel() { lock.withLock { cancelled = true } }
  var isCancelled: Bool { lock.withLock { cancelled } }
}
