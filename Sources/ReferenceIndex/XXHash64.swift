/// XXH64 (seed 0), the checksum of every index section and of the header.
///
/// It is a published algorithm with implementations in most languages, so a reader written elsewhere can verify an
/// index without our code, and it runs at several GB/s, so `index verify` of a large index is quick.
public struct XXHash64: Sendable {
  static let p1: UInt64 = 11_400_714_785_074_694_791
  static let p2: UInt64 = 14_029_467_366_897_019_727
  static let p3: UInt64 = 1_609_587_929_392_839_161
  static let p4: UInt64 = 9_650_029_242_287_828_579
  static let p5: UInt64 = 2_870_177_450_012_600_261

  var v1: UInt64
  var v2: UInt64
  var v3: UInt64
  var v4: UInt64
  var totalLength: UInt64 = 0
  /// Bytes not yet consumed as a 32-byte stripe.
  var pending: [UInt8] = []
  let seed: UInt64

  public init(seed: UInt64 = 0) {
    self.seed = seed
    v1 = seed &+ Self.p1 &+ Self.p2
    v2 = seed &+ Self.p2
    v3 = seed
    v4 = seed &- Self.p1
    pending.reserveCapacity(32)
  }

  /// The checksum of `bytes` in one call.
  public static func hash(_ bytes: UnsafeRawBufferPointer, seed: UInt64 = 0) -> UInt64 {
    var h = XXHash64(seed: seed)
    h.update(bytes)
    return h.finalize()
  }

  @inline(__always) static func round(_ acc: UInt64, _ input: UInt64) -> UInt64 {
    var a = acc &+ input &* p2
    a = (a << 31) | (a >> 33)
    return a &* p1
  }

  @inline(__always) static func mergeRound(_ acc: UInt64, _ val: UInt64) -> UInt64 {
    let v = round(0, val)
    return (acc ^ v) &* p1 &+ p4
  }

  public mutating func update(_ bytes: UnsafeRawBufferPointer) {
    guard bytes.count > 0 else { return }
    totalLength &+= UInt64(bytes.count)
    var offset = 0
    if !pending.isEmpty {
      let take = min(32 - pending.count, bytes.count)
      pending.append(contentsOf: bytes[0..<take])
      offset = take
      if pending.count < 32 { return }
      pending.withUnsafeBytes { consumeStripes($0, count: 32) }
      pending.removeAll(keepingCapacity: true)
    }
    let remaining = bytes.count - offset
    let whole = remaining & ~31
    if whole > 0 {
      consumeStripes(UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + whole)]), count: whole)
    }
    if whole < remaining {
      pending.append(contentsOf: bytes[(offset + whole)..<bytes.count])
    }
  }

  mutating func consumeStripes(_ bytes: UnsafeRawBufferPointer, count: Int) {
    var a = v1
    var b = v2
    var c = v3
    var d = v4
    var i = 0
    while i < count {
      a = Self.round(a, UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self)))
      b = Self.round(b, UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: i + 8, as: UInt64.self)))
      c = Self.round(c, UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: i + 16, as: UInt64.self)))
      d = Self.round(d, UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: i + 24, as: UInt64.self)))
      i += 32
    }
    v1 = a
    v2 = b
    v3 = c
    v4 = d
  }

  public func finalize() -> UInt64 {
    var h: UInt64
    if totalLength >= 32 {
      h =
        ((v1 << 1) | (v1 >> 63)) &+ ((v2 << 7) | (v2 >> 57)) &+ ((v3 << 12) | (v3 >> 52))
        &+ ((v4 << 18) | (v4 >> 46))
      h = Self.mergeRound(h, v1)
      h = Self.mergeRound(h, v2)
      h = Self.mergeRound(h, v3)
      h = Self.mergeRound(h, v4)
    } else {
      h = seed &+ Self.p5
    }
    h &+= totalLength
    pending.withUnsafeBytes { tail in
      var i = 0
      let n = tail.count
      while i + 8 <= n {
        let k1 = Self.round(0, UInt64(littleEndian: tail.loadUnaligned(fromByteOffset: i, as: UInt64.self)))
        h ^= k1
        h = ((h << 27) | (h >> 37)) &* Self.p1 &+ Self.p4
        i += 8
      }
      if i + 4 <= n {
        h ^= UInt64(UInt32(littleEndian: tail.loadUnaligned(fromByteOffset: i, as: UInt32.self))) &* Self.p1
        h = ((h << 23) | (h >> 41)) &* Self.p2 &+ Self.p3
        i += 4
      }
      while i < n {
        h ^= UInt64(tail[i]) &* Self.p5
        h = ((h << 11) | (h >> 53)) &* Self.p1
        i += 1
      }
    }
    h ^= h >> 33
    h = h &* Self.p2
    h ^= h >> 29
    h = h &* Self.p3
    h ^= h >> 32
    return h
  }
}
