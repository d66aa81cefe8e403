import JSONRPC
import Matching
import ReferenceIndex
import TextProcessing

/// What the server needs from the engine: scan one transcript, stopping early when asked.
///
/// A protocol so that in-process tests (the fuzz test, unit tests of the handlers) can run the whole server with a
/// scanner that needs no index; `echolens serve` uses `IndexScanner`, which is the same `Scanner` the CLI uses.
/// - Important: `scan` runs on a background queue, several at a time.
package protocol TranscriptScanning: Sendable {
  /// - Throws: `IndexError` when the index turns out to be damaged or changed on disk during the scan.
  func scan(_ transcript: Transcript, isCancelled: @escaping @Sendable () -> Bool) throws(IndexError) -> ScanResult
  /// A scan taken segment by segment (`EchoScanner.SegmentScan`), so that unchanged segments can be reused; nil
  /// when the scanner has none, and the server then scans the whole transcript at once.
  func segmentScan(transcriptTokens: Int) -> EchoScanner.SegmentScan?
  /// Prepares in the background what scans would otherwise compute on first use (`EchoScanner.warmPromptMasks`).
  func warmUp(isCancelled: @escaping @Sendable () -> Bool) throws(IndexError)
}

extension TranscriptScanning {
  /// Scanners without segment scans (test doubles) scan whole transcripts.
  package func segmentScan(transcriptTokens: Int) -> EchoScanner.SegmentScan? { nil }
  /// Test doubles have nothing to prepare.
  package func warmUp(isCancelled: @escaping @Sendable () -> Bool) throws(IndexError) {}
}

/// An engine ready to scan: the scanner and what evidence reports and `echolens.indexInfo` say about its indexes.
package struct LoadedEngine: Sendable {
  package var scanner: any TranscriptScanning
  package var references: ReferenceIndexSet?
  package var background: ReferenceIndexSet?
  /// The reference answers by name, for definitions, related information and the compare view.
  let library: ReferenceLibrary
  /// The calibration the E-values rest on; nil when they are uncalibrated.
  package var calibration: CalibrationFile?

  package init(
    scanner: any TranscriptScanning, references: ReferenceIndexSet?, background: ReferenceIndexSet?,
    calibration: CalibrationFile? = nil
  ) {
    self.scanner = scanner
    self.references = references
    self.background = background
    self.library = ReferenceLibrary(references: references, background: background)
    self.calibration = calibration
  }
}

/// Where the index comes from and with which parameters the engine scans; equal configurations share an engine.
package struct EngineConfiguration: Hashable, Sendable {
  /// What the engine opens: index paths (empty when none was found), background, identities, parameters.
  package var scanner: EchoScannerConfiguration
  /// How the index paths were found: `setting`, `workspace` or `environment`; for messages.
  package var indexSource: String
  /// The places that were searched when no index was found, for the message that says how to build one.
  package var searched: [String]
}

/// Opens the indexes of a configuration and builds the scanner (`IndexScannerLoader` in `echolens serve`).
package protocol EngineLoading: Sendable {
  func load(_ configuration: EngineConfiguration) throws -> LoadedEngine
}

/// Why no engine could be built; the text is shown to the user once.
package struct EngineUnavailable: Error, CustomStringConvertible {
  package var description: String
}
