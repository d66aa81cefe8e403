import Matching

/// A byte range of the transcript file together with the line/column of its ends.
///
/// Bytes are what `dd` and the engine use; lines and columns are what a person looks for. `end` is the position
/// of the byte after the range, so its columns are exclusive.
public struct EvidenceRange: Codable, Sendable, Hashable {
  public var utf8Start: Int
  public var utf8End: Int
  public var start: FilePosition
  public var end: FilePosition

  public init(utf8Start: Int, utf8End: Int, start: FilePosition, end: FilePosition) {
    self.utf8Start = utf8Start
    self.utf8End = utf8End
    self.start = start
    self.end = end
  }

  /// The range `range` with positions looked up in `lines`.
  public init(_ range: ByteRange, in lines: LineTable) {
    self.init(
      utf8Start: range.utf8Start, utf8End: range.utf8End, start: lines.position(utf8Offset: range.utf8Start),
      end: lines.position(utf8Offset: range.utf8End))
  }
}
