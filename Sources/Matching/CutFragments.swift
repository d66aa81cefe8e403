/// Which passages of a piece are fragments of a passage that an earlier piece of the same segment reports whole.
///
/// A piece sees only `SegmentPieces.leadingContextBytes` of text before its own part, so a passage that starts
/// further back and runs into the piece is seen cut at the window's start. It then starts in the context and is
/// dropped, as it should be, unless the cut leaves its first part too short to align: then what remains starts in
/// the piece's own part and would be reported a second time, inside the passage the earlier piece found whole.
/// Such a fragment is recognised by its end: every passage of an earlier piece starts before this piece's own part,
/// so a passage here that ends no later than one of them lies inside it. Self-identification claims are never
/// fragments and never cover anything: a claim inside an echo is reported in its own right.
///
/// `echolens scan` and the language server's assembly (`EchoScanner.SegmentScan.reportedPassages(of:)`) both go
/// through the pieces in file order and apply this to the passages each piece reports, so they drop the same ones.
/// (The server goes through the pieces of all segments at once, `scan` one segment at a time; segments lie one
/// after the other in the file, so no passage of one can lie inside a passage of an earlier one either way.)
struct CutFragments {
  /// The furthest end of the reported echoes and common text of the pieces before the current one.
  private var earlier = Int.min
  /// The same for the current piece, so far.
  private var current = Int.min

  /// Counts a reported passage of the current piece, ending at `end`; whether it is kept: false for a fragment,
  /// which lies inside a passage of an earlier piece.
  mutating func admits(kind: FindingKind, end: Int) -> Bool {
    guard kind != .selfIdentification else { return true }
    current = max(current, end)
    return end > earlier
  }

  /// Moves on to the next piece.
  mutating func endPiece() {
    earlier = max(earlier, current)
    current = Int.min
  }
}
