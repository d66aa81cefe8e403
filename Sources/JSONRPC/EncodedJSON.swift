import Foundation

/// A JSON value already encoded, sent as it is where a message's params or result go.
///
/// A language server republishes hundreds of diagnostics after every keystroke, nearly all of them unchanged.
/// Encoding each one through `JSONEncoder` again cost a fifth of a rescan; a server that keeps each diagnostic's
/// bytes (encoded once with `OutgoingMessage.encode`, so the wire form is the same) splices them with this.
///
/// - Important: `data` must be one valid JSON value; it is not checked.
public struct EncodedJSON: Encodable, Sendable {
  public var data: Data

  public init(_ data: Data) { self.data = data }

  /// Only `OutgoingMessage` can splice the bytes; nested inside another value, they are written as a JSON value
  /// decoded from them, which is correct but slow.
  public func encode(to encoder: any Encoder) throws {
    try JSONDecoder().decode(JSONValue.self, from: data).encode(to: encoder)
  }
}
