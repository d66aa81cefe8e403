import Foundation
import JSONRPC
import TestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// Evidence export while another process swaps a workspace folder for a link to outside, as fast as it can, with
/// `renameat2(RENAME_EXCHANGE)`: no report may land outside and no temporary file may remain. Over real stdio frames.
@Suite(.serialized) struct EvidenceRaceTests {
  typealias RenameAt2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32

  /// `renameat2` from the C library (glibc 2.28+), looked up at run time because Swift's Glibc module hides it.
  static let renameat2: RenameAt2? = {
    guard let handle = dlopen(nil, RTLD_NOW), let symbol = dlsym(handle, "renameat2") else { return nil }
    return unsafeBitCast(symbol, to: RenameAt2.self)
  }()

  /// Every path under `root` whose name contains `.tmp-`.
  func temporaryFiles(under root: String) -> [String] {
    let walker = FileManager.default.enumerator(atPath: root)
    var found: [String] = []
    while let name = walker?.nextObject() as? String {
      if name.contains(".tmp-") { found.append(name) }
    }
    return found
  }

  @Test func aFolderSwappedForALinkToOutsideNeverRedirectsAReport() throws {
    let exchange = try #require(Self.renameat2, "renameat2 is not in this C library")
    let workspace = try FixtureWorkspace()
    let outside = try TemporaryDirectory(prefix: "echolens-outside")
    try FileManager.default.createDirectory(atPath: outside.path + "/evidence", withIntermediateDirectories: true)
    try FileManager.default.createDirectory(
      atPath: workspace.root + "/.echolens/evidence", withIntermediateDirectories: true)
    try FileManager.default.createSymbolicLink(atPath: workspace.root + "/swap", withDestinationPath: outside.path)

    let server = try workspace.startServer()
    let uri = workspace.uri("t.txt")
    server.open(uri, text: DiagnosticsTests.echoed)
    #expect(try server.diagnostics(for: uri).first?["code"] == .string("echo"))

    let stop = Atomic(false)
    let swaps = Atomic(0)
    let real = workspace.root + "/.echolens"
    let link = workspace.root + "/swap"
    let swapper = Thread {
      while !stop.value {
        if exchange(AT_FDCWD, real, AT_FDCWD, link, 2 /* RENAME_EXCHANGE */) == 0 { swaps.update { $0 += 1 } }
      }
    }
    swapper.start()
    let ids = (0..<400).map { _ in
      server.request(
        "workspace/executeCommand",
        .object([
          "command": .string("echolens.exportAllEvidence"), "arguments": .array([.object(["uri": .string(uri)])]),
        ]))
    }
    var written: [String] = []
    var refused = 0
    for id in ids {
      let reply = try server.reply(to: id, timeout: 60)
      if let path = reply["result"]?["path"]?.stringValue {
        written.append(path)
      } else {
        refused += 1
      }
    }
    stop.value = true
    while swapper.isExecuting || !swapper.isFinished { usleep(1000) }
    if swaps.value % 2 == 1 { _ = exchange(AT_FDCWD, real, AT_FDCWD, link, 2) }

    #expect(swaps.value > 0)
    #expect(written.count + refused == 400)
    #expect(!written.isEmpty, "some exports find the folder in place")
    let root = URL(fileURLWithPath: workspace.root).resolvingSymlinksInPath().path
    for path in written { #expect(path.hasPrefix(root + "/"), "\(path)") }
    #expect(try FileManager.default.contentsOfDirectory(atPath: outside.path + "/evidence") == [])
    #expect(temporaryFiles(under: workspace.root) == [])
    #expect(temporaryFiles(under: outside.path) == [])
    // Every report that was answered exists, inside the workspace, with its Markdown twin.
    let reports = try FileManager.default.contentsOfDirectory(atPath: workspace.root + "/.echolens/evidence")
    #expect(reports.count == 2 * written.count)
    #expect(try server.shutdownAndExit() == 0)
  }
}

/// A value shared between the test and the swapping thread.
final class Atomic<Value: Sendable>: @unchecked Sendable {
  private let lock = NSLock()
  private var stored: Value
  init(_ value: Value) { stored = value }
  var value: Value {
    get { lock.withLock { stored } }
    set { lock.withLock { stored = newValue } }
  }
  func update(_ body: (inout Value) -> Void) { lock.withLock { body(&stored) } }
}
