/// Why a transcript could not be read, and where.
///
/// A transcript that cannot be read completely is reported rather than scanned in part, so the error names the
/// exact byte offset and, when known, the line and column (1-based, columns in bytes).
public struct TranscriptParseError: Error, Sendable, Hashable, CustomStringConvertible {
  /// Byte offset of the offending byte in the raw file.
  public var utf8Offset: Int
  /// 1-based line of the offending byte in the raw file.
  public var line: Int
  /// 1-based byte column of the offending byte.
  public var utf8Column: Int
  public var message: String

  public init(utf8Offset: Int, line: Int, utf8Column: Int, message: String) {
    self.utf8Offset = utf8Offset
    self.line = line
    self.utf8Column = utf8Column
    self.message = message
  }

  /// An error at `utf8Offset` of `bytes`, with its line and column counted from the start of the file.
  init(at utf8Offset: Int, in bytes: UnsafeBufferPointer<UInt8>, message: String) {
    var line = 1
    var lineStart = 0
    for i in 0..<min(utf8Offset, bytes.count) where bytes[i] == 0x0A {
      line += 1
      lineStart = i + 1
    }
    self.init(utf8Offset: utf8Offset, line: line, utf8Column: utf8Offset - lineStart + 1, message: message)
  }

  public var description: String {
    "line \(line), column \(utf8Column) (byte offset \(utf8Offset)): \(message)"
  }
}
