import Foundation
import TestSupport
import Testing

@testable import Matching

/// A scanner keeps the term bits its scans computed (`TermBitsCache`); later scans start from them, and must find
/// exactly what a fresh scanner finds.
@Suite struct TermBitsCacheTests {
  @Test func aSecondScanFindsWhatAFreshScannerFinds() throws {
    let dir = try TemporaryDirectory()
    let transcript =
      MatchingFixtures.unrelated + "\n\n" + MatchingFixtures.chatAnswer(MatchingFixtures.lighthouse) + "\n\n"
      + MatchingFixtures.sourdough
    let warm = try MatchingFixtures.scanner(in: dir)
    let first = try MatchingFixtures.scan(transcript, with: warm)
    #expect(!first.passages.isEmpty)
    // The scanner now holds the bits of every term the first scan met; a scan of other text adds more.
    _ = try MatchingFixtures.scan(MatchingFixtures.beekeeping + "\n\n" + MatchingFixtures.chinese, with: warm)
    let again = try MatchingFixtures.scan(transcript, with: warm)
    let fresh = try MatchingFixtures.scan(transcript, with: try MatchingFixtures.scanner(in: try TemporaryDirectory()))
    let encoder = JSONEncoder()
    encoder.outputFormatting = .sortedKeys
    #expect(try encoder.encode(again) == encoder.encode(first))
    // Another index file (another identity), the same texts: the same passages with the same strength.
    #expect(again.passages.map(\.range) == fresh.passages.map(\.range))
    #expect(again.passages.map { $0.best?.bits } == fresh.passages.map { $0.best?.bits })
    #expect(again.passages.map { $0.best?.eValue } == fresh.passages.map { $0.best?.eValue })
  }

  @Test func entriesAreKeptOnceAndTheSnapshotIsACopy() {
    let cache = TermBitsCache()
    cache.add([(term: 7, bits: 3.5), (term: 9, bits: 12)])
    var snapshot = cache.snapshot()
    #expect(snapshot[7] == 3.5 && snapshot[9] == 12)
    snapshot.insert(11, 1)
    #expect(cache.snapshot()[11] == nil)
    // The first value of a term stays: the bits of a term depend on the index alone.
    cache.add([(term: 7, bits: 99)])
    #expect(cache.snapshot()[7] == 3.5)
  }
}
