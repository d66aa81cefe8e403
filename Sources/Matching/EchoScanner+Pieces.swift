import ReferenceIndex
import TextProcessing

extension EchoScanner.SegmentScan {
  /// The content-defined pieces a segment is scanned in (`SegmentPieces`); one for every segment up to 32 KiB.
  public static func pieces(of segment: TranscriptSegment) -> [SegmentPieces.Piece] {
    SegmentPieces.pieces(of: segment.text)
  }

  /// The tokens of one piece of `segment` that count towards the transcript's total: those that start in its own
  /// part, so that the pieces of a segment count each of its tokens once.
  public static func tokenCount(of segment: TranscriptSegment, piece: SegmentPieces.Piece) -> Int {
    segment.text.withUnsafeBufferPointer { text in
      let window = UnsafeBufferPointer(rebasing: text[piece.window])
      let base = piece.window.lowerBound
      return Tokenizer.count(window, startingIn: (piece.owned.lowerBound - base)..<(piece.owned.upperBound - base))
    }
  }

  /// The passages of a segment of one piece (`SegmentPieces.singlePieceBytes` or less) whose `tokens` are already
  /// known: what `passages(of:isCancelled:)` gives, without tokenising it again.
  func passages(
    ofSinglePiece segment: TranscriptSegment, tokens: [Token], isCancelled: () -> Bool
  ) throws(IndexError) -> [Passage] {
    reported(try passages(ofPiece: segment, tokens: tokens, isCancelled: isCancelled), of: segment)
  }

  /// The passages of one piece of `whole`: those found in the piece's window that start in its own part.
  public func passages(
    of whole: TranscriptSegment, piece: SegmentPieces.Piece, isCancelled: () -> Bool
  ) throws(IndexError) -> [Passage] {
    reported(try candidates(of: whole, piece: piece, isCancelled: isCancelled), of: whole)
  }

  /// The candidates of one piece of `whole`, which `reported(_:of:)` turns into its passages: those found in the
  /// piece's window that start in its own part, at the threshold of the transcript token count's bucket.
  ///
  /// What a piece yields depends only on the text of its window, the segment's role and prompt, where the window
  /// lies in the file, and the bucket of the transcript's token count: the language server reuses a piece's
  /// candidates when all of these are unchanged (or the window merely moved), and a full scan is this call for
  /// every piece.
  public func candidates(
    of whole: TranscriptSegment, piece: SegmentPieces.Piece, isCancelled: () -> Bool
  ) throws(IndexError) -> [Passage] {
    let segment = SegmentPieces.segment(piece, of: whole)
    let found = try passages(ofPiece: segment, tokens: Tokenizer.tokenize(segment.text), isCancelled: isCancelled)
    guard piece.window != piece.owned else { return found }
    // A piece reports only the passages that start in its own part; the piece that owns the start of a passage cut
    // by this window's edge sees it whole.
    let owned = whole.offsets.rawOffset(piece.owned.lowerBound)..<whole.offsets.rawOffset(piece.owned.upperBound)
    return found.filter { owned.contains($0.range.utf8Start) }
  }
}
