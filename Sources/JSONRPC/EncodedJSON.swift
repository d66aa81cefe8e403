import Foundation

/// A JSON value already encoded, sent as it is where a message's params or result go.
///
/// A language server republishes hundreds of diagnostics after every keystroke, nearly all of them unchanged.
/// Encoding each one through `JSONEncoder` again cost a fifth of a rescan; a server that keeps each diagnostic's
/// bytes (encoded once with `OutgoingMessage.encode`, so the wire form is the same) splices them with this.
///
/// - Important: `data` must be one valid JSON value; it is not checked.
public struct EncodedJSON: Encodable, Sendable {
  public var data: Data

  public init(_ data: Data) { self.data = data }

  /// Only `OutgoingMessage` can splice the bytes; nested inside another value, they are written as a JSON value
  /// decoded from them, which is correct but slow.
  public func encode(to encoder: any Encoder) throws {
    try JSONDecoder().decode(JSONValue.self, from: data).encode(to: encoder)
  }

  /// `{"key":value,...}` of already encoded members, written in the order given (sort them for the stable form
  /// `OutgoingMessage` writes).
  public static func object(_ members: [(key: String, value: Data)]) -> EncodedJSON {
    var out = Data("{".utf8)
    for (index, member) in members.enumerated() {
      if index > 0 { out.append(UInt8(ascii: ",")) }
      out.append((try? OutgoingMessage.encode(member.key)) ?? Data("\"\"".utf8))
      out.append(UInt8(ascii: ":"))
      out.append(member.value)
    }
    out.append(UInt8(ascii: "}"))
    return EncodedJSON(out)
  }

  /// `[value,...]` of already encoded values.
  public static func array(_ elements: [Data]) -> EncodedJSON {
    var out = Data("[".utf8)
    out.reserveCapacity(elements.reduce(2) { $0 + $1.count + 1 })
    for (index, element) in elements.enumerated() {
      if index > 0 { out.append(UInt8(ascii: ",")) }
      out.append(element)
    }
    out.append(UInt8(ascii: "]"))
    return EncodedJSON(out)
  }
}
