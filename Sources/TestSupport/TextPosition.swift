/// Converts UTF-8 byte offsets, the engine's unit, into the line/column pairs editors use.
///
/// Tests of the CLI (`path:line:col`) and of the language server (LSP positions in UTF-16 or UTF-8) need the same
/// conversion from a marker's byte offset, so it lives here once.
public struct TextPosition: Sendable, Hashable, CustomStringConvertible {
  /// 0-based line.
  public var line: Int
  /// 0-based column in UTF-16 code units (LSP's default encoding).
  public var utf16Column: Int
  /// 0-based column in UTF-8 bytes.
  public var utf8Column: Int

  /// The position of `utf8Offset` in `text`; the offset must fall on a character boundary or at the end.
  public init(utf8Offset: Int, in text: String) {
    var line = 0
    var utf8Column = 0
    var utf16Column = 0
    var consumed = 0
    for scalar in text.unicodeScalars {
      if consumed >= utf8Offset { break }
      consumed += UTF8.width(scalar)
      if scalar == "\n" {
        line += 1
        utf8Column = 0
        utf16Column = 0
      } else {
        utf8Column += UTF8.width(scalar)
        utf16Column += UTF16.width(scalar)
      }
    }
    precondition(consumed == utf8Offset || utf8Offset > text.utf8.count, "offset \(utf8Offset) is inside a character")
    self.line = line
    self.utf16Column = utf16Column
    self.utf8Column = utf8Column
  }

  public var description: String { "\(line):\(utf16Column)" }
}
