import Foundation
import JSONRPC
import TestSupport
import Testing

/// The file summary (a code lens, or a diagnostic for clients without lenses) and hover text that reads right
/// whether the client renders Markdown, shows its source, or shows plain text.
@Suite(.serialized) struct SummaryAndHoverTextTests {
  static let claim = " By the way, I am ChatGPT, developed by OpenAI."

  @Test func codeLensSummarisesTheFileAndIsRefreshedWithTheDiagnostics() throws {
    let workspace = try FixtureWorkspace()
    let capabilities = try JSONValueBuilder([
      "textDocument": ["codeLens": [:]], "workspace": ["codeLens": ["refreshSupport": true]],
    ])
    let server = try workspace.startServer(capabilities: capabilities)
    let initialize = server.bodies.first { $0.contains("codeLensProvider") }
    #expect(initialize != nil)
    let uri = workspace.uri("t.txt")
    server.open(uri, text: HoverAndCodeActionTests.edited + Self.claim)
    let diagnostics = try server.diagnostics(for: uri)
    // A client with lenses gets no summary diagnostic, and is asked to refresh its lenses.
    #expect(diagnostics.map { $0["code"] } == [.string("echo"), .string("self-identification")])
    let refresh = try server.serverRequest("workspace/codeLens/refresh")
    server.send(.object(["jsonrpc": "2.0", "id": refresh["id"] ?? .null, "result": .null]))
    let lenses = try server.call("textDocument/codeLens", .object(["textDocument": .document(uri)]))
    let lens = try #require(lenses["result"]?[0])
    #expect(lenses["result"]?[1] == nil)
    #expect(lens["range"] == .object(["start": .position(0, 0), "end": .position(0, 0)]))
    let title = try #require(lens["command"]?["title"]?.stringValue)
    #expect(
      title.wholeMatch(of: /echolens: \d+% echoes gpt-4 · 1 echoed passage · claims to be ChatGPT once/) != nil,
      "\(title)")
    #expect(lens["command"]?["command"] == .string(""))

    // An edit that removes the echo updates the summary.
    server.notify(
      "textDocument/didChange",
      .object([
        "textDocument": .object(["uri": .string(uri), "version": .integer(2)]),
        "contentChanges": .array([.object(["text": .string("Nothing to see." + Self.claim)])]),
      ]))
    _ = try server.diagnostics(for: uri, version: 2)
    let after = try server.call("textDocument/codeLens", .object(["textDocument": .document(uri)]))
    #expect(
      after["result"]?[0]?["command"]?["title"]
        == .string("echolens: no echoed passages · claims to be ChatGPT once"))
    #expect(try server.shutdownAndExit() == 0)
  }

  @Test func clientsWithoutCodeLensesGetTheSummaryOnlyWhenSomethingWasFound() throws {
    let workspace = try FixtureWorkspace()
    let server = try workspace.startServer()
    #expect(!server.bodies.contains { $0.contains("codeLensProvider") })
    let clean = workspace.uri("clean.txt")
    server.open(clean, text: "Nothing here echoes anything.")
    #expect(try server.diagnostics(for: clean) == [])
    #expect(try server.shutdownAndExit() == 0)
  }

  /// The ids of real corpora have underscores; Neovim shows `user\_oriented` literally, so none may be escaped.
  @Test func markdownHoverHasNoNeedlessEscapesAndADiffThatReadsAsPlainText() throws {
    let workspace = try FixtureWorkspace(withIndex: false)
    try workspace.buildIndex([
      [
        "id": "user_oriented_task_23", "model": "gpt-4_turbo", "prompt": "Explain photo_synthesis, 2 * 3 <b>",
        "output": FixtureWorkspace.photosynthesis,
      ]
    ])
    let capabilities = try JSONValueBuilder(["textDocument": ["hover": ["contentFormat": ["markdown"]]]])
    let server = try workspace.startServer(capabilities: capabilities)
    let uri = workspace.uri("t.txt")
    server.open(uri, text: HoverAndCodeActionTests.edited)
    let hover = try server.call(
      "textDocument/hover", .object(["textDocument": .document(uri), "position": .position(0, 20)]))
    let text = try #require(hover["result"]?["contents"]?["value"]?.stringValue)
    #expect(text.contains("Echoes gpt-4_turbo answer user_oriented_task_23: "), "\(text)")
    #expect(text.contains("**Prompt:** Explain photo_synthesis, 2 * 3 \\<b>"), "\(text)")
    // The one escape left is the one that stops `<b>` from being read as HTML.
    #expect(text.components(separatedBy: "\\").count == 2, "\(text)")
    #expect(text.contains("({--only in the reference--} {++only in the transcript++})"))
    // The excerpt is a code block: shown as written, with the change marked in words any reader understands.
    #expect(text.contains("```text\nPhotosynthesis is the process"))
    #expect(text.contains("organisms use sunlight to {--synthesize--} {++make++} foods"))
    #expect(try server.shutdownAndExit() == 0)
  }
}
