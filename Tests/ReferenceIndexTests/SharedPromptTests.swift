import Foundation
import ReferenceIndex
import TestSupport
import Testing

/// Same-prompt panels repeat each prompt once per model; the builder stores each distinct prompt once, and every
/// record still reads back its own prompt.
@Suite struct SharedPromptTests {
  @Test func aRepeatedPromptIsStoredOnceAndReadBackByEveryRecord() throws {
    let dir = try TemporaryDirectory()
    let prompt =
      "Describe, in three sentences, how a glassblower shapes molten glass into a vase. "
      + String(repeating: "Be precise. ", count: 40)
    let records = (0..<6).map { i -> String in
      let object: [String: Any] = [
        "id": "q1-\(i)", "model": "model-\(i)", "prompt": i == 5 ? "Another question?" : prompt,
        "output": "Answer number \(i) says something of its own about glass and heat.",
      ]
      return String(decoding: try! JSONSerialization.data(withJSONObject: object), as: UTF8.self)
    }
    let input = try dir.write("panel.jsonl", records.joined(separator: "\n") + "\n")
    try IndexFixtures.build([input], to: dir.path + "/panel.eli")
    let index = try ReferenceIndexFile(path: dir.path + "/panel.eli")
    try withExtendedLifetime(dir) { () throws -> Void in
      for n in 0..<6 {
        #expect(try index.document(n).prompt == (n == 5 ? "Another question?" : prompt))
      }
      // The strings section holds the long prompt once, not five times.
      let strings = index.header.sections[IndexSection.strings.rawValue].length
      #expect(strings < UInt64(2 * prompt.utf8.count))
      _ = try index.verifyDeep()
    }
  }
}
