/// A strict, fast JSON parser over UTF-8 bytes that returns a `JSONByteValue` tree of byte ranges.
///
/// The index builder parses gigabytes of JSONL with it, so it never builds `String`s while parsing, skips plain
/// string content eight bytes at a time, and validates UTF-8 only where non-ASCII bytes occur. It is strict
/// (RFC 8259): invalid JSON and invalid UTF-8 inside strings throw a `TextParseError` with the offending byte. A lone
/// `\uD800`-style surrogate is valid JSON syntax, so it is accepted and decodes to U+FFFD.
public enum JSONByteParser {
  /// The deepest nesting accepted, so that hostile input cannot overflow the stack.
  public static let maxDepth = 512

  /// Parses the single JSON value in `range` of `bytes` (all of it by default); surrounding white space is allowed.
  public static func parse(_ bytes: UnsafeBufferPointer<UInt8>, range: Range<Int>? = nil) throws -> JSONByteValue {
    let range = range ?? 0..<bytes.count
    precondition(range.lowerBound >= 0 && range.upperBound <= bytes.count, "range outside the buffer")
    var cursor = JSONCursor(bytes: bytes, start: range.lowerBound, end: range.upperBound)
    return try cursor.parseDocument()
  }

  /// Parses a byte array holding one JSON value.
  public static func parse(_ bytes: [UInt8]) throws -> JSONByteValue {
    try bytes.withUnsafeBufferPointer { try parse($0) }
  }
}

/// The state of one parse: a position in a byte buffer.
private struct JSONCursor {
  let base: UnsafePointer<UInt8>
  let bytes: UnsafeBufferPointer<UInt8>
  let start: Int
  let end: Int
  var index: Int

  init(bytes: UnsafeBufferPointer<UInt8>, start: Int, end: Int) {
    // An empty buffer has no base address; any non-nil pointer works because nothing is read.
    self.base = bytes.baseAddress ?? UnsafePointer(bitPattern: 1).unsafelyUnwrapped
    self.bytes = bytes
    self.start = start
    self.end = end
    self.index = start
  }

  mutating func parseDocument() throws -> JSONByteValue {
    skipWhitespace()
    // Tolerate a UTF-8 byte order mark, which some Windows tools write.
    if index == start, index + 3 <= end, base[index] == 0xEF, base[index + 1] == 0xBB, base[index + 2] == 0xBF {
      index += 3
      skipWhitespace()
    }
    guard index < end else { throw error("expected a JSON value, found the end of the input") }
    let value = try parseValue(depth: 0)
    skipWhitespace()
    guard index == end else { throw error("unexpected \(describeByte(at: index)) after the JSON value") }
    return value
  }

  // MARK: Values

  mutating func parseValue(depth: Int) throws -> JSONByteValue {
    guard index < end else { throw error("expected a JSON value, found the end of the input") }
    let first = index
    switch base[index] {
    case UInt8(ascii: "\""):
      let s = try parseString()
      return JSONByteValue(utf8Range: first..<index, kind: .string(s))
    case UInt8(ascii: "{"):
      guard depth < JSONByteParser.maxDepth else { throw error("nesting deeper than \(JSONByteParser.maxDepth)") }
      return try parseObject(depth: depth + 1)
    case UInt8(ascii: "["):
      guard depth < JSONByteParser.maxDepth else { throw error("nesting deeper than \(JSONByteParser.maxDepth)") }
      return try parseArray(depth: depth + 1)
    case UInt8(ascii: "t"):
      try expectLiteral("true")
      return JSONByteValue(utf8Range: first..<index, kind: .bool(true))
    case UInt8(ascii: "f"):
      try expectLiteral("false")
      return JSONByteValue(utf8Range: first..<index, kind: .bool(false))
    case UInt8(ascii: "n"):
      try expectLiteral("null")
      return JSONByteValue(utf8Range: first..<index, kind: .null)
    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
      try parseNumber()
      return JSONByteValue(utf8Range: first..<index, kind: .number)
    default:
      throw error("expected a JSON value, found \(describeByte(at: index))")
    }
  }

  mutating func parseObject(depth: Int) throws -> JSONByteValue {
    let first = index
    index += 1
    var members: [JSONByteMember] = []
    skipWhitespace()
    if index < end, base[index] == UInt8(ascii: "}") {
      index += 1
      return JSONByteValue(utf8Range: first..<index, kind: .object(members))
    }
    while true {
      guard index < end else { throw error("unterminated object, expected a key") }
      guard base[index] == UInt8(ascii: "\"") else {
        throw error("expected a string key, found \(describeByte(at: index))")
      }
      let key = try parseString()
      skipWhitespace()
      guard index < end, base[index] == UInt8(ascii: ":") else {
        throw error("expected ':' after an object key, found \(describeByte(at: index))")
      }
      index += 1
      skipWhitespace()
      let value = try parseValue(depth: depth)
      members.append(JSONByteMember(key: key, value: value))
      skipWhitespace()
      guard index < end else { throw error("unterminated object, expected ',' or '}'") }
      let b = base[index]
      index += 1
      if b == UInt8(ascii: ",") {
        skipWhitespace()
        continue
      }
      if b == UInt8(ascii: "}") { return JSONByteValue(utf8Range: first..<index, kind: .object(members)) }
      index -= 1
      throw error("expected ',' or '}' in an object, found \(describeByte(at: index))")
    }
  }

  mutating func parseArray(depth: Int) throws -> JSONByteValue {
    let first = index
    index += 1
    var elements: [JSONByteValue] = []
    skipWhitespace()
    if index < end, base[index] == UInt8(ascii: "]") {
      index += 1
      return JSONByteValue(utf8Range: first..<index, kind: .array(elements))
    }
    while true {
      let value = try parseValue(depth: depth)
      elements.append(value)
      skipWhitespace()
      guard index < end else { throw error("unterminated array, expected ',' or ']'") }
      let b = base[index]
      index += 1
      if b == UInt8(ascii: ",") {
        skipWhitespace()
        continue
      }
      if b == UInt8(ascii: "]") { return JSONByteValue(utf8Range: first..<index, kind: .array(elements)) }
      index -= 1
      throw error("expected ',' or ']' in an array, found \(describeByte(at: index))")
    }
  }

  mutating func expectLiteral(_ literal: StaticString) throws {
    let count = literal.utf8CodeUnitCount
    let p = literal.utf8Start
    guard index + count <= end else { throw error("invalid literal, expected '\(literal)'") }
    for j in 0..<count where base[index + j] != p[j] {
      index += j
      throw error("invalid literal, expected '\(literal)'")
    }
    index += count
  }

  mutating func parseNumber() throws {
    if base[index] == UInt8(ascii: "-") { index += 1 }
    guard index < end, isDigit(base[index]) else { throw error("expected a digit in a number") }
    if base[index] == UInt8(ascii: "0") {
      index += 1
      if index < end, isDigit(base[index]) { throw error("a number must not have a leading zero") }
    } else {
      while index < end, isDigit(base[index]) { index += 1 }
    }
    if index < end, base[index] == UInt8(ascii: ".") {
      index += 1
      guard index < end, isDigit(base[index]) else { throw error("expected a digit after the decimal point") }
      while index < end, isDigit(base[index]) { index += 1 }
    }
    if index < end, base[index] | 0x20 == UInt8(ascii: "e") {
      index += 1
      if index < end, base[index] == UInt8(ascii: "+") || base[index] == UInt8(ascii: "-") { index += 1 }
      guard index < end, isDigit(base[index]) else { throw error("expected a digit in the exponent") }
      while index < end, isDigit(base[index]) { index += 1 }
    }
  }

  // MARK: Strings

  /// Parses the string whose opening quote is at `index` and leaves `index` after its closing quote.
  mutating func parseString() throws -> JSONByteString {
    index += 1
    let contentStart = index
    var hasEscapes = false
    while true {
      // Skip eight bytes at a time while none is a quote, a backslash, a control character or non-ASCII.
      while index + 8 <= end {
        let w = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        let quote = w ^ (ones &* 0x22)
        let backslash = w ^ (ones &* 0x5C)
        let special =
          ((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash) | ((w &- ones &* 0x20) & ~w) | w
        if special & highs != 0 { break }
        index += 8
      }
      guard index < end else {
        throw TextParseError(at: contentStart - 1, in: bytes, countingFrom: start, message: "unterminated string")
      }
      let b = base[index]
      if b == UInt8(ascii: "\"") {
        let s = JSONByteString(rawRange: contentStart..<index, hasEscapes: hasEscapes)
        index += 1
        return s
      }
      if b == UInt8(ascii: "\\") {
        hasEscapes = true
        try skipEscape()
      } else if b < 0x20 {
        throw error("unescaped control character 0x\(String(b, radix: 16)) in a string")
      } else if b >= 0x80 {
        guard let length = UTF8Validation.sequenceLength(base, at: index, count: end) else {
          throw error("invalid UTF-8 byte 0x\(String(b, radix: 16, uppercase: true)) in a string")
        }
        index += length
      } else {
        index += 1
      }
    }
  }

  /// Validates the escape at `index` (a backslash) and moves past it.
  mutating func skipEscape() throws {
    guard index + 1 < end else { throw error("unterminated escape sequence") }
    switch base[index + 1] {
    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
      UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
      index += 2
    case UInt8(ascii: "u"):
      for j in 2..<6 {
        guard index + j < end, JSONByteString.hexDigitValue(base[index + j]) != nil else {
          throw error("invalid \\u escape, expected four hexadecimal digits")
        }
      }
      index += 6
    default:
      index += 1
      throw error("invalid escape '\\\(describeByte(at: index))'")
    }
  }

  // MARK: Helpers

  @inline(__always)
  func isDigit(_ b: UInt8) -> Bool { b &- UInt8(ascii: "0") < 10 }

  @inline(__always)
  mutating func skipWhitespace() {
    while index < end {
      let b = base[index]
      guard b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 else { return }
      index += 1
    }
  }

  func describeByte(at i: Int) -> String {
    guard i < end else { return "the end of the input" }
    let b = base[i]
    if b >= 0x21 && b < 0x7F { return "'\(Character(Unicode.Scalar(b)))'" }
    return "byte 0x\(String(b, radix: 16, uppercase: true))"
  }

  func error(_ message: String) -> TextParseError {
    TextParseError(at: min(index, end), in: bytes, countingFrom: start, message: message)
  }
}
