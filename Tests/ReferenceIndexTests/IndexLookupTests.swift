import Foundation
import ReferenceIndex
import TestSupport
import Testing
import TextProcessing

/// Opening an index and the lookups the matcher relies on: documents, postings of a seed, term statistics.
@Suite struct IndexLookupTests {
  @Test func documentsAreStoredExactlyAsRead() throws {
    let dir = try TemporaryDirectory()
    let input = try dir.write(
      "ref.jsonl",
      IndexFixtures.jsonLine(id: "a-1", model: "gpt-4", prompt: "Say café", output: "Café « déjà vu » 😀 done.")
        + "\n" + IndexFixtures.corpus(count: 11))
    let report = try IndexFixtures.build([input], to: dir.path + "/ref.eli")
    #expect(report.documentCount == 12)
    #expect(report.problems.isEmpty)

    let index = try ReferenceIndexFile(path: dir.path + "/ref.eli")
    #expect(index.documentCount == 12)
    #expect(index.header.formatVersion == IndexHeader.formatVersion)
    #expect(index.header.normalizerVersion == NormalizationRules.version)
    let first = try index.document(0)
    #expect(first.id == "a-1")
    #expect(first.model == "gpt-4")
    #expect(first.prompt == "Say café")
    #expect(first.source == input)
    #expect(first.text == Array("Café « déjà vu » 😀 done.".utf8))
    #expect(first.tokenCount == Tokenizer.tokenize("Café « déjà vu » 😀 done.").count)
    #expect(try index.document(5).id == "doc-4")
    #expect(index.tokenCount == (0..<12).reduce(0) { $0 + ((try? index.document($1).tokenCount) ?? 0) })
    let outOfRange = IndexFixtures.errorText { _ = try index.document(12) }
    #expect(outOfRange?.contains("documents section: document number 12 is out of range (the file has 12)") == true)
  }

  @Test func everyStoredSeedOfADocumentLeadsBackToIt() throws {
    let dir = try TemporaryDirectory()
    let input = try dir.write("ref.jsonl", IndexFixtures.corpus(count: 12))
    try IndexFixtures.build([input], to: dir.path + "/ref.eli")
    let index = try ReferenceIndexFile(path: dir.path + "/ref.eli")
    let document = try index.document(3)
    let text = String(decoding: document.text, as: UTF8.self)
    let seeds = IndexFixtures.selectedSeeds(
      text, seedLength: Int(index.header.seedLength), windowSize: Int(index.header.windowSize))
    #expect(seeds.count > 5)
    for (seed, position) in seeds {
      let range = try index.postingRange(of: seed)
      let postings = try range.map { try index.posting($0) }
      #expect(
        postings.contains { $0.document == 3 && $0.tokenPosition == position }, "seed at token \(position) of doc-3")
    }
  }

  @Test func aSeedThatNoDocumentHasFindsNothing() throws {
    let dir = try TemporaryDirectory()
    let input = try dir.write("ref.jsonl", IndexFixtures.corpus(count: 12))
    try IndexFixtures.build([input], to: dir.path + "/ref.eli")
    let set = try ReferenceIndexSet(paths: [dir.path + "/ref.eli"])
    for seed in IndexFixtures.allSeeds("zebra xylophone quokka narwhal platypus", seedLength: set.seedLength) {
      #expect(try set.shards[0].postingRange(of: seed).isEmpty)
      #expect(try set.forEachPosting(of: seed, limit: .max) { _, _, _ in Issue.record("unexpected posting") } == 0)
    }
  }

  @Test func termStatisticsCountOccurrencesAndDocuments() throws {
    let dir = try TemporaryDirectory()
    let lines = (0..<10).map { i in
      IndexFixtures.jsonLine(
        id: "t\(i)", model: "m", prompt: nil,
        output: "Common word here in document number \(i)." + (i == 4 ? " Rare rare RARE." : ""))
    }
    let input = try dir.write("ref.jsonl", lines.joined(separator: "\n"))
    try IndexFixtures.build([input], to: dir.path + "/ref.eli")
    let index = try ReferenceIndexFile(path: dir.path + "/ref.eli")
    let common = try #require(try index.termStatistic(IndexFixtures.term("common")))
    #expect(common.count == 10)
    #expect(common.documentFrequency == 10)
    let rare = try #require(try index.termStatistic(IndexFixtures.term("rare")))
    #expect(rare.count == 3, "case folding makes Rare, rare and RARE one term")
    #expect(rare.documentFrequency == 1)
    #expect(try index.termStatistic(IndexFixtures.term("absent")) == nil)
    let set = try ReferenceIndexSet(paths: [dir.path + "/ref.eli"])
    #expect(try set.termCount(IndexFixtures.term("common")) == 10)
    #expect(try set.termCount(IndexFixtures.term("absent")) == 0)
  }

  /// Every term of a corpus of thousands of distinct words is found with its exact count, and absent terms are not;
  /// this covers the interpolating search over the term table at its ends and in between.
  @Test func everyTermOfALargeVocabularyIsFoundWithItsCount() throws {
    let dir = try TemporaryDirectory()
    var expected: [UInt64: Int] = [:]
    var lines: [String] = []
    for d in 0..<40 {
      let words = (0..<150).map { w in "w\((d * 97 + w * 31) % 4000)x" }
      for word in words { expected[IndexFixtures.term(word), default: 0] += 1 }
      lines.append(IndexFixtures.jsonLine(id: "d\(d)", model: "m", prompt: nil, output: words.joined(separator: " ")))
    }
    let input = try dir.write("ref.jsonl", lines.joined(separator: "\n"))
    try IndexFixtures.build([input], to: dir.path + "/ref.eli")
    let index = try ReferenceIndexFile(path: dir.path + "/ref.eli")
    #expect(index.header.termCount == UInt64(expected.count))
    for (term, count) in expected {
      #expect(try index.termStatistic(term)?.count == UInt32(count))
    }
    let sorted = expected.keys.sorted()
    for absent in [0, UInt64.max, sorted[0] &- 1, sorted[sorted.count - 1] &+ 1, sorted[10] &+ 1, sorted[2000] &- 1] {
      #expect(try index.termStatistic(absent) == nil)
    }
  }

  @Test func aDirectoryOfShardsOpensInNameOrderAndAnEmptyOneIsAnError() throws {
    let dir = try TemporaryDirectory()
    let input = try dir.write("ref.jsonl", IndexFixtures.corpus(count: 6))
    var options = IndexBuildOptions()
    options.shardCount = 2
    options.shardIndex = 2
    try IndexFixtures.build([input], to: dir.path + "/shards/b.eli", options: options)
    options.shardIndex = 1
    try IndexFixtures.build([input], to: dir.path + "/shards/a.eli", options: options)
    try dir.write("shards/notes.txt", "not an index")
    let set = try ReferenceIndexSet(paths: [dir.path + "/shards"])
    #expect(set.shards.map { ($0.path as NSString).lastPathComponent } == ["a.eli", "b.eli"])
    #expect(set.documentCount == 6)
    #expect(set.identity.count == 16)

    try FileManager.default.createDirectory(atPath: dir.path + "/empty", withIntermediateDirectories: true)
    let message = IndexFixtures.errorText { _ = try ReferenceIndexSet(paths: [dir.path + "/empty"]) }
    #expect(message == "\(dir.path)/empty: no index files (*.eli) found")
    let missing = IndexFixtures.errorText { _ = try ReferenceIndexSet(paths: [dir.path + "/nope.eli"]) }
    #expect(missing?.contains("\(dir.path)/nope.eli") == true)
    #expect(missing?.contains("no such file") == true)
  }

  @Test func aShardWithNoDocumentsOpensVerifiesAndFindsNothing() throws {
    let dir = try TemporaryDirectory()
    let input = try dir.write("ref.jsonl", IndexFixtures.corpus(count: 3))
    var options = IndexBuildOptions()
    options.shardCount = 5
    options.shardIndex = 5
    let report = try IndexFixtures.build([input], to: dir.path + "/empty.eli", options: options)
    #expect(report.documentCount == 0)
    let index = try ReferenceIndexFile(path: dir.path + "/empty.eli")
    _ = try index.verify()
    for seed in IndexFixtures.allSeeds(IndexFixtures.text(seed: 0, words: 60), seedLength: 4) {
      #expect(try index.postingRange(of: seed).isEmpty)
    }
  }
}
