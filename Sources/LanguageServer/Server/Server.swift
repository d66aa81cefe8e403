import Foundation
import JSONRPC
import Matching

/// The echolens language server: LSP handlers on top of a JSON-RPC connection and the engine.
///
/// Handlers are split by feature into `Server+<Feature>.swift`; `MessageRegistry` lists every method.
///
/// - Important: every stored property is confined to `connection.queue`, the serial queue on which the connection
///   delivers messages in order. Work leaves the queue only for scans and evidence exports, and their results come
///   back to it before they touch any state, so a stale scan can be recognised and dropped.
public final class Server: MessageHandler, @unchecked Sendable {
  enum Lifecycle {
    case waitingForInitialize
    case running
    /// `shutdown` was answered; only `exit` is accepted.
    case shutDown
  }

  let connection: Connection
  let options: ServerOptions
  let loader: any EngineLoading
  let registry: [String: MessageRegistry.Entry]

  var lifecycle = Lifecycle.waitingForInitialize
  var client = ClientSupport()
  var workspaceRoot: String?
  var settings = ServerSettings()
  var trace = TraceValue.off
  var documents: [String: OpenDocument] = [:]
  var engine: EngineHolder?
  /// The engine problem already shown with `window/showMessage`, so it is said once and not on every scan.
  var reportedEngineProblem: String?
  /// The timer that looks for a replaced index (`startWatchingIndexFiles`).
  var indexWatch: DispatchSourceTimer?
  var nextProgressNumber = 1

  /// - Parameter loader: opens indexes and builds scanners; `IndexScannerLoader` in `echolens serve`.
  package init(connection: Connection, options: ServerOptions, loader: any EngineLoading) {
    self.connection = connection
    self.options = options
    self.loader = loader
    self.registry = MessageRegistry.byMethod()
  }

  /// Starts a server on standard input and output and blocks until `exit` or end of input.
  ///
  /// - Returns: the process exit code: 0 after `shutdown` then `exit`, 1 otherwise.
  package static func runOnStandardIO(options: ServerOptions, loader: any EngineLoading) -> Int32 {
    FileDescriptor.ignoreBrokenPipe()
    let connection = Connection(output: { FileDescriptor.writeAll(1, $0) })
    let server = Server(connection: connection, options: options, loader: loader)
    connection.start(handler: server)
    connection.startReadingStandardInput()
    return connection.waitUntilClosed()
  }

  // MARK: MessageHandler

  public func handle(_ request: IncomingRequest, reply: Reply) {
    switch lifecycle {
    case .waitingForInitialize where request.method != InitializeRequest.method:
      reply.fail(ResponseError(code: .serverNotInitialized, message: "\(request.method) before initialize"))
      return
    case .running where request.method == InitializeRequest.method:
      reply.fail(ResponseError(code: .invalidRequest, message: "initialize was already received"))
      return
    case .shutDown:
      reply.fail(ResponseError(code: .invalidRequest, message: "\(request.method) after shutdown"))
      return
    case .waitingForInitialize, .running:
      break
    }
    guard case .request(let run)? = registry[request.method]?.handler else {
      reply.fail(ResponseError.methodNotFound(request.method))
      return
    }
    run(self, request, reply)
  }

  public func handle(_ notification: IncomingNotification) {
    switch lifecycle {
    case .waitingForInitialize, .shutDown:
      guard notification.method == ExitNotification.method else {
        Log.debug("ignoring \(notification.method): server is not running")
        return
      }
    case .running:
      break
    }
    guard case .notification(let run)? = registry[notification.method]?.handler else {
      if !notification.method.hasPrefix("$/") { Log.info("ignoring unknown notification \(notification.method)") }
      return
    }
    do {
      try run(self, notification)
    } catch {
      // A notification has no reply; a malformed one is logged and dropped.
      Log.error("\(notification.method): \(ResponseError(error).message)")
    }
  }

  public func endOfStream() {
    Log.info("input closed\(lifecycle == .shutDown ? "" : " without shutdown"); exiting")
    connection.close(exitCode: lifecycle == .shutDown ? 0 : 1)
  }

  // MARK: Sending

  func showMessage(_ message: String, type: Int) {
    connection.send(ShowMessageNotification(type: type, message: message))
  }
}

/// What the client said it supports in `initialize`, reduced to the decisions the server makes.
struct ClientSupport {
  var encoding = PositionEncoding.utf16
  var pullsDiagnostics = false
  var markdownHover = false
  var codeActionLiterals = false
  var workDoneProgress = false
  var showDocument = false
  var configurationRequests = false
  var diagnosticRefresh = false
  /// The client shows code lenses, so the file summary is a lens rather than a diagnostic.
  var codeLens = false
  var codeLensRefresh = false
}
