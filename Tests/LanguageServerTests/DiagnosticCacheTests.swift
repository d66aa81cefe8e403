import Foundation
import JSONRPC
import Testing

@testable import LanguageServer

/// The publication the server splices from cached members is the one `JSONEncoder` writes, byte for byte, for any
/// diagnostics: escapes, emoji, missing members, data of other shapes, and a second publication where some are new.
@Suite struct DiagnosticCacheTests {
  static let uri = "file:///work/a%20b/t%C3%A9.md"

  static func diagnostic(_ message: String, line: Int, data: JSONValue?, related: Bool = true) -> Diagnostic {
    Diagnostic(
      range: TextRange(
        start: Position(line: line, encodedColumn: 3), end: Position(line: line + 1, encodedColumn: 17)),
      severity: line % 3 == 0 ? nil : .warning, code: line % 4 == 0 ? nil : "echo",
      source: line % 5 == 0 ? nil : "echolens", message: message,
      relatedInformation: related
        ? [
          DiagnosticRelatedInformation(
            location: Location(uri: "echolens-reference:/x/\"q\"", range: .zero), message: "Reference 7 by gpt-4 😀"),
          DiagnosticRelatedInformation(
            location: Location(
              uri: "echolens-reference:/i/d%20e",
              range: TextRange(
                start: Position(line: 3, encodedColumn: 5), end: Position(line: 40, encodedColumn: 0))),
            message: "line\nbreak, back\\slash, tab\t, é"),
        ] : nil,
      data: data)
  }

  static var diagnostics: [Diagnostic] {
    [
      diagnostic("plain", line: 1, data: .object(["uri": .string(uri), "passageId": .string("00ff12ab34cd56ef")])),
      diagnostic(
        "quote \" backslash \\ slash / tab \t newline \n nul \u{0} bell \u{7} é 漢 😀", line: 2,
        data: .object(["uri": .string(uri), "passageId": .string("0123456789abcdef")])),
      diagnostic("no data, no links", line: 3, data: nil, related: false),
      diagnostic("other data", line: 4, data: .object(["uri": .string("file:///other"), "passageId": .string("1")])),
      diagnostic("id not hex", line: 5, data: .object(["uri": .string(uri), "passageId": .string("x\"y")])),
      diagnostic("array data", line: 6, data: .array([.integer(1), .null, .bool(true)])),
      diagnostic("summary", line: 0, data: nil),
      {
        // Positions are written digit by digit: zero, powers of ten and large numbers.
        var far = diagnostic("far", line: 1_234_567, data: nil)
        far.range = TextRange(
          start: Position(line: 10, encodedColumn: 0), end: Position(line: 9_999_999_999, encodedColumn: 100))
        return far
      }(),
    ]
  }

  static func expected(_ diagnostics: [Diagnostic], version: Int?) throws -> Data {
    try OutgoingMessage.encode(PublishDiagnosticsNotification(uri: uri, version: version, diagnostics: diagnostics))
  }

  @Test(arguments: [true, false])
  func splicedPublicationEqualsTheEncoderOutput(keepingEncodings: Bool) throws {
    let cache = DiagnosticCache()
    cache.keepsEncodings = keepingEncodings
    let first = Self.diagnostics
    #expect(
      try cache.publishParams(uri: Self.uri, version: 4, diagnostics: first).data == Self.expected(first, version: 4))
    // Moved, dropped and new diagnostics next to cached ones; no version.
    var second = first.dropFirst(2).map { diagnostic -> Diagnostic in
      var moved = diagnostic
      moved.range.start.line += 10
      moved.range.end.encodedColumn += 1
      return moved
    }
    second.append(
      Self.diagnostic("new one", line: 9, data: .object(["uri": .string(Self.uri), "passageId": .string("ab")])))
    #expect(
      try cache.publishParams(uri: Self.uri, version: nil, diagnostics: second).data
        == Self.expected(second, version: nil))
    #expect(try cache.publishParams(uri: Self.uri, version: 6, diagnostics: []).data == Self.expected([], version: 6))
    // The tables keep their storage from one publication to the next: a fourth and a fifth are still exact.
    #expect(
      try cache.publishParams(uri: Self.uri, version: 7, diagnostics: first).data == Self.expected(first, version: 7))
    #expect(
      try cache.publishParams(uri: Self.uri, version: 8, diagnostics: second).data == Self.expected(second, version: 8))
  }
}
