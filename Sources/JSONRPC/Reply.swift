import Foundation

/// The one answer a request gets.
///
/// The first call sends the reply; later calls are logged and dropped. A reply that is never sent (the handler lost
/// it) is answered with an internal error when it is released, so a client never waits forever. A client's
/// `$/cancelRequest` answers -32800 through `cancel()` and runs the cancellation handler, if one is set.
public final class Reply: @unchecked Sendable {
  public let id: RequestID
  public let method: String
  private let send: @Sendable (Data) -> Void
  private let finished: @Sendable (RequestID) -> Void
  private let lock = NSLock()
  private var isSent = false

  init(
    id: RequestID, method: String, send: @escaping @Sendable (Data) -> Void,
    finished: @escaping @Sendable (RequestID) -> Void
  ) {
    self.id = id
    self.method = method
    self.send = send
    self.finished = finished
  }

  deinit {
    if !isSent {
      Log.error("no reply was produced for \(method) (id \(id)); answering with an internal error")
      send(
        OutgoingMessage.errorResponse(
          id: id, error: ResponseError(code: .internalError, message: "the server produced no reply for \(method)")))
      finished(id)
    }
  }

  /// Whether the reply was sent (or the request cancelled).
  public var isDone: Bool {
    lock.lock()
    defer { lock.unlock() }
    return isSent
  }

  /// Sends a successful result.
  public func succeed(_ result: some Encodable) {
    let body: Data
    do {
      body = try OutgoingMessage.response(id: id, result: result)
    } catch {
      fail(ResponseError(code: .internalError, message: "could not encode the result of \(method): \(error)"))
      return
    }
    deliver(body)
  }

  /// Sends an error; any Swift error is mapped by `ResponseError.init(_:)`.
  public func fail(_ error: any Error) {
    deliver(OutgoingMessage.errorResponse(id: id, error: ResponseError(error)))
  }

  /// Sends the result or the error.
  public func callAsFunction<T: Encodable>(_ result: Result<T, any Error>) {
    switch result {
    case .success(let value): succeed(value)
    case .failure(let error): fail(error)
    }
  }

  /// Runs `body` and replies with what it returns or throws.
  public func run<T: Encodable>(_ body: () throws -> T) {
    do {
      succeed(try body())
    } catch {
      fail(error)
    }
  }

  /// Answers -32800 unless a reply was already sent.
  func cancel() {
    fail(ResponseError.cancelled)
  }

  private func deliver(_ body: Data) {
    lock.lock()
    if isSent {
      lock.unlock()
      Log.debug("dropping a second reply to \(method) (id \(id))")
      return
    }
    isSent = true
    lock.unlock()
    send(body)
    finished(id)
  }
}
