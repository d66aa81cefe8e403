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

  @Test func aFollowUpThatRestatesTheFirstQuestionIsNoEvidence() throws {
    let dir = try TemporaryDirectory()
    let references = try MatchingFixtures.index(
      MatchingFixtures.promptedCorpus(
        id: "trees:t2", prompt: Self.followUp, output: Self.restated + " The recursion sums over three subtrees."),
      in: dir)
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
}
