/// One input file of an index build, with its size and digest, which the index header records as provenance.
public struct CorpusInputInfo: Sendable, Hashable, Codable {
  /// The file's path as given (or as found inside a given directory).
  public var path: String
  public var byteCount: Int
  /// Lower-case hexadecimal SHA-256 of the whole file.
  public var sha256: String

  public init(path: String, byteCount: Int, sha256: String) {
    self.path = path
    self.byteCount = byteCount
    self.sha256 = sha256
  }
}
