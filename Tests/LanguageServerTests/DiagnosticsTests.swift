import Foundation
import JSONRPC
import TestSupport
import Testing

/// Push and pull diagnostics from a real index, with exact positions in both encodings.
@Suite(.serialized) struct DiagnosticsTests {
  /// The echoed words of the reference, as a transcript quotes them (up to "chlorophyll").
  static let echoed =
    "Photosynthesis is the process by which green plants and some other organisms use sunlight to synthesize foods "
    + "from carbon dioxide and water. Photosynthesis in plants generally involves the green pigment chlorophyll"

  /// Emoji (a surrogate pair, and a modifier sequence), an accent, a combining mark, CJK and a CRLF line end before
  /// the passage, so UTF-16 and UTF-8 columns differ.
  static let marked = MarkedText(
    "Intro 😀 line\r\nNaïve cafe\u{301} 漢字 👍🏽: 1️⃣\(echoed)2️⃣. Done 🎉\n")

  func expectedRange(_ encoding: String) -> JSONValue {
    let start = TextPosition(utf8Offset: Self.marked["1️⃣"], in: Self.marked.text)
    let end = TextPosition(utf8Offset: Self.marked["2️⃣"], in: Self.marked.text)
    let utf8 = encoding == "utf-8"
    return .object([
      "start": .position(start.line, utf8 ? start.utf8Column : start.utf16Column),
      "end": .position(end.line, utf8 ? end.utf8Column : end.utf16Column),
    ])
  }

  @Test(arguments: ["utf-16", "utf-8"])
  func pushedDiagnosticHasExactRangeAndContractFields(encoding: String) throws {
    let workspace = try FixtureWorkspace()
    let capabilities = try JSONValueBuilder(["general": ["positionEncodings": [encoding]]])
    let server = try workspace.startServer(capabilities: capabilities)
    let uri = workspace.uri("transcript.txt")
    server.open(uri, text: Self.marked.text, version: 3)
    let all = try server.diagnostics(for: uri, version: 3)
    // This client shows no code lenses, so the file summary comes last, as an information diagnostic at 0:0.
    let summary = try #require(all.last)
    #expect(summary["code"] == .string("summary") && summary["severity"] == .integer(3))
    #expect(summary["range"] == .object(["start": .position(0, 0), "end": .position(0, 0)]))
    #expect(summary["message"]?.stringValue?.hasSuffix(" echoes gpt-4 · 1 echoed passage") == true)
    let diagnostics = all.dropLast()
    #expect(diagnostics.count == 1)
    let diagnostic = try #require(diagnostics.first)
    #expect(diagnostic["range"] == expectedRange(encoding))
    #expect(diagnostic["severity"] == .integer(2))
    #expect(diagnostic["code"] == .string("echo"))
    #expect(diagnostic["source"] == .string("echolens"))
    let message = diagnostic["message"]?.stringValue ?? ""
    #expect(message.hasPrefix("Echoes gpt-4 answer alpaca:1: 100% of "))
    #expect(message.contains("; uncalibrated: about 1 in 10^"))
    #expect(diagnostic["data"]?["uri"] == .string(uri))
    // No version: a passage an edit elsewhere did not change keeps its diagnostic (see LSP.md).
    #expect(diagnostic["data"]?["version"] == nil)
    #expect(diagnostic["data"]?["passageId"]?.stringValue?.isEmpty == false)
    let related = diagnostic["relatedInformation"]?[0]?["location"]?["uri"]?.stringValue ?? ""
    #expect(related.hasPrefix("echolens-index:///") && related.hasSuffix("/alpaca:1"))
    #expect(try server.shutdownAndExit() == 0)
  }

  @Test func incrementalChangesAreAppliedInOrderAndStaleScansNeverPublished() throws {
    let workspace = try FixtureWorkspace()
    let server = try workspace.startServer(options: ["debounceMilliseconds": 100])
    let uri = workspace.uri("t.txt")
    server.open(uri, text: "😀 x\n" + Self.echoed + ".\n")
    // Three edits in quick succession, each against the previous text (UTF-16 columns: the emoji is 2 units).
    for (version, insert) in [(2, "é"), (3, "漢"), (4, "👍")].enumerated().map({ ($0.element.0, $0.element.1) }) {
      server.notify(
        "textDocument/didChange",
        .object([
          "textDocument": .object(["uri": .string(uri), "version": .integer(version)]),
          "contentChanges": .array([
            .object([
              "range": .object(["start": .position(0, 2), "end": .position(0, 2)]), "text": .string(insert),
            ])
          ]),
        ]))
    }
    let diagnostics = try server.diagnostics(for: uri, version: 4)
    // The open is scanned at once (version 1 may be published); the edits are debounced into one scan.
    let published = server.bodies.filter { $0.contains("publishDiagnostics") }
    #expect(published.count <= 2)
    #expect(!published.contains { $0.contains(#""version":2"#) || $0.contains(#""version":3"#) })
    // The passage starts on line 1 whatever happened on line 0.
    #expect(diagnostics.first?["range"]?["start"] == .position(1, 0))
    // An edit that deletes line 0's newline moves the passage to line 0, after "😀👍漢é x" (2+2+1+1+2 units).
    server.notify(
      "textDocument/didChange",
      .object([
        "textDocument": .object(["uri": .string(uri), "version": .integer(5)]),
        "contentChanges": .array([
          .object(["range": .object(["start": .position(0, 8), "end": .position(1, 0)]), "text": .string(" ")])
        ]),
      ]))
    let moved = try server.diagnostics(for: uri, version: 5)
    #expect(moved.first?["range"]?["start"] == .position(0, 9))
    server.notify("textDocument/didClose", .object(["textDocument": .document(uri)]))
    let cleared = try server.next { $0["method"] == .string("textDocument/publishDiagnostics") }
    #expect(cleared["params"]?["diagnostics"] == .array([]))
    #expect(try server.shutdownAndExit() == 0)
  }

  @Test func pullDiagnosticsWhenTheClientDeclaresThem() throws {
    let workspace = try FixtureWorkspace()
    let capabilities = try JSONValueBuilder(["textDocument": ["diagnostic": ["dynamicRegistration": false]]])
    let server = try workspace.startServer(capabilities: capabilities)
    let uri = workspace.uri("t.md")
    server.open(uri, text: "# Notes\n\n" + Self.echoed + ".\n", languageID: "markdown")
    let report = try server.call("textDocument/diagnostic", .object(["textDocument": .document(uri)]))
    #expect(report["result"]?["kind"] == .string("full"))
    #expect(report["result"]?["resultId"] == .string("1"))
    #expect(report["result"]?["items"]?[0]?["code"] == .string("echo"))
    #expect(server.pending(after: 0.2).allSatisfy { $0["method"] != .string("textDocument/publishDiagnostics") })
    #expect(try server.shutdownAndExit() == 0)
  }

  @Test func fileOverTheLimitGetsOneClearDiagnostic() throws {
    let workspace = try FixtureWorkspace()
    let server = try workspace.startServer(options: ["maxFileBytes": 100])
    let uri = workspace.uri("big.txt")
    server.open(uri, text: Self.echoed)
    let diagnostics = try server.diagnostics(for: uri)
    #expect(diagnostics.count == 1)
    #expect(diagnostics.first?["range"] == .object(["start": .position(0, 0), "end": .position(0, 0)]))
    #expect(diagnostics.first?["severity"] == .integer(3))
    #expect(diagnostics.first?["code"] == .string("not-scanned"))
    #expect(diagnostics.first?["message"]?.stringValue?.contains("maxFileBytes") == true)
    #expect(try server.shutdownAndExit() == 0)
  }

  @Test func severitiesFollowSettingsAndConfigurationChangesRescan() throws {
    let workspace = try FixtureWorkspace()
    let server = try workspace.startServer(options: ["severities": ["strong": "error", "moderate": "error"]])
    let uri = workspace.uri("t.txt")
    server.open(uri, text: Self.echoed)
    #expect(try server.diagnostics(for: uri).first?["severity"] == .integer(1))
    server.notify(
      "workspace/didChangeConfiguration",
      try JSONValueBuilder.json(["settings": ["echolens": ["severities": ["strong": "hint", "moderate": "hint"]]]]))
    #expect(try server.diagnostics(for: uri).first?["severity"] == .integer(4))
    #expect(try server.shutdownAndExit() == 0)
  }

  @Test func missingIndexIsReportedOnceAndTheServerKeepsRunning() throws {
    let workspace = try FixtureWorkspace(withIndex: false)
    let server = try workspace.startServer()
    let message = try server.notification("window/showMessage")
    #expect(message["params"]?["message"]?.stringValue?.contains("echolens index build") == true)
    server.open(workspace.uri("a.txt"), text: Self.echoed)
    server.open(workspace.uri("b.txt"), text: Self.echoed)
    #expect(try server.diagnostics(for: workspace.uri("a.txt")) == [])
    #expect(try server.diagnostics(for: workspace.uri("b.txt")) == [])
    #expect(server.pending(after: 0.1).allSatisfy { $0["method"] != .string("window/showMessage") })
    #expect(try server.shutdownAndExit() == 0)
  }

  @Test func indexFromTheEnvironmentVariable() throws {
    let indexed = try FixtureWorkspace()
    let empty = try FixtureWorkspace(withIndex: false)
    let server = try empty.startServer(environment: ["ECHOLENS_INDEX": "\(indexed.root)/.echolens/index/reference.eli"])
    let uri = empty.uri("t.txt")
    server.open(uri, text: Self.echoed)
    #expect(try server.diagnostics(for: uri).filter { $0["code"] != .string("summary") }.count == 1)
    let info = try server.call("workspace/executeCommand", .object(["command": .string("echolens.indexInfo")]))
    #expect(info["result"]?["source"] == .string("environment"))
    #expect(info["result"]?["documentCount"] == .integer(2))
    #expect(try server.shutdownAndExit() == 0)
  }
}
