import Foundation
import JSONRPC
import TestSupport
import Testing

/// Broken frames and messages each get the right error, and the server keeps serving.
@Suite(.serialized) struct MalformedTrafficTests {
  func started() throws -> (FixtureWorkspace, ServerProcess) {
    let workspace = try FixtureWorkspace(withIndex: false)
    let server = try ServerProcess(workingDirectory: workspace.root)
    try server.initialize(root: workspace.root)
    return (workspace, server)
  }

  /// The next error reply with `id` (nil: `null`).
  func error(_ server: ServerProcess, id: JSONValue) throws -> JSONValue {
    try server.next { $0["error"] != nil && $0["id"] == id }
  }

  /// Proves the server still answers.
  func stillServes(_ server: ServerProcess) throws {
    let reply = try server.call("workspace/executeCommand", .object(["command": .string("echolens.indexInfo")]))
    #expect(reply["result"]?["error"] != nil)
  }

  @Test func badHeadersAndLengths() throws {
    let (_, server) = try started()
    server.sendRaw(Array("Content-Length: nope\r\n\r\n{}".utf8))
    #expect(try error(server, id: .null)["error"]?["code"] == .integer(-32700))
    // After a broken frame the server skips to the next Content-Length header; this valid frame is that header.
    try stillServes(server)
    server.sendRaw(Array("Content-Type: application/json\r\n\r\n{}".utf8))
    #expect(try error(server, id: .null)["error"]?["code"] == .integer(-32700))
    // Content-Length one short: the body is cut, which is invalid JSON; its id is recovered for the reply.
    let body = #"{"jsonrpc":"2.0","id":77,"method":"shutdown"}"#
    server.sendRaw(Array("Content-Length: \(body.utf8.count - 1)\r\n\r\n\(body)".utf8))
    #expect(try error(server, id: .integer(77))["error"]?["code"] == .integer(-32700))
    try stillServes(server)
    #expect(try server.shutdownAndExit() == 0)
  }

  @Test func invalidJSONAndInvalidRequests() throws {
    let (_, server) = try started()
    server.sendBody(#"{"jsonrpc":"2.0","id":5,"method":"textDocument/hover","params":{"#)
    #expect(try error(server, id: .integer(5))["error"]?["code"] == .integer(-32700))
    server.sendBody("[1,2,3]")
    #expect(try error(server, id: .null)["error"]?["code"] == .integer(-32600))
    server.sendBody(#"{"jsonrpc":"2.0","id":6}"#)
    #expect(try error(server, id: .integer(6))["error"]?["code"] == .integer(-32600))
    server.sendBody(#"{"jsonrpc":"2.0","id":7,"method":"textDocument/hover","params":"x"}"#)
    #expect(try error(server, id: .integer(7))["error"]?["code"] == .integer(-32600))
    try stillServes(server)
    #expect(try server.shutdownAndExit() == 0)
  }

  /// A number too large for an id was answered "The given data was not valid JSON"; now the reply says what it is.
  @Test func anIdOrNumberTooLargeIsNamedAsSuch() throws {
    let (_, server) = try started()
    server.sendBody(#"{"jsonrpc":"2.0","id":18446744073709551616,"method":"textDocument/hover"}"#)
    #expect(
      try error(server, id: .null)["error"]
        == .object([
          "code": .integer(-32600),
          "message": .string(
            "the id 18446744073709551616 is too large (an id is a string or a whole number up to 9223372036854775807)"),
        ]))
    server.sendBody(#"{"jsonrpc":"2.0","id":1e400,"method":"textDocument/hover"}"#)
    #expect(
      try error(server, id: .null)["error"]
        == .object(["code": .integer(-32600), "message": .string("id: a number too large to read")]))
    try stillServes(server)
    #expect(try server.shutdownAndExit() == 0)
  }

  @Test func wrongParamTypesAndUnknownMethods() throws {
    let (_, server) = try started()
    let wrong = try server.call(
      "textDocument/hover", .object(["textDocument": .object(["uri": .integer(3)]), "position": .position(0, 0)]))
    #expect(wrong["error"]?["code"] == .integer(-32602))
    #expect(wrong["error"]?["message"]?.stringValue?.contains("textDocument.uri") == true)
    let missing = try server.call("textDocument/codeAction", .object([:]))
    #expect(missing["error"]?["code"] == .integer(-32602))
    let unknown = try server.call("textDocument/completion", .object([:]))
    #expect(unknown["error"]?["code"] == .integer(-32601))
    server.notify("workspace/somethingNew", .object([:]))
    server.notify("$/unknownNotification")
    server.notify("textDocument/didChange", .object(["textDocument": .integer(1)]))
    let command = try server.call("workspace/executeCommand", .object(["command": .string("echolens.nope")]))
    #expect(command["error"]?["code"] == .integer(-32602))
    try stillServes(server)
    #expect(try server.shutdownAndExit() == 0)
  }

  @Test func bodyShorterThanPromisedAtEndOfInput() throws {
    let (_, server) = try started()
    server.sendRaw(Array("Content-Length: 100\r\n\r\n{\"jsonrpc\":".utf8))
    server.closeInput()
    #expect(try error(server, id: .null)["error"]?["code"] == .integer(-32700))
    #expect(try server.waitForExit() == 1)
  }
}
