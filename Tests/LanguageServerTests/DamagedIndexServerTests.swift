import Foundation
import JSONRPC
import ReferenceIndex
import TestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// A server whose index is damaged keeps serving: it says so once with `window/showMessage`, every document gets
/// one diagnostic that says the index is damaged and how to rebuild it, and hover and shutdown still answer.
@Suite(.serialized) struct DamagedIndexServerTests {
  static let transcript = "Quoted: " + FixtureWorkspace.photosynthesis + "\n"

  /// Rewrites the workspace's index with `damage` applied (by rename, as a careful tool would).
  static func damageIndex(in workspace: FixtureWorkspace, resealed: Bool, _ damage: (inout [UInt8], Int, Int) -> Void)
    throws
  {
    let path = workspace.root + "/.echolens/index/reference.eli"
    var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
    let postings = IndexDamage.sections(of: bytes)[IndexSection.postings.rawValue]
    damage(&bytes, postings.offset, postings.length)
    if resealed { IndexDamage.reseal(&bytes) }
    try Data(bytes).write(to: URL(fileURLWithPath: path + ".new"))
    try FileManager.default.removeItem(atPath: path)
    try FileManager.default.moveItem(atPath: path + ".new", toPath: path)
  }

  /// Waits for a diagnostics publication of `uri` that says the index is damaged.
  static func damageDiagnostic(_ server: ServerProcess, uri: String) throws -> JSONValue {
    while true {
      let diagnostics = try server.diagnostics(for: uri, timeout: 15)
      if diagnostics.count == 1, diagnostics[0]["code"] == .string("not-scanned") { return diagnostics[0] }
    }
  }

  @Test(arguments: [false, true])
  func aDamagedPostingsSectionIsReportedOnceAndTheServerKeepsServing(resealed: Bool) throws {
    let workspace = try FixtureWorkspace()
    try Self.damageIndex(in: workspace, resealed: resealed) { bytes, offset, length in
      // Every posting names token 0xFFFFFFF0, far beyond the file's tokens: as a position in its document, what
      // used to trap the scan (`Int32(...)`).
      for posting in stride(from: offset, to: offset + length, by: 8) {
        IndexDamage.store(UInt32(0xFFFF_FFF0), into: &bytes, at: posting + 4)
      }
    }
    let server = try workspace.startServer()
    let first = workspace.uri("first.txt")
    server.open(first, text: Self.transcript)
    let diagnostic = try Self.damageDiagnostic(server, uri: first)
    let message = diagnostic["message"]?.stringValue ?? ""
    #expect(message.contains("reference.eli: index is corrupted: postings section"), "\(message)")
    #expect(message.contains("rebuild it with `echolens index build`"), "\(message)")
    let shown = try server.notification("window/showMessage", timeout: 15)
    #expect(shown["params"]?["message"]?.stringValue?.contains("index is corrupted") == true)

    // A second document says the same, and the problem is not shown again.
    let second = workspace.uri("second.txt")
    server.open(second, text: Self.transcript)
    #expect(try Self.damageDiagnostic(server, uri: second)["message"] == diagnostic["message"])
    let hover = try server.call(
      "textDocument/hover", .object(["textDocument": .document(second), "position": .position(0, 12)]))
    #expect(hover["error"] == nil)
    let repeated = server.pending(after: 1).filter { $0["method"] == .string("window/showMessage") }
    #expect(repeated.isEmpty, "\(repeated)")
    #expect(try server.shutdownAndExit() == 0)
  }

  @Test func checksumDamageIsFoundInTheBackgroundAfterOpening() throws {
    let workspace = try FixtureWorkspace()
    // One flipped bit in the terms section: every value stays in range, so only the checksum can tell.
    let path = workspace.root + "/.echolens/index/reference.eli"
    var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
    let terms = IndexDamage.sections(of: bytes)[IndexSection.terms.rawValue]
    bytes[terms.offset + terms.length / 2 + 9] ^= 0x01
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    let server = try workspace.startServer()
    let uri = workspace.uri("t.txt")
    server.open(uri, text: Self.transcript)
    let message = try Self.damageDiagnostic(server, uri: uri)["message"]?.stringValue ?? ""
    #expect(message.contains("index is corrupted: terms section checksum mismatch"), "\(message)")
    let shown = try server.notification("window/showMessage", timeout: 15)
    #expect(shown["params"]?["message"]?.stringValue?.contains("terms section checksum mismatch") == true)
    #expect(try server.shutdownAndExit() == 0)
  }

  @Test func resealedDamageIsFoundByTheBackgroundDeepVerification() throws {
    let workspace = try FixtureWorkspace()
    // Every posting zeroed, checksums recomputed: every value is in range and every checksum matches, so scans
    // quietly find nothing; only recomputing the postings from the texts can tell.
    try Self.damageIndex(in: workspace, resealed: true) { bytes, offset, length in
      for i in offset..<(offset + length) { bytes[i] = 0 }
    }
    let server = try workspace.startServer()
    let uri = workspace.uri("t.txt")
    server.open(uri, text: Self.transcript)
    let message = try Self.damageDiagnostic(server, uri: uri)["message"]?.stringValue ?? ""
    #expect(message.contains("reference.eli: index is corrupted: postings section: the "), "\(message)")
    #expect(message.contains("that the documents' texts give"), "\(message)")
    let shown = try server.notification("window/showMessage", timeout: 15)
    #expect(shown["params"]?["message"]?.stringValue?.contains("postings section") == true)
    #expect(try server.shutdownAndExit() == 0)
  }

  @Test func aFIFOAtTheIndexPathIsRefusedAndRequestsStillAnswer() throws {
    let workspace = try FixtureWorkspace(withIndex: false)
    let fifo = workspace.root + "/pipe.eli"
    #expect(mkfifo(fifo, 0o644) == 0)
    let server = try workspace.startServer(options: ["indexPaths": [fifo]])
    let shown = try server.notification("window/showMessage", timeout: 15)
    #expect(
      shown["params"]?["message"]?.stringValue?.contains(
        "\(fifo): cannot open index: it is a FIFO (named pipe), not a regular file") == true, "\(shown)")
    let uri = workspace.uri("t.txt")
    server.open(uri, text: Self.transcript)
    #expect(try server.diagnostics(for: uri) == [])
    let hover = try server.call(
      "textDocument/hover", .object(["textDocument": .document(uri), "position": .position(0, 12)]))
    #expect(hover["error"] == nil && hover["result"] == .null)
    #expect(try server.shutdownAndExit() == 0)
  }
}
