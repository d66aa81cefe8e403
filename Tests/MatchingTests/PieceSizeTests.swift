@testable import Matching
import TestSupport
import Testing

/// Pieces are as long as `SegmentPieces` says, `minPieceBytes` plus about `1 << maskBits`, on text whose few
/// recurring byte patterns once kept the rolling hash's low bits from ever being zero: a keystroke's rescan and a
/// file's parallel open both depend on that length.
@Suite struct PieceSizeTests {
  /// Lines of code that differ only in a few names and numbers: cut on the hash's low bits (with an 8 KiB minimum),
  /// such text had a piece every 62 KB on average instead of every 22.
  static func codeLines(_ random: inout SeededGenerator, bytes: Int) -> [UInt8] {
    let names = ["total", "count", "x", "y", "z", "buffer", "item"]
    var out: [UInt8] = []
    while out.count < bytes {
      let name = names[random.below(names.count)] + String(random.below(100))
      let line =
        "    \(name) = compute(\(names[random.below(3) + 2]), \(random.below(500)))  # step \(random.below(10_000))\n"
      out += Array(line.utf8)
    }
    return out
  }

  /// Sentences of common words in paragraphs, as chat answers are written.
  static func prose(_ random: inout SeededGenerator, bytes: Int) -> [UInt8] {
    let words = [
      "the", "of", "and", "to", "a", "in", "is", "it", "you", "that", "was", "for", "on", "are", "with", "as",
      "they", "be", "at", "one", "have", "this", "from", "word", "but", "what", "some", "can", "out", "other",
      "water", "light", "plant", "time", "people", "number", "way", "could", "first", "new", "work", "part",
    ]
    var out: [UInt8] = []
    while out.count < bytes {
      for _ in 0..<(2 + random.below(8)) {
        let sentence = (0..<(5 + random.below(20))).map { _ in words[random.below(words.count)] }
        out += Array((sentence.joined(separator: " ") + ". ").utf8)
      }
      out += Array("\n\n".utf8)
    }
    return out
  }

  @Test(arguments: ["code", "prose"])
  func piecesAverageTheMinimumPlusOneHashPeriod(kind: String) {
    var random = SeededGenerator(seed: 41)
    let text = kind == "code" ? Self.codeLines(&random, bytes: 2_000_000) : Self.prose(&random, bytes: 2_000_000)
    let cuts = SegmentPieces.cuts(of: text)
    let lengths = zip(cuts, cuts.dropFirst()).map { $1 - $0 }
    let beyondMinimum = Double(lengths.reduce(0, +)) / Double(lengths.count) - Double(SegmentPieces.minPieceBytes)
    let period = Double(1 << SegmentPieces.maskBits)
    #expect(lengths.dropLast().allSatisfy { $0 >= SegmentPieces.minPieceBytes })
    #expect(
      beyondMinimum > 0.6 * period && beyondMinimum < 1.5 * period,
      "\(kind): \(lengths.count) pieces, \(Int(beyondMinimum)) bytes beyond the minimum on average")
  }
}
