import TextProcessing

/// The line starts of a file, for turning byte offsets into `FilePosition`s in O(log lines + column).
///
/// A line ends at LF, at CRLF (the CR belongs to the line it ends) or at a lone CR, as editors and the LSP count
/// them. Scalar columns count the bytes that do not continue a UTF-8 sequence, so a file that is not valid UTF-8
/// still gets a position (each stray byte counts as one scalar), never a crash.
public struct LineTable: Sendable {
  /// The file's bytes; kept to count scalar columns.
  public let bytes: [UInt8]
  let lines: LineStarts

  public init(bytes: [UInt8]) {
    self.bytes = bytes
    lines = LineStarts(bytes)
  }

  /// The position of byte offset `utf8Offset` (clamped to `0...bytes.count`); the end of a range is the position
  /// of the byte after it, so its column is exclusive.
  public func position(utf8Offset: Int) -> FilePosition {
    let offset = min(max(utf8Offset, 0), bytes.count)
    let line = lines.line(containing: offset)
    let start = lines.start(ofLine: line)
    var scalars = 0
    for b in bytes[start..<offset] where b & 0xC0 != 0x80 { scalars += 1 }
    return FilePosition(line: line + 1, utf8Column: offset - start + 1, scalarColumn: scalars + 1)
  }
}
