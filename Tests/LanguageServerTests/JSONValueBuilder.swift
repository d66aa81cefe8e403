import Foundation
import JSONRPC

/// Builds `JSONValue`s from Foundation literals, so tests can write capabilities as dictionaries.
struct JSONValueBuilder {
  var value: JSONValue = .object([:])

  init() {}
  init(_ object: [String: Any]) throws { value = try Self.json(object) }

  static func json(_ object: Any) throws -> JSONValue {
    let data = try JSONSerialization.data(withJSONObject: object, options: [.fragmentsAllowed])
    return try JSONDecoder().decode(JSONValue.self, from: data)
  }

  /// Parses literal JSON text.
  static func parse(_ text: String) throws -> JSONValue {
    try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
  }
}
