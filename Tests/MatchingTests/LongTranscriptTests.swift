import Foundation
import Matching
import TestSupport
import Testing
import TextProcessing

/// A transcript longer than one scanning piece (`SegmentPieces`: content-defined pieces of some tens of KiB, each
/// scanned with 1 KiB of context before it and 8 KiB after) gives what one pass would: every planted copy exactly once and
/// whole, including copies cut by a piece boundary, and the same token count as tokenising the whole text. And the
/// pieces are content-defined: an edit changes only the pieces next to it.
@Suite struct LongTranscriptTests {
  /// A reference answer broken over short lines, so that a piece boundary (always just after a line break) can fall
  /// inside it.
  static func brokenIntoLines(_ answer: String) -> [UInt8] {
    var text = ""
    var line = 0
    for word in answer.split(separator: " ") {
      text += word
      line += word.count + 1
      if line > 40 {
        text += "\n"
        line = 0
      } else {
        text += " "
      }
    }
    return Array(text.utf8)
  }

  /// Filler lines of words found nowhere in the corpus, up to `bytes`.
  static func filler(upTo bytes: Int, into text: inout [UInt8], seed: inout SeededGenerator) {
    while text.count < bytes {
      let words = (0..<12).map { _ in "zq\(seed.next() % 1_000_000)" }
      text += Array((words.joined(separator: " ") + "\n").utf8)
    }
  }

  /// Reference answers of words of their own (`rk…`), each a distinct document, so that every plant is its own
  /// passage (the matcher reports a reference region once per piece).
  static func syntheticAnswers(_ count: Int, seed: inout SeededGenerator) -> [(String, String)] {
    (0..<count).map { i in
      ("synthetic-\(i)", (0..<220).map { _ in "rk\(seed.next() % 1_000_000)" }.joined(separator: " "))
    }
  }

  @Test func copiesAcrossPieceBoundariesAreFoundOnceAndWhole() throws {
    let dir = try TemporaryDirectory()
    var seed = SeededGenerator(seed: 5)
    let answers = Self.syntheticAnswers(120, seed: &seed)
    let scanner = try MatchingFixtures.scanner(extra: answers, in: dir)
    var text: [UInt8] = []
    var planted: [Range<Int>] = []
    // A copy every 8 KB or so, a few of them across a piece boundary.
    for (_, answer) in answers {
      Self.filler(upTo: text.count + 6_000 + Int(seed.next() % 4_000), into: &text, seed: &seed)
      let copy = Self.brokenIntoLines(answer)
      let end = Int(Tokenizer.tokenize(copy).last?.utf8End ?? 0)  // the passage ends with the last word
      planted.append(text.count..<(text.count + end))
      text += copy + Array("\n".utf8)
    }
    Self.filler(upTo: text.count + 20_000, into: &text, seed: &seed)
    let identity = text.count
    text += Array("I am ChatGPT, developed by OpenAI.\n".utf8)
    Self.filler(upTo: text.count + 30_000, into: &text, seed: &seed)

    let segment = try #require(try Transcript.parse(text, format: .plainText).segments.first)
    let pieces = EchoScanner.SegmentScan.pieces(of: segment)
    #expect(pieces.count > 10)
    #expect(pieces.first?.owned.lowerBound == 0 && pieces.last?.owned.upperBound == text.count)
    #expect(zip(pieces, pieces.dropFirst()).allSatisfy { $0.owned.upperBound == $1.owned.lowerBound })
    let straddling = planted.filter { plant in
      pieces.contains { plant.contains($0.owned.lowerBound) && plant.lowerBound != $0.owned.lowerBound }
    }
    try #require(straddling.count >= 2, "the test needs copies across piece boundaries")

    let result = try scanner.scan(bytes: text, format: .plainText)
    let echoes = result.passages.filter { $0.kind == .echo }
    #expect(echoes.map(\.range.range) == planted)
    #expect(echoes.compactMap { $0.best?.documentID } == answers.map(\.0))
    #expect(echoes.allSatisfy { $0.best?.similarity == 1 })
    let claims = result.passages.filter { $0.kind == .selfIdentification }
    #expect(claims.count == 1)
    #expect(claims.first.map { $0.range.utf8Start >= identity } == true)
    #expect(result.tokenCount == Tokenizer.tokenize(text).count)
  }

  /// A scan keeps the tokens of short segments from counting to scanning, and tokenises a segment longer than a
  /// piece twice, a piece at a time; a chat log of both kinds gives what taking its segments one by one through a
  /// segment scan gives (as the language server does), with the whole log's token count.
  @Test func heldAndRetokenisedSegmentsGiveWhatTheSegmentScanGives() throws {
    let dir = try TemporaryDirectory()
    var seed = SeededGenerator(seed: 11)
    let answers = Self.syntheticAnswers(12, seed: &seed)
    let scanner = try MatchingFixtures.scanner(extra: answers, in: dir)
    var lines: [String] = []
    for (n, (_, answer)) in answers.enumerated() {
      var text: [UInt8] = []
      Self.filler(upTo: n == 5 ? 40_000 : 300, into: &text, seed: &seed)
      text += Self.brokenIntoLines(answer)
      if n == 5 { Self.filler(upTo: text.count + 20_000, into: &text, seed: &seed) }
      lines.append(
        MatchingFixtures.jsonLine(["prompt": "Question \(n)", "output": String(decoding: text, as: UTF8.self)]))
    }
    let bytes = Array((lines.joined(separator: "\n") + "\n").utf8)
    let transcript = try Transcript.parse(bytes, format: .jsonLines)
    #expect(transcript.segments.contains { EchoScanner.SegmentScan.pieces(of: $0).count > 1 })

    let result = try scanner.scan(bytes: bytes, format: .jsonLines)
    let tokens = transcript.segments.reduce(0) { $0 + Tokenizer.tokenize($1.text).count }
    #expect(result.tokenCount == tokens)
    let session = scanner.segmentScan(transcriptTokens: tokens)
    var separately: [Passage] = []
    for segment in transcript.segments {
      separately += try session.passages(of: segment, isCancelled: { false })
    }
    func summary(_ passages: [Passage]) -> [String] {
      passages.map { "\($0.kind) \($0.range.range) \($0.best?.documentID ?? "-") \($0.best?.eValue ?? -1)" }
    }
    #expect(result.passages.filter { $0.kind == .echo }.count == answers.count)
    #expect(summary(result.passages) == summary(separately))
  }

  /// One character typed into a long text changes the window of at most the few pieces around it: every other
  /// piece scans the same text as before, so its passages can be reused.
  @Test func anEditChangesOnlyThePiecesAroundIt() throws {
    var seed = SeededGenerator(seed: 9)
    var text: [UInt8] = []
    Self.filler(upTo: 1_500_000, into: &text, seed: &seed)
    func windows(_ text: [UInt8]) throws -> [[UInt8]] {
      let segment = try #require(try Transcript.parse(text, format: .plainText).segments.first)
      return EchoScanner.SegmentScan.pieces(of: segment).map { Array(segment.text[$0.window]) }
    }
    let before = try windows(text)
    #expect(before.count > 20)
    for _ in 0..<5 {
      var edited = text
      edited.insert(UInt8(ascii: "x"), at: seed.below(text.count))
      let after = try windows(edited)
      let unchanged = Set(before).intersection(after).count
      #expect(unchanged >= before.count - 4, "\(before.count - unchanged) of \(before.count) windows changed")
    }
  }
}
