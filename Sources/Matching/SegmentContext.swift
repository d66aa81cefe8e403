import TextProcessing

/// A segment with its tokens: turns token ranges into raw-file byte ranges and decoded text.
struct SegmentContext {
  let segment: TranscriptSegment
  let tokens: [Token]

  /// The raw-file bytes from the first token's start to the last token's end.
  func rawRange(tokens range: Range<Int>) -> ByteRange {
    let start = segment.offsets.rawOffset(Int(tokens[range.lowerBound].utf8Start))
    let end = segment.offsets.rawOffset(Int(tokens[range.upperBound - 1].utf8End))
    return ByteRange(utf8Start: start, utf8End: max(start, end))
  }

  /// The raw-file position just after token `index - 1` (or at the segment start): where an insertion point lies.
  func rawPoint(before index: Int) -> ByteRange {
    let decoded = index == 0 ? 0 : Int(tokens[index - 1].utf8End)
    let raw = segment.offsets.rawOffset(decoded)
    return ByteRange(utf8Start: raw, utf8End: raw)
  }

  /// The decoded text of a token range.
  func text(tokens range: Range<Int>) -> String {
    let start = Int(tokens[range.lowerBound].utf8Start)
    let end = Int(tokens[range.upperBound - 1].utf8End)
    return String(decoding: segment.text[start..<end], as: UTF8.self)
  }
}
