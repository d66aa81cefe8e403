import Foundation

/// A JSON-RPC peer over a byte stream: framing in, ordered dispatch, replies and server-to-client requests out.
///
/// One reader thread calls `receive(_:)`; frames are decoded there, then each message is handed to the handler on
/// the serial `queue` in arrival order. Output goes through one lock, so frames written from several threads never
/// interleave.
public final class Connection: @unchecked Sendable {
  /// The serial queue every handler call runs on; handlers may schedule their own follow-up work on it.
  public let queue = DispatchQueue(label: "echolens.jsonrpc.messages")
  private let output: @Sendable (Data) -> Bool
  private let writeLock = NSLock()
  /// Confined to the reader thread.
  private var parser = FrameParser()
  private let stateLock = NSLock()
  private var handler: (any MessageHandler)?
  /// Weak, so that a reply the handler dropped is released and answers with an internal error.
  private var pendingReplies: [RequestID: WeakReply] = [:]
  private var pendingOutgoing: [RequestID: @Sendable (Result<JSONValue, ResponseError>) -> Void] = [:]
  private var nextOutgoingNumber = 1
  private var isClosed = false
  private var exitCode: Int32 = 1
  private let closedSignal = DispatchSemaphore(value: 0)

  /// - Parameter output: writes one whole frame; returns false when the stream is broken.
  public init(output: @escaping @Sendable (Data) -> Bool) {
    self.output = output
  }

  public func start(handler: any MessageHandler) {
    stateLock.lock()
    self.handler = handler
    stateLock.unlock()
  }

  // MARK: Input

  /// Feeds bytes read from the stream.
  ///
  /// - Important: call from one thread only (the reader); framing state is not locked.
  public func receive(_ bytes: some Collection<UInt8>) {
    var events = parser.append(bytes)
    for index in events.indices {
      let event = events[index]
      events[index] = .headerError("")  // let go of a large body as soon as it is a message
      switch event {
      case .body(let body):
        let message = IncomingMessage(body: Data(body))
        queue.async { self.dispatch(message) }
      case .headerError(let problem):
        Log.error("bad frame: \(problem)")
        let error = ResponseError(code: .parseError, message: "bad frame header: \(problem)")
        queue.async { self.write(OutgoingMessage.errorResponse(id: nil, error: error)) }
      }
    }
  }

  /// Reports the end of the input stream; a message cut short is logged and answered with a parse error.
  public func receiveEndOfStream() {
    if case .headerError(let problem) = parser.finish() {
      Log.error("input ended mid-message: \(problem)")
      let error = ResponseError(code: .parseError, message: problem)
      queue.async { self.write(OutgoingMessage.errorResponse(id: nil, error: error)) }
    }
    queue.async { self.currentHandler()?.endOfStream() }
  }

  private func currentHandler() -> (any MessageHandler)? {
    stateLock.lock()
    defer { stateLock.unlock() }
    return isClosed ? nil : handler
  }

  private func dispatch(_ message: IncomingMessage) {
    guard let handler = currentHandler() else { return }
    switch message {
    case .request(let request):
      let reply = Reply(
        id: request.id, method: request.method, send: { [weak self] in self?.write($0) },
        finished: { [weak self] id in self?.forgetReply(id) })
      stateLock.lock()
      pendingReplies[request.id] = WeakReply(reply: reply)
      stateLock.unlock()
      handler.handle(request, reply: reply)
    case .notification(let notification):
      handler.handle(notification)
    case .response(let id, let result):
      stateLock.lock()
      let completion = pendingOutgoing.removeValue(forKey: id)
      stateLock.unlock()
      if let completion {
        completion(result)
      } else {
        Log.info("response to an unknown request id \(id) ignored")
      }
    case .malformed(let id, let error, let isRequest):
      Log.error("malformed message (\(error.code.rawValue)): \(error.message)")
      if isRequest { write(OutgoingMessage.errorResponse(id: id, error: error)) }
    }
  }

  private func forgetReply(_ id: RequestID) {
    stateLock.lock()
    pendingReplies.removeValue(forKey: id)
    stateLock.unlock()
  }

  /// Answers a pending request with -32800 (`$/cancelRequest`); unknown or finished ids are ignored, as the spec
  /// allows.
  public func cancelIncomingRequest(_ id: RequestID) {
    stateLock.lock()
    let reply = pendingReplies[id]?.reply
    stateLock.unlock()
    reply?.cancel()
  }

  // MARK: Output

  public func send<N: NotificationType>(_ notification: N) {
    send(notification: N.method, params: notification)
  }

  public func send(notification method: String, params: some Encodable) {
    do {
      writeFrame(try OutgoingMessage.notificationFrame(method: method, params: params))
    } catch {
      Log.error("could not encode notification \(method): \(error)")
    }
  }

  /// Sends a request to the peer; `completion` runs on `queue` with the decoded response.
  public func send<R: RequestType>(
    _ request: R, completion: @escaping @Sendable (Result<R.Response, ResponseError>) -> Void
  ) {
    stateLock.lock()
    let id = RequestID.string("echolens-\(nextOutgoingNumber)")
    nextOutgoingNumber += 1
    pendingOutgoing[id] = { result in
      completion(
        result.flatMap { value in
          do {
            return .success(try value.decode(R.Response.self))
          } catch {
            return .failure(ResponseError(error))
          }
        })
    }
    stateLock.unlock()
    do {
      write(try OutgoingMessage.request(id: id, method: R.method, params: request))
    } catch {
      stateLock.lock()
      pendingOutgoing.removeValue(forKey: id)
      stateLock.unlock()
      completion(.failure(ResponseError(error)))
    }
  }

  func write(_ body: Data) {
    writeFrame(OutgoingMessage.frame(body))
  }

  /// Writes a whole frame, header and body.
  private func writeFrame(_ frame: Data) {
    writeLock.lock()
    defer { writeLock.unlock() }
    if !output(frame) { Log.debug("output stream closed; dropped \(frame.count) bytes") }
  }

  // MARK: Lifetime

  /// Stops dispatching and wakes `waitUntilClosed()` with `exitCode`.
  public func close(exitCode: Int32) {
    stateLock.lock()
    guard !isClosed else {
      stateLock.unlock()
      return
    }
    isClosed = true
    self.exitCode = exitCode
    stateLock.unlock()
    closedSignal.signal()
  }

  /// Blocks until `close(exitCode:)` and returns its exit code.
  public func waitUntilClosed() -> Int32 {
    closedSignal.wait()
    stateLock.lock()
    defer { stateLock.unlock() }
    return exitCode
  }

  /// Reads standard input on a thread of its own until end of stream.
  public func startReadingStandardInput() {
    let thread = Thread { [self] in
      while let bytes = FileDescriptor.read(0) { receive(bytes) }
      receiveEndOfStream()
    }
    thread.name = "echolens.stdin"
    thread.start()
  }
}

private struct WeakReply {
  weak var reply: Reply?
}
