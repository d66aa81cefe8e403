import Foundation
import ReferenceIndex
import TestSupport
import Testing

/// The same inputs and options give the same bytes, whether built in memory, through sorted runs on disk, or as
/// shards that are opened together.
@Suite struct IndexBuildDeterminismTests {
  @Test func rebuildingGivesAByteIdenticalFile() throws {
    let dir = try TemporaryDirectory()
    let input = try dir.write("ref.jsonl", IndexFixtures.corpus(count: 20))
    var options = IndexBuildOptions()
    options.builtAt = nil  // the inputs' modification time, as the CLI does
    try IndexBuilder(inputs: [input], outputPath: dir.path + "/one.eli", options: options).build()
    options.threads = 1
    try IndexBuilder(inputs: [input], outputPath: dir.path + "/two.eli", options: options).build()
    let one = try IndexFixtures.bytes(dir.path + "/one.eli")
    #expect(one.count > IndexHeader.size)
    #expect(one == (try IndexFixtures.bytes(dir.path + "/two.eli")))
    #expect(try ReferenceIndexFile(path: dir.path + "/one.eli").identity.count == 16)
  }

  @Test func threeShardsFindTheSamePostingsAsOneIndex() throws {
    let dir = try TemporaryDirectory()
    let corpus = IndexFixtures.corpus(count: 30, words: 50)
    // A shared paragraph in several documents, so some seeds have postings in more than one shard.
    let shared = "Every shared lantern sentence repeats across several documents in different shards of the corpus."
    let extra = (0..<5).map { IndexFixtures.jsonLine(id: "shared-\($0)", model: "m", prompt: nil, output: shared) }
    let input = try dir.write("ref.jsonl", corpus + extra.joined(separator: "\n"))
    try IndexFixtures.build([input], to: dir.path + "/whole.eli")
    var options = IndexBuildOptions()
    options.shardCount = 3
    for shard in 1...3 {
      options.shardIndex = shard
      try IndexFixtures.build([input], to: dir.path + "/shards/part\(shard).eli", options: options)
    }
    let whole = try ReferenceIndexSet(paths: [dir.path + "/whole.eli"])
    let sharded = try ReferenceIndexSet(paths: [dir.path + "/shards"])
    #expect(sharded.shards.count == 3)
    #expect(sharded.shards.map { Int($0.header.shardIndex) } == [1, 2, 3])
    #expect(sharded.shards.map(\.documentCount) == [12, 12, 11])
    #expect(sharded.documentCount == whole.documentCount)
    #expect(sharded.tokenCount == whole.tokenCount)

    var seedsChecked = 0
    for i in [0, 1, 2, 7, 13, 29] {
      let text = IndexFixtures.text(seed: UInt64(i), words: 50)
      for seed in IndexFixtures.allSeeds(text, seedLength: whole.seedLength) {
        let expected = try IndexFixtures.postings(of: seed, in: whole)
        #expect(try IndexFixtures.postings(of: seed, in: sharded) == expected)
        if !expected.isEmpty { seedsChecked += 1 }
      }
    }
    #expect(seedsChecked > 30)
    var sharedSeeds = 0
    for seed in IndexFixtures.allSeeds(shared, seedLength: whole.seedLength) {
      let expected = try IndexFixtures.postings(of: seed, in: whole)
      #expect(try IndexFixtures.postings(of: seed, in: sharded) == expected)
      if expected.count == 5 { sharedSeeds += 1 }
    }
    #expect(sharedSeeds > 0)
    for word in ["river", "lantern", "shared", "heath"] {
      #expect(try sharded.termCount(IndexFixtures.term(word)) == whole.termCount(IndexFixtures.term(word)))
    }
    // The batched lookup a scan uses gives, seed for seed, the postings of one lookup at a time.
    var seeds = IndexFixtures.allSeeds(shared, seedLength: whole.seedLength) + [0, .max, 12345]
    for i in [0, 7, 29] {
      seeds += IndexFixtures.allSeeds(IndexFixtures.text(seed: UInt64(i), words: 50), seedLength: 4)
    }
    for set in [whole, sharded] {
      let ranges = try seeds.withUnsafeBufferPointer { try set.postingRanges(of: $0) }
      #expect(ranges.count == set.shards.count)
      for (i, seed) in seeds.enumerated() {
        var batched: [String] = []
        for (shard, shardRanges) in ranges.enumerated() {
          for p in shardRanges[i] {
            let posting = try set.posting(shard: shard, at: p)
            batched.append("\(try set.shards[shard].document(posting.document).id)@\(posting.tokenPosition)")
          }
        }
        #expect(batched.sorted() == (try IndexFixtures.postings(of: seed, in: set)))
      }
    }
  }

  @Test func postingsAboveTheLimitAreCountedButNotVisited() throws {
    let dir = try TemporaryDirectory()
    let text = "The very same sentence appears in each of these documents."
    let lines = (0..<6).map { IndexFixtures.jsonLine(id: "d\($0)", model: "m", prompt: nil, output: text) }
    let input = try dir.write("ref.jsonl", lines.joined(separator: "\n"))
    try IndexFixtures.build([input], to: dir.path + "/ref.eli")
    let set = try ReferenceIndexSet(paths: [dir.path + "/ref.eli"])
    let seed = IndexFixtures.selectedSeeds(text, seedLength: set.seedLength, windowSize: 8)[0].seed
    var visited = 0
    #expect(try set.forEachPosting(of: seed, limit: 5) { _, _, _ in visited += 1 } == 6)
    #expect(visited == 0)
    #expect(try set.forEachPosting(of: seed, limit: 6) { _, _, _ in visited += 1 } == 6)
    #expect(visited == 6)
  }

  /// A corpus big enough for more than one spill (the builder spills at least 65,536 postings at a time).
  func largeCorpus(_ dir: TemporaryDirectory, files: Int) throws -> [String] {
    try (0..<files).map { f in
      try dir.write("part\(f).jsonl", IndexFixtures.corpus(count: 400, words: 400, seedOffset: UInt64(f * 1000)))
    }
  }

  @Test func spillingSortedRunsToDiskGivesTheSameBytesAsAnInMemoryBuild() throws {
    let dir = try TemporaryDirectory()
    let inputs = try largeCorpus(dir, files: 3)
    let inMemory = try IndexFixtures.build(inputs, to: dir.path + "/memory.eli")
    #expect(inMemory.runsSpilled == 0)
    var options = IndexBuildOptions()
    options.memoryLimitBytes = 64 << 10
    let spilled = try IndexFixtures.build(inputs, to: dir.path + "/spilled.eli", options: options)
    #expect(spilled.runsSpilled >= 1)
    #expect(spilled.postingCount == inMemory.postingCount)
    #expect(try IndexFixtures.bytes(dir.path + "/spilled.eli") == (try IndexFixtures.bytes(dir.path + "/memory.eli")))
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.contains(".run") }.isEmpty)
    _ = try ReferenceIndexFile(path: dir.path + "/spilled.eli").verify()
  }

  /// A run is read back a chunk of 65,536 postings at a time; runs longer than that must be merged whole.
  @Test func runsLongerThanOneReadChunkAreMergedWhole() throws {
    let dir = try TemporaryDirectory()
    let inputs = try largeCorpus(dir, files: 5)
    let inMemory = try IndexFixtures.build(inputs, to: dir.path + "/memory.eli")
    var options = IndexBuildOptions()
    // About 131,000 postings in memory before a run is spilled (`memoryLimitBytes / 64`).
    options.memoryLimitBytes = 8 << 20
    let spilled = try IndexFixtures.build(inputs, to: dir.path + "/spilled.eli", options: options)
    #expect(spilled.runsSpilled >= 1)
    #expect(inMemory.postingCount > 131_072)
    #expect(try IndexFixtures.bytes(dir.path + "/spilled.eli") == (try IndexFixtures.bytes(dir.path + "/memory.eli")))
  }

  @Test func aTinyMemoryLimitSpillsSeveralRuns() throws {
    let dir = try TemporaryDirectory()
    let inputs = try largeCorpus(dir, files: 4)
    var options = IndexBuildOptions()
    options.memoryLimitBytes = 64 << 10
    let report = try IndexFixtures.build(inputs, to: dir.path + "/spilled.eli", options: options)
    #expect(report.postingCount > 2 * 65_536, "enough postings for several runs at the smallest run size")
    #expect(report.runsSpilled >= 2)
  }
}
