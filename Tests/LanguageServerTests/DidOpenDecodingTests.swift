import Foundation
import JSONRPC
import TestSupport
import Testing

/// `didOpen` over real stdio frames, decoded straight from the message bytes.
@Suite(.serialized) struct DidOpenDecodingTests {
  let echoed = DiagnosticsTests.echoed

  /// `didOpen` is read from the message bytes in one parse: escapes in every member are decoded as JSON says, and a
  /// member that is missing or of the wrong type drops that notification alone (it has no reply to carry an error).
  @Test func didOpenMembersAreDecodedFromTheBytesAndABadOneIsDropped() throws {
    let workspace = try FixtureWorkspace()
    let server = try workspace.startServer()
    let uri = workspace.uri("esc.md")
    // "esc.md" with its "e" escaped; the language id "markdown" with its "m" escaped.
    let escapedURI = uri.replacingOccurrences(of: "esc.md", with: #"esc.md"#)
    func open(_ members: String) {
      server.sendBody(
        #"{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"# + members + "}}}")
    }
    open(#""uri":"\#(uri)","languageId":"markdown","version":"1","text":"\#(echoed)""#)
    open(#""uri":"\#(uri)","languageId":"markdown","version":1.5,"text":"\#(echoed)""#)
    open(#""uri":"\#(uri)","languageId":"markdown","version":1,"text":7"#)
    open(#""languageId":"markdown","version":1,"text":"\#(echoed)""#)
    open(#""uri":"\#(escapedURI)","languageId":"markdown","version":4,"text":"été \#(echoed)""#)
    let opened = try server.diagnostics(for: uri, version: 4)
    // "été " is six UTF-8 bytes but four UTF-16 units: the passage starts at column 4 of line 0.
    #expect(opened.first?["range"]?["start"] == .position(0, 4))
    #expect(try server.shutdownAndExit() == 0)
  }
}
