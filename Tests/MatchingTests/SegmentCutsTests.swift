import Matching
import TestSupport
import Testing

/// Cutting a long text again around an edit gives the cuts of a fresh pass, for every kind of edit: typing,
/// deleting, pasting, at the start, the end, across several pieces, and edits that remove or add whole pieces.
@Suite struct SegmentCutsTests {
  /// Words and line breaks, so that cuts land after line breaks as in real transcripts; runs without any line
  /// break and runs of one byte exercise the other cut rules.
  static func text(_ random: inout SeededGenerator, bytes: Int) -> [UInt8] {
    let words = ["the", "plant", "éclair", "漢字", "😀", "light", "water", "\n", "\n\n", "- item", "1."]
    var out: [UInt8] = []
    while out.count < bytes {
      switch random.below(40_000) {
      case 0: out += [UInt8](repeating: 0x61, count: 5_000 + random.below(40_000))
      case 1..<5: out += (0..<1_000).flatMap { _ in Array("word ".utf8) }
      case 5..<15_000: out += (0...random.below(8)).map { _ in UInt8(0x61 + random.below(26)) } + [0x20]
      default: out += Array(words[random.below(words.count)].utf8) + [0x20]
      }
    }
    return out
  }

  @Test(arguments: [11, 12, 13])
  func recuttingAroundAnEditEqualsCuttingAfresh(seed: UInt64) {
    var random = SeededGenerator(seed: seed)
    var text = Self.text(&random, bytes: 400_000)
    var cuts = SegmentPieces.cuts(of: text)
    #expect(cuts.count > 8)
    for round in 0..<60 {
      let start = random.below(text.count + 1)
      let length: Int
      switch random.below(4) {
      case 0: length = 0
      case 1: length = random.below(min(3, text.count - start) + 1)
      case 2: length = random.below(min(40_000, text.count - start) + 1)
      default: length = random.below(min(200, text.count - start) + 1)
      }
      let inserted = random.below(3) == 0 ? Self.text(&random, bytes: random.below(30_000)) : Array("x".utf8)
      text.replaceSubrange(start..<(start + length), with: inserted)
      let delta = inserted.count - length
      let recut = SegmentPieces.cuts(
        of: text, previous: cuts, changed: start..<(start + inserted.count), delta: delta)
      let fresh = SegmentPieces.cuts(of: text)
      #expect(recut == fresh, "round \(round): replaced \(length) bytes at \(start) with \(inserted.count)")
      #expect(SegmentPieces.pieces(of: text, cuts: recut) == SegmentPieces.pieces(of: text))
      cuts = fresh
      if text.count < 150_000 { text += Self.text(&random, bytes: 300_000) ; cuts = SegmentPieces.cuts(of: text) }
    }
  }

  @Test func anUnchangedTextKeepsItsCutsAndAShortOneIsOnePiece() {
    var random = SeededGenerator(seed: 5)
    let text = Self.text(&random, bytes: 300_000)
    let cuts = SegmentPieces.cuts(of: text)
    #expect(SegmentPieces.cuts(of: text, previous: cuts, changed: 0..<0, delta: 0) == cuts)
    let short = Array(text[..<1_000])
    #expect(SegmentPieces.cuts(of: short, previous: cuts, changed: 0..<1_000, delta: 1_000 - text.count) == [0, 1_000])
  }
}
