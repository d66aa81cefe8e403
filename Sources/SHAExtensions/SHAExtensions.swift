#if arch(x86_64)
  import _Builtin_intrinsics.intel
  import _Builtin_intrinsics.intel.cpuid
#endif

/// The SHA-256 compression function on the processor's SHA extensions (Intel SHA-NI, also in AMD Zen), when it has
/// them.
///
/// Hashing every input is part of an index build, for the digests its metadata records; in Swift the compression
/// function ran at about 230 MB/s and took a ninth of a 1 GiB build's CPU time (`perf`), where the instructions run
/// it several times faster. Swift has no per-function target attributes, so this is a module of its own, compiled
/// with the clang flags that let it use the instructions (Package.swift); nothing here runs unless `isAvailable`
/// says the processor has them, and no other module is compiled with those flags.
public enum SHAExtensions {
  /// Whether this processor has the SHA extensions and SSSE3 (checked once, with CPUID).
  public static let isAvailable: Bool = {
    #if arch(x86_64)
      var eax: UInt32 = 0
      var ebx: UInt32 = 0
      var ecx: UInt32 = 0
      var edx: UInt32 = 0
      guard __get_cpuid_count(1, 0, &eax, &ebx, &ecx, &edx) != 0 else { return false }
      let ssse3 = ecx & (1 << 9) != 0
      guard __get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx) != 0 else { return false }
      let sha = ebx & (1 << 29) != 0
      return ssse3 && sha
    #else
      return false
    #endif
  }()

  /// Runs the SHA-256 compression function over `count` 64-byte blocks at `blocks`, updating `state` (the eight
  /// working words a…h).
  ///
  /// - Precondition: `isAvailable`; the caller checks it once and keeps its own loop otherwise.
  public static func processBlocks(
    _ state: inout (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32), _ blocks: UnsafeRawPointer,
    count: Int
  ) {
    #if arch(x86_64)
      // The instructions keep the state as two vectors, (a, b, e, f) and (c, d, g, h), highest lane first.
      var abef = _mm_set_epi32(
        Int32(bitPattern: state.0), Int32(bitPattern: state.1), Int32(bitPattern: state.4),
        Int32(bitPattern: state.5))
      var cdgh = _mm_set_epi32(
        Int32(bitPattern: state.2), Int32(bitPattern: state.3), Int32(bitPattern: state.6),
        Int32(bitPattern: state.7))
      // Message words are big-endian: a byte shuffle turns each loaded lane around.
      let byteSwap = _mm_set_epi64x(0x0c0d_0e0f_0809_0a0b, 0x0405_0607_0001_0203)
      roundConstantVectors.withUnsafeBufferPointer { k in
        for index in 0..<count {
          let block = blocks + index * 64
          let savedABEF = abef
          let savedCDGH = cdgh
          var m0 = _mm_shuffle_epi8(block.loadUnaligned(fromByteOffset: 0, as: __m128i.self), byteSwap)
          var m1 = _mm_shuffle_epi8(block.loadUnaligned(fromByteOffset: 16, as: __m128i.self), byteSwap)
          var m2 = _mm_shuffle_epi8(block.loadUnaligned(fromByteOffset: 32, as: __m128i.self), byteSwap)
          var m3 = _mm_shuffle_epi8(block.loadUnaligned(fromByteOffset: 48, as: __m128i.self), byteSwap)
          // Rounds 0–15 use the block's words as they are. From round 16 on, each group of four rounds finishes
          // the words of the next group (`sha256msg2`) and starts those three groups on (`sha256msg1`); the four
          // message vectors take turns, as the scalar code's working variables do.
          fourRounds(&abef, &cdgh, m0, k[0])
          fourRounds(&abef, &cdgh, m1, k[1])
          m0 = _mm_sha256msg1_epu32(m0, m1)
          fourRounds(&abef, &cdgh, m2, k[2])
          m1 = _mm_sha256msg1_epu32(m1, m2)
          scheduledRounds(&abef, &cdgh, current: m3, previous: &m2, next: &m0, k[3])
          scheduledRounds(&abef, &cdgh, current: m0, previous: &m3, next: &m1, k[4])
          scheduledRounds(&abef, &cdgh, current: m1, previous: &m0, next: &m2, k[5])
          scheduledRounds(&abef, &cdgh, current: m2, previous: &m1, next: &m3, k[6])
          scheduledRounds(&abef, &cdgh, current: m3, previous: &m2, next: &m0, k[7])
          scheduledRounds(&abef, &cdgh, current: m0, previous: &m3, next: &m1, k[8])
          scheduledRounds(&abef, &cdgh, current: m1, previous: &m0, next: &m2, k[9])
          scheduledRounds(&abef, &cdgh, current: m2, previous: &m1, next: &m3, k[10])
          scheduledRounds(&abef, &cdgh, current: m3, previous: &m2, next: &m0, k[11])
          scheduledRounds(&abef, &cdgh, current: m0, previous: &m3, next: &m1, k[12])
          // The last groups need no more words started.
          scheduledRounds(&abef, &cdgh, current: m1, previous: &m0, next: &m2, k[13], startsMore: false)
          scheduledRounds(&abef, &cdgh, current: m2, previous: &m1, next: &m3, k[14], startsMore: false)
          fourRounds(&abef, &cdgh, m3, k[15])
          abef = _mm_add_epi32(abef, savedABEF)
          cdgh = _mm_add_epi32(cdgh, savedCDGH)
        }
      }
      let x = unsafeBitCast(abef, to: SIMD4<UInt32>.self)
      let y = unsafeBitCast(cdgh, to: SIMD4<UInt32>.self)
      state = (x[3], x[2], y[3], y[2], x[1], x[0], y[1], y[0])
    #else
      preconditionFailure("SHAExtensions.processBlocks called without the SHA extensions")
    #endif
  }

  #if arch(x86_64)
    /// Four rounds with message words `words` (w[t…t+3]) and their round constants `constants`.
    @inline(__always)
    private static func fourRounds(
      _ abef: inout __m128i, _ cdgh: inout __m128i, _ words: __m128i, _ constants: __m128i
    ) {
      let sums = _mm_add_epi32(words, constants)
      cdgh = _mm_sha256rnds2_epu32(cdgh, abef, sums)
      // `sha256rnds2` takes its two words from the low half; the high half's go down for the next two rounds.
      abef = _mm_sha256rnds2_epu32(abef, cdgh, _mm_unpackhi_epi64(sums, sums))
    }

    /// Four rounds on `current` (w[t…t+3]), then the schedule: `next` (w[t+4…t+7], started by an earlier group) is
    /// finished with `sha256msg2`, after adding w[t−3…t] — the last three words of `previous` and the first of
    /// `current` — and, while `startsMore`, `previous` becomes the start of w[t+12…t+15] (`sha256msg1`).
    @inline(__always)
    private static func scheduledRounds(
      _ abef: inout __m128i, _ cdgh: inout __m128i, current: __m128i, previous: inout __m128i,
      next: inout __m128i, _ constants: __m128i, startsMore: Bool = true
    ) {
      fourRounds(&abef, &cdgh, current, constants)
      let p = unsafeBitCast(previous, to: SIMD4<UInt32>.self)
      let c = unsafeBitCast(current, to: SIMD4<UInt32>.self)
      let straddling = unsafeBitCast(SIMD4<UInt32>(p[1], p[2], p[3], c[0]), to: __m128i.self)
      next = _mm_sha256msg2_epu32(_mm_add_epi32(next, straddling), current)
      if startsMore { previous = _mm_sha256msg1_epu32(previous, current) }
    }

    /// The 64 round constants, four to a vector, lowest round in the lowest lane.
    private static let roundConstantVectors: [__m128i] = {
      let k = SHA256RoundConstants.values
      return stride(from: 0, to: 64, by: 4).map {
        unsafeBitCast(SIMD4<UInt32>(k[$0], k[$0 + 1], k[$0 + 2], k[$0 + 3]), to: __m128i.self)
      }
    }()
  #endif
}
