@testable import Matching
import ReferenceIndex
import Testing

/// Passage ids are recorded in evidence reports and scan outputs, so their bytes never change: the id is the XXH64
/// of `kind|start|end|reference` as 16 lower-case hex digits, whatever code builds it.
@Suite struct PassageIDTests {
  /// The id as the format defines it, built the plain way.
  static func reference(kind: FindingKind, range: ByteRange, reference: String) -> String {
    let key = Array("\(kind.rawValue)|\(range.utf8Start)|\(range.utf8End)|\(reference)".utf8)
    let hex = String(key.withUnsafeBytes { XXHash64.hash($0) }, radix: 16)
    return String(repeating: "0", count: 16 - hex.count) + hex
  }

  @Test func idsAreTheHashOfKindRangeAndReference() {
    let ranges = [(0, 0), (0, 9), (7, 10), (99, 100), (1_000, 123_456_789), (Int(Int32.max), Int(Int32.max) + 5)]
    let references = ["", "mtbench:81:t1", "gpt-4 · 漢字 😀", "OpenAI"]
    var ids = Set<String>()
    for kind in [FindingKind.echo, .commonText, .selfIdentification] {
      for (start, end) in ranges {
        for name in references {
          let range = ByteRange(utf8Start: start, utf8End: end)
          let id = PassageID.make(kind: kind, range: range, reference: name)
          #expect(id == Self.reference(kind: kind, range: range, reference: name))
          #expect(id.utf8.count == 16 && id.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) })
          ids.insert(id)
        }
      }
    }
    #expect(ids.count == 3 * 6 * 4)
  }

  /// A hash whose hex form has leading zeros keeps them: found by search among ranges, so the check is not vacuous.
  @Test func leadingZerosAreKept() throws {
    let range = try #require(
      (0..<100_000).lazy.map { ByteRange(utf8Start: $0, utf8End: $0 + 1) }.first {
        Self.reference(kind: .echo, range: $0, reference: "x").hasPrefix("00")
      })
    #expect(PassageID.make(kind: .echo, range: range, reference: "x").hasPrefix("00"))
  }
}
