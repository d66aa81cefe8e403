import Foundation
import ReferenceIndex
import TestSupport
import Testing
import TextProcessing

@testable import Matching

/// An answer that repeats its prompt's list item by item is dictated by the prompt, but a copied passage set between
/// two of those items is the answer's own text and must still be reported.
@Suite struct PromptListInsertionTests {
  /// The user's data, which every model hands back.
  static let items = [
    "a) Harbor Freight Logistics, with chief executive Amy Williams, reported thirty billion in revenue and a three billion profit.",
    "b) Northwind Orchards, led by chief executive Mark Thompson, posted sixty billion in revenue and a six billion profit.",
    "c) Copperline Textiles, under chief executive Sarah Johnson, announced twenty billion in revenue and a seven billion profit.",
    "d) Bluewater Turbines, managed by chief executive James Smith, revealed three hundred billion in revenue and a profit of twenty-one billion.",
    "e) Quarry Hill Software, with chief executive Lisa Brown, reported two hundred billion in revenue and a twenty-five billion profit.",
    "f) Saltmarsh Ferries, under chief executive John White, posted one hundred eighty billion in revenue and a twenty billion profit.",
  ]
  static let prompt = "Which company had the highest profit? The data:\n" + items.joined(separator: "\n")
  /// The reference's answer to another question: what a copier pastes.
  static let copied =
    "The lighthouse keeper's ledger recorded every vessel by the colour of its lantern, the hour it rounded the "
    + "breakwater, and the tune its crew whistled, so that a clerk decades later could rebuild the harbour's "
    + "traffic from melodies alone."

  @Test func aCopySetBetweenRepeatedPromptItemsIsStillAnEcho() throws {
    let dir = try TemporaryDirectory()
    let references = try MatchingFixtures.index(
      MatchingFixtures.promptedCorpus(id: "ledger", prompt: "Describe an old harbour record.", output: Self.copied),
      in: dir)
    let scanner = try EchoScanner(
      references: references, background: nil, identities: try IdentityCatalog.builtIn(), parameters: ScanParameters())
    func echoes(_ output: String) throws -> (passages: [Passage], line: [UInt8]) {
      let record = ["prompt": Self.prompt, "output": output]
      let line = Array(try JSONSerialization.data(withJSONObject: record, options: [.sortedKeys]) + Data("\n".utf8))
      return (try scanner.scan(bytes: line, format: .jsonLines).passages.filter { $0.kind == .echo }, line)
    }
    let before = Self.items[0..<3].joined(separator: "\n\n")
    let after = Self.items[3...].joined(separator: "\n\n")
    // The items alone are the prompt's text: nothing to report.
    #expect(try echoes(before + "\n\n" + after).passages.isEmpty)
    // With the copy between them, the copy is an echo of the reference, from its first word to its last.
    let (found, line) = try echoes(before + "\n\n" + Self.copied + "\n\n" + after)
    try #require(found.count == 1, "the copy between the prompt's items was masked as dictated")
    #expect(found[0].best?.documentID == "ledger")
    let reported = String(decoding: line[found[0].range.utf8Start..<found[0].range.utf8End], as: UTF8.self)
    #expect(reported.hasPrefix("The lighthouse keeper"), "starts at the copy: \(reported.prefix(40))")
    #expect(reported.hasSuffix("melodies alone"), "ends at the copy: \(reported.suffix(40))")
  }

  /// Over random answers that repeat up to four pieces of their prompt with runs of the answer's own words around
  /// them: a run of more than `maximumUndictatedRun` words the prompt never uses is never marked dictated, and each
  /// repeated piece (at least `minimumAlignedTokens` long) always is, by the prompt's k-grams or its alignment.
  /// (Two pieces that overlap in the prompt cannot both align in one alignment; the k-grams cover the overlap.)
  @Test func ownRunsAreNeverDictatedAndRepeatedPiecesAlwaysAre() {
    var random = SeededGenerator(seed: 11)
    let workspace = TokenAligner.Workspace()
    let longestOwnRun = PromptDictation.maximumUndictatedRun + 1
    for round in 0..<300 {
      // Prompt words are 1...200, the answer's own words 1_000...1_200: no own word equals a prompt word.
      let prompt = (0..<Int.random(in: 20...120, using: &random)).map { _ in UInt64.random(in: 1...200, using: &random)
      }
      func ownRun(_ lengths: ClosedRange<Int>) -> [UInt64] {
        (0..<Int.random(in: lengths, using: &random)).map { _ in UInt64.random(in: 1_000...1_200, using: &random) }
      }
      var answer = ownRun(0...40)
      var own: [Range<Int>] = answer.count >= longestOwnRun ? [0..<answer.count] : []
      var repeated: [Range<Int>] = []
      for _ in 0..<Int.random(in: 1...4, using: &random) {
        let length = Int.random(in: PromptDictation.minimumAlignedTokens...20, using: &random)
        let start = Int.random(in: 0...(prompt.count - length), using: &random)
        repeated.append(answer.count..<(answer.count + length))
        answer += prompt[start..<(start + length)]
        let run = ownRun(longestOwnRun...40)
        own.append(answer.count..<(answer.count + run.count))
        answer += run
      }
      // What the engine treats as dictated (`EchoFinder.matches`): the prompt's k-grams and its aligned stretches.
      let kGrams = PromptDictation.mask(
        terms: answer, promptTerms: prompt, seedLength: IndexBuildOptions().seedLength)
      let aligned = PromptDictation.alignedMask(terms: answer, promptTerms: prompt, workspace: workspace)
      let mask = zip(kGrams, aligned).map { $0 || $1 }
      for run in own {
        #expect(!mask[run].contains(true), "round \(round): the answer's own run \(run) was marked dictated")
      }
      for piece in repeated {
        #expect(mask[piece].allSatisfy { $0 }, "round \(round): the repeated piece \(piece) was not marked")
      }
    }
  }
}
