import TextProcessing

/// The tests' seeded generator: SplitMix64 (`TextProcessing`), so that a failure replays exactly from its seed.
public typealias SeededGenerator = SplitMix64

extension SplitMix64 {
  /// A number in `0..<n` (n > 0); the slight modulo bias does not matter for tests.
  public mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
}
