import Foundation
import ReferenceIndex
import TestSupport
import Testing

@testable import Matching

/// A posting in a long document's later part is read through the extra parts section (index format 4); scans must
/// find exactly what they find when every document is one part. Real indexes cut only documents of thousands of
/// tokens; here parts of 8 tokens put nearly every posting of the reference answers in an extra part.
@Suite struct DocumentPartsScanTests {
  /// What a passage says about where it matched: compared between the two indexes (whose identities differ).
  func summary(_ result: ScanResult) -> [String] {
    result.passages.map { p in
      let best = p.best.map { m in
        "\(m.documentID) ref \(m.referenceRange.utf8Start)-\(m.referenceRange.utf8End) bits \(m.bits) "
          + "run \(m.longestVerbatimRun) similarity \(m.similarity)"
      }
      return "\(p.kind) \(p.range.utf8Start)-\(p.range.utf8End) \(best ?? "-") alternatives "
        + p.alternatives.map(\.documentID).joined(separator: ",")
    }
  }

  @Test func scansFindTheSameEchoesWhenDocumentsAreCutIntoShortParts() throws {
    let dir = try TemporaryDirectory()
    let corpus = MatchingFixtures.referenceCorpus()
    let whole = try MatchingFixtures.index(corpus, in: dir, name: "whole")
    var options = IndexBuildOptions()
    options.widestPositionBits = 3
    let cut = try MatchingFixtures.index(corpus, in: dir, name: "cut", options: options)
    #expect(whole.shards[0].header.positionBits == 27, "19 documents need 5 bits of part number")
    #expect(cut.shards[0].header.positionBits == 3)
    #expect(cut.shards[0].header.sections[IndexSection.extraParts.rawValue].length > 100 * 8)
    _ = try cut.shards[0].verifyDeep()

    let identities = try IdentityCatalog.builtIn()
    let scanners = try [whole, cut].map {
      try EchoScanner(references: $0, background: nil, identities: identities, parameters: ScanParameters())
    }
    let answers = MatchingFixtures.answers.map(\.1)
    let transcripts = [
      MatchingFixtures.unrelated + "\n\n" + answers[0] + "\n\n" + MatchingFixtures.unrelated,
      answers[1] + " " + answers[2],
      MatchingFixtures.filler(seed: 3) + " " + MatchingFixtures.unrelated,
    ]
    var echoes = 0
    for transcript in transcripts {
      let results = try scanners.map { try MatchingFixtures.scan(transcript, with: $0) }
      #expect(summary(results[0]) == summary(results[1]))
      echoes += results[1].passages.filter { $0.kind == .echo }.count
    }
    #expect(echoes >= 3)
  }
}
