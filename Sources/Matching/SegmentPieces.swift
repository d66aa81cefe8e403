import TextProcessing

/// Cuts a long segment into overlapping pieces that are scanned one at a time, so that a scan's memory is bounded
/// by the piece size, not by the size of the file.
///
/// Everything the matcher keeps per token (tokens, terms, weights, seed postings, coverage) would otherwise be held
/// for a whole 200 MB transcript at once, about fifteen times its size. Each piece owns the passages that start in
/// its own part and sees `marginBytes` of text on both sides, so a passage shorter than the margin (far longer
/// than any reference answer) is found whole, exactly as in one pass; a passage cut by a piece's edge starts
/// outside the part that piece owns and is dropped there. Pieces end just after a line break, where no token can
/// straddle the cut and a line starts as it does in the whole text, so the tokens are the same too.
enum SegmentPieces {
  /// The part of a segment a piece owns; segments up to this size are scanned as one piece.
  static let pieceBytes = 4 << 20
  /// The text seen on each side of a piece's own part.
  static let marginBytes = 1 << 20
  /// How far to look for a line break before cutting at a space, then at a character boundary.
  static let searchBytes = 64 << 10

  /// One piece: the decoded bytes it scans, and the decoded bytes whose passages it reports.
  struct Piece {
    var window: Range<Int>
    var owned: Range<Int>
  }

  /// The pieces of `text`; a single piece owning everything when it is small.
  static func pieces(of text: [UInt8]) -> [Piece] {
    guard text.count > pieceBytes + marginBytes else {
      return [Piece(window: 0..<text.count, owned: 0..<text.count)]
    }
    return text.withUnsafeBufferPointer { bytes in
      var cuts = [0]
      while let last = cuts.last, text.count - last > pieceBytes + marginBytes {
        cuts.append(cut(bytes, near: last + pieceBytes))
      }
      cuts.append(text.count)
      return (0..<(cuts.count - 1)).map { k in
        let start = k == 0 ? 0 : cut(bytes, near: max(0, cuts[k] - marginBytes))
        let end = k == cuts.count - 2 ? text.count : cut(bytes, near: min(text.count, cuts[k + 1] + marginBytes))
        return Piece(window: min(start, cuts[k])..<max(end, cuts[k + 1]), owned: cuts[k]..<cuts[k + 1])
      }
    }
  }

  /// The segment of one piece: its window of the text, with an offset map that still leads to the raw file.
  static func segment(_ piece: Piece, of segment: TranscriptSegment, pieceCount: Int) -> TranscriptSegment {
    guard pieceCount > 1 else { return segment }
    return TranscriptSegment(
      role: segment.role, text: Array(segment.text[piece.window]),
      offsets: segment.offsets.sliced(from: piece.window.lowerBound), record: segment.record, prompt: segment.prompt)
  }

  /// A cut at or after `position`: just after the next line break, else after the next space, else at the next
  /// character boundary, within `searchBytes`; the end of the text when none is found.
  static func cut(_ bytes: UnsafeBufferPointer<UInt8>, near position: Int) -> Int {
    let limit = min(bytes.count, position + searchBytes)
    guard position < limit else { return bytes.count }
    if let newline = (position..<limit).first(where: { bytes[$0] == 0x0A }) { return newline + 1 }
    if let space = (position..<limit).first(where: { bytes[$0] == 0x20 || bytes[$0] == 0x09 }) { return space + 1 }
    return (position..<limit).first(where: { bytes[$0] & 0xC0 != 0x80 }) ?? limit
  }
}
