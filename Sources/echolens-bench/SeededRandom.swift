import TextProcessing

/// The benchmark's seeded generator: SplitMix64 (`TextProcessing`), with the draws the generators need.
///
/// Every figure the benchmark prints must be reproducible from run to run and machine to machine, so nothing here
/// may use the system generator; each part of the benchmark owns a generator seeded with a fixed constant.
typealias SeededRandom = SplitMix64

extension SplitMix64 {
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
