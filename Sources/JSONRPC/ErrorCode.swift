/// A JSON-RPC error code.
///
/// An open struct rather than a closed enum: a peer may send any integer, and a decoder that rejected unknown codes
/// would turn one odd reply into a lost one. The named constants are the codes this server sends.
public struct ErrorCode: RawRepresentable, Codable, Hashable, Sendable, CustomStringConvertible {
  public var rawValue: Int

  public init(rawValue: Int) { self.rawValue = rawValue }

  /// The body is not valid JSON.
  public static let parseError = ErrorCode(rawValue: -32700)
  /// The body is JSON but not a JSON-RPC request (no method, wrong id type, not an object).
  public static let invalidRequest = ErrorCode(rawValue: -32600)
  /// No handler exists for the method.
  public static let methodNotFound = ErrorCode(rawValue: -32601)
  /// The params do not have the shape the method expects.
  public static let invalidParams = ErrorCode(rawValue: -32602)
  /// The server failed while handling a valid request.
  public static let internalError = ErrorCode(rawValue: -32603)
  /// LSP: a request arrived before `initialize`.
  public static let serverNotInitialized = ErrorCode(rawValue: -32002)
  /// LSP: the server cancelled a request itself (for example a pull for a document that was closed).
  public static let serverCancelled = ErrorCode(rawValue: -32802)
  /// LSP: the client cancelled the request with `$/cancelRequest`.
  public static let requestCancelled = ErrorCode(rawValue: -32800)
  /// LSP: a request failed for a reason the user can act on (for example an export path outside the workspace).
  public static let requestFailed = ErrorCode(rawValue: -32803)

  public init(from decoder: any Decoder) throws {
    rawValue = try decoder.singleValueContainer().decode(Int.self)
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(rawValue)
  }

  public var description: String { String(rawValue) }
}
