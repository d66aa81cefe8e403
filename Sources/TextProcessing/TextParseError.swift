/// Why and where a text (JSON, a JSONL record, a transcript) could not be parsed.
///
/// Transcripts and corpus records are reported, never half-read, so the error carries the exact byte offset plus a
/// line and column that a person can jump to. The JSON parser counts lines from the start of the range it parsed
/// (for a JSONL record that is its line 1); the transcript parser then says which line of the file that was.
public struct TextParseError: Error, Sendable, Hashable, CustomStringConvertible {
  /// Byte offset of the offending byte in the parsed buffer.
  public var utf8Offset: Int
  /// 1-based line of the offending byte.
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

  /// An error at `utf8Offset` of `bytes`, with its line and column counted from `start`; only runs when parsing
  /// fails.
  init(at utf8Offset: Int, in bytes: UnsafeBufferPointer<UInt8>, countingFrom start: Int = 0, message: String) {
    var line = 1
    var lineStart = start
    for i in start..<min(utf8Offset, bytes.count) where bytes[i] == 0x0A {
      line += 1
      lineStart = i + 1
    }
    self.init(utf8Offset: utf8Offset, line: line, utf8Column: utf8Offset - lineStart + 1, message: message)
  }

  public var description: String {
    "line \(line), column \(utf8Column) (byte offset \(utf8Offset)): \(message)"
  }
}
