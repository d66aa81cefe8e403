import EchoLensCommands
import Evidence
import Foundation
import Matching
import ReferenceIndex
import TestSupport

/// Hand-written scan results for the output format tests: one file with an echo and a self-identification, one
/// clean file, and one unreadable file.
enum ScanOutputFixtures {
  /// 1️⃣…2️⃣ the echo (after "Voilà: ", so byte and scalar columns differ), 3️⃣…4️⃣ the self-identification.
  static let marked = MarkedText(
    "# Chat\n\nVoilà: 1️⃣The quick brown fox jumps over the lazy dog near the river bank today2️⃣ and more.\n"
      + "Then it said: 3️⃣I am ChatGPT4️⃣.\n")

  static let excerpt = "The quick brown fox leaps over the lazy dog near the river bank"

  static var echo: Passage {
    let range = ByteRange(marked.range("1️⃣", "2️⃣"))
    let match = ReferenceMatch(
      documentID: "alpaca:123", model: "gpt-4", source: "alpaca.jsonl", prompt: "Describe a fox.",
      indexIdentity: "0123456789abcdef", referenceRange: ByteRange(utf8Start: 100, utf8End: 100 + excerpt.utf8.count),
      referenceExcerpt: excerpt, transcriptRange: range, similarity: 0.94, longestVerbatimRun: 8, tokenCount: 61,
      bits: 70.5, eValue: 1e-18,
      alignment: [
        AlignmentSpan(
          kind: .equal, transcript: range, reference: ByteRange(utf8Start: 100, utf8End: 119), tokenCount: 4)
      ])
    var alternative = match
    alternative.documentID = "dolly:9"
    alternative.model = "gpt-3.5"
    alternative.similarity = 0.9
    return Passage(
      id: "p1", kind: .echo, strength: .strong, range: range, role: .text, text: marked.substring(range.range),
      best: match, alternatives: [alternative], background: nil, identity: nil)
  }

  static var selfIdentification: Passage {
    let range = ByteRange(marked.range("3️⃣", "4️⃣"))
    return Passage(
      id: "p2", kind: .selfIdentification, strength: .strong, range: range, role: .text, text: "I am ChatGPT",
      best: nil, alternatives: [], background: nil,
      identity: SelfIdentification(claimedModel: "ChatGPT", maker: "OpenAI", rule: "self-phrase + model name"))
  }

  static var files: [ScanOutputFile] {
    let clean = Array("Nothing to see here.\n".utf8)
    return [
      ScanOutputFile(
        path: "chats/voilà.md", bytes: marked.bytes,
        result: ScanResult(
          passages: [echo, selfIdentification], tokenCount: 30, scannedBytes: marked.bytes.count,
          coverage: [ModelCoverage(model: "gpt-4", coveredBytes: 65, share: 0.5)], truncated: false),
        error: nil),
      ScanOutputFile(
        path: "chats/clean.txt", bytes: clean,
        result: ScanResult(passages: [], tokenCount: 4, scannedBytes: clean.count, coverage: [], truncated: false),
        error: nil),
      ScanOutputFile(path: "chats/locked.md", bytes: nil, result: nil, error: "permission denied"),
    ]
  }

  static var run: ScanOutputRun {
    ScanOutputRun(
      tool: EvidenceTool(version: "0.1.0"), parameters: ScanParameters(),
      indexes: [
        IndexIdentityRecord(
          path: "/data/index/gpt4.eli", identity: "0123456789abcdef", formatVersion: 1, normalizerVersion: 1,
          documentCount: 805, tokenCount: 250_000,
          buildMetadata: BuildMetadata(
            toolVersion: "0.1.0", builtAt: 1_700_000_000,
            inputs: [.init(path: "alpaca.jsonl", byteCount: 1234, sha256: String(repeating: "ab", count: 32))],
            options: [:], recordCount: 805, skippedRecordCount: 0))
      ])
  }

  /// Compares `output` with the committed fixture `Tests/pytest/cli/fixtures/<name>` (which the pytest suite
  /// validates against the schemas), rewriting it first when `ECHOLENS_UPDATE_FIXTURES=1`.
  static func matchesCommittedFixture(_ output: String, _ name: String) throws -> Bool {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .appendingPathComponent("../pytest/cli/fixtures/\(name)").standardized
    if ProcessInfo.processInfo.environment["ECHOLENS_UPDATE_FIXTURES"] == "1" {
      try Data(output.utf8).write(to: url, options: .atomic)
    }
    return try String(contentsOf: url, encoding: .utf8) == output
  }
}
