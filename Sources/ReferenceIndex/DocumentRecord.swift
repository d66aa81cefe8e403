import TextProcessing

/// One reference document's entry in the documents section: 80 bytes of offsets into the strings section.
///
/// Fixed-size records make document `i` one multiplication away, which keeps hover and evidence lookups constant
/// time however large the index is.
struct DocumentRecord {
  static let size = 80
  /// A prompt length of this value means the document has no prompt (as opposed to an empty one); the same for the
  /// earlier prompts.
  static let noPrompt: UInt32 = 0xFFFF_FFFF

  var id: StringRef
  var model: StringRef
  var source: StringRef
  var prompt: StringRef?
  var text: StringRef
  var tokenCount: UInt32
  /// The conversation's user turns before the prompt, as a JSON array of strings (`EarlierPrompts`); nil when it
  /// had none.
  var earlierPrompts: StringRef? = nil

  /// A reference to bytes of the strings section.
  struct StringRef: Hashable {
    var offset: UInt64
    var length: UInt32
  }

  func encode(into bytes: inout [UInt8]) {
    func put<T: FixedWidthInteger>(_ value: T) {
      withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }
    put(id.offset)
    put(id.length)
    put(model.length)
    put(model.offset)
    put(source.offset)
    put(source.length)
    put(prompt?.length ?? Self.noPrompt)
    put(prompt?.offset ?? 0)
    put(text.offset)
    put(text.length)
    put(tokenCount)
    put(earlierPrompts?.offset ?? 0)
    put(earlierPrompts?.length ?? Self.noPrompt)
    put(UInt32(0))
  }

  /// The record at `offset`, or nil when it does not lie inside the mapping.
  static func decode(_ bytes: MappedBytes, at offset: Int) -> DocumentRecord? {
    guard offset >= 0, offset <= bytes.count - size else { return nil }
    // Every field lies inside the record, which the guard placed inside the mapping, so no load can fail.
    func load<T: FixedWidthInteger>(_ at: Int, as type: T.Type) -> T { bytes.load(offset + at, as: T.self) ?? 0 }
    let promptLength = load(36, as: UInt32.self)
    let earlierLength = load(72, as: UInt32.self)
    return DocumentRecord(
      id: StringRef(offset: load(0, as: UInt64.self), length: load(8, as: UInt32.self)),
      model: StringRef(offset: load(16, as: UInt64.self), length: load(12, as: UInt32.self)),
      source: StringRef(offset: load(24, as: UInt64.self), length: load(32, as: UInt32.self)),
      prompt: promptLength == noPrompt ? nil : StringRef(offset: load(40, as: UInt64.self), length: promptLength),
      text: StringRef(offset: load(48, as: UInt64.self), length: load(56, as: UInt32.self)),
      tokenCount: load(60, as: UInt32.self),
      earlierPrompts: earlierLength == noPrompt
        ? nil : StringRef(offset: load(64, as: UInt64.self), length: earlierLength))
  }
}
