import Evidence
import Foundation
import Matching
import ReferenceIndex
import TestSupport
import TextProcessing

/// A small hand-written transcript with two findings, shared by the report, Markdown and writer tests.
///
/// Markers: 1️⃣…2️⃣ the echo passage, 3️⃣…4️⃣ the self-identification. The reference says "leaps" where the
/// transcript says "jumps", and lacks the transcript's "today".
enum EvidenceFixtures {
  static let marked = MarkedText(
    "# Notes\n\nIntro line with café ☕.\n"
      + "1️⃣The quick brown fox jumps over the lazy dog near the river bank today2️⃣ and more.\r\n"
      + "Then it said: 3️⃣I am ChatGPT4️⃣, trained by OpenAI.\n")

  static let referenceExcerpt = "The quick brown fox leaps over the lazy dog near the river bank"
  /// Where the excerpt starts in the stored reference text.
  static let referenceBase = 100

  static var bytes: [UInt8] { marked.bytes }

  /// Byte range in the transcript of `needle` (first occurrence at or after marker 1️⃣).
  static func transcriptRange(_ needle: String) -> ByteRange {
    let text = marked.text
    let from = text.utf8.index(text.utf8.startIndex, offsetBy: marked["1️⃣"])
    let r = text[from...].range(of: needle)!
    return ByteRange(
      utf8Start: text.utf8.distance(from: text.utf8.startIndex, to: r.lowerBound),
      utf8End: text.utf8.distance(from: text.utf8.startIndex, to: r.upperBound))
  }

  /// Byte range in the stored reference text of `needle`.
  static func referenceRange(_ needle: String) -> ByteRange {
    let r = referenceExcerpt.range(of: needle)!
    let start = referenceExcerpt.utf8.distance(from: referenceExcerpt.utf8.startIndex, to: r.lowerBound)
    let end = referenceExcerpt.utf8.distance(from: referenceExcerpt.utf8.startIndex, to: r.upperBound)
    return ByteRange(utf8Start: referenceBase + start, utf8End: referenceBase + end)
  }

  static var echoMatch: ReferenceMatch {
    let insertionPoint = referenceBase + referenceExcerpt.utf8.count
    return ReferenceMatch(
      documentID: "alpaca:123", model: "gpt-4", source: "alpaca.jsonl", prompt: "Describe a fox.",
      indexIdentity: "0123456789abcdef",
      referenceRange: ByteRange(utf8Start: referenceBase, utf8End: insertionPoint), referenceExcerpt: referenceExcerpt,
      transcriptRange: ByteRange(marked.range("1️⃣", "2️⃣")), similarity: 0.94, longestVerbatimRun: 8,
      tokenCount: 61, bits: 70.5, eValue: 1.2e-18,
      alignment: [
        AlignmentSpan(
          kind: .equal, transcript: transcriptRange("The quick brown fox"),
          reference: referenceRange("The quick brown fox"), tokenCount: 4),
        AlignmentSpan(
          kind: .substitute, transcript: transcriptRange("jumps"), reference: referenceRange("leaps"), tokenCount: 1),
        AlignmentSpan(
          kind: .equal, transcript: transcriptRange("over the lazy dog near the river bank"),
          reference: referenceRange("over the lazy dog near the river bank"), tokenCount: 8),
        AlignmentSpan(
          kind: .insert, transcript: transcriptRange("today"),
          reference: ByteRange(utf8Start: insertionPoint, utf8End: insertionPoint), tokenCount: 1),
      ])
  }

  static var echo: Passage {
    Passage(
      id: "echo-1", kind: .echo, strength: .strong, range: ByteRange(marked.range("1️⃣", "2️⃣")), role: .text,
      text: marked.substring(marked.range("1️⃣", "2️⃣")), best: echoMatch, alternatives: [], background: nil,
      identity: nil)
  }

  static var selfIdentification: Passage {
    Passage(
      id: "self-1", kind: .selfIdentification, strength: .strong, range: ByteRange(marked.range("3️⃣", "4️⃣")),
      role: .text, text: "I am ChatGPT", best: nil, alternatives: [], background: nil,
      identity: SelfIdentification(claimedModel: "ChatGPT", maker: "OpenAI", rule: "self-phrase + model name"))
  }

  static let index = IndexIdentityRecord(
    path: "/data/index/gpt4.eli", identity: "0123456789abcdef", formatVersion: 1, normalizerVersion: 1,
    documentCount: 805, tokenCount: 250_000,
    buildMetadata: BuildMetadata(
      toolVersion: "0.1.0", builtAt: 1_700_000_000,
      inputs: [.init(path: "alpaca.jsonl", byteCount: 1234, sha256: String(repeating: "ab", count: 32))],
      options: ["model-field": "model"], recordCount: 805, skippedRecordCount: 0))

  static func context(root: String = "/work/space") -> EvidenceContext {
    var parameters = ScanParameters()
    parameters.kinds = [.selfIdentification, .echo, .commonText]
    return EvidenceContext(
      tool: EvidenceTool(version: "0.1.0"), workspaceRoot: root, parameters: parameters, indexes: [index])
  }

  /// 2024-05-06T07:08:09Z.
  static let date = Date(timeIntervalSince1970: 1_714_979_289)

  static func report(root: String = "/work/space", path: String = "notes/chat log.md") throws -> EvidenceReport {
    try EvidenceReport(
      context: context(root: root), transcriptPath: path, transcriptBytes: bytes, format: .markdown,
      passages: [echo, selfIdentification], generatedAt: date)
  }
}
