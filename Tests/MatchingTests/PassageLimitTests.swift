import Foundation
import ReferenceIndex
import TestSupport
import Testing
import TextProcessing

@testable import Matching

/// A scan reports at most `maxPassagesPerDocument` passages: the strongest, in file order. The pieces' candidates
/// are ranked by a selection of the strongest rather than a sort of all of them; the result must be the one the
/// definition gives.
@Suite struct PassageLimitTests {
  @Test func aLimitedScanKeepsTheStrongestPassagesOfTheUnlimitedOne() throws {
    let dir = try TemporaryDirectory()
    var seed = SeededGenerator(seed: 21)
    let answers = LongTranscriptTests.syntheticAnswers(40, seed: &seed)
    let references = try MatchingFixtures.index(MatchingFixtures.referenceCorpus(extra: answers), in: dir)
    func scanner(limit: Int) throws -> EchoScanner {
      var parameters = ScanParameters()
      parameters.maxPassagesPerDocument = limit
      return try EchoScanner(
        references: references, background: nil, identities: try IdentityCatalog.builtIn(), parameters: parameters)
    }
    // Copies of different lengths (so of different strengths), some of the same length (ties in bits are broken
    // by position), over many pieces.
    var text: [UInt8] = []
    for (n, (_, answer)) in answers.enumerated() {
      LongTranscriptTests.filler(upTo: text.count + 2_000 + Int(seed.next() % 2_000), into: &text, seed: &seed)
      let words = answer.split(separator: " ")
      let length = n % 5 == 0 ? 60 : 30 + Int(seed.next() % 180)
      text += Array((words.prefix(length).joined(separator: " ") + "\n").utf8)
    }
    LongTranscriptTests.filler(upTo: text.count + 3_000, into: &text, seed: &seed)
    let segment = try #require(try Transcript.parse(text, format: .plainText).segments.first)
    try #require(EchoScanner.SegmentScan.pieces(of: segment).count > 2, "the test needs several pieces")

    let all = try scanner(limit: 500).scan(bytes: text, format: .plainText)
    #expect(!all.truncated)
    #expect(all.passages.count == answers.count)
    let encoder = JSONEncoder()
    encoder.outputFormatting = .sortedKeys
    for limit in [1, 7, 8, 25, 39] {
      let limited = try scanner(limit: limit).scan(bytes: text, format: .plainText)
      let expected = all.passages.indices
        .sorted { i, j in
          let (a, b) = (all.passages[i], all.passages[j])
          let (x, y) = (a.best?.bits ?? .infinity, b.best?.bits ?? .infinity)
          return x != y ? x > y : a.range < b.range
        }
        .prefix(limit).sorted().map { all.passages[$0] }
      #expect(limited.truncated)
      #expect(limited.passages.count == limit)
      #expect(try encoder.encode(limited.passages) == encoder.encode(expected), "limit \(limit)")
    }
  }

  @Test func theSelectionFindsTheKthLargest() {
    var seed = SeededGenerator(seed: 3)
    for round in 0..<200 {
      let count = 1 + Int(seed.next() % 300)
      // Few distinct values in some rounds, so that ties are common; infinities as self-identification has.
      let distinct = round % 3 == 0 ? 4 : 1_000
      let values = (0..<count).map { _ -> Double in
        seed.next() % 50 == 0 ? .infinity : Double(seed.next() % UInt64(distinct)) - 10
      }
      let sorted = values.sorted(by: >)
      for k in Set([1, count, 1 + Int(seed.next() % UInt64(count))]) {
        #expect(EchoScanner.SegmentScan.largest(k, of: values) == sorted[k - 1])
      }
    }
  }
}
