import Foundation
import JSONRPC
import Testing

/// Classification of incoming bodies and the exact bytes of outgoing ones (sorted keys, `"result":null` kept).
@Suite struct MessageCodingTests {
  func classify(_ json: String) -> IncomingMessage { IncomingMessage(body: Data(json.utf8)) }

  func malformed(_ json: String) -> (RequestID?, ErrorCode)? {
    if case .malformed(let id, let error, _) = classify(json) { return (id, error.code) }
    return nil
  }

  @Test func requestNotificationAndResponse() throws {
    guard case .request(let request) = classify(#"{"jsonrpc":"2.0","id":7,"method":"m","params":{"x":1}}"#) else {
      Issue.record("not a request")
      return
    }
    #expect(request.id == .number(7))
    #expect(request.method == "m")
    struct X: Decodable, Equatable { var x: Int }
    #expect(try request.params(X.self) == X(x: 1))
    guard case .notification(let note) = classify(#"{"jsonrpc":"2.0","method":"n"}"#) else {
      Issue.record("not a notification")
      return
    }
    #expect(note.method == "n")
    guard case .response(let id, .success(let value)) = classify(#"{"jsonrpc":"2.0","id":"s-1","result":null}"#)
    else {
      Issue.record("not a response")
      return
    }
    #expect(id == .string("s-1"))
    #expect(value == .null)
  }

  @Test func malformedBodiesGetTheRightCodeAndTheirIdWhenRecoverable() {
    #expect(malformed(#"{"jsonrpc":"2.0","id":12,"method":"m","params":{"#)! == (.number(12), .parseError))
    #expect(malformed(#"{"id": "abc", "method": nope}"#)! == (.string("abc"), .parseError))
    #expect(malformed("not json at all")! == (nil, .parseError))
    #expect(malformed("")! == (nil, .parseError))
    #expect(malformed("[1,2]")! == (nil, .invalidRequest))
    #expect(malformed("42")! == (nil, .invalidRequest))
    #expect(malformed(#"{"jsonrpc":"2.0","id":3}"#)! == (.number(3), .invalidRequest))
    #expect(malformed(#"{"jsonrpc":"2.0","id":{"a":1},"method":"m"}"#)! == (nil, .invalidRequest))
    #expect(malformed(#"{"jsonrpc":"1.0","id":4,"method":"m"}"#)! == (.number(4), .invalidRequest))
    #expect(malformed(#"{"jsonrpc":"2.0","id":5,"method":17}"#)! == (.number(5), .invalidRequest))
    #expect(malformed(#"{"jsonrpc":"2.0","id":6,"method":"m","params":3}"#)! == (.number(6), .invalidRequest))
  }

  @Test func wrongParamTypesNameTheField() throws {
    guard case .request(let request) = classify(#"{"jsonrpc":"2.0","id":1,"method":"m","params":{"a":{"b":"x"}}}"#)
    else {
      Issue.record("not a request")
      return
    }
    struct Inner: Decodable { var b: Int }
    struct Outer: Decodable { var a: Inner }
    do {
      _ = try request.params(Outer.self)
      Issue.record("decoded a string as Int")
    } catch {
      let response = ResponseError(error)
      #expect(response.code == .invalidParams)
      #expect(response.message.contains("params.a.b"))
    }
  }

  @Test func outgoingBytesAreExact() throws {
    struct Result: Encodable { var b = 2, a = "x/y" }
    #expect(
      String(decoding: try OutgoingMessage.response(id: .number(1), result: Result()), as: UTF8.self)
        == #"{"id":1,"jsonrpc":"2.0","result":{"a":"x/y","b":2}}"#)
    #expect(
      String(decoding: try OutgoingMessage.response(id: .string("a"), result: NullResult()), as: UTF8.self)
        == #"{"id":"a","jsonrpc":"2.0","result":null}"#)
    #expect(
      String(
        decoding: OutgoingMessage.errorResponse(id: nil, error: .init(code: .parseError, message: "bad")),
        as: UTF8.self) == #"{"error":{"code":-32700,"message":"bad"},"id":null,"jsonrpc":"2.0"}"#)
    #expect(
      String(decoding: try OutgoingMessage.notification(method: "n", params: ["k": 1]), as: UTF8.self)
        == #"{"jsonrpc":"2.0","method":"n","params":{"k":1}}"#)
  }

  /// A notification framed in one buffer is the notification's body framed, byte for byte: the header's length
  /// included, for small params, already encoded ones, and a body of half a megabyte.
  @Test func aNotificationFrameIsItsBodyFramed() throws {
    let large = "[" + (0..<60_000).map { "\($0)" }.joined(separator: ",") + "]"
    let params: [EncodedJSON] = [
      EncodedJSON(Data("{}".utf8)), EncodedJSON(Data(#"{"é":"✓"}"#.utf8)), EncodedJSON(Data(large.utf8)),
    ]
    for encoded in params {
      let frame = try OutgoingMessage.notificationFrame(method: "textDocument/publishDiagnostics", params: encoded)
      let body = try OutgoingMessage.notification(method: "textDocument/publishDiagnostics", params: encoded)
      #expect(frame == OutgoingMessage.frame(body))
      #expect(frame.starts(with: Data("Content-Length: \(body.count)\r\n\r\n".utf8)))
    }
    let small = try OutgoingMessage.notificationFrame(method: "n", params: ["k": 1])
    #expect(
      String(decoding: small, as: UTF8.self)
        == "Content-Length: 47\r\n\r\n" + #"{"jsonrpc":"2.0","method":"n","params":{"k":1}}"#)
  }

  @Test func errorCodesAreOpenAndSigned() throws {
    #expect(ErrorCode.parseError.rawValue == -32700)
    #expect(ErrorCode.invalidRequest.rawValue == -32600)
    #expect(ErrorCode.methodNotFound.rawValue == -32601)
    #expect(ErrorCode.invalidParams.rawValue == -32602)
    #expect(ErrorCode.internalError.rawValue == -32603)
    #expect(ErrorCode.serverNotInitialized.rawValue == -32002)
    #expect(ErrorCode.requestCancelled.rawValue == -32800)
    let unknown = try JSONDecoder().decode(ErrorCode.self, from: Data("-1234".utf8))
    #expect(unknown.rawValue == -1234)
  }

  @Test func jsonValueRoundTrips() throws {
    let json = #"{"a":[1,2.5,"s",true,null,{"b":{}}]}"#
    let value = try JSONDecoder().decode(JSONValue.self, from: Data(json.utf8))
    #expect(String(decoding: try OutgoingMessage.encode(value), as: UTF8.self) == json)
  }
}
