import Foundation
import Matching
import TestSupport
import Testing
import TextProcessing

/// A transcript longer than one scanning piece (`SegmentPieces`: 4 MiB owned, 1 MiB margins) gives what one pass
/// would: every planted copy exactly once and whole, including copies cut by a piece boundary, and the same token
/// count as tokenising the whole text.
@Suite struct LongTranscriptTests {
  /// A reference answer broken over short lines, so that a piece boundary (always just after a line break) can fall
  /// inside it. (The matcher reports one passage per reference answer and segment, so each plant is another answer.)
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

  @Test func copiesAcrossPieceBoundariesAreFoundOnceAndWhole() throws {
    let dir = try TemporaryDirectory()
    let scanner = try MatchingFixtures.scanner(in: dir)
    var seed = SeededGenerator(seed: 5)
    var text: [UInt8] = []
    var planted: [Range<Int>] = []
    // Around the first boundary (4 MiB), inside the second piece's margin, across the second boundary (~8 MiB),
    // and near the end.
    let plants = [
      ((4 << 20) - 120, MatchingFixtures.lighthouse), ((5 << 20) + 300, MatchingFixtures.sourdough),
      ((8 << 20) - 60, MatchingFixtures.beekeeping), ((9 << 20) + (512 << 10), MatchingFixtures.tidePools),
    ]
    for (target, answer) in plants {
      Self.filler(upTo: target, into: &text, seed: &seed)
      let copy = Self.brokenIntoLines(answer)
      let end = Int(Tokenizer.tokenize(copy).last?.utf8End ?? 0)  // the passage ends with the last word
      planted.append(text.count..<(text.count + end))
      text += copy + Array("\n".utf8)
    }
    Self.filler(upTo: (9 << 20) + (700 << 10), into: &text, seed: &seed)
    let identity = text.count
    text += Array("I am ChatGPT, developed by OpenAI.\n".utf8)
    Self.filler(upTo: (9 << 20) + (800 << 10), into: &text, seed: &seed)

    let result = try scanner.scan(bytes: text, format: .plainText)
    let echoes = result.passages.filter { $0.kind == .echo }
    #expect(echoes.map(\.range.range) == planted)
    #expect(echoes.compactMap { $0.best?.documentID } == ["lighthouse", "sourdough", "bees", "tide-pools"])
    #expect(echoes.allSatisfy { $0.best?.similarity == 1 })
    let claims = result.passages.filter { $0.kind == .selfIdentification }
    #expect(claims.count == 1)
    #expect(claims.first.map { $0.range.utf8Start >= identity } == true)
    #expect(result.tokenCount == Tokenizer.tokenize(text).count)
  }
}
