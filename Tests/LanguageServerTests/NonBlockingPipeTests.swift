import Foundation
import JSONRPC
import TestSupport
import Testing

/// A client may spawn the server with non-blocking pipes: "nothing to read yet" and "pipe full" are then errors of
/// `read` and `write` (`EAGAIN`) instead of waits. The server used to take the first as the end of its input and
/// exit at once; it must wait on both, as it does on blocking pipes.
@Suite struct NonBlockingPipeTests {
  @Test func aServerOnNonBlockingPipesWaitsForInputAndForRoomToWrite() throws {
    let workspace = try FixtureWorkspace(withIndex: false)
    let server = try ServerProcess(workingDirectory: workspace.root, nonBlockingPipes: true)
    // Idle input: every read finds nothing until the client writes.
    Thread.sleep(forTimeInterval: 0.5)
    #expect(server.process.isRunning)
    try server.initialize(root: workspace.root)

    // About 150 KB of replies while nobody reads them: more than a pipe holds, so the server's writes find it full.
    server.holdOutput()
    let ids = (0..<1500).map { _ in server.request("echolens/noSuchMethod") }
    Thread.sleep(forTimeInterval: 0.5)
    #expect(server.process.isRunning)
    server.releaseOutput()
    for id in ids {
      let reply = try server.reply(to: id)
      #expect(reply["error"]?["code"] == .integer(ErrorCode.methodNotFound.rawValue))
    }
    #expect(try server.shutdownAndExit() == 0)
  }
}
