import TextProcessing

/// Reads the document texts of `didOpen` and `didChange` straight from the message's bytes into UTF-8 arrays.
///
/// Decoding a 60 MB text through `Decodable` makes a `String` that the server then copies into the bytes the engine
/// scans, with the message itself still alive: four copies of the document at once. Here the byte parser finds
/// the string in place (`JSONByteParser` keeps only offsets) and unescapes it once, into the array the document
/// keeps. A missing or mistyped member is a `DecodingError` with its path, as `Decodable` would report it.
enum MessageBodyText {
  /// The `TextDocumentItem` at `path`, its text included, from one parse of the body: `didOpen` of a 10 MB file
  /// otherwise parsed the whole message once more through `Decodable` just for its URI, language and version.
  static func textDocumentItem(at path: [String], in body: UnsafeBufferPointer<UInt8>) throws -> TextDocumentItem {
    let root = try parse(body)
    let item = try member(at: path, of: root, in: body)
    func string(_ key: String) throws -> [UInt8] {
      try decodedString(member(at: [key], of: item, in: body, prefix: path), path: path + [key], in: body)
    }
    let versionValue = try member(at: ["version"], of: item, in: body, prefix: path)
    guard let version = versionValue.numberText(in: body).flatMap({ Int($0) }) else {
      throw mismatch(path + ["version"], expected: Int.self)
    }
    return TextDocumentItem(
      uri: String(decoding: try string("uri"), as: UTF8.self),
      languageId: String(decoding: try string("languageId"), as: UTF8.self), version: version,
      text: try string("text"))
  }

  /// The decoded bytes of member `key` of each element of the array at `path`.
  static func strings(_ key: String, inEachOf path: [String], in body: UnsafeBufferPointer<UInt8>) throws
    -> [[UInt8]]
  {
    let root = try parse(body)
    let array = try member(at: path, of: root, in: body)
    guard let elements = array.array else { throw mismatch(path, expected: [String].self) }
    return try elements.enumerated().map { index, element in
      let elementPath = path + ["[\(index)]"]
      return try decodedString(
        member(at: [key], of: element, in: body, prefix: elementPath), path: elementPath + [key], in: body)
    }
  }

  private static func parse(_ body: UnsafeBufferPointer<UInt8>) throws -> JSONByteValue {
    do {
      return try JSONByteParser.parse(body)
    } catch {
      throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "\(error)"))
    }
  }

  private static func member(
    at path: [String], of value: JSONByteValue, in body: UnsafeBufferPointer<UInt8>, prefix: [String] = []
  ) throws -> JSONByteValue {
    var current = value
    for (depth, key) in path.enumerated() {
      guard let members = current.members else {
        throw mismatch(prefix + path[..<depth], expected: [String: String].self)
      }
      guard let found = members.last(where: { $0.key.equals(key, in: body) }) else {
        throw DecodingError.keyNotFound(
          PathKey(key), .init(codingPath: (prefix + path[..<depth]).map(PathKey.init), debugDescription: "missing"))
      }
      current = found.value
    }
    return current
  }

  private static func decodedString(_ value: JSONByteValue, path: [String], in body: UnsafeBufferPointer<UInt8>)
    throws -> [UInt8]
  {
    guard let string = value.string else { throw mismatch(path[...], expected: String.self) }
    return string.decodedBytes(in: body)
  }

  private static func mismatch(_ path: some Collection<String>, expected: Any.Type) -> DecodingError {
    DecodingError.typeMismatch(expected, .init(codingPath: path.map(PathKey.init), debugDescription: "wrong type"))
  }

  /// A coding key spelled as the path is, so errors name the member as `Decodable` would.
  private struct PathKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ key: String) { stringValue = key }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
  }
}
