import Foundation
import ReferenceIndex
import TestSupport
import Testing
import TextProcessing

@testable import Matching

/// Text that a conversation's earlier user turn hands every model is no evidence in a later answer: a follow-up
/// ("now for a ternary tree") is answered by restating the first question, adapted.
@Suite struct ConversationDictationTests {
  static let firstQuestion =
    "A binary tree is full if all of its vertices have either zero or two children. Let B_n denote the number of "
    + "full binary trees with n vertices. Implement a function to find B_n, and explain its recurrence carefully."
  static let followUp = "What if the problem changed from a binary tree to a ternary tree?"
  /// The reference's second-turn answer: the first question restated for ternary trees, then a short remark.
  static let restated =
    "A ternary tree is full if all of its vertices have either zero or three children. Let T_n denote the number "
    + "of full ternary trees with n vertices. Implement a function to find T_n, and explain its recurrence carefully."

  /// The reference: its second-turn answer restates the first question, then adds a remark.
  static func references(in dir: TemporaryDirectory) throws -> ReferenceIndexSet {
    try MatchingFixtures.index(
      MatchingFixtures.promptedCorpus(
        id: "trees:t2", prompt: followUp, output: restated + " The recursion sums over three subtrees."),
      in: dir)
  }

  @Test func aFollowUpThatRestatesTheFirstQuestionIsNoEvidence() throws {
    let dir = try TemporaryDirectory()
    let references = try Self.references(in: dir)
    let scanner = try EchoScanner(
      references: references, background: nil, identities: try IdentityCatalog.builtIn(), parameters: ScanParameters())
    func echoes(_ record: [String: Any]) throws -> [Passage] {
      let line = try JSONSerialization.data(withJSONObject: record, options: [.sortedKeys]) + Data("\n".utf8)
      return try scanner.scan(bytes: Array(line), format: .jsonLines).passages.filter { $0.kind == .echo }
    }
    let answer = "Sure. " + Self.restated
    // Without the conversation, the restatement matches the reference answer word for word: an echo.
    let bare = try echoes(["prompt": Self.followUp, "output": answer])
    try #require(bare.count == 1)
    #expect(bare[0].best?.documentID == "trees:t2")
    // With the first turn in the record's history, the same text is dictated by the user: nothing is reported,
    // in either history shape, and in an OpenAI conversation.
    let history: [[String: String]] = [
      ["role": "user", "content": Self.firstQuestion], ["role": "assistant", "content": "Here is B_n."],
    ]
    #expect(try echoes(["prompt": Self.followUp, "output": answer, "history": history]).isEmpty)
    #expect(
      try echoes(["prompt": Self.followUp, "output": answer, "history": [[Self.firstQuestion, "Here is B_n."]]])
        .isEmpty)
    let messages: [[String: String]] =
      history + [["role": "user", "content": Self.followUp], ["role": "assistant", "content": answer]]
    #expect(try echoes(["messages": messages]).isEmpty)
    // An earlier turn about something else dictates nothing: the echo stays.
    let unrelated: [[String: String]] = [["role": "user", "content": "Name three rivers in France."]]
    #expect(try echoes(["prompt": Self.followUp, "output": answer, "history": unrelated]).count == 1)
  }

  /// Calibration scans a panel answer as a transcript's answer is scanned: with its conversation's earlier user
  /// turns (stored by `index build` from the record's `history`). A panel follow-up that restates the first question
  /// is then no null passage, as the same text in a transcript is no finding; without its history it would be one,
  /// and the null would make every E-value larger than transcripts need.
  @Test func calibrationScansAPanelFollowUpWithItsEarlierTurns() throws {
    let dir = try TemporaryDirectory()
    let references = try Self.references(in: dir)
    /// The prompted null's passage scores, strongest first.
    func nullScores(withHistory: Bool, name: String) throws -> [Double] {
      var lines: [String] = []
      for (m, model) in ["llama", "dolly", "falcon"].enumerated() {
        // One model restates the first question; the others answer in their own words, so the same-prompt panel
        // does not explain the restatement away.
        let output =
          m == 0
          ? "Sure. " + Self.restated + " Count the subtrees."
          : MatchingFixtures.filler(seed: UInt64(900 + m), words: 30)
        var record: [String: Any] = ["id": "trees:t2", "model": model, "prompt": Self.followUp, "output": output]
        if withHistory { record["history"] = [["role": "user", "content": Self.firstQuestion]] }
        let line = try JSONSerialization.data(withJSONObject: record, options: [.sortedKeys])
        lines.append(String(decoding: line, as: UTF8.self))
        lines += MatchingFixtures.fillerLines(4, model: model) {
          MatchingFixtures.filler(seed: UInt64(50 * m + $0 + 7), words: 40)
        }
      }
      let panel = try MatchingFixtures.index(lines.joined(separator: "\n") + "\n", in: dir, name: name)
      return try MatchingFixtures.calibration(references: references, panel: panel).prompted.scores
    }
    // The filler answers match the reference's filler by chance (the same small vocabulary) in both panels; only
    // the restatement's passage differs: over 200 bits without its history, next to nothing with it.
    let without = try nullScores(withHistory: false, name: "panel-without-history")
    let with = try nullScores(withHistory: true, name: "panel-with-history")
    try #require(without.count == with.count && without.count >= 2)
    #expect(without[0] > 200)
    #expect(with.allSatisfy { $0 < 100 })
    #expect(Array(without.dropFirst()) == Array(with.dropLast()))
    #expect(with.last! < 1)
  }
}
