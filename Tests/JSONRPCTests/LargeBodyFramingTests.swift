import JSONRPC
import Testing

/// Bodies over a megabyte are handed over without a copy when they end the buffer; framing must not change.
@Suite struct LargeBodyFramingTests {
  func frame(_ body: [UInt8]) -> [UInt8] { Array("Content-Length: \(body.count)\r\n\r\n".utf8) + body }

  static let large: [UInt8] = Array((0..<(3 << 19)).map { UInt8(ascii: "a") + UInt8($0 % 26) })

  @Test func aLargeBodyInChunksThenSmallMessagesAfterIt() {
    var parser = FrameParser()
    let small = Array(#"{"b":2}"#.utf8)
    let bytes = frame(Self.large) + frame(small) + frame(small)
    var events: [FrameParser.Event] = []
    var start = 0
    while start < bytes.count {
      let end = min(bytes.count, start + 65_536)
      events += parser.append(bytes[start..<end])
      start = end
    }
    #expect(events == [.body(Self.large), .body(small), .body(small)])
    #expect(parser.finish() == nil)
  }

  @Test func aLargeBodyFollowedInTheSameChunkByAnother() {
    var parser = FrameParser()
    let small = Array(#"{"c":3}"#.utf8)
    #expect(
      parser.append(frame(small) + frame(Self.large) + frame(small)) == [.body(small), .body(Self.large), .body(small)])
    // A large body that ends the chunk, then the next message arrives.
    #expect(parser.append(frame(Self.large)) == [.body(Self.large)])
    #expect(parser.append(frame(small)) == [.body(small)])
    #expect(parser.finish() == nil)
  }
}
