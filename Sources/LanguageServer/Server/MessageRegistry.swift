import JSONRPC

/// Every method the server handles, in one sorted list.
///
/// Ordering contract: every handler runs on the connection's serial queue in arrival order, so document
/// notifications (`didOpen`, `didChange`, `didClose`) are applied strictly in order and a request sees every edit
/// sent before it. Only two things leave the queue: scans (one per document version, cancelled or dropped when a
/// newer version arrives) and evidence writes. Requests that need the findings of the current version (pull
/// diagnostics, hover, code actions, exports) wait for its scan instead of answering from an older one.
enum MessageRegistry {
  enum Handler: Sendable {
    case request(@Sendable (Server, IncomingRequest, Reply) -> Void)
    case notification(@Sendable (Server, IncomingNotification) throws -> Void)
  }

  struct Entry: Sendable {
    var method: String
    var handler: Handler
  }

  /// Sorted by method; `MessageRegistryTests` checks the order and that `Protocol/LSP.md` documents each one.
  static let entries: [Entry] = [
    notification(CancelRequestNotification.self) { $0.cancelRequest($1) },
    notification(SetTraceNotification.self) { $0.setTrace($1) },
    request(ReferenceDocumentRequest.self) { $0.referenceDocument($1, $2) },
    notification(ExitNotification.self) { server, _ in server.exit() },
    request(InitializeRequest.self) { $0.initialize($1, $2) },
    notification(InitializedNotification.self) { server, _ in server.initialized() },
    request(ShutdownRequest.self) { server, _, reply in server.shutdown(reply) },
    request(CodeActionRequest.self) { $0.codeActions($1, $2) },
    request(CodeLensRequest.self) { $0.codeLenses($1, $2) },
    request(DefinitionRequest.self) { $0.definition($1, $2) },
    request(DocumentDiagnosticRequest.self) { $0.pullDiagnostics($1, $2) },
    notification(DidChangeTextDocumentNotification.self) { $0.didChange($1) },
    notification(DidCloseTextDocumentNotification.self) { $0.didClose($1) },
    notification(DidOpenTextDocumentNotification.self) { $0.didOpen($1) },
    notification(DidSaveTextDocumentNotification.self) { $0.didSave($1) },
    request(HoverRequest.self) { $0.hover($1, $2) },
    notification(DidChangeConfigurationNotification.self) { $0.didChangeConfiguration($1) },
    request(ExecuteCommandRequest.self) { $0.executeCommand($1, $2) },
  ]

  static func byMethod() -> [String: Entry] {
    Dictionary(entries.map { ($0.method, $0) }, uniquingKeysWith: { first, _ in first })
  }

  /// Every method, for documentation checks.
  static var methods: [String] { entries.map(\.method) }

  private static func request<R: RequestType>(
    _ type: R.Type, _ body: @escaping @Sendable (Server, R, TypedReply<R.Response>) -> Void
  ) -> Entry {
    Entry(
      method: R.method,
      handler: .request { server, request, reply in
        let params: R
        do {
          params = try request.params(R.self)
        } catch {
          reply.fail(error)
          return
        }
        body(server, params, TypedReply(reply))
      })
  }

  private static func notification<N: NotificationType>(
    _ type: N.Type, _ body: @escaping @Sendable (Server, N) -> Void
  ) -> Entry {
    Entry(
      method: N.method,
      handler: .notification { server, notification in body(server, try N.decode(from: notification)) }
    )
  }
}

/// A `Reply` that only accepts the request's own response type.
struct TypedReply<Response: Encodable & Sendable>: Sendable {
  let reply: Reply
  init(_ reply: Reply) { self.reply = reply }

  func succeed(_ response: Response) { reply.succeed(response) }
  func fail(_ error: any Error) { reply.fail(error) }
  var isDone: Bool { reply.isDone }
}
