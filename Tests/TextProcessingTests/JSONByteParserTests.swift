import TestSupport
import Testing
import TextProcessing

@Suite struct JSONByteParserTests {
  /// Parses `json` and calls `body` with the root value and the buffer its ranges point into.
  func withParsed<R>(_ json: String, _ body: (JSONByteValue, UnsafeBufferPointer<UInt8>) throws -> R) throws -> R {
    let bytes = Array(json.utf8)
    return try bytes.withUnsafeBufferPointer { buffer in try body(JSONByteParser.parse(buffer), buffer) }
  }

  @Test func parsesEveryKindOfValue() throws {
    try withParsed(#" {"s": "x", "n": -12.5e3, "t": true, "f": false, "z": null, "a": [1, [], {}], "o": {"k": "v"}} "#)
    {
      root, bytes in
      #expect(root.member("s", in: bytes)?.string?.decoded(in: bytes) == "x")
      #expect(root.member("n", in: bytes)?.number(in: bytes) == -12500)
      #expect(root.member("t", in: bytes)?.kind == .bool(true))
      #expect(root.member("f", in: bytes)?.kind == .bool(false))
      #expect(root.member("z", in: bytes)?.isNull == true)
      #expect(root.member("a", in: bytes)?.array?.count == 3)
      #expect(root.member("o", in: bytes)?.member("k", in: bytes)?.string?.decoded(in: bytes) == "v")
      #expect(root.member("missing", in: bytes) == nil)
    }
  }

  @Test func decodesEveryEscape() throws {
    try withParsed(#""q\" b\\ s\/ \b\f\n\r\t \u00e9 \u4e2d \ud83d\ude00 \udc00""#) { root, bytes in
      #expect(root.string?.decoded(in: bytes) == "q\" b\\ s/ \u{8}\u{C}\n\r\t é 中 😀 \u{FFFD}")
    }
  }

  /// Every decoded character maps back to the raw bytes it came from, through each kind of escape.
  @Test func offsetMapLeadsBackThroughEscapes() throws {
    let raw = MarkedText(#"{"text": "1️⃣Line\n2️⃣caf3️⃣\u00e94️⃣ \"5️⃣quoted\" 6️⃣\ud83d\ude007️⃣ end8️⃣"}"#)
    try withParsed(raw.text) { root, bytes in
      let (text, offsets) = try #require(root.member("text", in: bytes)?.string).decodedWithOffsets(in: bytes)
      let decoded = MarkedText("1️⃣Line\n2️⃣caf3️⃣é4️⃣ \"5️⃣quoted\" 6️⃣😀7️⃣ end8️⃣")
      #expect(text == decoded.bytes)
      for marker in ["1️⃣", "2️⃣", "3️⃣", "4️⃣", "5️⃣", "6️⃣", "7️⃣", "8️⃣"] {
        #expect(offsets.rawOffset(decoded[marker] - decoded["1️⃣"]) == raw[marker], "marker \(marker)")
      }
    }
  }

  @Test func stringWithoutEscapesMapsByIdentity() throws {
    try withParsed(#"["abc 中文 😀"]"#) { root, bytes in
      let s = try #require(root.array?.first?.string)
      #expect(!s.hasEscapes)
      let (text, offsets) = s.decodedWithOffsets(in: bytes)
      #expect(text == Array("abc 中文 😀".utf8))
      #expect(offsets == OffsetMap(base: 2))
    }
  }

  @Test func parsesARangeWithAbsoluteOffsets() throws {
    let bytes = Array("garbage {\"k\": \"v\"} garbage".utf8)
    try bytes.withUnsafeBufferPointer { buffer in
      let value = try JSONByteParser.parse(buffer, range: 8..<18)
      #expect(value.utf8Range == 8..<18)
      #expect(value.member("k", in: buffer)?.string?.rawRange == 15..<16)
    }
  }

  @Test(arguments: [
    ("{\"a\": 1,}", 8, "expected a string key"),
    ("[1 2]", 3, "expected ',' or ']'"),
    ("{\"a\" 1}", 5, "expected ':'"),
    ("\"abc", 0, "unterminated string"),
    ("[01]", 2, "leading zero"),
    ("[tru]", 4, "invalid literal"),
    ("\"bad \\x\"", 6, "invalid escape"),
    ("\"bad \\u12G4\"", 5, "invalid \\u escape"),
    ("\"tab\there\"", 4, "control character"),
    ("{} x", 3, "after the JSON value"),
    ("", 0, "found the end of the input"),
  ])
  func invalidJSONNamesTheOffset(json: String, offset: Int, message: String) {
    do {
      _ = try JSONByteParser.parse(Array(json.utf8))
      Issue.record("expected an error for \(json)")
    } catch let error as TextParseError {
      #expect(error.utf8Offset == offset, "\(json): \(error)")
      #expect(error.message.contains(message), "\(json): \(error)")
    } catch {
      Issue.record("unexpected error \(error)")
    }
  }

  @Test func invalidUTF8InAStringNamesLineAndColumn() {
    let bytes = Array("{\n  \"a\": \"caf".utf8) + [0xE9] + Array("\"\n}".utf8)
    #expect {
      try JSONByteParser.parse(bytes)
    } throws: { error in
      guard let error = error as? TextParseError else { return false }
      return error.utf8Offset == 13 && error.line == 2 && error.utf8Column == 12 && error.message.contains("UTF-8")
    }
  }

  @Test func refusesHostileNesting() {
    let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
    #expect(throws: TextParseError.self) { try JSONByteParser.parse(Array(deep.utf8)) }
  }

  @Test func keysWithEscapesStillMatch() throws {
    try withParsed(#"{"out\u0070ut": "yes"}"#) { root, bytes in
      #expect(root.member("output", in: bytes)?.string?.decoded(in: bytes) == "yes")
    }
  }
}
