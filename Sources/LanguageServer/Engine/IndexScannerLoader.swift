import Matching
import ReferenceIndex
import TextProcessing

/// Opens the configured index files and builds the engine's `EchoScanner`, the one `echolens scan` uses, so a
/// diagnostic and a CLI finding can never disagree.
package struct IndexScannerLoader: EngineLoading {
  package init() {}

  package func load(_ configuration: EngineConfiguration) throws -> LoadedEngine {
    let references = try ReferenceIndexSet(paths: configuration.indexPaths)
    let background =
      configuration.backgroundIndexPaths.isEmpty
      ? nil : try ReferenceIndexSet(paths: configuration.backgroundIndexPaths)
    var identities = try IdentityCatalog.builtIn()
    for path in configuration.identityFiles { identities = identities.merging(try IdentityCatalog.load(path: path)) }
    let scanner = EchoScanner(
      references: references, background: background, identities: identities, parameters: configuration.parameters)
    return LoadedEngine(scanner: EchoScannerAdapter(scanner: scanner), references: references, background: background)
  }
}

/// `EchoScanner` seen through `TranscriptScanning`.
struct EchoScannerAdapter: TranscriptScanning {
  let scanner: EchoScanner

  func scan(_ transcript: Transcript, isCancelled: @escaping @Sendable () -> Bool) -> ScanResult {
    scanner.scan(transcript, isCancelled: isCancelled)
  }
}
