import Foundation
import ReferenceIndex
import TestSupport
import Testing

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
}
