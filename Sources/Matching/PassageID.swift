import ReferenceIndex
import TextProcessing

/// Stable passage identifiers: the same finding in the same file gets the same id in every run, so a code action
/// computed from one scan still names the right passage after a rescan.
///
/// The id is the XXH64 of `kind|start|end|reference` (UTF-8, offsets in decimal), as 16 lower-case hex digits.
enum PassageID {
  /// Writes the key's bytes into one buffer and the digits straight into the id: a rescan in the language server
  /// makes an id for every passage an edit moved, and building the key and the hex as strings was 2.4% of a
  /// keystroke's profile in a 10 MB transcript.
  static func make(kind: FindingKind, range: ByteRange, reference: String) -> String {
    var key: [UInt8] = []
    key.reserveCapacity(kind.rawValue.utf8.count + reference.utf8.count + 44)
    key.append(contentsOf: kind.rawValue.utf8)
    key.append(UInt8(ascii: "|"))
    ASCIIDecimal.append(range.utf8Start, to: &key)
    key.append(UInt8(ascii: "|"))
    ASCIIDecimal.append(range.utf8End, to: &key)
    key.append(UInt8(ascii: "|"))
    key.append(contentsOf: reference.utf8)
    let hash = key.withUnsafeBytes { XXHash64.hash($0) }
    return String(unsafeUninitializedCapacity: 16) { buffer in
      for i in 0..<16 {
        let nibble = UInt8(truncatingIfNeeded: hash >> UInt64(60 - 4 * i)) & 0xF
        buffer[i] = nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
      }
      return 16
    }
  }
}
