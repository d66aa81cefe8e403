import JSONRPC

public struct TextDocumentItem: Codable, Hashable, Sendable {
  public var uri: String
  public var languageId: String
  public var version: Int
  public var text: String
}

public struct VersionedTextDocumentIdentifier: Codable, Hashable, Sendable {
  public var uri: String
  public var version: Int
}

/// `textDocument/didOpen`.
public struct DidOpenTextDocumentNotification: NotificationType, Hashable {
  public static let method = "textDocument/didOpen"
  public var textDocument: TextDocumentItem
}

/// `textDocument/didChange`: edits applied in order, each against the text the previous one produced.
public struct DidChangeTextDocumentNotification: NotificationType, Hashable {
  public static let method = "textDocument/didChange"
  public var textDocument: VersionedTextDocumentIdentifier
  public var contentChanges: [TextDocumentContentChangeEvent]
}

/// One edit: either a replacement of `range` or the whole new text (the spec's union of two shapes).
public enum TextDocumentContentChangeEvent: Codable, Hashable, Sendable {
  case replace(range: TextRange, text: String)
  case full(text: String)

  enum CodingKeys: String, CodingKey { case range, rangeLength, text }

  /// Expects `{"range": Range, "text": string}` (an optional `rangeLength` is ignored, as it is deprecated) or
  /// `{"text": string}`.
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    let text = try c.decode(String.self, forKey: .text)
    if let range = try c.decodeIfPresent(TextRange.self, forKey: .range) {
      self = .replace(range: range, text: text)
    } else {
      self = .full(text: text)
    }
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    switch self {
    case .replace(let range, let text):
      try c.encode(range, forKey: .range)
      try c.encode(text, forKey: .text)
    case .full(let text):
      try c.encode(text, forKey: .text)
    }
  }
}

/// `textDocument/didSave`.
public struct DidSaveTextDocumentNotification: NotificationType, Hashable {
  public static let method = "textDocument/didSave"
  public var textDocument: TextDocumentIdentifier
  public var text: String?
}

/// `textDocument/didClose`: forget the document and clear its diagnostics.
public struct DidCloseTextDocumentNotification: NotificationType, Hashable {
  public static let method = "textDocument/didClose"
  public var textDocument: TextDocumentIdentifier
}
