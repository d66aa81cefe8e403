import TextProcessing

/// Chooses which seeds of a document the index stores: winnowing over k-gram hashes.
///
/// Storing every k-gram would make the seed section larger than the text. Winnowing keeps the smallest hash of
/// every window of `windowSize` consecutive k-grams, so any shared run of at least `seedLength + windowSize - 1`
/// tokens is guaranteed to share a stored seed, while only about `2 / (windowSize + 1)` of positions are kept.
/// Queries look up every k-gram of the transcript, so they hit whichever ones the index kept.
public struct SeedSelector: Sendable {
  public var seedLength: Int
  public var windowSize: Int

  public init(seedLength: Int, windowSize: Int) {
    precondition(seedLength >= 1 && windowSize >= 1, "seed parameters must be positive")
    self.seedLength = seedLength
    self.windowSize = windowSize
  }

  /// Every k-gram hash of `terms`; element `i` covers `terms[i..<i+seedLength]`.
  public func allSeeds(_ terms: UnsafeBufferPointer<UInt64>) -> [UInt64] {
    let n = terms.count - seedLength + 1
    guard n > 0 else { return [] }
    var out = [UInt64](repeating: 0, count: n)
    for i in 0..<n { out[i] = TermHasher.seed(terms, start: i, count: seedLength) }
    return out
  }

  /// Calls `emit(hash, position)` for each winnowed seed, in position order, each position once.
  public func forEachSelectedSeed(_ terms: UnsafeBufferPointer<UInt64>, _ emit: (UInt64, Int) -> Void) {
    let seeds = allSeeds(terms)
    let n = seeds.count
    guard n > 0 else { return }
    let w = min(windowSize, n)
    // Monotonic deque of positions with increasing hashes; the front is the window's minimum (rightmost on ties).
    var deque = [Int](repeating: 0, count: n)
    var head = 0
    var tail = 0
    var lastEmitted = -1
    for i in 0..<n {
      while tail > head, seeds[deque[tail - 1]] >= seeds[i] { tail -= 1 }
      deque[tail] = i
      tail += 1
      if deque[head] <= i - w { head += 1 }
      if i >= w - 1 {
        let m = deque[head]
        if m != lastEmitted {
          emit(seeds[m], m)
          lastEmitted = m
        }
      }
    }
  }
}
