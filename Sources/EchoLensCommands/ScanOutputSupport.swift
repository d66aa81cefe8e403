import Matching

/// Byte-range clamping shared by the output formats, so a result that does not fit the bytes never traps.
enum ScanOutputByteRange {
  static func clamp(_ range: ByteRange, _ count: Int) -> Range<Int> {
    let start = min(max(range.utf8Start, 0), count)
    return start..<min(max(range.utf8End, start), count)
  }
}
