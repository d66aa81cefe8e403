import Foundation

/// A fresh directory under the system's temporary folder, removed when the value is released.
///
/// Tests of the corpus reader, the index builder, the CLI and the server all need files on disk; each test gets its
/// own directory so that tests can run in parallel without seeing each other's files.
public final class TemporaryDirectory: Sendable {
  /// The directory's absolute path.
  public let path: String

  public init(prefix: String = "echolens-test") throws {
    let base = FileManager.default.temporaryDirectory.path
    let path = base + "/" + prefix + "-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    self.path = path
  }

  deinit {
    try? FileManager.default.removeItem(atPath: path)
  }

  /// The absolute path of `relativePath` inside the directory.
  public func url(_ relativePath: String) -> URL {
    URL(fileURLWithPath: path + "/" + relativePath)
  }

  /// Writes `contents` to `relativePath` (creating intermediate directories) and returns the file's absolute path.
  @discardableResult
  public func write(_ relativePath: String, _ contents: String) throws -> String {
    try write(relativePath, bytes: Array(contents.utf8))
  }

  /// Writes raw bytes, for fixtures that must hold invalid UTF-8.
  @discardableResult
  public func write(_ relativePath: String, bytes: [UInt8]) throws -> String {
    let file = url(relativePath)
    try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data(bytes).write(to: file)
    return file.path
  }
}
