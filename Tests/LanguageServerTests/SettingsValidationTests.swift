import Foundation
import JSONRPC
import TestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// Editor settings go through the CLI's checks (`ScanSettingRules`) and their messages name the setting; paths
/// starting with `~/` are the home folder, `~name/` that account's. Against the built binary over real stdio frames.
@Suite(.serialized) struct SettingsValidationTests {
  @Test func anOutOfRangeInitializationOptionIsShownNamingTheSettingAndTheDefaultsKept() throws {
    let workspace = try FixtureWorkspace()
    let server = try workspace.startServer(options: ["minSimilarity": 5])
    let message = try server.notification("window/showMessage")
    #expect(
      message["params"]?["message"]
        == .string(
          "echolens: ignoring initializationOptions: echolens.minSimilarity takes a number from 0 to 1, not 5"))
    // The defaults hold: the echo is found as with no settings at all.
    let uri = workspace.uri("t.txt")
    server.open(uri, text: DiagnosticsTests.echoed)
    #expect(try server.diagnostics(for: uri).first?["code"] == .string("echo"))
    #expect(try server.shutdownAndExit() == 0)
  }

  @Test(arguments: [
    (#"{"minTokens": 0}"#, "echolens.minTokens takes a whole number, 1 or more, not 0"),
    (#"{"maxEValue": 0}"#, "echolens.maxEValue takes a positive number, not 0"),
    (
      #"{"kinds": ["echo", "copy"]}"#,
      "echolens.kinds takes kinds from echo, self-identification, common-text, not 'copy'"
    ),
    (#"{"maxFileBytes": -1}"#, "echolens.maxFileBytes takes a whole number of bytes, 0 or more, not -1"),
    (#"{"debounceMilliseconds": -5}"#, "echolens.debounceMilliseconds takes a whole number from 0 to 60000, not -5"),
    (#"{"minTokens": "many"}"#, "echolens.minTokens: expected Int"),
  ])
  func aRefusedSettingChangeNamesTheSettingAndKeepsTheCurrentSettings(settingsJSON: String, expected: String) throws {
    let settings = try JSONDecoder().decode(JSONValue.self, from: Data(settingsJSON.utf8))
    let workspace = try FixtureWorkspace()
    let server = try workspace.startServer(options: ["severities": ["strong": "error", "moderate": "error"]])
    let uri = workspace.uri("t.txt")
    server.open(uri, text: DiagnosticsTests.echoed)
    #expect(try server.diagnostics(for: uri).first?["severity"] == .integer(1))
    server.notify("workspace/didChangeConfiguration", .object(["settings": .object(["echolens": settings])]))
    let message = try server.notification("window/showMessage")
    #expect(message["params"]?["message"] == .string("echolens: ignoring invalid settings: \(expected)"))
    // Nothing was applied, so nothing is rescanned and the server still answers from the settings it had.
    let hover = try server.call(
      "textDocument/hover", .object(["textDocument": .document(uri), "position": .position(0, 5)]))
    #expect(hover["result"] != .null)
    #expect(server.pending(after: 0.2).allSatisfy { $0["method"] != .string("textDocument/publishDiagnostics") })
    #expect(try server.shutdownAndExit() == 0)
  }

  @Test func anEvidenceFolderStartingWithTildeIsUnderTheHomeFolder() throws {
    let workspace = try FixtureWorkspace()
    // The workspace is the home folder here, so that `~/evx` lies inside it, where evidence may go.
    let server = try ServerProcess(workingDirectory: workspace.root, environment: ["HOME": workspace.root])
    try server.initialize(
      root: workspace.root,
      options: try JSONValueBuilder.json(["debounceMilliseconds": 20, "evidenceFolder": "~/evx"]))
    let uri = workspace.uri("t.txt")
    server.open(uri, text: DiagnosticsTests.echoed)
    _ = try server.diagnostics(for: uri)
    let result = try server.call(
      "workspace/executeCommand",
      .object(["command": .string("echolens.exportAllEvidence"), "arguments": .array([.object(["uri": .string(uri)])])])
    )
    let path = try #require(result["result"]?["path"]?.stringValue, "\(result)")
    let folder = URL(fileURLWithPath: workspace.root + "/evx").resolvingSymlinksInPath().path
    #expect(URL(fileURLWithPath: path).deletingLastPathComponent().resolvingSymlinksInPath().path == folder)
    #expect(!FileManager.default.fileExists(atPath: workspace.root + "/~"))
    #expect(try server.shutdownAndExit() == 0)
  }

  @Test func aPathStartingWithTildeAndAnAccountNameIsInThatAccountsHomeFolder() throws {
    let workspace = try FixtureWorkspace(withIndex: false)
    let account = try #require(getpwuid(getuid()), "the test's own account")
    let name = String(cString: account.pointee.pw_name)
    let home = String(cString: account.pointee.pw_dir)
    let missing = "echolens-no-such-index-\(UUID().uuidString).eli"
    let server = try workspace.startServer(options: ["indexPaths": ["~\(name)/\(missing)"]])
    let shown = try server.notification("window/showMessage", timeout: 15)
    let message = shown["params"]?["message"]?.stringValue ?? ""
    // The message names the path it tried: in the account's home folder, not `~name` in the workspace.
    #expect(message.contains("\(home)/\(missing)"), "\(message)")
    #expect(!message.contains("~\(name)"), "\(message)")
    #expect(try server.shutdownAndExit() == 0)
  }
}
