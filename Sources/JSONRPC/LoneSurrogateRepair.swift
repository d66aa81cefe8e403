import Foundation

/// Replaces each lone UTF-16 surrogate escape in a JSON body (`"\ud800"` without its partner) by `\ufffd`, as
/// editors do when they meet one.
///
/// A client's buffer may hold half of a surrogate pair (a paste cut in the middle of an emoji), and JSON can carry
/// it as an escape, but no Swift `String` can hold it: the decoder refuses the whole message, and dropping a
/// `didOpen` or a `didChange` leaves the document out of step with the editor for good. U+FFFD is one UTF-16 unit,
/// as the surrogate was, so every later position the client sends still lands where it meant. The escape has the
/// same length as the one it replaces, so byte offsets in the body do not move either.
enum LoneSurrogateRepair {
  /// `body` with every lone surrogate escape replaced; `body` itself (no copy) when there is none.
  static func repaired(_ body: Data) -> Data {
    let lone: [Int] = body.withUnsafeBytes { raw in
      let bytes = raw.bindMemory(to: UInt8.self)
      var found: [Int] = []
      var i = 0
      while i + 1 < bytes.count {
        guard bytes[i] == UInt8(ascii: "\\") else {
          i += 1
          continue
        }
        guard bytes[i + 1] == UInt8(ascii: "u"), let unit = hex4(bytes, at: i + 2) else {
          i += 2  // `\\`, `\n`, …: the escaped character is never the start of another escape
          continue
        }
        switch unit {
        case 0xD800...0xDBFF:
          if i + 7 < bytes.count, bytes[i + 6] == UInt8(ascii: "\\"), bytes[i + 7] == UInt8(ascii: "u"),
            let low = hex4(bytes, at: i + 8), (0xDC00...0xDFFF).contains(low)
          {
            i += 12
          } else {
            found.append(i)
            i += 6
          }
        case 0xDC00...0xDFFF:
          found.append(i)
          i += 6
        default:
          i += 6
        }
      }
      return found
    }
    guard !lone.isEmpty else { return body }
    var bytes = [UInt8](body)
    for start in lone { bytes.replaceSubrange((start + 2)..<(start + 6), with: Array("fffd".utf8)) }
    return Data(bytes)
  }

  /// The value of four hex digits at `offset`, or nil when they are not all there.
  private static func hex4(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int) -> UInt16? {
    guard offset + 4 <= bytes.count else { return nil }
    var value: UInt16 = 0
    for byte in bytes[offset..<(offset + 4)] {
      let digit: UInt8
      switch byte {
      case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
      case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
      case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
      default: return nil
      }
      value = value << 4 | UInt16(digit)
    }
    return value
  }
}
