/// Splits an answer at its `<think>…</think>` blocks, which reasoning models put before (or inside) the answer.
///
/// The tags themselves are dropped from both sides, so neither the reasoning nor the answer segment starts with
/// markup; the pieces are ranges of the decoded text, so offsets stay exact.
enum ThinkBlockSplitter {
  struct Piece: Equatable {
    var role: SegmentRole
    var range: Range<Int>
  }

  private static let tags: [(open: [UInt8], close: [UInt8])] = [
    (Array("<think>".utf8), Array("</think>".utf8)),
    (Array("<thinking>".utf8), Array("</thinking>".utf8)),
  ]

  /// The answer and reasoning pieces of `text`, in order; pieces may be empty.
  static func split(_ text: [UInt8]) -> [Piece] {
    var pieces: [Piece] = []
    var position = 0
    while position < text.count {
      guard let (openStart, tag) = firstOpeningTag(in: text, from: position) else { break }
      pieces.append(Piece(role: .answer, range: position..<openStart))
      let reasoningStart = openStart + tag.open.count
      if let closeStart = find(tag.close, in: text, from: reasoningStart) {
        pieces.append(Piece(role: .reasoning, range: reasoningStart..<closeStart))
        position = closeStart + tag.close.count
      } else {
        pieces.append(Piece(role: .reasoning, range: reasoningStart..<text.count))
        position = text.count
      }
    }
    if position < text.count || pieces.isEmpty { pieces.append(Piece(role: .answer, range: position..<text.count)) }
    return pieces
  }

  /// Whether the bytes are only ASCII white space, so that a piece holds nothing to scan.
  static func isBlank(_ bytes: ArraySlice<UInt8>) -> Bool {
    bytes.allSatisfy { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }
  }

  private static func firstOpeningTag(in text: [UInt8], from start: Int) -> (Int, (open: [UInt8], close: [UInt8]))? {
    var best: (Int, (open: [UInt8], close: [UInt8]))? = nil
    for tag in tags {
      if let at = find(tag.open, in: text, from: start), best.map({ at < $0.0 }) ?? true { best = (at, tag) }
    }
    return best
  }

  private static func find(_ needle: [UInt8], in text: [UInt8], from start: Int) -> Int? {
    guard needle.count <= text.count else { return nil }
    var i = start
    let last = text.count - needle.count
    while i <= last {
      if text[i] == needle[0], text[i..<(i + needle.count)].elementsEqual(needle) { return i }
      i += 1
    }
    return nil
  }
}

extension OffsetMap {
  /// The map of the decoded text that starts at decoded offset `start` of this map's text.
  public func sliced(from start: Int) -> OffsetMap {
    var result: [(decoded: Int, raw: Int)] = [(0, rawOffset(start))]
    for b in breakpoints where b.decoded > start { result.append((b.decoded - start, b.raw)) }
    return OffsetMap(breakpoints: result)
  }
}
