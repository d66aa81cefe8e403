import Foundation
import JSONRPC
import TestSupport
import Testing

/// `initialize`, `shutdown`, `exit` and the errors around them, against the built binary.
@Suite(.serialized) struct LifecycleTests {
  @Test func initializeAnswersWithTheWholeCapabilityObject() throws {
    let workspace = try FixtureWorkspace(withIndex: false)
    let server = try ServerProcess(workingDirectory: workspace.root)
    let id = server.request("initialize", .object(["processId": .null, "capabilities": .object([:])]))
    _ = try server.reply(to: id)
    let body = server.bodies.first { $0.contains("\"serverInfo\"") }
    let expected =
      #"{"id":\#(id),"jsonrpc":"2.0","result":{"capabilities":{"codeActionProvider":{"codeActionKinds":["quickfix","source.echolens.exportAll"],"resolveProvider":false},"definitionProvider":true,"executeCommandProvider":{"commands":["echolens.exportEvidence","echolens.exportAllEvidence","echolens.indexInfo","echolens.compare","echolens.writeReport"]},"hoverProvider":true,"positionEncoding":"utf-16","textDocumentSync":{"change":2,"openClose":true,"save":{"includeText":false}}},"serverInfo":{"name":"echolens","version":"\#(try toolVersion())"}}}"#
    #expect(body == expected)
    #expect(try server.shutdownAndExit() == 0)
  }

  /// The version the binary reports, so the literal above does not pin a release number.
  func toolVersion() throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: ServerProcess.binary ?? "/nonexistent")
    process.arguments = ["--version"]
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    process.waitUntilExit()
    let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    return text.split(whereSeparator: { $0 == " " || $0 == "\n" }).last.map(String.init) ?? ""
  }

  @Test func utf8IsChosenWhenOfferedAndPullWhenDeclared() throws {
    let workspace = try FixtureWorkspace(withIndex: false)
    let server = try ServerProcess(workingDirectory: workspace.root)
    let capabilities = try JSONValueBuilder.parse(
      #"{"general":{"positionEncodings":["utf-32","utf-8","utf-16"]},"textDocument":{"diagnostic":{}}}"#)
    let result = try server.initialize(root: workspace.root, capabilities: capabilities)
    #expect(result["result"]?["capabilities"]?["positionEncoding"] == .string("utf-8"))
    #expect(result["result"]?["capabilities"]?["diagnosticProvider"]?["identifier"] == .string("echolens"))
    #expect(try server.shutdownAndExit() == 0)
  }

  @Test func requestsBeforeInitializeAreRefusedAndNotificationsIgnored() throws {
    let workspace = try FixtureWorkspace(withIndex: false)
    let server = try ServerProcess(workingDirectory: workspace.root)
    server.notify("textDocument/didOpen", .object([:]))
    let early = try server.call("textDocument/hover", .object([:]))
    #expect(early["error"]?["code"] == .integer(-32002))
    let shutdown = try server.call("shutdown")
    #expect(shutdown["error"]?["code"] == .integer(-32002))
    try server.initialize(root: workspace.root)
    let again = try server.call("initialize", .object(["capabilities": .object([:])]))
    #expect(again["error"]?["code"] == .integer(-32600))
    #expect(try server.shutdownAndExit() == 0)
  }

  @Test func requestsAfterShutdownAreInvalidAndExitIsZero() throws {
    let workspace = try FixtureWorkspace(withIndex: false)
    let server = try ServerProcess(workingDirectory: workspace.root)
    try server.initialize(root: workspace.root)
    let shutdown = try server.call("shutdown")
    #expect(shutdown["result"] == .null)
    // The wire keeps `"result":null` (a missing result is invalid JSON-RPC). Other messages, such as the one-time
    // "no index" notice, may arrive after the reply, so look for it among all bodies rather than the last.
    #expect(server.bodies.contains { $0.contains(#""result":null"#) })
    let late = try server.call("textDocument/hover", .object([:]))
    #expect(late["error"]?["code"] == .integer(-32600))
    server.notify("exit")
    #expect(try server.waitForExit() == 0)
  }

  @Test func exitWithoutShutdownIsOne() throws {
    let workspace = try FixtureWorkspace(withIndex: false)
    let server = try ServerProcess(workingDirectory: workspace.root)
    try server.initialize(root: workspace.root)
    server.notify("exit")
    #expect(try server.waitForExit() == 1)
  }

  @Test func endOfInputWithoutShutdownIsOne() throws {
    let workspace = try FixtureWorkspace(withIndex: false)
    let server = try ServerProcess(workingDirectory: workspace.root)
    try server.initialize(root: workspace.root)
    server.closeInput()
    #expect(try server.waitForExit() == 1)
  }

  @Test func cancelledRequestGetsRequestCancelled() throws {
    let workspace = try FixtureWorkspace()
    // An open is scanned at once, so a hover right after it could be answered before the cancellation is read.
    // After an edit, the hover waits for the edited text's scan, which a long debounce holds back: the
    // cancellation arrives first.
    let server = try workspace.startServer(options: ["debounceMilliseconds": 5000])
    let uri = workspace.uri("t.txt")
    server.open(uri, text: FixtureWorkspace.photosynthesis)
    server.notify(
      "textDocument/didChange",
      .object([
        "textDocument": .object(["uri": .string(uri), "version": .integer(2)]),
        "contentChanges": .array([
          .object(["range": .object(["start": .position(0, 0), "end": .position(0, 0)]), "text": .string(" ")])
        ]),
      ]))
    let id = server.request(
      "textDocument/hover", .object(["textDocument": .document(uri), "position": .position(0, 3)]))
    server.notify("$/cancelRequest", .object(["id": .integer(id)]))
    let reply = try server.reply(to: id)
    #expect(reply["error"]?["code"] == .integer(-32800))
    server.notify("$/setTrace", .object(["value": .string("verbose")]))
    #expect(try server.shutdownAndExit() == 0)
  }
}
