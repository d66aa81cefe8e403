import Foundation
import JSONRPC
import TestSupport
import Testing

/// Replacing the index under a running server: by rename (what `echolens index build -o` does) or in place (what
/// `cp new.eli reference.eli` does, truncating first). The server never dies (an in-place rewrite used to kill it
/// with SIGBUS), notices the new file within about a second, and rescans every open document with it.
@Suite(.serialized) struct IndexReplacementTests {
  /// A transcript that quotes both reference answers of the fixture.
  static let transcript =
    "First: " + FixtureWorkspace.photosynthesis + "\n\nThen: " + FixtureWorkspace.waterCycle + "\n"

  /// The bytes of an index of the water-cycle answer alone, under another id, built with the CLI.
  static func replacementIndex(in workspace: FixtureWorkspace) throws -> [UInt8] {
    let record = ["id": "other:9", "model": "gpt-4", "output": FixtureWorkspace.waterCycle]
    let line = String(decoding: try JSONSerialization.data(withJSONObject: record), as: UTF8.self)
    try workspace.directory.write("other.jsonl", line + "\n")
    try workspace.run(["index", "build", "other.jsonl", "-o", "other.eli"])
    return Array(try Data(contentsOf: URL(fileURLWithPath: workspace.root + "/other.eli")))
  }

  /// The reference ids the diagnostics of `uri` name, from the next publication that satisfies `done`.
  static func referenceIDs(
    _ server: ServerProcess, uri: String, timeout: Double = 20, until done: ([String]) -> Bool
  ) throws -> [String] {
    let deadline = Date().addingTimeInterval(timeout)
    while true {
      let left = deadline.timeIntervalSinceNow
      guard left > 0 else { throw ServerProcess.TestFailure("no publication of \(uri) satisfied the test") }
      let diagnostics = try server.diagnostics(for: uri, timeout: left)
      let ids = diagnostics.compactMap { $0["message"]?.stringValue }.compactMap { message -> String? in
        guard let start = message.range(of: "answer "),
          let end = message.range(of: ": ", range: start.upperBound..<message.endIndex)
        else { return nil }
        return String(message[start.upperBound..<end.lowerBound])
      }
      if done(ids) { return ids }
    }
  }

  /// The fixture workspace (kept alive by the caller) and a server on it with the transcript open and its two echoes found; the index path, and the
  /// bytes of the index that will replace it.
  static func serverWithTranscriptOpen() throws -> (
    FixtureWorkspace, ServerProcess, uri: String, index: String, replacement: [UInt8]
  ) {
    let workspace = try FixtureWorkspace()
    let replacement = try replacementIndex(in: workspace)
    let server = try workspace.startServer()
    let uri = workspace.uri("t.txt")
    server.open(uri, text: transcript)
    #expect(try referenceIDs(server, uri: uri) { !$0.isEmpty }.sorted() == ["alpaca:1", "alpaca:2"])
    return (workspace, server, uri, workspace.root + "/.echolens/index/reference.eli", replacement)
  }

  @Test func anIndexRenamedOverTheOldOneIsOpenedAndDocumentsAreRescanned() throws {
    let (workspace, server, uri, index, replacement) = try Self.serverWithTranscriptOpen()
    defer { withExtendedLifetime(workspace) {} }
    try Data(replacement).write(to: URL(fileURLWithPath: index + ".tmp"))
    #expect(rename(index + ".tmp", index) == 0)
    #expect(try Self.referenceIDs(server, uri: uri) { $0 == ["other:9"] } == ["other:9"])
    #expect(try server.shutdownAndExit() == 0)
  }

  @Test func anIndexOverwrittenInPlaceDoesNotKillTheServer() throws {
    let (workspace, server, uri, index, replacement) = try Self.serverWithTranscriptOpen()
    defer { withExtendedLifetime(workspace) {} }
    // As `cp` does: the same file, truncated, then written. An edit right after the truncation makes the server
    // scan while its mapping reaches past the end of the file.
    let handle = try FileHandle(forUpdating: URL(fileURLWithPath: index))
    try handle.truncate(atOffset: 0)
    server.notify(
      "textDocument/didChange",
      .object([
        "textDocument": .object(["uri": .string(uri), "version": .integer(2)]),
        "contentChanges": .array([.object(["text": .string(Self.transcript + "More.\n")])]),
      ]))
    // Version 2 is scanned against the truncated file: the old mapping's pages are gone, and the scan says the
    // index changed while it was read (or, if the once-a-second check saw the truncation first, the truncated
    // file is refused and there are no diagnostics). Either way the server is alive.
    let during = try server.diagnostics(for: uri, version: 2, timeout: 20)
    let message = during.first?["message"]?.stringValue ?? ""
    #expect(during.isEmpty || message.contains("the index file changed while it was being read"), "\(during)")
    try handle.write(contentsOf: Data(replacement))
    try handle.close()

    #expect(try Self.referenceIDs(server, uri: uri) { $0 == ["other:9"] } == ["other:9"])
    let hover = try server.call(
      "textDocument/hover", .object(["textDocument": .document(uri), "position": .position(0, 10)]))
    #expect(hover["error"] == nil)
    #expect(try server.shutdownAndExit() == 0)
  }
}
