import TestSupport
import Testing

@testable import LanguageServer

/// The change a document keeps since its last scan, summed over any number of edits, says truly which bytes may
/// differ: those before its range are the old ones, those after are the old ones moved by its delta.
@Suite struct TextChangeTests {
  @Test(arguments: [1, 2, 3])
  func summedEditsBoundWhatDiffers(seed: UInt64) {
    var random = SeededGenerator(seed: seed)
    let original = (0..<2_000).map { _ in UInt8(0x61 + random.below(26)) }
    for _ in 0..<200 {
      var text = original
      var change = TextChange.unchanged
      for _ in 0..<(1 + random.below(6)) {
        let start = random.below(text.count + 1)
        let end = start + random.below(min(50, text.count - start) + 1)
        let inserted = (0..<random.below(40)).map { _ in UInt8(0x41 + random.below(26)) }
        text.replaceSubrange(start..<end, with: inserted)
        change = change.adding(replaced: start..<end, insertedCount: inserted.count)
      }
      #expect(change.delta == text.count - original.count)
      #expect(change.range.lowerBound >= 0 && change.range.upperBound <= text.count)
      #expect(text[..<change.range.lowerBound] == original[..<change.range.lowerBound])
      #expect(text[change.range.upperBound...] == original[(change.range.upperBound - change.delta)...])
    }
  }

  @Test func noEditIsNoChange() {
    #expect(TextChange.unchanged.adding(replaced: 5..<5, insertedCount: 0) == TextChange(range: 5..<5, delta: 0))
    #expect(TextChange.unchanged.adding(replaced: 3..<7, insertedCount: 1) == TextChange(range: 3..<4, delta: -3))
  }
}
