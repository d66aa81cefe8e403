/// The parts of the client's capabilities the server reads; everything else is ignored.
///
/// Every member is optional: a client that omits one does not support the feature.
public struct ClientCapabilities: Codable, Hashable, Sendable {
  public var general: General?
  public var textDocument: TextDocument?
  public var window: Window?
  public var workspace: Workspace?

  public init(
    general: General? = nil, textDocument: TextDocument? = nil, window: Window? = nil, workspace: Workspace? = nil
  ) {
    self.general = general
    self.textDocument = textDocument
    self.window = window
    self.workspace = workspace
  }

  public struct General: Codable, Hashable, Sendable {
    public var positionEncodings: [String]?
    public init(positionEncodings: [String]? = nil) { self.positionEncodings = positionEncodings }
  }

  public struct TextDocument: Codable, Hashable, Sendable {
    public var hover: Hover?
    public var publishDiagnostics: PublishDiagnostics?
    /// Present when the client pulls diagnostics (`textDocument/diagnostic`).
    public var diagnostic: Diagnostic?
    public var codeAction: CodeAction?
    /// Present when the client shows code lenses; otherwise the file summary is an information diagnostic.
    public var codeLens: JSONValueShape?

    public init(
      hover: Hover? = nil, publishDiagnostics: PublishDiagnostics? = nil, diagnostic: Diagnostic? = nil,
      codeAction: CodeAction? = nil, codeLens: JSONValueShape? = nil
    ) {
      self.hover = hover
      self.publishDiagnostics = publishDiagnostics
      self.diagnostic = diagnostic
      self.codeAction = codeAction
      self.codeLens = codeLens
    }

    public struct Hover: Codable, Hashable, Sendable {
      public var contentFormat: [String]?
      public init(contentFormat: [String]? = nil) { self.contentFormat = contentFormat }
    }
    public struct PublishDiagnostics: Codable, Hashable, Sendable {
      public var relatedInformation: Bool?
      public var versionSupport: Bool?
    }
    public struct Diagnostic: Codable, Hashable, Sendable {
      public var dynamicRegistration: Bool?
      public init(dynamicRegistration: Bool? = nil) { self.dynamicRegistration = dynamicRegistration }
    }
    public struct CodeAction: Codable, Hashable, Sendable {
      /// Present when the client accepts `CodeAction` literals; otherwise the server answers with `Command`s.
      public var codeActionLiteralSupport: JSONValueShape?
      public init(codeActionLiteralSupport: JSONValueShape? = nil) {
        self.codeActionLiteralSupport = codeActionLiteralSupport
      }
    }
  }

  public struct Window: Codable, Hashable, Sendable {
    public var workDoneProgress: Bool?
    public var showDocument: ShowDocument?
    public init(workDoneProgress: Bool? = nil, showDocument: ShowDocument? = nil) {
      self.workDoneProgress = workDoneProgress
      self.showDocument = showDocument
    }
    public struct ShowDocument: Codable, Hashable, Sendable {
      public var support: Bool
      public init(support: Bool) { self.support = support }
    }
  }

  public struct Workspace: Codable, Hashable, Sendable {
    /// The client answers `workspace/configuration`.
    public var configuration: Bool?
    public var diagnostics: Diagnostics?
    public var codeLens: CodeLens?

    public struct Diagnostics: Codable, Hashable, Sendable {
      /// The client re-pulls diagnostics on `workspace/diagnostic/refresh`.
      public var refreshSupport: Bool?
    }

    public struct CodeLens: Codable, Hashable, Sendable {
      /// The client asks for lenses again on `workspace/codeLens/refresh`.
      public var refreshSupport: Bool?
    }
  }
}

/// A member whose presence matters and whose content the server does not read.
public struct JSONValueShape: Codable, Hashable, Sendable {
  public init() {}
  public init(from decoder: any Decoder) throws {}
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode([String: String]())
  }
}
