import JSONRPC

public struct Diagnostic: Codable, Hashable, Sendable {
  public var range: TextRange
  public var severity: DiagnosticSeverity?
  /// The finding kind: `echo`, `self-identification`, `common-text` (or `not-scanned`).
  public var code: String?
  public var source: String?
  public var message: String
  public var relatedInformation: [DiagnosticRelatedInformation]?
  /// `{"uri", "version", "passageId"}`: what the code actions and export commands need.
  public var data: JSONValue?

  public init(
    range: TextRange, severity: DiagnosticSeverity?, code: String?, source: String?, message: String,
    relatedInformation: [DiagnosticRelatedInformation]? = nil, data: JSONValue? = nil
  ) {
    self.range = range
    self.severity = severity
    self.code = code
    self.source = source
    self.message = message
    self.relatedInformation = relatedInformation
    self.data = data
  }

  enum CodingKeys: String, CodingKey { case range, severity, code, source, message, relatedInformation, data }

  /// The spec's `code` is `integer | string`; other servers' integer codes are read as their decimal text.
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    range = try c.decode(TextRange.self, forKey: .range)
    severity = try c.decodeIfPresent(DiagnosticSeverity.self, forKey: .severity)
    if let number = try? c.decodeIfPresent(Int.self, forKey: .code) {
      code = String(number)
    } else {
      code = try c.decodeIfPresent(String.self, forKey: .code)
    }
    source = try c.decodeIfPresent(String.self, forKey: .source)
    message = try c.decode(String.self, forKey: .message)
    relatedInformation = try c.decodeIfPresent([DiagnosticRelatedInformation].self, forKey: .relatedInformation)
    data = try c.decodeIfPresent(JSONValue.self, forKey: .data)
  }
}

public struct DiagnosticRelatedInformation: Codable, Hashable, Sendable {
  public var location: Location
  public var message: String
}

/// 1 error, 2 warning, 3 information, 4 hint.
public enum DiagnosticSeverity: Int, Codable, Hashable, Sendable {
  case error = 1
  case warning, information, hint
}

/// `textDocument/publishDiagnostics` (push).
public struct PublishDiagnosticsNotification: NotificationType, Hashable {
  public static let method = "textDocument/publishDiagnostics"
  public var uri: String
  public var version: Int?
  public var diagnostics: [Diagnostic]
}

/// `textDocument/diagnostic` (pull): answered once the scan of the document's current version is done.
public struct DocumentDiagnosticRequest: RequestType, Hashable {
  public typealias Response = DocumentDiagnosticReport
  public static let method = "textDocument/diagnostic"
  public var textDocument: TextDocumentIdentifier
  public var identifier: String?
  public var previousResultId: String?
}

/// `workspace/diagnostic/refresh` (server to client): pull diagnostics again, the settings changed.
public struct DiagnosticRefreshRequest: RequestType, Hashable {
  public typealias Response = NullResult
  public static let method = "workspace/diagnostic/refresh"
  public init() {}
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encodeNil()
  }
}

/// A full report; `resultId` is the document version the report describes.
public struct DocumentDiagnosticReport: Codable, Hashable, Sendable {
  public var kind = "full"
  public var resultId: String?
  public var items: [Diagnostic]
}
