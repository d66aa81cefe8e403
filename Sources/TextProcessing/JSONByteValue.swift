/// A JSON value parsed from UTF-8 bytes, whose strings and numbers are byte ranges of the input rather than copies.
///
/// Chat logs are scanned at the bytes they came from, so every string must be able to say where each of its decoded
/// bytes sits in the raw file; keeping ranges instead of decoded `String`s also makes parsing gigabytes of corpus
/// cheap, because only the fields that are used are ever decoded. Offsets are absolute offsets into the buffer that
/// was parsed, so the accessors take that buffer again.
public struct JSONByteValue: Sendable, Hashable {
  /// The value's bytes in the input, from its first byte to one past its last (quotes and brackets included).
  public var utf8Range: Range<Int>
  public var kind: Kind

  public init(utf8Range: Range<Int>, kind: Kind) {
    self.utf8Range = utf8Range
    self.kind = kind
  }

  /// What a value is.
  public indirect enum Kind: Sendable, Hashable {
    case null
    case bool(Bool)
    /// A number, kept as its raw text so no precision is lost; see `JSONByteValue.number(in:)`.
    case number
    case string(JSONByteString)
    case array([JSONByteValue])
    /// The members in input order; a repeated key keeps every occurrence, and lookups find the first one.
    case object([JSONByteMember])
  }

  /// The string, if the value is one.
  public var string: JSONByteString? {
    if case .string(let s) = kind { return s }
    return nil
  }

  /// The elements, if the value is an array.
  public var array: [JSONByteValue]? {
    if case .array(let a) = kind { return a }
    return nil
  }

  /// The members, if the value is an object.
  public var members: [JSONByteMember]? {
    if case .object(let m) = kind { return m }
    return nil
  }

  public var isNull: Bool {
    if case .null = kind { return true }
    return false
  }

  /// A short name of the value's type for error messages ("a string", "an array").
  public var typeDescription: String {
    switch kind {
    case .null: return "null"
    case .bool: return "a boolean"
    case .number: return "a number"
    case .string: return "a string"
    case .array: return "an array"
    case .object: return "an object"
    }
  }

  /// The first member named `key`, if the value is an object that has one.
  public func member(_ key: String, in bytes: UnsafeBufferPointer<UInt8>) -> JSONByteValue? {
    guard case .object(let members) = kind else { return nil }
    var key = key
    return key.withUTF8 { keyBytes in
      for m in members where m.key.equals(keyBytes, in: bytes) { return m.value }
      return nil
    }
  }

  /// The number's raw text (for example to use a numeric id as a string), if the value is a number.
  public func numberText(in bytes: UnsafeBufferPointer<UInt8>) -> String? {
    guard case .number = kind else { return nil }
    return String(decoding: UnsafeBufferPointer(rebasing: bytes[utf8Range]), as: UTF8.self)
  }

  /// The number as a `Double`, if the value is a number.
  public func number(in bytes: UnsafeBufferPointer<UInt8>) -> Double? {
    numberText(in: bytes).flatMap(Double.init)
  }
}

/// One `"key": value` pair of a JSON object.
public struct JSONByteMember: Sendable, Hashable {
  public var key: JSONByteString
  public var value: JSONByteValue

  public init(key: JSONByteString, value: JSONByteValue) {
    self.key = key
    self.value = value
  }
}
