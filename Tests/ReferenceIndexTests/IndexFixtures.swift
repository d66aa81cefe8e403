import Foundation
import ReferenceIndex
import TestSupport
import TextProcessing

/// Small reference corpora written for these tests, and helpers to build and inspect index files from them.
///
/// Texts are generated from a fixed vocabulary with a seeded generator, so every run builds the same corpus and
/// every document is distinct enough that its seeds point at it alone.
enum IndexFixtures {
  static let vocabulary = """
    river lantern copper meadow quiet harbor velvet orchard signal pebble thunder marble willow canyon ember
    glacier falcon saddle violet cobalt prairie anchor beacon cinder dune ferry garnet hollow ivory jasmine
    kettle ledger mosaic nectar oyster parcel quartz raven spruce tundra umber vessel walnut yonder zephyr
    bramble candle dormer easel fennel gravel hazel indigo juniper kelp lattice mantle nimbus otter pewter
    quiver rustic sorrel thimble upland vellum wicker yarrow basalt chisel drizzle estuary fjord grotto heron
    inlet jetty knoll lagoon mesa nook outcrop plateau quarry ridge shoal terrace vale wharf atoll bluff cove
    delta fen gorge heath isle
    """.split(whereSeparator: \.isWhitespace).map(String.init)

  static func word(_ generator: inout SeededGenerator) -> String { vocabulary[generator.below(vocabulary.count)] }

  /// A text of `words` words, with sentence punctuation, that depends only on `seed`.
  static func text(seed: UInt64, words: Int) -> String {
    var generator = SeededGenerator(seed: seed &* 7919 &+ 17)
    var out: [String] = []
    for i in 0..<words {
      var w = Self.word(&generator)
      if i % 9 == 0 { w = w.prefix(1).uppercased() + w.dropFirst() }
      if i % 9 == 8 || i == words - 1 { w += "." }
      out.append(w)
    }
    return out.joined(separator: " ")
  }

  /// One flat JSONL line with the default field names.
  static func jsonLine(id: String, model: String, prompt: String?, output: String) -> String {
    var object: [String: String] = ["id": id, "model": model, "output": output]
    if let prompt { object["prompt"] = prompt }
    return json(object)
  }

  /// A JSON object with sorted keys, as one line.
  static func json(_ object: Any) -> String {
    let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
    return String(decoding: data, as: UTF8.self)
  }

  /// A JSONL corpus of `count` documents of `words` words each, ids `doc-0` … .
  static func corpus(count: Int, words: Int = 60, model: String = "gpt-test", seedOffset: UInt64 = 0) -> String {
    (0..<count).map { i in
      jsonLine(
        id: "doc-\(i)", model: model, prompt: "Prompt \(i)", output: text(seed: UInt64(i) + seedOffset, words: words))
    }.joined(separator: "\n") + "\n"
  }

  /// Builds `inputs` into `output` with `options` and returns the report.
  @discardableResult
  static func build(
    _ inputs: [String], to output: String, options: IndexBuildOptions = IndexBuildOptions(),
    problems: [CorpusProblem]? = nil
  ) throws -> IndexBuildReport {
    var options = options
    if options.builtAt == nil { options.builtAt = 1_700_000_000 }
    let directory = (output as NSString).deletingLastPathComponent
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    return try IndexBuilder(inputs: inputs, outputPath: output, options: options).build()
  }

  /// The file's bytes.
  static func bytes(_ path: String) throws -> [UInt8] { Array(try Data(contentsOf: URL(fileURLWithPath: path))) }

  /// The term hashes of `text`, as the builder computes them.
  static func terms(_ text: String) -> [UInt64] { Tokenizer.tokenize(text).map(\.term) }

  /// The term hash of one word.
  static func term(_ word: String) -> UInt64 { Tokenizer.tokenize(word)[0].term }

  /// Every k-gram seed of `text` with its token position.
  static func allSeeds(_ text: String, seedLength: Int) -> [UInt64] {
    let t = terms(text)
    let selector = SeedSelector(seedLength: seedLength, windowSize: 1)
    return t.withUnsafeBufferPointer { selector.allSeeds($0) }
  }

  /// The winnowed seeds of `text` (the ones the index stores), with their token positions.
  static func selectedSeeds(_ text: String, seedLength: Int, windowSize: Int) -> [(seed: UInt64, position: Int)] {
    let t = terms(text)
    let selector = SeedSelector(seedLength: seedLength, windowSize: windowSize)
    var out: [(UInt64, Int)] = []
    t.withUnsafeBufferPointer { selector.forEachSelectedSeed($0) { out.append(($0, $1)) } }
    return out
  }

  /// The postings of `seed` in `set`, named by document id, as a sorted list of "id@position".
  static func postings(of seed: UInt64, in set: ReferenceIndexSet) throws -> [String] {
    var found: [(Int, Int, Int)] = []
    try set.forEachPosting(of: seed, limit: .max) { found.append(($0, $1, $2)) }
    return try found.map { "\(try set.shards[$0.0].document($0.1).id)@\($0.2)" }.sorted()
  }

  /// The description of the error `body` throws, or nil when it does not throw.
  static func errorText(_ body: () throws -> Void) -> String? {
    do {
      try body()
      return nil
    } catch {
      return "\(error)"
    }
  }

  /// A copy of `path` at `copyPath` with `edit` applied to its bytes.
  static func copy(_ path: String, to copyPath: String, edit: (inout [UInt8]) -> Void) throws {
    var bytes = try bytes(path)
    edit(&bytes)
    try Data(bytes).write(to: URL(fileURLWithPath: copyPath))
  }
}
