import TextProcessing

/// Which transcript a report is about, pinned by its digest so a reader can check they look at the same bytes.
public struct EvidenceTranscript: Codable, Sendable, Hashable {
  /// The path relative to the workspace root (`/`-separated), or the absolute path when the file lies outside it.
  public var path: String
  public var absolutePath: String
  /// SHA-256 of the whole file as scanned.
  public var sha256: String
  public var byteCount: Int
  /// How the file was read (`text`, `markdown`, `json`, `jsonl`).
  public var format: TranscriptFormat

  public init(path: String, absolutePath: String, sha256: String, byteCount: Int, format: TranscriptFormat) {
    self.path = path
    self.absolutePath = absolutePath
    self.sha256 = sha256
    self.byteCount = byteCount
    self.format = format
  }
}
