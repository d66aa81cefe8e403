import Testing

@testable import Matching

/// A passage of a later piece that ends inside an earlier piece's passage is the tail of that passage, seen cut by
/// the later piece's short leading context, and is dropped; anything else of the later piece is kept.
@Suite struct CutFragmentsTests {
  @Test func aLaterPiecesPassageEndingInsideAnEarlierOneIsAFragment() {
    var cover = CutFragments()
    cover.add(kind: .echo, end: 5_000)
    // Within the same piece nothing is a fragment: one window saw both passages.
    #expect(!cover.covers(kind: .echo, end: 4_000))
    cover.endPiece()
    #expect(cover.covers(kind: .echo, end: 4_000))
    #expect(cover.covers(kind: .echo, end: 5_000))
    #expect(cover.covers(kind: .commonText, end: 4_500))
    #expect(!cover.covers(kind: .echo, end: 5_001))
    // A claim inside an echo is reported in its own right.
    #expect(!cover.covers(kind: .selfIdentification, end: 4_000))
  }

  @Test func claimsCoverNothingAndEveryEarlierPieceCounts() {
    var cover = CutFragments()
    cover.add(kind: .selfIdentification, end: 9_000)
    cover.endPiece()
    #expect(!cover.covers(kind: .echo, end: 8_000))
    cover.add(kind: .commonText, end: 7_000)
    cover.endPiece()
    cover.add(kind: .echo, end: 7_500)
    cover.endPiece()
    // Two pieces on, the furthest end of all earlier pieces still counts.
    #expect(cover.covers(kind: .echo, end: 7_400))
    #expect(!cover.covers(kind: .echo, end: 7_600))
  }
}
