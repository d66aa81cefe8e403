import Testing

@testable import Matching

/// A passage of a later piece that ends inside an earlier piece's passage is the tail of that passage, seen cut by
/// the later piece's short leading context, and is dropped; anything else of the later piece is kept.
@Suite struct CutFragmentsTests {
  /// Feeds pieces of (kind, end) passages through `CutFragments`, piece by piece; which of each piece it keeps.
  static func kept(_ pieces: [[(FindingKind, Int)]]) -> [[Bool]] {
    var cover = CutFragments()
    return pieces.map { piece in
      defer { cover.endPiece() }
      return piece.map { cover.admits(kind: $0.0, end: $0.1) }
    }
  }

  @Test func aLaterPiecesPassageEndingInsideAnEarlierOneIsAFragment() {
    let kept = Self.kept([
      // Within one piece nothing is a fragment: one window saw both passages.
      [(.echo, 5_000), (.echo, 4_000)],
      // A claim inside an echo is reported in its own right.
      [(.echo, 4_000), (.echo, 5_000), (.commonText, 4_500), (.echo, 5_001), (.selfIdentification, 4_000)],
    ])
    #expect(kept == [[true, true], [false, false, false, true, true]])
  }

  @Test func claimsCoverNothingAndEveryEarlierPieceCounts() {
    let kept = Self.kept([
      [(.selfIdentification, 9_000)],
      [(.echo, 8_000)],
      // Common text covers like an echo.
      [(.commonText, 8_500)],
      // Two pieces on, the furthest end of all earlier pieces still counts.
      [(.echo, 8_400), (.echo, 8_600)],
    ])
    #expect(kept == [[true], [true], [true], [false, true]])
  }
}
