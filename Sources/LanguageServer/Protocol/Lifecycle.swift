import JSONRPC

/// `initialize`: the client's capabilities and settings in, the server's capabilities out.
public struct InitializeRequest: RequestType, Hashable {
  public typealias Response = InitializeResult
  public static let method = "initialize"

  public var processId: Int?
  public var rootPath: String?
  public var rootUri: String?
  public var workspaceFolders: [WorkspaceFolder]?
  public var capabilities: ClientCapabilities
  /// The `echolens` settings object (or an object holding one under `echolens`).
  public var initializationOptions: JSONValue?
  public var trace: TraceValue?

  public init(capabilities: ClientCapabilities, rootUri: String? = nil, initializationOptions: JSONValue? = nil) {
    self.capabilities = capabilities
    self.rootUri = rootUri
    self.initializationOptions = initializationOptions
  }
}

public struct WorkspaceFolder: Codable, Hashable, Sendable {
  public var uri: String
  public var name: String
}

public struct InitializeResult: Codable, Hashable, Sendable {
  public var capabilities: ServerCapabilities
  public var serverInfo: ServerInfo

  public struct ServerInfo: Codable, Hashable, Sendable {
    public var name: String
    public var version: String
  }
}

/// `initialized`: the client is ready for server-to-client requests.
public struct InitializedNotification: NotificationType, Hashable {
  public static let method = "initialized"
}

/// `shutdown`: stop answering requests other than `exit`; the result is `null`.
public struct ShutdownRequest: RequestType, Hashable {
  public typealias Response = NullResult
  public static let method = "shutdown"
}

/// `exit`: end the process; code 0 after `shutdown`, 1 otherwise.
public struct ExitNotification: NotificationType, Hashable {
  public static let method = "exit"
}

/// `$/cancelRequest`: answer the named request with -32800 if it is still pending.
public struct CancelRequestNotification: NotificationType, Hashable {
  public static let method = "$/cancelRequest"
  public var id: RequestID
}

/// `$/setTrace`.
public struct SetTraceNotification: NotificationType, Hashable {
  public static let method = "$/setTrace"
  public var value: TraceValue
}

/// `off`, `messages` or `verbose`; an unknown value is kept rather than refused.
public struct TraceValue: RawRepresentable, Codable, Hashable, Sendable {
  public var rawValue: String
  public init(rawValue: String) { self.rawValue = rawValue }
  public static let off = TraceValue(rawValue: "off")
  public static let messages = TraceValue(rawValue: "messages")
  public static let verbose = TraceValue(rawValue: "verbose")
}
