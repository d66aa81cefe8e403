import JSONRPC

/// What the server offers, sent in the `initialize` result. Only what is implemented is announced.
public struct ServerCapabilities: Codable, Hashable, Sendable {
  public var positionEncoding: PositionEncoding
  public var textDocumentSync: TextDocumentSyncOptions
  public var hoverProvider: Bool
  public var definitionProvider: Bool
  public var codeActionProvider: CodeActionOptions
  public var executeCommandProvider: ExecuteCommandOptions
  /// Announced only to clients that show code lenses (the others get the summary as a diagnostic).
  public var codeLensProvider: CodeLensOptions?
  /// Announced only to clients that pull diagnostics.
  public var diagnosticProvider: DiagnosticOptions?

  public struct TextDocumentSyncOptions: Codable, Hashable, Sendable {
    public var openClose = true
    /// 2 = incremental.
    public var change = 2
    public var save = SaveOptions()
    public struct SaveOptions: Codable, Hashable, Sendable {
      public var includeText = false
    }
  }

  public struct CodeActionOptions: Codable, Hashable, Sendable {
    public var codeActionKinds: [String]
    public var resolveProvider = false
  }

  public struct ExecuteCommandOptions: Codable, Hashable, Sendable {
    public var commands: [String]
  }

  public struct CodeLensOptions: Codable, Hashable, Sendable {
    public var resolveProvider = false
  }

  public struct DiagnosticOptions: Codable, Hashable, Sendable {
    public var identifier = "echolens"
    public var interFileDependencies = false
    public var workspaceDiagnostics = false
  }
}
