import Foundation
import Testing

@testable import JSONRPC

/// A lone UTF-16 surrogate escape in a message becomes U+FFFD, as editors do; everything else is left alone.
@Suite struct LoneSurrogateTests {
  func text(of body: String) throws -> String {
    guard case .notification(let notification) = IncomingMessage(body: Data(body.utf8)) else {
      throw TestFailure("not a notification: \(body)")
    }
    struct Params: Decodable { var text: String }
    return try notification.params(Params.self).text
  }

  struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
  }

  @Test(arguments: [
    (#"a\ud800b"#, "a\u{FFFD}b"),
    (#"\udc00"#, "\u{FFFD}"),
    (#"x\uD83D"#, "x\u{FFFD}"),
    (#"\ud83d\ude00 pair"#, "😀 pair"),
    (#"\ude00\ud83d"#, "\u{FFFD}\u{FFFD}"),
    (#"\ud83d\u0041"#, "\u{FFFD}A"),
    (#"\\ud800 is text"#, #"\ud800 is text"#),
    (#"\\\ud800"#, "\\\u{FFFD}"),
    (#"caf\u00e9"#, "café"),
  ])
  func loneSurrogatesBecomeReplacementCharacters(escaped: String, expected: String) throws {
    let body = #"{"jsonrpc":"2.0","method":"m","params":{"text":""# + escaped + #""}}"#
    #expect(try text(of: body) == expected)
  }
}
