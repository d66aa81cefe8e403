/// A request a peer can send: its wire method, its params (the conforming type) and its `Response` type.
///
/// Messages are plain values so that a handler's signature says what it accepts and returns, and so that a
/// wire-format test can encode one and compare it with literal JSON.
public protocol RequestType: Codable, Sendable {
  associatedtype Response: Codable & Sendable
  static var method: String { get }
}

/// A notification a peer can send: its wire method and its params (the conforming type).
public protocol NotificationType: Codable, Sendable {
  static var method: String { get }
  /// The notification's params from a received message; `Decodable` by default. A notification that carries a
  /// whole document reads its text straight from the message bytes instead (one copy fewer of a large file).
  static func decode(from notification: IncomingNotification) throws -> Self
}

extension NotificationType {
  public static func decode(from notification: IncomingNotification) throws -> Self {
    try notification.params(Self.self)
  }
}

/// Params for a message that takes none; decodes from an absent, null or any object member.
public struct EmptyParams: Codable, Hashable, Sendable {
  public init() {}
  public init(from decoder: any Decoder) throws {}
  public func encode(to encoder: any Encoder) throws {
    _ = encoder.container(keyedBy: AnyKey.self)
  }
}

/// The result of a request whose answer is JSON `null` (such as `shutdown`).
public struct NullResult: Codable, Hashable, Sendable {
  public init() {}
  public init(from decoder: any Decoder) throws {}
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encodeNil()
  }
}
