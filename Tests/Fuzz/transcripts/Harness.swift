import TextProcessing

/// Fuzz target: the JSON byte parser and transcript parsing in every format.
///
/// Invariants: a parsed JSON value's byte range lies inside the input; every position of every transcript segment
/// maps back to a position inside the input, never decreasing along the segment, and segments come in input order;
/// the earlier user turns kept with a segment fit in their budget.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTranscripts(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  if let value = try? JSONByteParser.parse(bytes) {
    precondition(value.utf8Range.lowerBound >= 0 && value.utf8Range.upperBound <= size, "JSON range outside input")
  }
  for format in TranscriptFormat.allCases {
    guard let transcript = try? Transcript.parse(bytes, format: format) else { continue }
    var previousStart = 0
    for segment in transcript.segments {
      var previous = segment.offsets.rawOffset(0)
      precondition(previous >= previousStart, "\(format): segments out of order")
      previousStart = previous
      precondition(
        segment.earlierPrompts.reduce(0) { $0 + $1.utf8.count } <= TranscriptSegment.maxEarlierPromptBytes,
        "\(format): earlier turns over their budget")
      for decoded in 0...segment.text.count {
        let raw = segment.offsets.rawOffset(decoded)
        precondition(raw >= 0 && raw <= size, "\(format): position \(decoded) maps outside the input (\(raw))")
        precondition(raw >= previous, "\(format): positions go backwards at \(decoded)")
        previous = raw
      }
    }
  }
  return 0
}
