/// Writes a string as a JSON string literal, byte for byte as `OutgoingMessage.encode` writes it.
///
/// Opening a document builds every diagnostic cold, and encoding each message and related link through a fresh
/// `JSONEncoder` cost about 70 µs per diagnostic, a tenth of opening a 100 KB transcript. The rules are the
/// encoder's, with `.withoutEscapingSlashes`: `"` and `\` are escaped, the control characters U+0000–U+001F are
/// written `\b`, `\f`, `\n`, `\r`, `\t` or `\u00xx`, and everything else (non-ASCII included) is written as its UTF-8.
/// A test compares the two on every ASCII character and on non-ASCII text.
public enum JSONStringLiteral {
  public static func append(_ string: String, to out: inout [UInt8]) {
    out.append(UInt8(ascii: "\""))
    appendEscaped(string.utf8, to: &out)
    out.append(UInt8(ascii: "\""))
  }

  /// The literal's contents without its quotes: `text` (UTF-8) with the escapes above.
  public static func appendEscaped(_ text: some Sequence<UInt8>, to out: inout [UInt8]) {
    for byte in text {
      switch byte {
      case UInt8(ascii: "\""): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
      case UInt8(ascii: "\\"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
      case 0x08: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
      case 0x0C: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
      case 0x0A: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
      case 0x0D: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
      case 0x09: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
      case 0x00..<0x20:
        out.append(contentsOf: Array("\\u00".utf8))
        out.append(hexDigits[Int(byte >> 4)])
        out.append(hexDigits[Int(byte & 0x0F)])
      default: out.append(byte)
      }
    }
  }

  private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)
}
