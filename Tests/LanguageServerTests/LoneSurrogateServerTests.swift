import Foundation
import JSONRPC
import TestSupport
import Testing

/// A lone UTF-16 surrogate from the client (`"\ud800"` in the JSON string) was dropped with a stderr line, in
/// didOpen and in didChange, and later edits then applied to stale text. Now it becomes U+FFFD, one UTF-16 unit as
/// the surrogate was, and the document stays in step with the editor. Over real stdio frames.
@Suite(.serialized) struct LoneSurrogateServerTests {
  /// `DiagnosticsTests.echoed` as a JSON string body (it holds no character that needs escaping).
  let echoed = DiagnosticsTests.echoed

  func change(_ server: ServerProcess, _ uri: String, version: Int, from: (Int, Int), to: (Int, Int), text: String) {
    server.sendBody(
      #"{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"\#(uri)","version":\#(version)},"#
        + #""contentChanges":[{"range":{"start":{"line":\#(from.0),"character":\#(from.1)},"#
        + #""end":{"line":\#(to.0),"character":\#(to.1)}},"text":"\#(text)"}]}}"#)
  }

  @Test func aLoneSurrogateInDidOpenAndDidChangeIsReplacedAndTheDocumentStaysInSync() throws {
    let workspace = try FixtureWorkspace()
    let server = try workspace.startServer()
    let uri = workspace.uri("t.txt")
    server.sendBody(
      #"{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"\#(uri)","#
        + #""languageId":"plaintext","version":1,"text":"x\ud800 y\n\#(echoed)"}}}"#)
    let opened = try server.diagnostics(for: uri, version: 1)
    #expect(opened.first?["range"]?["start"] == .position(1, 0))

    // After "x" and the replacement character (one UTF-16 unit each): a lone low surrogate and a line break.
    change(server, uri, version: 2, from: (0, 2), to: (0, 2), text: #"\udc00\n"#)
    #expect(try server.diagnostics(for: uri, version: 2).first?["range"]?["start"] == .position(2, 0))

    // Join line 1 (" y") with the passage: it now starts at column 3 of line 1. On stale text it would not.
    change(server, uri, version: 3, from: (1, 2), to: (2, 0), text: " ")
    let joined = try server.diagnostics(for: uri, version: 3)
    #expect(joined.first?["range"]?["start"] == .position(1, 3))

    // The same final text, opened fresh with U+FFFD written out, gives the same diagnostics.
    let fresh = workspace.uri("fresh.txt")
    server.open(fresh, text: "x\u{FFFD}\u{FFFD}\n y \(echoed)")
    let expected = try server.diagnostics(for: fresh)
    #expect(joined.map { $0["range"] } == expected.map { $0["range"] })
    #expect(joined.map { $0["message"] } == expected.map { $0["message"] })
    let hover = try server.call(
      "textDocument/hover", .object(["textDocument": .document(uri), "position": .position(1, 10)]))
    #expect(hover["result"]?["contents"] != nil)
    #expect(try server.shutdownAndExit() == 0)
  }
}
