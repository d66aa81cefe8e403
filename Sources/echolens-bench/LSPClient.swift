import Foundation

/// A minimal LSP client over a child process's pipes: Content-Length frames out, frames in on a reader thread.
///
/// Every received message is stamped with the monotonic time at which its last byte arrived, so latencies are
/// measured from the moment a request was written to the moment the answer was complete on our side.
final class LSPClient: @unchecked Sendable {
  struct Received {
    var message: [String: Any]
    var time: Double
  }

  let process: ChildProcess
  private let condition = NSCondition()
  private var inbox: [Received] = []
  private var closed = false
  private var nextID = 1

  init(process: ChildProcess) {
    self.process = process
    let fd = process.output
    Thread.detachNewThread { [self] in readLoop(fd) }
  }

  private func readLoop(_ fd: Int32) {
    var buffer: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    let separator: [UInt8] = [13, 10, 13, 10]
    while true {
      let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
      if n <= 0 { break }
      buffer += chunk[0..<n]
      while let headerEnd = Self.find(separator, in: buffer) {
        let header = String(decoding: buffer[0..<headerEnd], as: UTF8.self)
        guard
          let lengthLine = header.split(separator: "\r\n").first(where: { $0.lowercased().hasPrefix("content-length:") }
          ),
          let length = Int(lengthLine.split(separator: ":")[1].trimmingCharacters(in: .whitespaces))
        else { break }
        let bodyStart = headerEnd + 4
        guard buffer.count >= bodyStart + length else { break }
        let body = Data(buffer[bodyStart..<(bodyStart + length)])
        buffer.removeFirst(bodyStart + length)
        let time = Clock.now()
        if let object = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] {
          condition.lock()
          inbox.append(Received(message: object, time: time))
          condition.broadcast()
          condition.unlock()
        }
      }
    }
    condition.lock()
    closed = true
    condition.broadcast()
    condition.unlock()
  }

  static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
    guard haystack.count >= needle.count else { return nil }
    for i in 0...(haystack.count - needle.count) where haystack[i] == needle[0] {
      if Array(haystack[i..<(i + needle.count)]) == needle { return i }
    }
    return nil
  }

  /// Writes one message; returns the time just before the first byte was written.
  @discardableResult
  func send(_ message: [String: Any]) throws -> Double {
    var object = message
    object["jsonrpc"] = "2.0"
    let body = try JSONSerialization.data(withJSONObject: object)
    let frame = Array("Content-Length: \(body.count)\r\n\r\n".utf8) + Array(body)
    let start = Clock.now()
    var offset = 0
    while offset < frame.count {
      let n = frame[offset...].withUnsafeBytes { write(process.input, $0.baseAddress, $0.count) }
      guard n > 0 else { throw BenchError("server closed its input: \(String(cString: strerror(errno)))") }
      offset += n
    }
    return start
  }

  /// Sends a request and returns its id.
  func request(_ method: String, _ params: Any) throws -> (id: Int, sent: Double) {
    let id = nextID
    nextID += 1
    let sent = try send(["id": id, "method": method, "params": params])
    return (id, sent)
  }

  /// Waits until a message satisfying `matches` arrives (and removes it and everything before it from the inbox).
  func wait(timeout: Double = 60, _ matches: ([String: Any]) -> Bool) throws -> Received {
    let deadline = Date().addingTimeInterval(timeout)
    condition.lock()
    defer { condition.unlock() }
    while true {
      if let i = inbox.firstIndex(where: { matches($0.message) }) {
        let r = inbox[i]
        inbox.removeFirst(i + 1)
        return r
      }
      if closed { throw BenchError("the server closed its output") }
      guard condition.wait(until: deadline) else {
        throw BenchError("no answer from the server within \(Int(timeout)) s")
      }
    }
  }

  func response(to id: Int) throws -> Received {
    try wait { ($0["id"] as? Int) == id && $0["method"] == nil }
  }

  func diagnostics(uri: String, version: Int) throws -> Received {
    try wait { m in
      guard m["method"] as? String == "textDocument/publishDiagnostics", let p = m["params"] as? [String: Any] else {
        return false
      }
      return p["uri"] as? String == uri && p["version"] as? Int == version
    }
  }

  /// Whether a publication is a scan's complete one: it holds the file summary (this client shows no code lenses),
  /// which the parts the server publishes during a long scan do not. (Every transcript of the bench has findings.)
  static func isComplete(_ received: Received) -> Bool {
    let diagnostics = (received.message["params"] as? [String: Any])?["diagnostics"] as? [[String: Any]] ?? []
    return diagnostics.contains { $0["code"] as? String == "summary" }
  }

  /// The first publication of `version` and its complete one (the same when the scan was published at once).
  func firstAndCompleteDiagnostics(uri: String, version: Int) throws -> (first: Received, complete: Received) {
    let first = try diagnostics(uri: uri, version: version)
    if Self.isComplete(first) { return (first, first) }
    let complete = try wait { m in
      guard m["method"] as? String == "textDocument/publishDiagnostics", let p = m["params"] as? [String: Any],
        p["uri"] as? String == uri, p["version"] as? Int == version
      else { return false }
      return Self.isComplete(Received(message: m, time: 0))
    }
    return (first, complete)
  }
}
