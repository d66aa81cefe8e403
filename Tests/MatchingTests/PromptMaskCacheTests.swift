import TestSupport
import Testing

@testable import Matching

@Suite struct PromptMaskCacheTests {
  /// A mask comes back from its runs exactly as it was computed, once per document, whatever its shape: empty,
  /// full, marked at either end, or scattered.
  @Test func masksComeBackExactlyAndAreComputedOnce() {
    var random = SeededGenerator(seed: 9)
    var masks: [[Bool]] = [[], [true], [false], Array(repeating: true, count: 50), Array(repeating: false, count: 50)]
    for _ in 0..<40 {
      masks.append((0..<random.below(300)).map { _ in random.below(4) == 0 })
    }
    let cache = PromptMaskCache(documentCounts: [masks.count, masks.count])
    var computed = 0
    for round in 0..<2 {
      for (number, mask) in masks.enumerated() {
        let found = cache.mask(shard: number % 2, number: number, tokenCount: mask.count) {
          computed += 1
          return mask
        }
        #expect(found == mask, "document \(number), round \(round)")
      }
    }
    #expect(computed == masks.count)
    // A document the index does not have (a damaged posting) is computed every time, never stored.
    var outside = 0
    for _ in 0..<2 {
      _ = cache.mask(shard: 2, number: 0, tokenCount: 3) {
        outside += 1
        return [true, false, true]
      }
    }
    #expect(outside == 2)
  }
}
