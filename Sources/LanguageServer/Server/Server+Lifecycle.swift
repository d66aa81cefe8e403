import Foundation
import JSONRPC

extension Server {
  /// The commands `workspace/executeCommand` accepts.
  static let commands = [
    ServerCommand.exportEvidence, ServerCommand.exportAllEvidence, ServerCommand.indexInfo, ServerCommand.compare,
    ServerCommand.writeReport,
  ]
  /// The kind of the "export all" source action.
  static let exportAllActionKind = "source.echolens.exportAll"

  func initialize(_ params: InitializeRequest, _ reply: TypedReply<InitializeResult>) {
    let capabilities = params.capabilities
    client.encoding = PositionEncoding.negotiated(clientOffers: capabilities.general?.positionEncodings)
    client.pullsDiagnostics = capabilities.textDocument?.diagnostic != nil
    client.markdownHover = capabilities.textDocument?.hover?.contentFormat?.contains("markdown") ?? false
    client.codeActionLiterals = capabilities.textDocument?.codeAction?.codeActionLiteralSupport != nil
    client.workDoneProgress = capabilities.window?.workDoneProgress ?? false
    client.showDocument = capabilities.window?.showDocument?.support ?? false
    client.configurationRequests = capabilities.workspace?.configuration ?? false
    client.diagnosticRefresh = capabilities.workspace?.diagnostics?.refreshSupport ?? false
    client.codeLens = capabilities.textDocument?.codeLens != nil
    client.codeLensRefresh = capabilities.workspace?.codeLens?.refreshSupport ?? false
    workspaceRoot = Self.workspaceRoot(of: params)
    trace = params.trace ?? .off
    do {
      settings = try ServerSettings().applying(params.initializationOptions)
    } catch {
      // Bad settings must not stop the server: keep the defaults and say what was wrong.
      let problem = InvalidSettings(error).description
      Log.error("initializationOptions: \(problem)")
      showMessage("echolens: ignoring initializationOptions: \(problem)", type: 2)
    }
    engine = makeEngineHolder(engineConfiguration())
    lifecycle = .running
    let result = InitializeResult(
      capabilities: ServerCapabilities(
        positionEncoding: client.encoding,
        textDocumentSync: .init(),
        hoverProvider: true,
        definitionProvider: true,
        codeActionProvider: .init(codeActionKinds: ["quickfix", Self.exportAllActionKind]),
        executeCommandProvider: .init(commands: Self.commands),
        codeLensProvider: client.codeLens ? .init() : nil,
        diagnosticProvider: client.pullsDiagnostics ? .init() : nil),
      serverInfo: .init(name: "echolens", version: options.version))
    reply.succeed(result)
    Log.info(
      "initialized: encoding \(client.encoding.rawValue), \(client.pullsDiagnostics ? "pull" : "push") diagnostics, "
        + "workspace \(workspaceRoot ?? "none")")
  }

  /// The workspace root: the first workspace folder, else `rootUri`, else `rootPath`.
  static func workspaceRoot(of params: InitializeRequest) -> String? {
    if let folder = params.workspaceFolders?.first, let path = DocumentURI.path(of: folder.uri) { return path }
    if let uri = params.rootUri, let path = DocumentURI.path(of: uri) { return path }
    return params.rootPath
  }

  func initialized() {
    // Open the index now, off the queue and with progress, so the first scan finds it ready.
    openEngineInBackground()
    startWatchingIndexFiles()
  }

  func shutdown(_ reply: TypedReply<NullResult>) {
    lifecycle = .shutDown
    for document in documents.values {
      document.pendingScan?.cancel()
      document.runningScan?.cancel()
    }
    reply.succeed(NullResult())
  }

  func exit() {
    connection.close(exitCode: lifecycle == .shutDown ? 0 : 1)
  }

  func cancelRequest(_ params: CancelRequestNotification) {
    connection.cancelIncomingRequest(params.id)
  }

  func setTrace(_ params: SetTraceNotification) {
    trace = params.value
  }
}

/// The commands of `workspace/executeCommand`.
public enum ServerCommand {
  public static let exportEvidence = "echolens.exportEvidence"
  public static let exportAllEvidence = "echolens.exportAllEvidence"
  public static let indexInfo = "echolens.indexInfo"
  public static let compare = "echolens.compare"
  public static let writeReport = "echolens.writeReport"
}
