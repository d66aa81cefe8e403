import Foundation
import JSONRPC

/// Fuzz target: the Content-Length frame parser and the classification of each body as a JSON-RPC message.
///
/// The input is a byte stream from a client. Its first byte chooses where the stream is cut in two, since reads
/// arrive in pieces; the parser must give the same events whether the stream comes whole or cut, and every body
/// must classify without trapping.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFrames(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  let cut = size == 0 ? 0 : Int(bytes[0]) % (size + 1)
  var pieces = FrameParser()
  var events = pieces.append(bytes[..<cut]) + pieces.append(bytes[cut...])
  if let last = pieces.finish() { events.append(last) }
  var whole = FrameParser()
  var wholeEvents = whole.append(bytes)
  if let last = whole.finish() { wholeEvents.append(last) }
  precondition(events == wholeEvents, "the same stream cut in two gave other events")
  for case .body(let body) in events {
    switch IncomingMessage(body: Data(body)) {
    case .request(let request): _ = request.method
    case .notification(let notification): _ = notification.method
    case .response(let id, _): _ = id
    case .malformed(_, let error, _): precondition(!error.message.isEmpty, "a malformed message says why")
    }
  }
  return 0
}
