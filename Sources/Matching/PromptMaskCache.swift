import Foundation

/// Which tokens of each reference answer repeat its own prompt, kept for as long as the scanner lives.
///
/// A reference answer's prompt mask (`PromptDictation.mask` and `alignedMask`: its own prompt's k-grams and the
/// stretches that align with the prompt) depends on the answer alone, yet every scan computed it again for every
/// answer it aligned with: a Smith–Waterman against the prompt per answer, about a fifth of a scan. A language server
/// rescans the same pieces after each keystroke, and an audit scans thousands of answers to the same prompts, so
/// the same reference answers come back again and again. This keeps each answer's mask once, as runs of marked
/// tokens (most answers have none), so it costs a few dozen bytes per reference answer ever aligned.
///
/// Thread-safe: scans on several threads share one scanner.
final class PromptMaskCache: @unchecked Sendable {
  private let lock = NSLock()
  /// Shard and document number (`shard << 32 | number`) to the marked runs: start, end, start, end, … in tokens.
  private var runs: [Int: [UInt32]] = [:]

  /// The mask of document `number` of shard `shard`, `tokenCount` long; `compute` makes it the first time.
  func mask(shard: Int, number: Int, tokenCount: Int, compute: () -> [Bool]) -> [Bool] {
    let key = shard << 32 | number
    if let known = lock.withLock({ runs[key] }) {
      var mask = [Bool](repeating: false, count: tokenCount)
      var k = 0
      while k + 1 < known.count {
        for i in Int(known[k])..<min(Int(known[k + 1]), tokenCount) { mask[i] = true }
        k += 2
      }
      return mask
    }
    let mask = compute()
    var found: [UInt32] = []
    var i = 0
    while i < mask.count {
      guard mask[i] else {
        i += 1
        continue
      }
      let start = i
      while i < mask.count && mask[i] { i += 1 }
      found += [UInt32(start), UInt32(i)]
    }
    lock.withLock { runs[key] = found }
    return mask
  }
}
