import ReferenceIndex

/// Stable passage identifiers: the same finding in the same file gets the same id in every run, so a code action
/// computed from one scan still names the right passage after a rescan.
enum PassageID {
  static func make(kind: FindingKind, range: ByteRange, reference: String) -> String {
    let key = Array("\(kind.rawValue)|\(range.utf8Start)|\(range.utf8End)|\(reference)".utf8)
    let hash = key.withUnsafeBytes { XXHash64.hash($0) }
    let hex = String(hash, radix: 16)
    return String(repeating: "0", count: 16 - hex.count) + hex
  }
}
