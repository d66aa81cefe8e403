import Foundation
import ReferenceIndex
import TestSupport
import Testing
import TextProcessing

/// The tokens section (format version 2): each document's terms as the builder tokenised them, coded as frequency
/// ranks and read back without tokenising, and damage to it found by the reader and by `verify`.
@Suite struct StoredTokensTests {
  /// Texts with accents, CJK, emoji, Markdown markers and an empty output, so that the stored terms are those of
  /// the tokenizer's every path.
  static let texts = [
    "Photosynthesis turns light into chemical energy.",
    "Café crème, naïve résumé — “quoted” words; 東京で会いましょう 🎉 done.",
    "1. Preheat the oven\n2. Mix the flour\n```python\nprint('x')\n```\n[a link](https://example.com) ends",
    "",
    String(repeating: "many words in a long answer ", count: 300),
  ]

  func build(_ texts: [String], options: IndexBuildOptions = IndexBuildOptions()) throws -> (TemporaryDirectory, String)
  {
    let dir = try TemporaryDirectory()
    let lines = try texts.enumerated().map { i, text in
      String(
        decoding: try JSONSerialization.data(withJSONObject: ["id": "doc-\(i)", "model": "m", "output": text]),
        as: UTF8.self)
    }
    let input = try dir.write("ref.jsonl", lines.joined(separator: "\n") + "\n")
    try IndexFixtures.build([input], to: dir.path + "/ref.eli", options: options)
    return (dir, dir.path + "/ref.eli")
  }

  @Test func everyDocumentsStoredTermsAreItsTextsTerms() throws {
    let (dir, path) = try build(Self.texts)
    let index = try ReferenceIndexFile(path: path)
    try withExtendedLifetime(dir) { () throws -> Void in
      #expect(index.header.formatVersion == 4)
      for n in 0..<index.documentCount {
        let document = try index.document(n)
        let stored = try index.documentTerms(n)
        #expect(stored == Tokenizer.terms(document.text), "document \(n)")
        #expect(stored.count == document.tokenCount)
      }
      _ = try index.verifyDeep()
    }
  }

  /// The builder codes the terms a chunk of the token file at a time, each chunk in parts on several threads, and
  /// writes the codes back over the terms already read; a corpus of more tokens than one chunk holds (131,072), with
  /// documents of many lengths and empty ones first, between and last, must still store every document's own
  /// terms, each starting where it should.
  @Test func termsPastTheFirstChunkOfTheTokenFileAreStoredInTheirDocuments() throws {
    let vocabulary = (0..<3000).map { "w\($0)" } + ["the", "a", "of", "and", "to"]
    var random = SplitMix64(seed: 7)
    var texts = [""]
    var tokens = 0
    while tokens < 200_000 {
      let length = Int(random.next() % 400)
      let words = (0..<length).map { _ in
        // Zipf-like: the five common words half the time, so ranks take one and two bytes.
        random.next() % 2 == 0
          ? vocabulary[3000 + Int(random.next() % 5)] : vocabulary[Int(random.next() % 3000)]
      }
      texts.append(words.joined(separator: " "))
      if random.next() % 50 == 0 { texts.append("") }
      tokens += length
    }
    texts.append("")
    let (dir, path) = try build(texts)
    let index = try ReferenceIndexFile(path: path)
    try withExtendedLifetime(dir) { () throws -> Void in
      #expect(index.documentCount == texts.count)
      #expect(index.tokenCount > 131_072)
      for n in 0..<index.documentCount {
        let document = try index.document(n)
        let stored = try index.documentTerms(n)
        if stored != Tokenizer.terms(document.text) {
          Issue.record("document \(n) of \(index.documentCount) holds other terms than its text")
          return
        }
      }
      _ = try index.verifyDeep()
    }
  }

  @Test func shardsStoreTheirOwnDocumentsTerms() throws {
    var options = IndexBuildOptions()
    options.shardCount = 2
    options.shardIndex = 2
    let (dir, path) = try build(Self.texts, options: options)
    let index = try ReferenceIndexFile(path: path)
    try withExtendedLifetime(dir) { () throws -> Void in
      #expect(index.documentCount == 2)
      for n in 0..<index.documentCount {
        let text = try index.document(n).text
        #expect(try index.documentTerms(n) == Tokenizer.terms(text))
      }
    }
  }

  /// A start that cuts a document's codes short or lies past them is damage named by the reader, and by `verify`
  /// even when the checksums were recomputed.
  @Test func aDamagedStartIsFoundByTheReaderAndByVerify() throws {
    let (dir, path) = try build(Self.texts)
    let intact = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
    let tokens = IndexDamage.sections(of: intact)[IndexSection.tokens.rawValue]
    var bytes = intact
    // Document 1's start moves one byte later: document 0's codes gain document 1's first byte, and document 1's
    // 16 one-byte codes are left 15 bytes.
    IndexDamage.store(
      IndexDamage.load(bytes, tokens.offset + 8, as: UInt64.self) + 1, into: &bytes, at: tokens.offset + 8)
    IndexDamage.reseal(&bytes)
    let damaged = try dir.write("damaged.eli", bytes: bytes)
    let index = try ReferenceIndexFile(path: damaged)
    let first = IndexFixtures.errorText { _ = try index.documentTerms(0) }
    #expect(first?.contains("tokens section: document 0's codes hold more than its record's 6 tokens") == true)
    let second = IndexFixtures.errorText { _ = try index.documentTerms(1) }
    #expect(
      second?.contains("tokens section: document 1's 15 bytes of codes cannot hold its record's 16 tokens") == true)
    // `verify` finds it without decoding: document 1's codes are too short for its tokens.
    let verified = IndexFixtures.errorText { _ = try index.verify() }
    #expect(verified == second, "\(verified ?? "")")

    var beyond = intact
    IndexDamage.store(UInt64(1) << 40, into: &beyond, at: tokens.offset + 16)
    IndexDamage.reseal(&beyond)
    let far = try ReferenceIndexFile(path: try dir.write("far.eli", bytes: beyond))
    let farRead = IndexFixtures.errorText { _ = try far.documentTerms(1) }
    #expect(farRead?.contains("tokens section: start 2 is 1099511627776, beyond the") == true, "\(farRead ?? "")")
  }

  /// Codes of every length decode to their rank, and the rank order puts frequent terms first.
  @Test func frequentTermsTakeOneByteAndCommonWordsComeFirst() throws {
    let (dir, path) = try build(Self.texts)
    let index = try ReferenceIndexFile(path: path)
    try withExtendedLifetime(dir) { () throws -> Void in
      let tokens = index.header.sections[IndexSection.tokens.rawValue]
      let fixed = (UInt64(index.documentCount) + 1 + index.header.termCount) * 8
      // "many words in a long answer" 300 times: the codes are close to one byte per token.
      #expect(tokens.length - fixed >= index.header.tokenCount)
      #expect(tokens.length - fixed < index.header.tokenCount * 11 / 10)
      // The most frequent term ranks first: "many" and its neighbours occur 300 times, more than any other.
      let first = try index.documentTerms(4).first
      let rankTable = try #require(try? Data(contentsOf: URL(fileURLWithPath: path)))
      let start = Int(tokens.offset) + (index.documentCount + 1) * 8
      let topTerm = rankTable[start..<(start + 8)].enumerated().reduce(UInt64(0)) {
        $0 | UInt64($1.element) << (8 * $1.offset)
      }
      #expect(Tokenizer.terms("many words in a long answer").contains(topTerm))
      #expect(first == Tokenizer.terms("many").first)
    }
  }

  /// The builder's token file is deleted with the build, whether it succeeds or not.
  @Test func theBuildLeavesNoTokenFileBehind() throws {
    let (dir, _) = try build(Self.texts)
    let names = try FileManager.default.contentsOfDirectory(atPath: dir.path)
    #expect(names.sorted() == ["ref.eli", "ref.jsonl"])
  }
}
