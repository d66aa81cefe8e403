/// SplitMix64: a small, fast, seedable random number generator, the one behind every generated fixture, fuzz input
/// and benchmark corpus, so that any of them replays exactly from its seed.
///
/// Its output function is `TermHasher.mix`, the finaliser the index format already pins, so the algorithm is
/// written once.
public struct SplitMix64: RandomNumberGenerator, Sendable {
  public var state: UInt64

  public init(seed: UInt64) { state = seed }

  public mutating func next() -> UInt64 {
    state &+= TermHasher.goldenGamma
    return TermHasher.mix(state)
  }
}
