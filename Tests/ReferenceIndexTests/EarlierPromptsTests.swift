import Foundation
import ReferenceIndex
import TestSupport
import Testing
import TextProcessing

/// A document keeps its conversation's user turns before its prompt (format version 3), from each corpus shape that
/// has them, and damage to them is found and named like any other damage.
@Suite struct EarlierPromptsTests {
  /// A first question with the characters the stored JSON must escape or carry as they are.
  static let firstQuestion =
    "Say \"hi\" in 3 languages:\n\tback\\slash / slash, é, 你好, 👋, a bell \u{7}, a backspace \u{8}, a form feed \u{c}."

  func build(_ lines: [String], in dir: TemporaryDirectory) throws -> ReferenceIndexFile {
    let input = try dir.write("corpus.jsonl", lines.joined(separator: "\n") + "\n")
    try IndexFixtures.build([input], to: dir.path + "/ref.eli")
    return try ReferenceIndexFile(path: dir.path + "/ref.eli")
  }

  /// Every document as (id, prompt, earlier prompts).
  func conversations(_ index: ReferenceIndexFile) throws -> [[String]] {
    try (0..<index.documentCount).map { n in
      let d = try index.document(n)
      return [d.id, d.prompt ?? "-"] + (try index.earlierPrompts(n))
    }
  }

  @Test func eachCorpusShapeKeepsTheUserTurnsBeforeThePrompt() throws {
    let dir = try TemporaryDirectory()
    let flat = IndexFixtures.json([
      "id": "q:t2", "model": "gpt-4", "prompt": "And in French only?", "output": "Bonjour.",
      "history": [
        ["role": "user", "content": Self.firstQuestion], ["role": "assistant", "content": "Hi, 你好, hola."],
      ],
    ])
    let pairs = IndexFixtures.json([
      "id": "pairs", "model": "gpt-4", "prompt": "Third?", "output": "Three.",
      "history": [["One?", "One."], ["Two?", "Two."]],
    ])
    let noPrompt = IndexFixtures.json([
      "id": "bare", "model": "gpt-4", "output": "No prompt, so no conversation.",
      "history": [["role": "user", "content": "ignored"]],
    ])
    let openAI = IndexFixtures.json([
      "id": "chat", "model": "gpt-4",
      "messages": [
        ["role": "system", "content": "Be brief."],
        ["role": "user", "content": Self.firstQuestion],
        ["role": "assistant", "content": "Hi."],
        ["role": "user", "content": "Again?"],
        ["role": "assistant", "content": "Hi again."],
      ],
    ])
    let shareGPT = IndexFixtures.json([
      "id": "sg", "model": "gpt-3.5",
      "conversations": [
        ["from": "human", "value": "First."], ["from": "gpt", "value": "One."],
        ["from": "human", "value": "Second."], ["from": "gpt", "value": "Two."],
        ["from": "human", "value": "Third."], ["from": "gpt", "value": "Three."],
      ],
    ])
    let index = try build([flat, pairs, noPrompt, openAI, shareGPT], in: dir)
    #expect(
      try conversations(index) == [
        ["q:t2", "And in French only?", Self.firstQuestion],
        ["pairs", "Third?", "One?", "Two?"],
        ["bare", "-"],
        ["chat#1", Self.firstQuestion],
        ["chat#2", "Again?", Self.firstQuestion],
        ["sg#1", "First."],
        ["sg#2", "Second.", "First."],
        ["sg#3", "Third.", "First.", "Second."],
      ])
    // Deep verification accepts what the builder wrote.
    let report = try index.verifyDeep(threads: 1)
    #expect(report.derivedDataChecked)
  }

  /// Only the most recent turns that fit in `maxEarlierPromptBytes` are kept, as for a transcript.
  @Test func aLongConversationKeepsItsMostRecentTurns() throws {
    let dir = try TemporaryDirectory()
    // With "Recent?" it fits (3 bytes to spare); with "Oldest?" too it would not.
    let long = String(repeating: "w", count: TranscriptSegment.maxEarlierPromptBytes - "Recent?".utf8.count - 3)
    let record = IndexFixtures.json([
      "id": "long", "model": "gpt-4", "prompt": "Last?", "output": "Done.",
      "history": [["Oldest?", "a"], [long, "b"], ["Recent?", "c"]],
    ])
    let index = try build([record], in: dir)
    #expect(try index.earlierPrompts(0) == [long, "Recent?"])
  }

  /// Every model's answer to one follow-up has the same earlier turns; they are stored once.
  @Test func theSameEarlierTurnsAreStoredOnce() throws {
    func stringsLength(models: Int) throws -> Int {
      let dir = try TemporaryDirectory()
      let lines = (0..<models).map { m in
        IndexFixtures.json([
          "id": "q:t2", "model": "model-\(m)", "prompt": "Shorter?", "output": "Answer number \(m).",
          "history": [["role": "user", "content": Self.firstQuestion]],
        ])
      }
      let index = try build(lines, in: dir)
      #expect(try (0..<models).allSatisfy { try index.earlierPrompts($0) == [Self.firstQuestion] })
      let bytes = try IndexFixtures.bytes(dir.path + "/ref.eli")
      return IndexDamage.sections(of: bytes)[IndexSection.strings.rawValue].length
    }
    let one = try stringsLength(models: 1)
    let three = try stringsLength(models: 3)
    // Two more models add their ids, model names and answers (about 60 bytes), not the turn again.
    #expect(three - one < Self.firstQuestion.utf8.count)
  }

  /// Earlier prompts that are no longer a JSON array of strings, checksums recomputed: the checksum test cannot
  /// tell, deep verification and the reader name the document and the section.
  @Test func damagedEarlierPromptsAreFoundAndNamed() throws {
    let dir = try TemporaryDirectory()
    let record = IndexFixtures.json([
      "id": "q:t2", "model": "gpt-4", "prompt": "Again?", "output": "Yes.",
      "history": [["role": "user", "content": "Unique first question text."]],
    ])
    _ = try build([record], in: dir)
    var bytes = try IndexFixtures.bytes(dir.path + "/ref.eli")
    let strings = IndexDamage.sections(of: bytes)[IndexSection.strings.rawValue]
    let stored = Array(#"["Unique"#.utf8)
    let start = try #require(
      (strings.offset..<(strings.offset + strings.length - stored.count)).first {
        Array(bytes[$0..<($0 + stored.count)]) == stored
      })
    bytes[start] = UInt8(ascii: "{")
    IndexDamage.reseal(&bytes)
    let damaged = try dir.write("damaged.eli", bytes: bytes)
    let index = try ReferenceIndexFile(path: damaged)
    _ = try index.verify()
    let expected =
      "\(damaged): index is corrupted: strings section: document 0's earlier prompts are not a JSON array of strings"
    let deep = try #require(IndexFixtures.errorText { _ = try index.verifyDeep(threads: 1) })
    #expect(deep.hasPrefix(expected), "\(deep)")
    let read = try #require(IndexFixtures.errorText { _ = try index.earlierPrompts(0) })
    #expect(read.hasPrefix(expected), "\(read)")
  }

  /// A record whose earlier prompts point past the strings section fails the quick structural verification.
  @Test func earlierPromptsOutsideTheStringsSectionAreRefused() throws {
    let dir = try TemporaryDirectory()
    let record = IndexFixtures.json([
      "id": "q:t2", "model": "gpt-4", "prompt": "Again?", "output": "Yes.", "history": [["First?", "Answer."]],
    ])
    _ = try build([record], in: dir)
    var bytes = try IndexFixtures.bytes(dir.path + "/ref.eli")
    let documents = IndexDamage.sections(of: bytes)[IndexSection.documents.rawValue]
    // Document 0's earlier-prompts offset (record byte 64) moved far beyond the strings section.
    IndexDamage.store(UInt64(1) << 40, into: &bytes, at: documents.offset + 64)
    IndexDamage.reseal(&bytes)
    let damaged = try dir.write("damaged.eli", bytes: bytes)
    let message = try #require(IndexFixtures.errorText { _ = try ReferenceIndexFile(path: damaged).verify() })
    #expect(message.hasPrefix("\(damaged): index is corrupted: strings section: a document names bytes"), "\(message)")
  }
}
