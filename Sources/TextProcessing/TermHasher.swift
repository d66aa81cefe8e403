/// The hash that names a normalised term, and the hash of a run of terms (a seed).
///
/// Both are part of the index format (see `Protocol/INDEX.md`), so they are spelled out here rather than taken from
/// `Hasher`, whose output changes from process to process.
public enum TermHasher {
  @usableFromInline static let fnvOffset: UInt64 = 0xcbf2_9ce4_8422_2325
  @usableFromInline static let fnvPrime: UInt64 = 0x0000_0100_0000_01b3
  /// 2^64 divided by the golden ratio: the start of a seed hash, and SplitMix64's step.
  @usableFromInline static let goldenGamma: UInt64 = 0x9e37_79b9_7f4a_7c15

  /// FNV-1a over the normalised bytes, then a final mix so that the high bits (used by the index directory) are as
  /// well spread as the low ones.
  @inlinable
  public static func term<S: Sequence>(normalizedUTF8 bytes: S) -> UInt64 where S.Element == UInt8 {
    var h = fnvOffset
    for b in bytes {
      h = (h ^ UInt64(b)) &* fnvPrime
    }
    return mix(h)
  }

  /// The SplitMix64 finaliser.
  @inlinable
  public static func mix(_ value: UInt64) -> UInt64 {
    var z = value
    z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
    z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
    return z ^ (z >> 31)
  }

  /// The hash of `count` consecutive terms starting at `start`: the seed that the index stores.
  @inlinable
  public static func seed(_ terms: UnsafeBufferPointer<UInt64>, start: Int, count: Int) -> UInt64 {
    var h = goldenGamma
    for i in start..<(start + count) {
      h = mix(h ^ terms[i])
    }
    return h
  }
}
