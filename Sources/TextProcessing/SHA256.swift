import SHAExtensions

/// SHA-256 (FIPS 180-4), so the index can record and verify its inputs' digests without a dependency.
///
/// The corpus reader hashes every input as it streams through it, so the block function works on raw pointers and
/// keeps its message schedule on the stack; it processes whole 64-byte blocks straight from the caller's buffer and
/// copies only a trailing partial block. Where the processor has SHA instructions the blocks go to
/// `SHAExtensions`; the Swift rounds below are the same function everywhere else, and the tests compare the two.
public struct SHA256: Sendable {
  /// The digest size in bytes.
  public static let digestByteCount = 32

  private var state: (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32) = (
    0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a, 0x510e_527f, 0x9b05_688c, 0x1f83_d9ab, 0x5be0_cd19
  )
  /// Bytes of an incomplete block, waiting for more input.
  private var pending: [UInt8] = []
  /// The number of message bytes seen so far.
  private var messageByteCount: UInt64 = 0

  /// Whether blocks go to the processor's SHA instructions (`SHAExtensions`) rather than the Swift rounds.
  private let usesInstructions: Bool

  public init() {
    self.init(usingInstructions: SHAExtensions.isAvailable)
  }

  /// A hasher that uses the processor's SHA instructions only when `usingInstructions`, so that tests can check
  /// both paths on a processor that has them.
  init(usingInstructions: Bool) {
    usesInstructions = usingInstructions && SHAExtensions.isAvailable
    pending.reserveCapacity(64)
  }

  /// The digest of `bytes`.
  public static func hash(_ bytes: UnsafeRawBufferPointer) -> [UInt8] {
    var hasher = SHA256()
    hasher.update(bytes)
    return hasher.finalize()
  }

  /// The digest of a byte array.
  public static func hash(_ bytes: [UInt8]) -> [UInt8] {
    bytes.withUnsafeBytes { hash($0) }
  }

  /// The lower-case hexadecimal digest of `bytes`.
  public static func hexDigest(_ bytes: UnsafeRawBufferPointer) -> String {
    hexString(hash(bytes))
  }

  /// The lower-case hexadecimal digest of a byte array.
  public static func hexDigest(_ bytes: [UInt8]) -> String {
    hexString(hash(bytes))
  }

  /// Lower-case hexadecimal spelling of `bytes`, two digits per byte.
  public static func hexString(_ bytes: [UInt8]) -> String {
    let digits: [UInt8] = Array("0123456789abcdef".utf8)
    var out = [UInt8]()
    out.reserveCapacity(bytes.count * 2)
    for b in bytes {
      out.append(digits[Int(b >> 4)])
      out.append(digits[Int(b & 15)])
    }
    return String(decoding: out, as: UTF8.self)
  }

  /// Adds `bytes` to the message.
  public mutating func update(_ bytes: UnsafeRawBufferPointer) {
    guard var base = bytes.baseAddress, !bytes.isEmpty else { return }
    var remaining = bytes.count
    messageByteCount &+= UInt64(remaining)
    if !pending.isEmpty {
      let take = min(64 - pending.count, remaining)
      pending.append(contentsOf: UnsafeRawBufferPointer(start: base, count: take))
      base += take
      remaining -= take
      if pending.count == 64 {
        let block = pending
        block.withUnsafeBytes { processBlocks($0.baseAddress.unsafelyUnwrapped, count: 1) }
        pending.removeAll(keepingCapacity: true)
      }
    }
    let wholeBlocks = remaining / 64
    if wholeBlocks > 0 {
      processBlocks(base, count: wholeBlocks)
      base += wholeBlocks * 64
      remaining -= wholeBlocks * 64
    }
    if remaining > 0 {
      pending.append(contentsOf: UnsafeRawBufferPointer(start: base, count: remaining))
    }
  }

  /// Adds a byte array to the message.
  public mutating func update(_ bytes: [UInt8]) {
    bytes.withUnsafeBytes { update($0) }
  }

  /// Pads the message and returns its 32-byte digest. The hasher must not be updated afterwards.
  public mutating func finalize() -> [UInt8] {
    let bitCount = messageByteCount &* 8
    var tail = pending
    tail.append(0x80)
    while tail.count % 64 != 56 { tail.append(0) }
    for shift in stride(from: 56, through: 0, by: -8) {
      tail.append(UInt8(truncatingIfNeeded: bitCount >> UInt64(shift)))
    }
    tail.withUnsafeBytes { processBlocks($0.baseAddress.unsafelyUnwrapped, count: tail.count / 64) }
    pending.removeAll()
    var digest = [UInt8]()
    digest.reserveCapacity(32)
    for word in [state.0, state.1, state.2, state.3, state.4, state.5, state.6, state.7] {
      digest.append(UInt8(truncatingIfNeeded: word >> 24))
      digest.append(UInt8(truncatingIfNeeded: word >> 16))
      digest.append(UInt8(truncatingIfNeeded: word >> 8))
      digest.append(UInt8(truncatingIfNeeded: word))
    }
    return digest
  }

  /// Finishes the message and returns the lower-case hexadecimal digest.
  public mutating func finalizeHex() -> String {
    SHA256.hexString(finalize())
  }

  /// Runs the compression function over `count` consecutive 64-byte blocks at `blocks`.
  private mutating func processBlocks(_ blocks: UnsafeRawPointer, count: Int) {
    if usesInstructions {
      SHAExtensions.processBlocks(&state, blocks, count: count)
    } else {
      processBlocksInSwift(blocks, count: count)
    }
  }

  /// The compression function in Swift, for processors without SHA instructions.
  ///
  /// The rounds are written out eight at a time, each naming the working variables in their rotated order, so no
  /// round moves values between variables (the textbook loop shifts all eight every round); choice and majority
  /// use their three-operation forms. This ran at 250–259 MB/s against 204–228 for the textbook loop (200 MiB,
  /// `swiftc -O`), near coreutils' `sha256sum` (274 MB/s); a 16-word rolling schedule instead of the 64-word one
  /// was slower (233–239).
  private mutating func processBlocksInSwift(_ blocks: UnsafeRawPointer, count: Int) {
    var (h0, h1, h2, h3, h4, h5, h6, h7) = state
    SHA256RoundConstants.values.withUnsafeBufferPointer { k in
      withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { w in
        for blockIndex in 0..<count {
          let block = blocks + blockIndex * 64
          for t in 0..<16 {
            w[t] = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: t * 4, as: UInt32.self))
          }
          for t in 16..<64 {
            let x = w[t - 15]
            let y = w[t - 2]
            let s0 = x.rotatedRight(7) ^ x.rotatedRight(18) ^ (x >> 3)
            let s1 = y.rotatedRight(17) ^ y.rotatedRight(19) ^ (y >> 10)
            w[t] = w[t - 16] &+ s0 &+ w[t - 7] &+ s1
          }
          var a = h0
          var b = h1
          var c = h2
          var d = h3
          var e = h4
          var f = h5
          var g = h6
          var h = h7
          var t = 0
          while t < 64 {
            SHA256.round(a, b, c, &d, e, f, g, &h, k[t] &+ w[t])
            SHA256.round(h, a, b, &c, d, e, f, &g, k[t + 1] &+ w[t + 1])
            SHA256.round(g, h, a, &b, c, d, e, &f, k[t + 2] &+ w[t + 2])
            SHA256.round(f, g, h, &a, b, c, d, &e, k[t + 3] &+ w[t + 3])
            SHA256.round(e, f, g, &h, a, b, c, &d, k[t + 4] &+ w[t + 4])
            SHA256.round(d, e, f, &g, h, a, b, &c, k[t + 5] &+ w[t + 5])
            SHA256.round(c, d, e, &f, g, h, a, &b, k[t + 6] &+ w[t + 6])
            SHA256.round(b, c, d, &e, f, g, h, &a, k[t + 7] &+ w[t + 7])
            t += 8
          }
          h0 &+= a
          h1 &+= b
          h2 &+= c
          h3 &+= d
          h4 &+= e
          h5 &+= f
          h6 &+= g
          h7 &+= h
        }
      }
    }
    state = (h0, h1, h2, h3, h4, h5, h6, h7)
  }

  /// One round: `d` takes the new `e`, `h` the new `a`; the caller rotates the names instead of the values.
  @inline(__always)
  private static func round(
    _ a: UInt32, _ b: UInt32, _ c: UInt32, _ d: inout UInt32, _ e: UInt32, _ f: UInt32, _ g: UInt32,
    _ h: inout UInt32, _ constantAndWord: UInt32
  ) {
    let t1 =
      h &+ (e.rotatedRight(6) ^ e.rotatedRight(11) ^ e.rotatedRight(25)) &+ (g ^ (e & (f ^ g)))
      &+ constantAndWord
    d &+= t1
    h = t1 &+ (a.rotatedRight(2) ^ a.rotatedRight(13) ^ a.rotatedRight(22)) &+ ((a & b) | (c & (a | b)))
  }
}

extension UInt32 {
  @inline(__always)
  fileprivate func rotatedRight(_ count: UInt32) -> UInt32 {
    (self >> count) | (self << (32 &- count))
  }
}
