/// What a connection delivers messages to.
///
/// - Important: the connection calls every method on its serial `queue`, one message at a time, in the order the
///   messages arrived. A handler that keeps its state on that queue needs no locks, and document notifications
///   are applied strictly in order.
public protocol MessageHandler: AnyObject, Sendable {
  func handle(_ notification: IncomingNotification)
  /// Handles a request; the handler must eventually call `reply` once (it may do so later, from any thread).
  func handle(_ request: IncomingRequest, reply: Reply)
  /// The peer closed its side of the stream; no more messages will arrive.
  func endOfStream()
}
