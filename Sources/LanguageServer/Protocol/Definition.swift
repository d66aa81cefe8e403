import JSONRPC

/// `textDocument/definition` on a passage: where its best reference matches, in the reference answer.
public struct DefinitionRequest: RequestType, Hashable {
  public typealias Response = [Location]?
  public static let method = "textDocument/definition"
  public var textDocument: TextDocumentIdentifier
  public var position: Position
}

/// `echolens/referenceDocument`: the text of a reference answer named by an `echolens-index:` URI, for the clients'
/// read-only views (Neovim's `BufReadCmd`, VS Code's `TextDocumentContentProvider`).
public struct ReferenceDocumentRequest: RequestType, Hashable {
  public typealias Response = ReferenceDocumentResult
  public static let method = "echolens/referenceDocument"
  public var uri: String
}

public struct ReferenceDocumentResult: Codable, Hashable, Sendable {
  public var uri: String
  /// The reference answer exactly as indexed; definition and related-information ranges are positions in it.
  public var text: String
  public var documentID: String
  public var model: String
  public var source: String
  public var prompt: String?
}
