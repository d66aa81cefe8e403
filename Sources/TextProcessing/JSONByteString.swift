import Foundation

/// A JSON string as the byte range of its raw contents (between the quotes), decoded only on demand.
///
/// Most strings in model output have no escapes or only a few, so `hasEscapes` lets comparisons and copies take a
/// straight byte path; decoding with offsets records one `OffsetMap` breakpoint after each escape, which is exactly
/// where the difference between raw and decoded offsets changes.
public struct JSONByteString: Sendable, Hashable {
  /// The raw bytes between the quotes, as absolute offsets into the parsed buffer.
  public var rawRange: Range<Int>
  /// Whether the raw bytes contain a backslash escape; when false the raw bytes are the decoded bytes.
  public var hasEscapes: Bool

  public init(rawRange: Range<Int>, hasEscapes: Bool) {
    self.rawRange = rawRange
    self.hasEscapes = hasEscapes
  }

  /// Whether the decoded string equals `other` byte for byte.
  public func equals(_ other: UnsafeBufferPointer<UInt8>, in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    if !hasEscapes {
      guard rawRange.count == other.count else { return false }
      return UnsafeBufferPointer(rebasing: bytes[rawRange]).elementsEqual(other)
    }
    return decodedBytes(in: bytes).elementsEqual(other)
  }

  /// Whether the decoded string equals `other`.
  public func equals(_ other: String, in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    var other = other
    return other.withUTF8 { equals($0, in: bytes) }
  }

  /// The decoded UTF-8 bytes.
  public func decodedBytes(in bytes: UnsafeBufferPointer<UInt8>) -> [UInt8] {
    if !hasEscapes { return Array(bytes[rawRange]) }
    var breakpoints: [(decoded: Int, raw: Int)]? = nil
    return decode(in: bytes, breakpoints: &breakpoints)
  }

  /// The decoded string.
  public func decoded(in bytes: UnsafeBufferPointer<UInt8>) -> String {
    if !hasEscapes {
      return String(decoding: UnsafeBufferPointer(rebasing: bytes[rawRange]), as: UTF8.self)
    }
    return String(decoding: decodedBytes(in: bytes), as: UTF8.self)
  }

  /// The decoded bytes and the map from each decoded offset to its offset in the raw buffer.
  ///
  /// A decoded offset inside the bytes of an escape (the second byte of a `\u00e9`) maps into that escape; the
  /// offsets that tokens start and end at, which are character boundaries, map to the escape's first byte and to
  /// the byte after it.
  public func decodedWithOffsets(in bytes: UnsafeBufferPointer<UInt8>) -> (text: [UInt8], offsets: OffsetMap) {
    if !hasEscapes { return (Array(bytes[rawRange]), OffsetMap(base: rawRange.lowerBound)) }
    var breakpoints: [(decoded: Int, raw: Int)]? = [(0, rawRange.lowerBound)]
    let text = decode(in: bytes, breakpoints: &breakpoints)
    return (text, OffsetMap(breakpoints: breakpoints ?? [(0, rawRange.lowerBound)]))
  }

  /// Resolves the escapes of a string the parser has already validated.
  private func decode(in bytes: UnsafeBufferPointer<UInt8>, breakpoints: inout [(decoded: Int, raw: Int)]?) -> [UInt8] {
    var out = [UInt8]()
    out.reserveCapacity(rawRange.count)
    var i = rawRange.lowerBound
    let end = rawRange.upperBound
    guard let base = bytes.baseAddress else { return out }
    while i < end {
      // The text between escapes is copied as one run. Byte by byte, with an append's checks each, decoding was 9–10%
      // of a 1 GiB index build's perf samples (model output escapes every line break); as runs it is under 1%.
      let run =
        memchr(base + i, Int32(UInt8(ascii: "\\")), end - i).map { UnsafeRawPointer($0) - UnsafeRawPointer(base) }
        ?? end
      if run > i {
        out.append(contentsOf: UnsafeBufferPointer(start: base + i, count: run - i))
        i = run
        continue
      }
      let escape = bytes[i + 1]
      var consumed = 2
      switch escape {
      case UInt8(ascii: "n"): out.append(0x0A)
      case UInt8(ascii: "t"): out.append(0x09)
      case UInt8(ascii: "r"): out.append(0x0D)
      case UInt8(ascii: "b"): out.append(0x08)
      case UInt8(ascii: "f"): out.append(0x0C)
      case UInt8(ascii: "u"):
        var scalar = JSONByteString.hexValue(bytes, at: i + 2)
        consumed = 6
        if (0xD800...0xDBFF).contains(scalar), i + 11 < end, bytes[i + 6] == UInt8(ascii: "\\"),
          bytes[i + 7] == UInt8(ascii: "u")
        {
          let low = JSONByteString.hexValue(bytes, at: i + 8)
          if (0xDC00...0xDFFF).contains(low) {
            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            consumed = 12
          }
        }
        JSONByteString.appendUTF8(scalar, to: &out)
      default:
        out.append(escape)  // \" \\ \/
      }
      i += consumed
      breakpoints?.append((out.count, i))
    }
    return out
  }

  /// The value of the four hexadecimal digits at `i` (validated by the parser).
  static func hexValue(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> UInt32 {
    var value: UInt32 = 0
    for j in i..<(i + 4) {
      value = value << 4 | UInt32(hexDigitValue(bytes[j]) ?? 0)
    }
    return value
  }

  @inline(__always)
  static func hexDigitValue(_ b: UInt8) -> UInt8? {
    switch b {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): return b - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): return b - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): return b - UInt8(ascii: "A") + 10
    default: return nil
    }
  }

  /// Appends `value` as UTF-8; a lone surrogate, which UTF-8 cannot carry, becomes U+FFFD.
  static func appendUTF8(_ value: UInt32, to out: inout [UInt8]) {
    var v = value
    if (0xD800...0xDFFF).contains(v) { v = 0xFFFD }
    switch v {
    case 0..<0x80:
      out.append(UInt8(v))
    case 0x80..<0x800:
      out.append(UInt8(0xC0 | (v >> 6)))
      out.append(UInt8(0x80 | (v & 0x3F)))
    case 0x800..<0x10000:
      out.append(UInt8(0xE0 | (v >> 12)))
      out.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
      out.append(UInt8(0x80 | (v & 0x3F)))
    default:
      out.append(UInt8(0xF0 | (v >> 18)))
      out.append(UInt8(0x80 | ((v >> 12) & 0x3F)))
      out.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
      out.append(UInt8(0x80 | (v & 0x3F)))
    }
  }
}
