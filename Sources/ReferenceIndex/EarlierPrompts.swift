import Foundation
import TextProcessing

/// How a document's earlier user turns are stored in the strings section: one JSON array of strings.
///
/// JSON rather than a binary list keeps the strings section all UTF-8 (deep verification checks every string as
/// text) and lets any reader of the documented format decode it; and since every model's answer to the same
/// follow-up has the same earlier turns, the builder stores each distinct array once, as it does prompts.
enum EarlierPrompts {
  /// The JSON text of `prompts`, as `JSONSerialization` writes it without escaping slashes: the same turns always
  /// give the same bytes (rebuilds are byte-identical).
  static func encode(_ prompts: [String]) throws -> String {
    String(
      decoding: try JSONSerialization.data(withJSONObject: prompts, options: [.withoutEscapingSlashes]), as: UTF8.self)
  }

  /// The prompts of a stored array, or nil when the bytes are not a JSON array of strings.
  static func decode(_ bytes: UnsafeBufferPointer<UInt8>) -> [String]? {
    guard let value = try? JSONByteParser.parse(bytes), let elements = value.array else { return nil }
    var prompts: [String] = []
    for element in elements {
      guard let string = element.string else { return nil }
      prompts.append(string.decoded(in: bytes))
    }
    return prompts
  }
}
