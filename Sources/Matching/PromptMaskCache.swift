import Foundation
import ReferenceIndex
import TextProcessing

/// Which tokens of each reference answer repeat its own prompt, kept for as long as the scanner lives.
///
/// A reference answer's prompt mask (`PromptDictation.mask` and `alignedMask`: its own prompt's k-grams and the
/// stretches that align with the prompt) depends on the answer alone, yet every scan computed it again for every
/// answer it aligned with: a Smith–Waterman against the prompt per answer, about a fifth of a scan. A language server
/// rescans the same pieces after each keystroke, and an audit scans thousands of answers to the same prompts, so
/// the same reference answers come back again and again. This keeps each answer's mask once, as runs of marked
/// tokens (most answers have none): four bytes per reference answer, plus eight per run.
///
/// Thread-safe: scans on several threads share one scanner, and `warm` may fill it in the background.
final class PromptMaskCache: @unchecked Sendable {
  private let lock = NSLock()
  /// Per shard, per document: 0 not known yet, 1 no token marked, k ≥ 2 the runs start at `runs[k - 2]`.
  private var slots: [[UInt32]]
  /// Run lists one after the other: a count, then start and end (in tokens) of each run.
  private var runs: [UInt32] = []

  /// Room for the documents of each shard of `set`.
  convenience init(set: ReferenceIndexSet) {
    self.init(documentCounts: set.shards.map(\.documentCount))
  }

  init(documentCounts: [Int]) {
    slots = documentCounts.map { [UInt32](repeating: 0, count: $0) }
  }

  /// The mask of document `number` of shard `shard`, `tokenCount` long; `compute` makes it the first time.
  func mask(shard: Int, number: Int, tokenCount: Int, compute: () -> [Bool]) -> [Bool] {
    if let mask = known(shard: shard, number: number, tokenCount: tokenCount) { return mask }
    let mask = compute()
    store(mask, shard: shard, number: number)
    return mask
  }

  /// Whether document `number` of shard `shard` has its mask here.
  func has(shard: Int, number: Int) -> Bool {
    lock.withLock {
      slots.indices.contains(shard) && slots[shard].indices.contains(number) && slots[shard][number] != 0
    }
  }

  private func known(shard: Int, number: Int, tokenCount: Int) -> [Bool]? {
    lock.withLock { () -> [Bool]? in
      guard slots.indices.contains(shard), slots[shard].indices.contains(number) else { return nil }
      let slot = slots[shard][number]
      guard slot != 0 else { return nil }
      var mask = [Bool](repeating: false, count: tokenCount)
      guard slot >= 2 else { return mask }
      let start = Int(slot) - 2
      for k in 0..<Int(runs[start]) {
        let from = Int(runs[start + 1 + 2 * k])
        let to = min(Int(runs[start + 2 + 2 * k]), tokenCount)
        if from < to { for i in from..<to { mask[i] = true } }
      }
      return mask
    }
  }

  private func store(_ mask: [Bool], shard: Int, number: Int) {
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
    lock.withLock {
      guard slots.indices.contains(shard), slots[shard].indices.contains(number), slots[shard][number] == 0 else {
        return
      }
      if found.isEmpty {
        slots[shard][number] = 1
      } else {
        slots[shard][number] = UInt32(runs.count + 2)
        runs.append(UInt32(found.count / 2))
        runs += found
      }
    }
  }
}
