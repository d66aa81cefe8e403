import Foundation
import Matching
import TestSupport
import Testing

/// `Passage.isMoved(_:by:)` must say exactly what `self == other.shifted(by:)` says: the language server reuses a
/// passage's diagnostic on it, so a false "moved" would show a stale message or link.
@Suite struct PassageMoveTests {
  /// Real passages, with alignments, alternatives and ids, from scans of fixture text with an edited copy.
  static func passages() throws -> [Passage] {
    let dir = try TemporaryDirectory()
    let scanner = try MatchingFixtures.scanner(
      extra: [("lighthouse-copy", MatchingFixtures.lighthouse)], in: dir)
    let edited = MatchingFixtures.lighthouse.replacingOccurrences(of: "the", with: "a")
    let text = MatchingFixtures.filler(seed: 3) + "\n\n" + edited + "\n\n" + MatchingFixtures.sourdough
    return try MatchingFixtures.scan(text, with: scanner).passages
  }

  @Test func aMovedPassageIsRecognisedAndNothingElseIs() throws {
    let passages = try Self.passages()
    try #require(passages.count >= 2)
    try #require(passages.contains { !($0.best?.alignment.isEmpty ?? true) })
    for passage in passages {
      for delta in [1, 17, -3, 4096] where passage.range.utf8Start + delta >= 0 {
        let moved = passage.shifted(by: delta)
        #expect(moved.isMoved(passage, by: delta))
        #expect(!moved.isMoved(passage, by: delta + 1))
        #expect(!passage.isMoved(passage, by: delta))

        var otherText = moved
        otherText.text += " "
        #expect(!otherText.isMoved(passage, by: delta))
        var otherID = moved
        otherID.id = passage.id
        #expect(!otherID.isMoved(passage, by: delta))
        var otherStrength = moved
        otherStrength.best?.eValue *= 2
        #expect(!otherStrength.isMoved(passage, by: delta))
        if var span = moved.best?.alignment.first {
          var otherSpan = moved
          span.transcript = ByteRange(utf8Start: span.transcript.utf8Start, utf8End: span.transcript.utf8End + 1)
          otherSpan.best?.alignment[0] = span
          #expect(!otherSpan.isMoved(passage, by: delta))
        }
        var otherAlternatives = moved
        otherAlternatives.alternatives.append(contentsOf: moved.best.map { [$0] } ?? [])
        #expect(!otherAlternatives.isMoved(passage, by: delta))
      }
      #expect(passage.isMoved(passage, by: 0))
    }
    #expect(!passages[0].isMoved(passages[1], by: passages[0].range.utf8Start - passages[1].range.utf8Start))
  }

  /// With a comparator for E-values, a passage whose E-values moved (the transcript's token count changed) is the
  /// other moved exactly when the comparator accepts every pair; nothing else is relaxed.
  @Test func eValuesAreComparedByTheGivenComparatorOnly() throws {
    let passages = try Self.passages()
    let alike: (Double, Double) -> Bool = { a, b in abs(a - b) <= 0.5 * max(abs(a), abs(b)) }
    for passage in passages where passage.best != nil {
      for delta in [0, 5] where passage.range.utf8Start + delta >= 0 {
        var moved = passage.shifted(by: delta)
        moved.best?.eValue *= 1.25
        for i in moved.alternatives.indices { moved.alternatives[i].eValue *= 1.25 }
        #expect(!moved.isMoved(passage, by: delta), "exact by default")
        #expect(moved.isMoved(passage, by: delta, eValuesAlike: alike))
        var far = moved
        far.best?.eValue *= 4
        #expect(!far.isMoved(passage, by: delta, eValuesAlike: alike))
        var otherBits = moved
        otherBits.best?.bits += 1
        #expect(!otherBits.isMoved(passage, by: delta, eValuesAlike: alike))
      }
    }
  }
}
