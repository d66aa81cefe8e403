/// A record or input that could not be read, named by file and line so that the user can fix it.
///
/// Bad records are never dropped silently: the builder counts and prints them, and `--strict` makes them fatal.
/// A missing or unreadable input is thrown as a `CorpusProblem` with `line == 0`.
public struct CorpusProblem: Error, Sendable, Hashable, CustomStringConvertible {
  public var file: String
  /// 1-based line, or 0 when the problem concerns the whole file.
  public var line: Int
  public var message: String

  public init(file: String, line: Int, message: String) {
    self.file = file
    self.line = line
    self.message = message
  }

  /// `file:line: message`, or `file: message` for a whole file, the way compilers print diagnostics.
  public var description: String {
    line == 0 ? "\(file): \(message)" : "\(file):\(line): \(message)"
  }
}
