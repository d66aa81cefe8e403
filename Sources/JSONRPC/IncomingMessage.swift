import Foundation

/// One decoded message body, classified as the JSON-RPC spec classifies it.
public enum IncomingMessage: Sendable {
  case request(IncomingRequest)
  case notification(IncomingNotification)
  /// A reply to a request this side sent.
  case response(id: RequestID, result: Result<JSONValue, ResponseError>)
  /// A body that is not a valid message; a request among them still gets exactly one (error) reply, with its id
  /// when it could be recovered and `null` otherwise.
  case malformed(id: RequestID?, error: ResponseError, isRequest: Bool)

  /// Classifies one message body. Never throws: every problem becomes `.malformed` with the right code.
  ///
  /// Lone UTF-16 surrogate escapes are replaced by U+FFFD first (`LoneSurrogateRepair`), so no text is dropped.
  public init(body received: Data) {
    let body = LoneSurrogateRepair.repaired(received)
    let envelope: Envelope
    do {
      envelope = try JSONDecoder().decode(Envelope.self, from: body)
    } catch let error as DecodingError {
      if case .typeMismatch(_, let context) = error {
        // At the top level the body is not an object; below it, a value JSON allows but no Swift number holds.
        let message =
          context.codingPath.isEmpty
          ? "a message is a JSON object"
          : "\(context.codingPath.map(\.stringValue).joined(separator: ".")): a number too large to read"
        self = .malformed(
          id: nil, error: ResponseError(code: .invalidRequest, message: message), isRequest: true)
      } else {
        self = .malformed(
          id: Self.recoverID(from: body),
          error: ResponseError(code: .parseError, message: "invalid JSON: \(Self.describeSyntaxError(error))"),
          isRequest: true)
      }
      return
    } catch {
      self = .malformed(
        id: Self.recoverID(from: body),
        error: ResponseError(code: .parseError, message: "invalid JSON"), isRequest: true)
      return
    }
    self = envelope.classify(body: body)
  }

  /// Finds a plausible top-level `"id"` in a body that is not valid JSON, so its error reply can carry the id.
  static func recoverID(from body: Data) -> RequestID? {
    guard let text = String(data: body, encoding: .utf8) ?? String(data: body, encoding: .isoLatin1) else {
      return nil
    }
    guard let match = text.firstMatch(of: /"id"\s*:\s*(-?[0-9]{1,18}(?![0-9.eE])|"[^"\\]*")/) else { return nil }
    let value = match.output.1
    if value.first == "\"" { return .string(String(value.dropFirst().dropLast())) }
    return Int(value).map(RequestID.number)
  }

  static func describeSyntaxError(_ error: DecodingError) -> String {
    if case .dataCorrupted(let context) = error {
      let underlying = (context.underlyingError as? NSError)?.userInfo[NSDebugDescriptionErrorKey] as? String
      return underlying ?? context.debugDescription
    }
    return ResponseError.describe(error)
  }
}

/// The members of a message that decide what it is; `params` and `result` stay in the body until a handler asks.
private struct Envelope: Decodable {
  var jsonrpc: JSONValue?
  var hasID: Bool
  var id: JSONValue?
  var method: JSONValue?
  var params: JSONValue.Kind?
  var result: JSONValue?
  var hasResult: Bool
  var error: JSONValue?

  enum CodingKeys: String, CodingKey { case jsonrpc, id, method, params, result, error }

  init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    jsonrpc = try c.decodeIfPresent(JSONValue.self, forKey: .jsonrpc)
    hasID = c.contains(.id)
    id = hasID ? try c.decode(JSONValue.self, forKey: .id) : nil
    method = try c.decodeIfPresent(JSONValue.self, forKey: .method)
    params = c.contains(.params) ? try c.decode(JSONValue.Kind.self, forKey: .params) : nil
    hasResult = c.contains(.result)
    // A result is only needed for responses, and responses are small; requests skip it.
    result = method == nil && hasResult ? try c.decode(JSONValue.self, forKey: .result) : nil
    error = try c.decodeIfPresent(JSONValue.self, forKey: .error)
  }

  func classify(body: Data) -> IncomingMessage {
    let requestID: RequestID?
    switch id {
    case .integer(let number): requestID = .number(number)
    case .string(let string): requestID = .string(string)
    case nil: requestID = nil
    case .double(let number) where number == number.rounded():
      return .malformed(
        id: nil,
        error: invalid(
          "the id \(String(format: "%.0f", number)) is too large (an id is a string or a whole number up to \(Int.max))"
        ),
        isRequest: true)
    case .null, .bool, .double, .array, .object:
      return .malformed(id: nil, error: invalid("an id is an integer or a string"), isRequest: true)
    }
    guard jsonrpc == .string("2.0") else {
      return .malformed(id: requestID, error: invalid("\"jsonrpc\" must be \"2.0\""), isRequest: hasID || method != nil)
    }
    if let method {
      guard case .string(let name) = method else {
        return .malformed(id: requestID, error: invalid("\"method\" must be a string"), isRequest: hasID)
      }
      switch params {
      case nil, .null, .object, .array: break
      case .scalar:
        return .malformed(id: requestID, error: invalid("\"params\" must be an object or an array"), isRequest: hasID)
      }
      if let requestID { return .request(IncomingRequest(id: requestID, method: name, body: body)) }
      return .notification(IncomingNotification(method: name, body: body))
    }
    guard let requestID else {
      return .malformed(id: nil, error: invalid("a message needs a \"method\" or an \"id\""), isRequest: !hasResult)
    }
    if let error {
      if let decoded = try? error.decode(ResponseError.self) {
        return .response(id: requestID, result: .failure(decoded))
      }
      return .response(id: requestID, result: .failure(ResponseError(code: .internalError, message: "\(error)")))
    }
    if hasResult { return .response(id: requestID, result: .success(result ?? .null)) }
    return .malformed(id: requestID, error: invalid("a request needs a \"method\""), isRequest: true)
  }

  private func invalid(_ message: String) -> ResponseError { ResponseError(code: .invalidRequest, message: message) }
}

extension JSONValue {
  /// The broad shape of a value, decoded without building it (params can be megabytes).
  enum Kind: Decodable {
    case null, object, array, scalar

    init(from decoder: any Decoder) throws {
      if (try? decoder.container(keyedBy: AnyKey.self)) != nil {
        self = .object
      } else if (try? decoder.unkeyedContainer()) != nil {
        self = .array
      } else if try decoder.singleValueContainer().decodeNil() {
        self = .null
      } else {
        self = .scalar
      }
    }
  }
}

/// A request as received: its id, method, and the body its params are decoded from on demand.
public struct IncomingRequest: Sendable {
  public var id: RequestID
  public var method: String
  var body: Data

  public init(id: RequestID, method: String, body: Data) {
    self.id = id
    self.method = method
    self.body = body
  }

  /// Decodes the params as `type`; a decoding error becomes -32602 naming the field when it reaches the reply.
  public func params<T: Decodable>(_ type: T.Type) throws -> T { try decodeParams(T.self, from: body) }
}

/// A notification as received: its method, and the body its params are decoded from on demand.
public struct IncomingNotification: Sendable {
  public var method: String
  var body: Data

  public init(method: String, body: Data) {
    self.method = method
    self.body = body
  }

  public func params<T: Decodable>(_ type: T.Type) throws -> T { try decodeParams(T.self, from: body) }

  /// Calls `read` with the message's JSON bytes, for params read without a `Decodable` pass.
  public func withBody<R>(_ read: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
    try body.withUnsafeBytes { try read($0.bindMemory(to: UInt8.self)) }
  }
}

/// Decodes the `params` member of a body; an absent or null member decodes as `{}`, so types with only optional
/// fields accept it.
func decodeParams<T: Decodable>(_ type: T.Type, from body: Data) throws -> T {
  try JSONDecoder().decode(ParamsEnvelope<T>.self, from: body).params
}

private struct ParamsEnvelope<T: Decodable>: Decodable {
  var params: T
  enum CodingKeys: String, CodingKey { case params }
  init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    if let params = try c.decodeIfPresent(T.self, forKey: .params) {
      self.params = params
    } else {
      self.params = try JSONDecoder().decode(T.self, from: Data("{}".utf8))
    }
  }
}
