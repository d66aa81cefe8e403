/// The line starts of a file, for turning byte offsets into `FilePosition`s in O(log lines + column).
///
/// A line ends at LF, at CRLF (the CR belongs to the line it ends) or at a lone CR, as editors and the LSP count
/// them. Scalar columns count the bytes that do not continue a UTF-8 sequence, so a file that is not valid UTF-8
/// still gets a position (each stray byte counts as one scalar), never a crash.
public struct LineTable: Sendable {
  /// The file's bytes; kept to count scalar columns.
  public let bytes: [UInt8]
  /// Byte offset of each line's first byte; the first is 0.
  public let lineStarts: [Int]

  public init(bytes: [UInt8]) {
    self.bytes = bytes
    var starts = [0]
    var i = 0
    while i < bytes.count {
      let b = bytes[i]
      if b == 0x0A {
        starts.append(i + 1)
      } else if b == 0x0D {
        if i + 1 < bytes.count, bytes[i + 1] == 0x0A { i += 1 }
        starts.append(i + 1)
      }
      i += 1
    }
    lineStarts = starts
  }

  /// The position of byte offset `utf8Offset` (clamped to `0...bytes.count`); the end of a range is the position
  /// of the byte after it, so its column is exclusive.
  public func position(utf8Offset: Int) -> FilePosition {
    let offset = min(max(utf8Offset, 0), bytes.count)
    var low = 0
    var high = lineStarts.count - 1
    while low < high {
      let mid = (low + high + 1) / 2
      if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
    }
    let start = lineStarts[low]
    var scalars = 0
    for b in bytes[start..<offset] where b & 0xC0 != 0x80 { scalars += 1 }
    return FilePosition(line: low + 1, utf8Column: offset - start + 1, scalarColumn: scalars + 1)
  }
}
