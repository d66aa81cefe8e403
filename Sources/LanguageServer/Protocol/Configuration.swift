import JSONRPC

/// `workspace/didChangeConfiguration`: new settings, or `null` to ask the client with `workspace/configuration`.
public struct DidChangeConfigurationNotification: NotificationType, Hashable {
  public static let method = "workspace/didChangeConfiguration"
  public var settings: JSONValue?
}

/// `workspace/configuration` (server to client): asks for the `echolens` section.
public struct ConfigurationRequest: RequestType, Hashable {
  public typealias Response = [JSONValue]
  public static let method = "workspace/configuration"
  public var items: [Item]
  public struct Item: Codable, Hashable, Sendable {
    public var section: String?
    public var scopeUri: String?
  }
}
