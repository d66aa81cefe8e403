import TestSupport
import Testing

@testable import Matching

/// The banded aligner against a plain, unbanded Smith–Waterman written the textbook way.
///
/// The aligner reuses one workspace for every alignment of a scan and reads only the cells each row computes; a
/// stale cell from an earlier, larger alignment would change a score. So the cases run in a random order of sizes
/// through one workspace, and each must agree with the textbook result.
@Suite struct TokenAlignerTests {
  /// Best local score of `a` against `b` with the aligner's scores, no band.
  func textbookScore(_ a: [UInt64], _ b: [UInt64]) -> Int {
    var previous = [Int](repeating: 0, count: b.count + 1)
    var best = 0
    for i in 1...a.count {
      var row = [Int](repeating: 0, count: b.count + 1)
      for j in 1...b.count {
        let diagonal = previous[j - 1] + (a[i - 1] == b[j - 1] ? TokenAligner.match : TokenAligner.mismatch)
        row[j] = max(0, diagonal, previous[j] + TokenAligner.gap, row[j - 1] + TokenAligner.gap)
        best = max(best, row[j])
      }
      previous = row
    }
    return best
  }

  /// A pseudo-random text over a small vocabulary, with a shared stretch planted in both sides.
  struct Case {
    var query: [UInt64]
    var reference: [UInt64]
  }

  func makeCase(_ rng: inout SeededGenerator) -> Case {
    let vocabulary = UInt64(3 + rng.below(12))
    let shared = (0..<(5 + rng.below(40))).map { _ in rng.next() % vocabulary }
    func side() -> [UInt64] {
      var text = (0..<rng.below(30)).map { _ in rng.next() % vocabulary }
      for token in shared {
        switch rng.below(10) {
        case 0: continue  // deleted
        case 1: text.append(rng.next() % vocabulary)  // substituted
        case 2: text += [rng.next() % vocabulary, token]  // inserted before
        default: text.append(token)
        }
      }
      text += (0..<rng.below(30)).map { _ in rng.next() % vocabulary }
      return text
    }
    return Case(query: side(), reference: side())
  }

  @Test func bandCoveringEverythingGivesTheTextbookScoreThroughOneReusedWorkspace() {
    var rng = SeededGenerator(seed: 42)
    let workspace = TokenAligner.Workspace()
    for _ in 0..<400 {
      let c = makeCase(&rng)
      let alignment = c.query.withUnsafeBufferPointer { q in
        c.reference.withUnsafeBufferPointer { r in
          TokenAligner.align(
            query: q, queryWindow: 0..<q.count, reference: r, referenceWindow: 0..<r.count,
            diagonals: (-q.count)...(r.count), workspace: workspace)
        }
      }
      let expected = textbookScore(c.query, c.reference)
      #expect((alignment?.score ?? 0) == expected)
      guard let alignment else { continue }
      // The columns replay to the score, and start and end on agreement.
      var replayed = 0
      for column in alignment.columns {
        switch column {
        case .equal(let q, let r):
          #expect(c.query[q] == c.reference[r])
          replayed += TokenAligner.match
        case .substitute(let q, let r):
          #expect(c.query[q] != c.reference[r])
          replayed += TokenAligner.mismatch
        case .insert, .delete: replayed += TokenAligner.gap
        }
      }
      #expect(replayed == expected)
      #expect(alignment.columns.first?.isEqual == true && alignment.columns.last?.isEqual == true)
    }
  }

  @Test func aNarrowBandNeverScoresAboveTheTextbookAndFindsAnUneditedCopy() {
    var rng = SeededGenerator(seed: 7)
    let workspace = TokenAligner.Workspace()
    for _ in 0..<200 {
      let copy = (0..<(20 + rng.below(60))).map { _ in rng.next() % 1000 }
      let before = (0..<rng.below(50)).map { _ in 1000 + rng.next() % 1000 }
      let after = (0..<rng.below(50)).map { _ in 2000 + rng.next() % 1000 }
      let query = before + copy + after
      let shift = rng.below(40)
      let reference = (0..<shift).map { _ in 3000 + rng.next() % 1000 } + copy
      let diagonal = shift - before.count
      let alignment = query.withUnsafeBufferPointer { q in
        reference.withUnsafeBufferPointer { r in
          TokenAligner.align(
            query: q, queryWindow: 0..<q.count, reference: r, referenceWindow: 0..<r.count,
            diagonals: (diagonal - 3)...(diagonal + 3), workspace: workspace)
        }
      }
      #expect(alignment?.queryRange == before.count..<(before.count + copy.count))
      #expect(alignment?.referenceRange == shift..<(shift + copy.count))
      #expect((alignment?.score ?? 0) <= textbookScore(query, reference))
    }
  }
}
