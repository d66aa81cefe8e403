/// A position in a document as the client counts it: a 0-based line and a 0-based column in code units of the
/// negotiated `PositionEncoding` (UTF-16 units unless UTF-8 was agreed).
public struct Position: Codable, Hashable, Sendable, Comparable {
  public var line: Int
  /// Code units of the negotiated encoding from the start of the line; JSON `character`.
  public var encodedColumn: Int

  public init(line: Int, encodedColumn: Int) {
    self.line = line
    self.encodedColumn = encodedColumn
  }

  enum CodingKeys: String, CodingKey {
    case line
    case encodedColumn = "character"
  }

  public static func < (lhs: Position, rhs: Position) -> Bool {
    (lhs.line, lhs.encodedColumn) < (rhs.line, rhs.encodedColumn)
  }
}

/// A range of a document; `end` is exclusive.
public struct TextRange: Codable, Hashable, Sendable {
  public var start: Position
  public var end: Position

  public init(start: Position, end: Position) {
    self.start = start
    self.end = end
  }

  public static let zero = TextRange(
    start: Position(line: 0, encodedColumn: 0), end: Position(line: 0, encodedColumn: 0))

  public func contains(_ position: Position) -> Bool { start <= position && position <= end }
  public func overlaps(_ other: TextRange) -> Bool { start <= other.end && other.start <= end }
}

public struct Location: Codable, Hashable, Sendable {
  public var uri: String
  public var range: TextRange

  public init(uri: String, range: TextRange) {
    self.uri = uri
    self.range = range
  }
}

public struct TextDocumentIdentifier: Codable, Hashable, Sendable {
  public var uri: String
  public init(uri: String) { self.uri = uri }
}
