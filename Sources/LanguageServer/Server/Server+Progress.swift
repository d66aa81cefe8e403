import JSONRPC

/// One work-done progress the server started.
///
/// - Important: confined to the server's queue. The token is usable only after the client answered
///   `window/workDoneProgress/create`; an `end` requested before that is sent right after the `begin`.
final class ProgressHandle: @unchecked Sendable {
  let token: ProgressToken
  let title: String
  var begun = false
  var ended = false

  init(token: ProgressToken, title: String) {
    self.token = token
    self.title = title
  }
}

extension Server {
  /// Starts a work-done progress when the client supports it; nil otherwise.
  func beginProgress(title: String) -> ProgressHandle? {
    guard client.workDoneProgress else { return nil }
    let handle = ProgressHandle(token: .string("echolens-progress-\(nextProgressNumber)"), title: title)
    nextProgressNumber += 1
    connection.send(WorkDoneProgressCreateRequest(token: handle.token)) { result in
      guard case .success = result else { return }
      handle.begun = true
      self.connection.send(
        ProgressNotification(token: handle.token, value: WorkDoneProgress(kind: "begin", title: title)))
      if handle.ended { self.sendEnd(handle) }
    }
    return handle
  }

  /// Reports how far a progress has come; dropped while the client has not yet accepted the token.
  func reportProgress(_ handle: ProgressHandle?, percentage: Int, message: String) {
    guard let handle, handle.begun, !handle.ended else { return }
    connection.send(
      ProgressNotification(
        token: handle.token, value: WorkDoneProgress(kind: "report", message: message, percentage: percentage)))
  }

  func endProgress(_ handle: ProgressHandle?) {
    guard let handle, !handle.ended else { return }
    handle.ended = true
    if handle.begun { sendEnd(handle) }
  }

  private func sendEnd(_ handle: ProgressHandle) {
    connection.send(ProgressNotification(token: handle.token, value: WorkDoneProgress(kind: "end")))
  }
}
