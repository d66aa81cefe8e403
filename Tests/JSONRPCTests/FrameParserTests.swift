import JSONRPC
import Testing

/// Framing cases after swift-tools-protocols' `MessageParsingTests`: basic, split at every byte, several in one
/// chunk, bad header, missing Content-Length, a body shorter than promised.
@Suite struct FrameParserTests {
  func frame(_ body: String, header: String? = nil) -> [UInt8] {
    Array((header ?? "Content-Length: \(body.utf8.count)\r\n\r\n").utf8) + Array(body.utf8)
  }

  func bodies(_ events: [FrameParser.Event]) -> [String] {
    events.compactMap { if case .body(let b) = $0 { return String(decoding: b, as: UTF8.self) } else { return nil } }
  }

  func errors(_ events: [FrameParser.Event]) -> [String] {
    events.compactMap { if case .headerError(let e) = $0 { return e } else { return nil } }
  }

  @Test func basicFrame() {
    var parser = FrameParser()
    #expect(parser.append(frame(#"{"a":1}"#)) == [.body(Array(#"{"a":1}"#.utf8))])
    #expect(parser.finish() == nil)
  }

  @Test func splitAtEveryByte() {
    let body = #"{"jsonrpc":"2.0","method":"x","params":{"text":"café 😀 漢字"}}"#
    let bytes = frame(body)
    for split in 0...bytes.count {
      var parser = FrameParser()
      var events = parser.append(bytes[0..<split])
      events += parser.append(bytes[split...])
      #expect(bodies(events) == [body], "split at \(split)")
      #expect(errors(events).isEmpty)
    }
  }

  @Test func oneByteAtATime() {
    let bytes = frame("{}") + frame("[1]") + frame(#""é""#)
    var parser = FrameParser()
    var events: [FrameParser.Event] = []
    for byte in bytes { events += parser.append([byte]) }
    #expect(bodies(events) == ["{}", "[1]", #""é""#])
  }

  @Test func severalMessagesInOneChunk() {
    var parser = FrameParser()
    let events = parser.append(frame("{}") + frame(#"{"b":2}"#) + frame("[]"))
    #expect(bodies(events) == ["{}", #"{"b":2}"#, "[]"])
  }

  @Test func contentTypeIsTolerated() {
    var parser = FrameParser()
    let header = "Content-Type: application/vscode-jsonrpc; charset=utf-8\r\nContent-Length: 2\r\n\r\n"
    #expect(bodies(parser.append(frame("{}", header: header))) == ["{}"])
    let lowercase = "content-length:2\r\n\r\n"
    #expect(bodies(parser.append(frame("{}", header: lowercase))) == ["{}"])
  }

  @Test func missingContentLengthIsAnErrorAndTheNextFrameStillArrives() {
    var parser = FrameParser()
    let events = parser.append(frame("{}", header: "Content-Type: text/plain\r\n\r\n") + frame(#"{"ok":1}"#))
    #expect(errors(events) == ["missing Content-Length header"])
    #expect(bodies(events) == [#"{"ok":1}"#])
  }

  @Test(arguments: [
    "Content-Length: abc", "Content-Length: -5", "Content-Length: ", "Content-Length: 1e3",
    "garbage without colon", "Content-Length: 99999999999999",
  ])
  func invalidContentLength(_ header: String) {
    var parser = FrameParser()
    let events = parser.append(Array("\(header)\r\n\r\n{}".utf8) + frame("[2]"))
    #expect(errors(events).count == 1, "\(events)")
    #expect(bodies(events) == ["[2]"])
  }

  @Test func conflictingContentLengths() {
    var parser = FrameParser()
    let events = parser.append(Array("Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}".utf8) + frame("[]"))
    #expect(errors(events).first?.contains("conflicting") == true)
    #expect(bodies(events) == ["[]"])
  }

  @Test func bodyShorterThanPromisedAtEndOfStream() {
    var parser = FrameParser()
    #expect(parser.append(Array("Content-Length: 10\r\n\r\n{}".utf8)).isEmpty)
    #expect(parser.finish() == .headerError("stream ended inside a message body: 2 of 10 bytes"))
  }

  @Test func headerCutShortAtEndOfStream() {
    var parser = FrameParser()
    #expect(parser.append(Array("Content-Len".utf8)).isEmpty)
    #expect(parser.finish() != nil)
  }

  @Test func endlessHeaderIsRefused() {
    var parser = FrameParser()
    let events = parser.append([UInt8](repeating: UInt8(ascii: "x"), count: FrameParser.maxHeaderBytes + 10))
    #expect(errors(events).count == 1)
    #expect(bodies(parser.append(frame("{}"))) == ["{}"])
  }

  @Test func lengthShorterThanBodyResynchronisesOnTheNextHeader() {
    var parser = FrameParser()
    // The first frame promises 3 bytes of a 9-byte body; the rest is garbage until the next header.
    let events = parser.append(Array("Content-Length: 3\r\n\r\n{\"a\":123}".utf8) + frame("[7]"))
    #expect(bodies(events).first == "{\"a")
    #expect(bodies(events).last == "[7]")
  }

  @Test func headerBytes() {
    #expect(FrameParser.header(bodyBytes: 12) == Array("Content-Length: 12\r\n\r\n".utf8))
  }
}
