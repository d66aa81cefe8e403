/// Fast UTF-8 validation that reports where the first ill-formed byte sequence starts.
///
/// The CLI and the server reject transcripts that are not UTF-8 with the exact byte offset, and the JSON parser
/// validates string contents with the same rules (Unicode Table 3-7: no overlong forms, no surrogates, nothing
/// above U+10FFFF). ASCII, the common case, is skipped 32 or 8 bytes at a time.
public enum UTF8Validation {
  /// The offset of the first byte of the first ill-formed sequence in `bytes`, or nil when all of it is UTF-8.
  public static func firstInvalidOffset(in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
    guard let base = bytes.baseAddress else { return nil }
    let n = bytes.count
    var i = 0
    while i < n {
      // Thirty-two bytes at a time while they are all ASCII: the editor validates a whole 10 MB buffer per keystroke.
      if i + 32 <= n {
        let p = UnsafeRawPointer(base + i)
        let any =
          p.loadUnaligned(as: UInt64.self) | p.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
          | p.loadUnaligned(fromByteOffset: 16, as: UInt64.self) | p.loadUnaligned(fromByteOffset: 24, as: UInt64.self)
        if any & 0x8080_8080_8080_8080 == 0 {
          i += 32
          continue
        }
      }
      if i + 8 <= n {
        let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
        if word & 0x8080_8080_8080_8080 == 0 {
          i += 8
          continue
        }
      }
      let byte = base[i]
      if byte < 0x80 {
        i += 1
        continue
      }
      guard let length = sequenceLength(base, at: i, count: n) else { return i }
      i += length
    }
    return nil
  }

  /// The offset of the first ill-formed sequence in a byte array, or nil when all of it is UTF-8.
  public static func firstInvalidOffset(in bytes: [UInt8]) -> Int? {
    bytes.withUnsafeBufferPointer { firstInvalidOffset(in: $0) }
  }

  /// The length of the well-formed multi-byte sequence whose lead byte (>= 0x80) is at `i`, or nil.
  @inline(__always)
  static func sequenceLength(_ base: UnsafePointer<UInt8>, at i: Int, count n: Int) -> Int? {
    let b0 = base[i]
    switch b0 {
    case 0xC2...0xDF:
      guard i + 1 < n, base[i + 1] & 0xC0 == 0x80 else { return nil }
      return 2
    case 0xE0...0xEF:
      guard i + 2 < n else { return nil }
      let b1 = base[i + 1]
      let low: UInt8 = b0 == 0xE0 ? 0xA0 : 0x80
      let high: UInt8 = b0 == 0xED ? 0x9F : 0xBF
      guard b1 >= low, b1 <= high, base[i + 2] & 0xC0 == 0x80 else { return nil }
      return 3
    case 0xF0...0xF4:
      guard i + 3 < n else { return nil }
      let b1 = base[i + 1]
      let low: UInt8 = b0 == 0xF0 ? 0x90 : 0x80
      let high: UInt8 = b0 == 0xF4 ? 0x8F : 0xBF
      guard b1 >= low, b1 <= high, base[i + 2] & 0xC0 == 0x80, base[i + 3] & 0xC0 == 0x80 else { return nil }
      return 4
    default:
      return nil
    }
  }
}
