import Foundation

/// The entry point `echolens serve` calls: a server with the real engine on standard input and output.
public enum LanguageServerMain {
  /// Blocks until `exit` or end of input and returns the exit code (0 after `shutdown`, 1 otherwise).
  public static func run(version: String) -> Int32 {
    HeapTrimmer.limitArenas()
    return Server.runOnStandardIO(
      options: ServerOptions(version: version, environment: ProcessInfo.processInfo.environment),
      loader: IndexScannerLoader())
  }
}
