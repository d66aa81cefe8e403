/// Why and where JSON could not be parsed.
///
/// Transcripts and corpus records are reported, never half-read, so the error carries the exact byte offset plus a
/// line and column that a person can jump to. Line and column count from the start of the parsed range (for a
/// JSONL line that is line 1; the caller knows which file line it was).
public struct JSONParseError: Error, Sendable, Hashable, CustomStringConvertible {
  /// Absolute byte offset of the offending byte in the parsed buffer.
  public var utf8Offset: Int
  /// 1-based line within the parsed range.
  public var line: Int
  /// 1-based column within the line, in bytes.
  public var utf8Column: Int
  public var message: String

  public init(utf8Offset: Int, line: Int, utf8Column: Int, message: String) {
    self.utf8Offset = utf8Offset
    self.line = line
    self.utf8Column = utf8Column
    self.message = message
  }

  public var description: String {
    "line \(line), column \(utf8Column) (byte offset \(utf8Offset)): \(message)"
  }
}
