import Testing
import TextProcessing

@Suite struct UTF8ValidationTests {
  @Test func validTextHasNoInvalidOffset() {
    #expect(UTF8Validation.firstInvalidOffset(in: Array("plain ASCII that is longer than eight bytes".utf8)) == nil)
    #expect(UTF8Validation.firstInvalidOffset(in: Array("café 我是一个人工智能助手 😀 한국어".utf8)) == nil)
    #expect(UTF8Validation.firstInvalidOffset(in: []) == nil)
  }

  @Test func reportsTheFirstBadSequence() {
    let prefix = Array("0123456789abcdef café ".utf8)
    #expect(UTF8Validation.firstInvalidOffset(in: prefix + [0xFF] + Array("tail".utf8)) == prefix.count)
    // A truncated sequence at the end.
    #expect(UTF8Validation.firstInvalidOffset(in: prefix + [0xE6, 0x88]) == prefix.count)
    // An overlong encoding of "/", a UTF-16 surrogate, and a code point above U+10FFFF.
    #expect(UTF8Validation.firstInvalidOffset(in: [0x41, 0xC0, 0xAF]) == 1)
    #expect(UTF8Validation.firstInvalidOffset(in: [0x41, 0x42, 0xED, 0xA0, 0x80]) == 2)
    #expect(UTF8Validation.firstInvalidOffset(in: [0xF4, 0x90, 0x80, 0x80]) == 0)
    // A stray continuation byte.
    #expect(UTF8Validation.firstInvalidOffset(in: Array("abc".utf8) + [0x80]) == 3)
  }

  /// The ASCII fast paths skip 32 and 8 bytes at a time: a bad byte at any position of a long ASCII run, and a
  /// multi-byte character across a block boundary, are found exactly as byte by byte.
  @Test func blocksOfASCIIHideNoBadByte() {
    let ascii = Array(String(repeating: "abcdefghij", count: 10).utf8)
    for position in 0..<ascii.count {
      var bytes = ascii
      bytes[position] = 0xFF
      #expect(UTF8Validation.firstInvalidOffset(in: bytes) == position)
    }
    for start in 24..<40 {
      var bytes = Array(ascii.prefix(start))
      bytes += Array("😀é".utf8) + ascii
      #expect(UTF8Validation.firstInvalidOffset(in: bytes) == nil)
      bytes.removeLast(ascii.count)
      bytes.removeLast()  // half of "é"
      #expect(UTF8Validation.firstInvalidOffset(in: bytes) == start + 4)
    }
  }
}
