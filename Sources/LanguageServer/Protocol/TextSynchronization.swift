import JSONRPC

/// A document as `didOpen` sends it; the text is UTF-8 bytes, read from the message by `MessageBodyText`.
public struct TextDocumentItem: Codable, Hashable, Sendable {
  public var uri: String
  public var languageId: String
  public var version: Int
  public var text: [UInt8]

  enum CodingKeys: String, CodingKey { case uri, languageId, version, text }

  public init(uri: String, languageId: String, version: Int, text: [UInt8]) {
    self.uri = uri
    self.languageId = languageId
    self.version = version
    self.text = text
  }

  /// For callers that decode a `TextDocumentItem` on its own; the server's `didOpen` reads it from the message
  /// bytes instead (`DidOpenTextDocumentNotification.decode(from:)`).
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    uri = try c.decode(String.self, forKey: .uri)
    languageId = try c.decode(String.self, forKey: .languageId)
    version = try c.decode(Int.self, forKey: .version)
    text = Array(try c.decode(String.self, forKey: .text).utf8)
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(uri, forKey: .uri)
    try c.encode(languageId, forKey: .languageId)
    try c.encode(version, forKey: .version)
    try c.encode(String(decoding: text, as: UTF8.self), forKey: .text)
  }
}

public struct VersionedTextDocumentIdentifier: Codable, Hashable, Sendable {
  public var uri: String
  public var version: Int
}

/// `textDocument/didOpen`.
public struct DidOpenTextDocumentNotification: NotificationType, Hashable {
  public static let method = "textDocument/didOpen"
  public var textDocument: TextDocumentItem

  /// Reads the document, its text included, from the message bytes in one parse (`MessageBodyText`), so a large
  /// document is never a `String` as well, nor parsed twice.
  public static func decode(from notification: IncomingNotification) throws -> Self {
    try notification.withBody {
      Self(textDocument: try MessageBodyText.textDocumentItem(at: ["params", "textDocument"], in: $0))
    }
  }
}

/// `textDocument/didChange`: edits applied in order, each against the text the previous one produced.
public struct DidChangeTextDocumentNotification: NotificationType, Hashable {
  public static let method = "textDocument/didChange"
  public var textDocument: VersionedTextDocumentIdentifier
  public var contentChanges: [TextDocumentContentChangeEvent]

  /// Decodes the identifier and the ranges, then reads each change's text from the message bytes
  /// (`MessageBodyText`), so a whole-document change is never a `String` as well.
  public static func decode(from notification: IncomingNotification) throws -> Self {
    let fields = try notification.params(Fields.self)
    let texts = try notification.withBody {
      try MessageBodyText.strings("text", inEachOf: ["params", "contentChanges"], in: $0)
    }
    return DidChangeTextDocumentNotification(
      textDocument: fields.textDocument,
      contentChanges: zip(fields.contentChanges, texts).map { change, text in
        change.range.map { .replace(range: $0, text: text) } ?? .full(text: text)
      })
  }

  /// The notification without its texts.
  private struct Fields: Decodable {
    var textDocument: VersionedTextDocumentIdentifier
    var contentChanges: [Range]
    struct Range: Decodable { var range: TextRange? }
  }
}

/// One edit: either a replacement of `range` or the whole new text (the spec's union of two shapes).
public enum TextDocumentContentChangeEvent: Codable, Hashable, Sendable {
  case replace(range: TextRange, text: [UInt8])
  case full(text: [UInt8])

  enum CodingKeys: String, CodingKey { case range, rangeLength, text }

  /// Expects `{"range": Range, "text": string}` (an optional `rangeLength` is ignored, as it is deprecated) or
  /// `{"text": string}`.
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    let text = Array(try c.decode(String.self, forKey: .text).utf8)
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
      try c.encode(String(decoding: text, as: UTF8.self), forKey: .text)
    case .full(let text):
      try c.encode(String(decoding: text, as: UTF8.self), forKey: .text)
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
