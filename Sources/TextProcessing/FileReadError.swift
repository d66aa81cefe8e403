/// Why a whole file could not be read, naming the file and, for something that is not a regular file, what it is.
public struct FileReadError: Error, Sendable, Hashable, CustomStringConvertible {
  public enum Problem: Sendable, Hashable {
    /// `open`, `fstat` or `read` failed with this `errno`.
    case system(errno: Int32)
    /// A FIFO, directory, device or socket: reading it could block forever or mean nothing.
    case notRegularFile(kind: String)
    /// Larger than the caller's limit; nothing was read.
    case tooLarge(bytes: Int, limit: Int)
    /// The file ended before the size it had when it was opened: it was truncated while being read.
    case shrank(expected: Int, read: Int)
  }

  public var path: String
  public var problem: Problem

  public init(path: String, problem: Problem) {
    self.path = path
    self.problem = problem
  }

  /// The reason without the path, for messages that show the path elsewhere (a scan's line per file).
  public var reason: String {
    switch problem {
    case .system(let code): return SystemErrorText.words(for: code)
    case .notRegularFile(let kind): return "it is \(kind), not a regular file"
    case .tooLarge(let bytes, let limit): return "file is \(bytes) bytes, over the limit of \(limit)"
    case .shrank(let expected, let read):
      return "the file shrank while it was read (\(read) of \(expected) bytes); it is being changed"
    }
  }

  public var description: String { "\(path): \(reason)" }
}
