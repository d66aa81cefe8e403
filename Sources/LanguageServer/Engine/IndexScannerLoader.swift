import Matching
import ReferenceIndex
import TextProcessing

/// Opens the configured index files through `EchoScannerConfiguration`, exactly as `echolens scan` does, so a
/// diagnostic and a CLI finding can never disagree.
package struct IndexScannerLoader: EngineLoading {
  package init() {}

  package func load(_ configuration: EngineConfiguration) throws -> LoadedEngine {
    let scanner = try configuration.scanner.open()
    return LoadedEngine(
      scanner: EchoScannerAdapter(scanner: scanner), references: scanner.references, background: scanner.background,
      calibration: scanner.calibration)
  }
}

/// `EchoScanner` seen through `TranscriptScanning`.
struct EchoScannerAdapter: TranscriptScanning {
  let scanner: EchoScanner

  func scan(_ transcript: Transcript, isCancelled: @escaping @Sendable () -> Bool) throws(IndexError) -> ScanResult {
    try scanner.scan(transcript, isCancelled: isCancelled)
  }

  func segmentScan(transcriptTokens: Int) -> EchoScanner.SegmentScan? {
    scanner.segmentScan(transcriptTokens: transcriptTokens)
  }

  func warmUp(isCancelled: @escaping @Sendable () -> Bool) throws(IndexError) {
    try scanner.warmPromptMasks(isCancelled: isCancelled)
  }
}
