import JSONRPC

public struct TextDocumentPositionParams: Codable, Hashable, Sendable {
  public var textDocument: TextDocumentIdentifier
  public var position: Position
}

/// `textDocument/hover`: why a flagged passage is flagged; `null` elsewhere.
public struct HoverRequest: RequestType, Hashable {
  public typealias Response = HoverResult?
  public static let method = "textDocument/hover"
  public var textDocument: TextDocumentIdentifier
  public var position: Position
}

public struct HoverResult: Codable, Hashable, Sendable {
  public var contents: MarkupContent
  public var range: TextRange?
}

public struct MarkupContent: Codable, Hashable, Sendable {
  /// `markdown` or `plaintext`.
  public var kind: String
  public var value: String
}
