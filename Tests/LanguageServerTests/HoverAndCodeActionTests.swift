import Foundation
import JSONRPC
import TestSupport
import Testing

/// Hover, code actions and the evidence export, against the built binary.
@Suite(.serialized) struct HoverAndCodeActionTests {
  /// The echo with one word changed ("synthesize" to "make"), so the hover shows a difference.
  static let edited =
    "As I said: Photosynthesis is the process by which green plants and some other organisms use sunlight to make "
    + "foods from carbon dioxide and water. Photosynthesis in plants generally involves the green pigment chlorophyll."

  @Test func hoverExplainsThePassageInMarkdown() throws {
    let workspace = try FixtureWorkspace()
    let capabilities = try JSONValueBuilder(["textDocument": ["hover": ["contentFormat": ["markdown", "plaintext"]]]])
    let server = try workspace.startServer(capabilities: capabilities)
    let uri = workspace.uri("t.txt")
    server.open(uri, text: Self.edited)
    let hover = try server.call(
      "textDocument/hover", .object(["textDocument": .document(uri), "position": .position(0, 20)]))
    let contents = try #require(hover["result"]?["contents"])
    #expect(contents["kind"] == .string("markdown"))
    let text = contents["value"]?.stringValue ?? ""
    for expected in [
      "`alpaca:1`", "**gpt-4**", "Explain photosynthesis", "{--synthesize--} {++make++}",
      "longest verbatim run", "about 1 in 10^",
    ] {
      #expect(text.contains(expected), "missing \(expected) in \(text)")
    }
    #expect(hover["result"]?["range"]?["start"] == .position(0, 11))
    let outside = try server.call(
      "textDocument/hover", .object(["textDocument": .document(uri), "position": .position(0, 2)]))
    #expect(outside["result"] == .null)
    #expect(try server.shutdownAndExit() == 0)
  }

  @Test func hoverFallsBackToPlainText() throws {
    let workspace = try FixtureWorkspace()
    let server = try workspace.startServer()
    let uri = workspace.uri("t.txt")
    server.open(uri, text: Self.edited)
    let hover = try server.call(
      "textDocument/hover", .object(["textDocument": .document(uri), "position": .position(0, 20)]))
    #expect(hover["result"]?["contents"]?["kind"] == .string("plaintext"))
    #expect(hover["result"]?["contents"]?["value"]?.stringValue?.contains("{--synthesize--} {++make++}") == true)
    #expect(try server.shutdownAndExit() == 0)
  }

  func codeActions(_ server: ServerProcess, _ uri: String, only: [String]? = nil) throws -> JSONValue {
    var context: [String: JSONValue] = ["diagnostics": .array([])]
    if let only { context["only"] = .array(only.map(JSONValue.string)) }
    let reply = try server.call(
      "textDocument/codeAction",
      .object([
        "textDocument": .document(uri), "range": .object(["start": .position(0, 20), "end": .position(0, 20)]),
        "context": .object(context),
      ]))
    return reply["result"] ?? .null
  }

  @Test func codeActionsOfferQuickFixAndSourceAction() throws {
    let workspace = try FixtureWorkspace()
    let capabilities = try JSONValueBuilder(["textDocument": ["codeAction": ["codeActionLiteralSupport": [:]]]])
    let server = try workspace.startServer(capabilities: capabilities)
    let uri = workspace.uri("t.txt")
    server.open(uri, text: Self.edited)
    let actions = try codeActions(server, uri)
    #expect(actions[0]?["kind"] == .string("quickfix"))
    #expect(actions[0]?["title"] == .string("Export evidence for this passage"))
    #expect(actions[0]?["command"]?["command"] == .string("echolens.exportEvidence"))
    #expect(actions[0]?["diagnostics"]?[0]?["code"] == .string("echo"))
    #expect(actions[1]?["kind"] == .string("source.echolens.exportAll"))
    #expect(actions[1]?["command"]?["arguments"] == .array([.object(["uri": .string(uri)])]))
    let onlySource = try codeActions(server, uri, only: ["source"])
    #expect(onlySource[0]?["kind"] == .string("source.echolens.exportAll") && onlySource[1] == nil)
    #expect(try server.shutdownAndExit() == 0)
  }

  @Test func clientsWithoutLiteralsGetCommands() throws {
    let workspace = try FixtureWorkspace()
    let server = try workspace.startServer()
    let uri = workspace.uri("t.txt")
    server.open(uri, text: Self.edited)
    let actions = try codeActions(server, uri)
    #expect(actions[0]?["command"] == .string("echolens.exportEvidence"))
    #expect(actions[0]?["kind"] == nil)
    #expect(try server.shutdownAndExit() == 0)
  }

  @Test func exportWritesTheReportAndShowsIt() throws {
    let workspace = try FixtureWorkspace()
    let capabilities = try JSONValueBuilder(["window": ["showDocument": ["support": true]]])
    let server = try workspace.startServer(capabilities: capabilities)
    let uri = workspace.uri("t.txt")
    server.open(uri, text: Self.edited)
    let diagnostic = try #require(try server.diagnostics(for: uri).first)
    let id = server.request(
      "workspace/executeCommand",
      .object([
        "command": .string("echolens.exportEvidence"),
        "arguments": .array([.object(["uri": .string(uri), "passageId": diagnostic["data"]?["passageId"] ?? .null])]),
      ]))
    let result = try #require(try server.reply(to: id)["result"])
    let path = try #require(result["path"]?.stringValue)
    let markdownPath = try #require(result["markdownPath"]?.stringValue)
    #expect(result["passages"] == .integer(1))
    let evidenceFolder = URL(fileURLWithPath: "\(workspace.root)/.echolens/evidence").resolvingSymlinksInPath().path
    #expect(URL(fileURLWithPath: path).deletingLastPathComponent().resolvingSymlinksInPath().path == evidenceFolder)
    let report = try JSONDecoder().decode(JSONValue.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
    #expect(report["passages"]?[0]?["kind"] == .string("echo"))
    #expect(FileManager.default.fileExists(atPath: markdownPath))
    let show = try server.serverRequest("window/showDocument")
    #expect(show["params"]?["uri"] == .string(URL(fileURLWithPath: markdownPath).absoluteString))
    server.send(.object(["jsonrpc": "2.0", "id": show["id"] ?? .null, "result": .object(["success": true])]))
    #expect(try server.shutdownAndExit() == 0)
  }

  @Test func exportAllWithoutShowDocumentSaysWhereItWrote() throws {
    let workspace = try FixtureWorkspace()
    let server = try workspace.startServer()
    let uri = workspace.uri("t.txt")
    server.open(uri, text: Self.edited)
    let result = try server.call(
      "workspace/executeCommand",
      .object(["command": .string("echolens.exportAllEvidence"), "arguments": .array([.object(["uri": .string(uri)])])])
    )
    let path = try #require(result["result"]?["path"]?.stringValue)
    let message = try server.notification("window/showMessage")
    #expect(message["params"]?["message"]?.stringValue?.contains(path) == true)
    #expect(try server.shutdownAndExit() == 0)
  }

  @Test func exportOutsideTheWorkspaceIsRefused() throws {
    let workspace = try FixtureWorkspace()
    let server = try workspace.startServer(options: ["evidenceFolder": "../outside"])
    let uri = workspace.uri("t.txt")
    server.open(uri, text: Self.edited)
    let result = try server.call(
      "workspace/executeCommand",
      .object(["command": .string("echolens.exportAllEvidence"), "arguments": .array([.object(["uri": .string(uri)])])])
    )
    #expect(result["error"]?["code"] == .integer(-32803))
    #expect(result["error"]?["message"]?.stringValue?.contains("refusing") == true)
    let absolute = try server.call(
      "workspace/executeCommand",
      .object(["command": .string("echolens.exportEvidence"), "arguments": .array([.object(["uri": .string(uri)])])]))
    #expect(absolute["error"]?["code"] == .integer(-32602))
    #expect(!FileManager.default.fileExists(atPath: "\(workspace.root)/../outside"))
    #expect(try server.shutdownAndExit() == 0)
  }
}
