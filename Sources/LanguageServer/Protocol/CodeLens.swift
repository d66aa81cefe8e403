import JSONRPC

/// `textDocument/codeLens`: the file summary on the first line.
public struct CodeLensRequest: RequestType, Hashable {
  public typealias Response = [CodeLens]
  public static let method = "textDocument/codeLens"
  public var textDocument: TextDocumentIdentifier
}

/// A lens: a line of text shown above `range`, which runs `command` when clicked.
public struct CodeLens: Codable, Hashable, Sendable {
  public var range: TextRange
  /// The summary is informative only: its command id is empty, which VS Code shows as text that is not a link.
  public var command: Command?
}

/// `workspace/codeLens/refresh` (server to client): ask the lenses again, the summary changed.
public struct CodeLensRefreshRequest: RequestType, Hashable {
  public typealias Response = NullResult
  public static let method = "workspace/codeLens/refresh"
  public init() {}
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encodeNil()
  }
}
