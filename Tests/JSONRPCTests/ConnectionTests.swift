import Foundation
import JSONRPC
import Testing

/// Dispatch order, reply-exactly-once, cancellation and the error replies of broken frames, in process.
@Suite struct ConnectionTests {
  /// Collects the frames a connection writes.
  final class Sink: @unchecked Sendable {
    private let lock = NSLock()
    private var parser = FrameParser()
    private var bodies: [String] = []
    func write(_ data: Data) -> Bool {
      lock.lock()
      defer { lock.unlock() }
      for case .body(let body) in parser.append(data) { bodies.append(String(decoding: body, as: UTF8.self)) }
      return true
    }
    var messages: [String] {
      lock.lock()
      defer { lock.unlock() }
      return bodies
    }
  }

  final class Echo: MessageHandler, @unchecked Sendable {
    var seen: [String] = []
    var held: Reply?
    func handle(_ notification: IncomingNotification) { seen.append(notification.method) }
    func handle(_ request: IncomingRequest, reply: Reply) {
      seen.append(request.method)
      switch request.method {
      case "twice":
        reply.succeed(1)
        reply.succeed(2)
      case "hold": held = reply
      case "drop": break
      default: reply.succeed(request.method)
      }
    }
    func endOfStream() {}
  }

  func frame(_ body: String) -> [UInt8] { Array("Content-Length: \(body.utf8.count)\r\n\r\n\(body)".utf8) }

  func drain(_ connection: Connection) { connection.queue.sync {} }

  @Test func repliesInOrderExactlyOnceAndAnswersLostReplies() {
    let sink = Sink()
    let connection = Connection(output: sink.write)
    let handler = Echo()
    connection.start(handler: handler)
    connection.receive(
      frame(#"{"jsonrpc":"2.0","id":1,"method":"a"}"#) + frame(#"{"jsonrpc":"2.0","method":"n"}"#)
        + frame(#"{"jsonrpc":"2.0","id":2,"method":"twice"}"#) + frame(#"{"jsonrpc":"2.0","id":3,"method":"drop"}"#)
        + frame(#"{"jsonrpc":"2.0","id":4,"method":"hold"}"#)
        + frame(#"{"jsonrpc":"2.0","method":"x","id":5,"#) + Array("Bad-Header\r\n\r\n".utf8))
    drain(connection)
    #expect(handler.seen == ["a", "n", "twice", "drop", "hold"])
    connection.cancelIncomingRequest(.number(4))
    drain(connection)
    #expect(
      sink.messages == [
        #"{"id":1,"jsonrpc":"2.0","result":"a"}"#,
        #"{"id":2,"jsonrpc":"2.0","result":1}"#,
        #"{"error":{"code":-32603,"message":"the server produced no reply for drop"},"id":3,"jsonrpc":"2.0"}"#,
        #"{"error":{"code":-32700,"message":"invalid JSON: The given data was not valid JSON."},"id":5,"jsonrpc":"2.0"}"#,
        #"{"error":{"code":-32700,"message":"bad frame header: header line without ':': \"Bad-Header\""},"id":null,"jsonrpc":"2.0"}"#,
        #"{"error":{"code":-32800,"message":"request cancelled"},"id":4,"jsonrpc":"2.0"}"#,
      ])
    handler.held?.succeed("late")
    drain(connection)
    #expect(sink.messages.count == 6)
  }
}
