import Foundation
import JSONRPC
import TestSupport
import Testing

/// The built `echolens serve` in a child process, spoken to over real Content-Length frames.
///
/// The binary is `$ECHOLENS_BIN`, else the first of `.build-server/debug/echolens` and `.build/debug/echolens` under
/// the package root that exists.
final class ServerProcess: @unchecked Sendable {
  static let packageRoot: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.path
  }()

  static var binary: String? {
    if let path = ProcessInfo.processInfo.environment["ECHOLENS_BIN"], !path.isEmpty { return path }
    for scratch in [".build-server", ".build"] {
      let path = "\(packageRoot)/\(scratch)/debug/echolens"
      if FileManager.default.isExecutableFile(atPath: path) { return path }
    }
    return nil
  }

  let process = Process()
  private let input = Pipe()
  private let output = Pipe()
  private let errors = Pipe()
  private let lock = NSCondition()
  private var messages: [JSONValue] = []
  private var rawBodies: [String] = []
  private var ended = false
  private var nextID = 1000

  /// - Parameter nonBlockingPipes: hands the server a non-blocking standard input and output, as some editors'
  ///   process libraries do (the flag belongs to the pipe, so the child inherits it).
  init(workingDirectory: String, environment: [String: String] = [:], nonBlockingPipes: Bool = false) throws {
    guard let binary = Self.binary else { throw TestFailure("no built echolens binary; run swift build first") }
    process.executableURL = URL(fileURLWithPath: binary)
    process.arguments = ["serve"]
    process.currentDirectoryURL = URL(fileURLWithPath: workingDirectory)
    var env = ProcessInfo.processInfo.environment
    env["ECHOLENS_INDEX"] = nil
    for (key, value) in environment { env[key] = value }
    process.environment = env
    process.standardInput = input
    process.standardOutput = output
    process.standardError = errors
    if nonBlockingPipes {
      for fd in [input.fileHandleForReading.fileDescriptor, output.fileHandleForWriting.fileDescriptor] {
        guard fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) == 0 else {
          throw TestFailure("cannot make the server's pipes non-blocking")
        }
      }
    }
    try process.run()
    let reader = Thread { [self] in
      var parser = FrameParser()
      let handle = output.fileHandleForReading
      while true {
        lock.lock()
        while outputHeld { lock.wait() }
        lock.unlock()
        let data = handle.availableData
        if data.isEmpty { break }
        for case .body(let body) in parser.append(data) {
          let text = String(decoding: body, as: UTF8.self)
          let value = try? JSONDecoder().decode(JSONValue.self, from: Data(body))
          lock.lock()
          rawBodies.append(text)
          messages.append(value ?? .string(text))
          lock.broadcast()
          lock.unlock()
        }
      }
      lock.lock()
      ended = true
      lock.broadcast()
      lock.unlock()
    }
    reader.start()
    // Drain stderr so the child never blocks on a full pipe, keeping its tail for the message of a server that died.
    Thread { [self] in
      while true {
        let data = errors.fileHandleForReading.availableData
        if data.isEmpty { break }
        lock.lock()
        errorTail = Array((errorTail + data).suffix(Self.errorTailLimit))
        lock.unlock()
      }
    }.start()
  }

  private var outputHeld = false

  /// Stops reading the server's output (after the read in progress), so that its pipe fills up and its writes have
  /// to wait, until `releaseOutput`.
  func holdOutput() {
    lock.lock()
    outputHeld = true
    lock.unlock()
  }

  func releaseOutput() {
    lock.lock()
    outputHeld = false
    lock.broadcast()
    lock.unlock()
  }

  /// How much of the server's standard error a failure quotes.
  static let errorTailLimit = 4096
  private var errorTail: [UInt8] = []

  /// How the server ended and the end of what it wrote to standard error, for a test that found its output closed:
  /// a crash then says which signal and what the server said last, instead of only that it is gone.
  private func deathReport() -> String {
    let deadline = Date().addingTimeInterval(2)
    while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
    let status =
      process.isRunning
      ? "still running"
      : process.terminationReason == .uncaughtSignal
        ? "killed by signal \(process.terminationStatus)" : "exited with status \(process.terminationStatus)"
    lock.lock()
    let tail = errorTail
    lock.unlock()
    return "\(status); standard error ends: \(String(decoding: tail, as: UTF8.self))"
  }

  deinit {
    if process.isRunning { process.terminate() }
  }

  struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
  }

  // MARK: Sending

  func sendRaw(_ bytes: [UInt8]) {
    input.fileHandleForWriting.write(Data(bytes))
  }

  func sendBody(_ body: String) {
    sendRaw(Array("Content-Length: \(body.utf8.count)\r\n\r\n".utf8) + Array(body.utf8))
  }

  func send(_ message: JSONValue) {
    sendBody(String(decoding: try! OutgoingMessage.encode(message), as: UTF8.self))
  }

  /// Sends a request and returns its id.
  @discardableResult
  func request(_ method: String, _ params: JSONValue? = nil) -> Int {
    lock.lock()
    let id = nextID
    nextID += 1
    lock.unlock()
    var message: [String: JSONValue] = ["jsonrpc": "2.0", "id": .integer(id), "method": .string(method)]
    if let params { message["params"] = params }
    send(.object(message))
    return id
  }

  func notify(_ method: String, _ params: JSONValue? = nil) {
    var message: [String: JSONValue] = ["jsonrpc": "2.0", "method": .string(method)]
    if let params { message["params"] = params }
    send(.object(message))
  }

  /// Sends a request and waits for its reply.
  func call(_ method: String, _ params: JSONValue? = nil, timeout: Double = 10) throws -> JSONValue {
    let id = request(method, params)
    return try reply(to: id, timeout: timeout)
  }

  func closeInput() { try? input.fileHandleForWriting.close() }

  // MARK: Receiving

  /// Removes and returns the first message matching `predicate`, waiting up to `timeout` seconds.
  func next(timeout: Double = 10, where predicate: (JSONValue) -> Bool) throws -> JSONValue {
    let deadline = Date().addingTimeInterval(timeout)
    lock.lock()
    defer { lock.unlock() }
    while true {
      if let index = messages.firstIndex(where: predicate) { return messages.remove(at: index) }
      if ended {
        lock.unlock()
        let report = deathReport()
        lock.lock()
        throw TestFailure("server closed its output (\(report)); unmatched messages: \(messages)")
      }
      if !lock.wait(until: deadline) { throw TestFailure("timed out; unmatched messages: \(messages)") }
    }
  }

  func reply(to id: Int, timeout: Double = 10) throws -> JSONValue {
    try next(timeout: timeout) { $0["id"] == .integer(id) && $0["method"] == nil }
  }

  func notification(_ method: String, timeout: Double = 10) throws -> JSONValue {
    try next(timeout: timeout) { $0["method"] == .string(method) && $0["id"] == nil }
  }

  /// A server-to-client request.
  func serverRequest(_ method: String, timeout: Double = 10) throws -> JSONValue {
    try next(timeout: timeout) { $0["method"] == .string(method) && $0["id"] != nil }
  }

  /// Messages received and not yet taken, after waiting `seconds` for stragglers.
  func pending(after seconds: Double) -> [JSONValue] {
    Thread.sleep(forTimeInterval: seconds)
    lock.lock()
    defer { lock.unlock() }
    return messages
  }

  /// Every body received so far, in order, as raw text.
  var bodies: [String] {
    lock.lock()
    defer { lock.unlock() }
    return rawBodies
  }

  /// Waits for the process to end and returns its exit code.
  func waitForExit(timeout: Double = 10) throws -> Int32 {
    let deadline = Date().addingTimeInterval(timeout)
    while process.isRunning {
      if Date() > deadline { throw TestFailure("server did not exit") }
      Thread.sleep(forTimeInterval: 0.01)
    }
    return process.terminationStatus
  }

  // MARK: Conveniences

  /// `initialize` + `initialized` with `capabilities` and `options`; returns the initialize result.
  @discardableResult
  func initialize(
    root: String?, capabilities: JSONValue = .object([:]), options: JSONValue? = nil
  ) throws -> JSONValue {
    var params: [String: JSONValue] = ["processId": .null, "capabilities": capabilities]
    if let root { params["rootUri"] = .string(URL(fileURLWithPath: root).absoluteString) }
    if let options { params["initializationOptions"] = options }
    let result = try call("initialize", .object(params))
    notify("initialized", .object([:]))
    return result
  }

  func open(_ uri: String, text: String, version: Int = 1, languageID: String = "plaintext") {
    notify(
      "textDocument/didOpen",
      .object([
        "textDocument": .object([
          "uri": .string(uri), "languageId": .string(languageID), "version": .integer(version), "text": .string(text),
        ])
      ]))
  }

  /// Waits for the `publishDiagnostics` of `uri` (at `version` when given).
  func diagnostics(for uri: String, version: Int? = nil, timeout: Double = 10) throws -> [JSONValue] {
    let message = try next(timeout: timeout) { message in
      guard message["method"] == .string("textDocument/publishDiagnostics"), message["params"]?["uri"] == .string(uri)
      else { return false }
      return version.map { message["params"]?["version"] == .integer($0) } ?? true
    }
    guard case .array(let items)? = message["params"]?["diagnostics"] else { return [] }
    return items
  }

  /// The complete publication of `version`: a scan that shows parts first (a document of 64 KiB or more opened)
  /// publishes the findings so far before it. This client shows no code lenses, so the complete publication of a
  /// document with findings is the one with the file summary; one without findings is published once, empty.
  func completeDiagnostics(for uri: String, version: Int, timeout: Double = 30) throws -> [JSONValue] {
    while true {
      let items = try diagnostics(for: uri, version: version, timeout: timeout)
      if items.isEmpty || items.contains(where: { $0["code"] == .string("summary") }) { return items }
    }
  }

  func shutdownAndExit() throws -> Int32 {
    _ = try call("shutdown")
    notify("exit")
    return try waitForExit()
  }
}

extension JSONValue {
  /// The element `index` of an array.
  subscript(index: Int) -> JSONValue? {
    if case .array(let values) = self, values.indices.contains(index) { return values[index] }
    return nil
  }

  static func position(_ line: Int, _ character: Int) -> JSONValue {
    .object(["line": .integer(line), "character": .integer(character)])
  }

  static func document(_ uri: String) -> JSONValue { .object(["uri": .string(uri)]) }
}
