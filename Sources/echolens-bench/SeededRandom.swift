/// A small, fast, seedable random number generator (SplitMix64).
///
/// Every figure the benchmark prints must be reproducible from run to run and machine to machine, so nothing here
/// may use the system generator; each part of the benchmark owns a generator seeded with a fixed constant.
struct SeededRandom: RandomNumberGenerator {
  private var state: UInt64

  init(seed: UInt64) { state = seed }

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// A uniform integer in `0..<bound`; `bound` must be positive. Multiply-shift, without rejection: the bias is far
  /// below anything the benchmark could notice, and it is fast enough for generating a gigabyte of text.
  @inline(__always)
  mutating func below(_ bound: Int) -> Int {
    Int((UInt128(next()) &* UInt128(UInt64(bound))) >> 64)
  }

  /// True with probability `p`.
  mutating func chance(_ p: Double) -> Bool { Double(next() >> 11) * 0x1p-53 < p }

  /// A uniform integer in `range`.
  mutating func int(in range: ClosedRange<Int>) -> Int { range.lowerBound + below(range.count) }
}
