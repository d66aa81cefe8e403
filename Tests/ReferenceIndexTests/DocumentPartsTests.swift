import Foundation
import ReferenceIndex
import TestSupport
import Testing

/// A posting packs its document and position into 32 bits (format version 4): the position's bits are what the
/// document count leaves, and a document longer than that is cut into parts listed in the extra parts section.
/// Real corpora cut only documents of thousands of tokens, so these tests lower the widest position field.
@Suite struct DocumentPartsTests {
  /// Documents without tokens (punctuation only, an emoji) and with them, one far longer than a part.
  static let outputs = [
    "!?", IndexFixtures.text(seed: 1, words: 40), "—", IndexFixtures.text(seed: 2, words: 300), "👋",
    "Café naïve 你好世界 " + IndexFixtures.text(seed: 3, words: 30), "***",
  ]

  func build(in dir: TemporaryDirectory, widestPositionBits: Int = 31) throws -> String {
    let lines = Self.outputs.enumerated().map {
      IndexFixtures.jsonLine(id: "doc-\($0.offset)", model: "gpt-test", prompt: nil, output: $0.element)
    }
    let input = try dir.write("corpus.jsonl", lines.joined(separator: "\n") + "\n")
    var options = IndexBuildOptions()
    options.widestPositionBits = widestPositionBits
    try IndexFixtures.build([input], to: dir.path + "/ref.eli", options: options)
    return dir.path + "/ref.eli"
  }

  /// The extra parts section's entries, (document, place), read from the file's bytes as `Protocol/INDEX.md` lays
  /// them out.
  func extraParts(_ bytes: [UInt8]) -> [[UInt32]] {
    let section = IndexDamage.sections(of: bytes)[IndexSection.extraParts.rawValue]
    return stride(from: section.offset, to: section.offset + section.length, by: 8).map {
      [IndexDamage.load(bytes, $0, as: UInt32.self), IndexDamage.load(bytes, $0 + 4, as: UInt32.self)]
    }
  }

  @Test func aSmallIndexKeepsEveryDocumentInOnePartWithTheWidestPositions() throws {
    let dir = try TemporaryDirectory()
    let path = try build(in: dir)
    let index = try ReferenceIndexFile(path: path)
    // Seven documents need three bits of part number.
    #expect(index.header.positionBits == 29)
    #expect(extraParts(try IndexFixtures.bytes(path)).isEmpty)
  }

  @Test func longDocumentsAreCutIntoPartsAndEveryStoredSeedLeadsBack() throws {
    let dir = try TemporaryDirectory()
    let path = try build(in: dir, widestPositionBits: 4)
    let index = try ReferenceIndexFile(path: path)
    #expect(index.header.positionBits == 4)
    let counts = try (0..<index.documentCount).map { Int(try index.document($0).tokenCount) }
    // Parts of 16 tokens: a document of n tokens has (n - 1) / 16 parts after its first, listed in order.
    let expected = counts.enumerated().flatMap { d, n in
      n <= 16 ? [] : (1...((n - 1) / 16)).map { [UInt32(d), UInt32($0)] }
    }
    #expect(extraParts(try IndexFixtures.bytes(path)) == expected)
    #expect(expected.count > 20)
    var beyondFirstPart = 0
    for n in 0..<index.documentCount {
      let text = String(decoding: try index.document(n).text, as: UTF8.self)
      for (seed, position) in IndexFixtures.selectedSeeds(
        text, seedLength: Int(index.header.seedLength), windowSize: Int(index.header.windowSize))
      {
        let postings = try index.postingRange(of: seed).map { try index.posting($0) }
        #expect(postings.contains { $0.document == n && $0.tokenPosition == position }, "doc-\(n) token \(position)")
        if position >= 16 { beyondFirstPart += 1 }
      }
    }
    #expect(beyondFirstPart > 30)
    #expect(try index.verifyDeep().derivedDataChecked)
  }

  /// Writes `bytes`, resealed, next to the index and opens it.
  func damaged(_ bytes: [UInt8], in dir: TemporaryDirectory) throws -> (String, ReferenceIndexFile) {
    var bytes = bytes
    IndexDamage.reseal(&bytes)
    let path = dir.path + "/damaged.eli"
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    return (path, try ReferenceIndexFile(path: path))
  }

  @Test func anExtraPartNamingAnotherDocumentIsFoundByVerifyAndOneBeyondTheFileByALookup() throws {
    let dir = try TemporaryDirectory()
    let path = try build(in: dir, widestPositionBits: 4)
    let intact = try ReferenceIndexFile(path: path)
    var bytes = try IndexFixtures.bytes(path)
    let section = IndexDamage.sections(of: bytes)[IndexSection.extraParts.rawValue]
    let entries = extraParts(bytes)
    #expect(entries[0] == [1, 1] && entries[2] == [3, 1])
    // Entry 2, document 3's second part, said to be document 1's.
    IndexDamage.store(UInt32(1), into: &bytes, at: section.offset + 2 * 8)
    let (wrong, swapped) = try damaged(bytes, in: dir)
    #expect(
      IndexFixtures.errorText { _ = try swapped.verify() }
        == "\(wrong): index is corrupted: extra parts section: entry 2 names part 1 of document 1, the records give "
        + "part 1 of document 3; rebuild it with `echolens index build`")

    // The same entry naming a document the file does not have: a lookup of a posting in that part stops there.
    IndexDamage.store(UInt32(0xFFFF_FFF0), into: &bytes, at: section.offset + 2 * 8)
    let (_, beyond) = try damaged(bytes, in: dir)
    let text = String(decoding: try intact.document(3).text, as: UTF8.self)
    var refused = 0
    for (seed, position) in IndexFixtures.selectedSeeds(
      text, seedLength: Int(intact.header.seedLength), windowSize: Int(intact.header.windowSize))
    where position >= 16 && position < 32 {
      for i in try intact.postingRange(of: seed) where try intact.posting(i) == (3, position) {
        let message = IndexFixtures.errorText { _ = try beyond.posting(i) }
        #expect(message?.contains("extra parts section: entry 2 names part 1 of document 4294967280 of 7") == true)
        refused += 1
      }
    }
    #expect(refused > 0)
  }

  @Test func aPositionFieldTooNarrowForTheDocumentsIsRefusedAtOpen() throws {
    let dir = try TemporaryDirectory()
    var bytes = try IndexFixtures.bytes(try build(in: dir))
    // 31 bits of position leave one bit of part number: two parts, for seven documents.
    IndexDamage.store(UInt32(31), into: &bytes, at: 88)
    IndexDamage.reseal(&bytes)
    let path = dir.path + "/narrow.eli"
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    #expect(
      IndexFixtures.errorText { _ = try ReferenceIndexFile(path: path) }
        == "\(path): index is corrupted: 7 documents and 0 extra parts do not fit postings of 31 position bits; "
        + "rebuild it with `echolens index build`")
  }
}
