import Foundation

/// Encodes the messages this side sends, with sorted keys so that output is stable and testable against literals.
///
/// The envelope is spliced around the separately encoded payload: a `null` result must be present on the wire
/// (`"result":null`), which synthesised `Codable` would omit.
public enum OutgoingMessage {
  static func makeEncoder() -> JSONEncoder {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return encoder
  }

  /// Encodes `value` with the encoder every outgoing message uses.
  public static func encode(_ value: some Encodable) throws -> Data {
    if let encoded = value as? EncodedJSON { return encoded.data }
    return try makeEncoder().encode(value)
  }

  public static func response(id: RequestID, result: some Encodable) throws -> Data {
    try splice([("id", encode(id)), ("jsonrpc", version), ("result", encode(result))])
  }

  /// An error reply; `id` is nil when the request's id could not be recovered (it is sent as `null`).
  public static func errorResponse(id: RequestID?, error: ResponseError) -> Data {
    let idData = (try? id.map(encode)) ?? nil
    // Encoding a ResponseError cannot fail: every member is a plain value.
    let errorData = (try? encode(error)) ?? Data(#"{"code":-32603,"message":"unencodable error"}"#.utf8)
    return splice([("error", errorData), ("id", idData ?? Data("null".utf8)), ("jsonrpc", version)])
  }

  public static func notification(method: String, params: some Encodable) throws -> Data {
    try splice([("jsonrpc", version), ("method", encode(method)), ("params", encode(params))])
  }

  /// The whole frame of a notification, header and body, built in one buffer of its final size.
  ///
  /// A language server sends its largest messages as notifications: a keystroke in a long transcript of echoes
  /// republishes 500 diagnostics, about 375 KB. Built as a body and then framed, those bytes were copied twice
  /// more, each time into a buffer grown as it went and freshly mapped. Here the params are copied once.
  public static func notificationFrame(method: String, params: some Encodable) throws -> Data {
    let members = [("jsonrpc", version), ("method", try encode(method)), ("params", try encode(params))]
    let bodyCount = members.reduce(1) { $0 + 4 + $1.0.utf8.count + $1.1.count }  // braces, commas, quoted keys
    let header = FrameParser.header(bodyBytes: bodyCount)
    var out = Data(capacity: header.count + bodyCount)
    out.append(contentsOf: header)
    append(members, to: &out)
    return out
  }

  public static func request(id: RequestID, method: String, params: some Encodable) throws -> Data {
    try splice([("id", encode(id)), ("jsonrpc", version), ("method", encode(method)), ("params", encode(params))])
  }

  private static let version = Data("\"2.0\"".utf8)

  private static func splice(_ members: [(String, Data)]) -> Data {
    var out = Data()
    append(members, to: &out)
    return out
  }

  /// `{"key":value,…}`: the members in the order given, their values as they are.
  private static func append(_ members: [(String, Data)], to out: inout Data) {
    out.append(UInt8(ascii: "{"))
    for (index, (key, value)) in members.enumerated() {
      if index > 0 { out.append(UInt8(ascii: ",")) }
      out.append(contentsOf: "\"\(key)\":".utf8)
      out.append(value)
    }
    out.append(UInt8(ascii: "}"))
  }

  /// A whole frame: header and body.
  public static func frame(_ body: Data) -> Data {
    let header = FrameParser.header(bodyBytes: body.count)
    var out = Data(capacity: header.count + body.count)
    out.append(contentsOf: header)
    out.append(body)
    return out
  }
}
