import Matching
import Provenance

/// One path of a scan as the scan command hands it to the output: its bytes and result, or why it failed.
///
/// The bytes are needed to turn the engine's byte offsets into lines and columns; a file that could not be read or
/// parsed has `error` set (and no result), and is reported without stopping the scan.
public struct ScanOutputFile: Sendable {
  /// The path as the user gave it or as found under a directory they gave (relative paths stay relative).
  public var path: String
  public var bytes: [UInt8]?
  public var result: ScanResult?
  /// Why the file could not be scanned, in words (for example "permission denied").
  public var error: String?
  /// The file's answers (one per chat-log record, or the whole text), which `report` counts passages by.
  public var answers: [TranscriptAnswer]

  public init(
    path: String, bytes: [UInt8]?, result: ScanResult?, error: String?, answers: [TranscriptAnswer] = []
  ) {
    self.path = path
    self.bytes = bytes
    self.result = result
    self.error = error
    self.answers = answers
  }

  /// The failure to report: `error`, or a note when the caller gave neither a result nor an error.
  var failure: String? {
    if let error { return error }
    return result == nil ? "not scanned" : nil
  }
}
