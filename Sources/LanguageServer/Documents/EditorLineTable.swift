import TextProcessing

/// Converts between the engine's UTF-8 byte offsets and editor positions (line, column in UTF-16 or UTF-8 units).
///
/// The engine only speaks UTF-8 byte offsets; clients speak lines and columns in the negotiated encoding. Every
/// conversion in the server goes through this one type, so an emoji (two UTF-16 units, four bytes), an accent (one
/// unit, two bytes), a combining mark (its own scalar) or a CJK ideograph (one unit, three bytes) is counted the
/// same way everywhere. Lines end at LF, CRLF or a lone CR, as LSP 3.17 says.
///
/// Columns past the end of a line are clamped to the line's end (before its terminator), and a column inside a
/// multi-unit character snaps back to the character's first unit, as the spec asks of servers.
public struct EditorLineTable: Sendable {
  private var lines: LineStarts
  /// The document's byte count, the end of the last line.
  public var utf8Count: Int { lines.utf8Count }

  public init(_ text: [UInt8]) { lines = LineStarts(text) }

  /// Follows an edit that replaced bytes `replaced` with `insertedCount` bytes, `text` being the new text; the
  /// same table as `EditorLineTable(text)`, without reading the whole document again (see `LineStarts.replace`).
  public mutating func replace(_ replaced: Range<Int>, insertedCount: Int, in text: [UInt8]) {
    lines.replace(replaced, insertedCount: insertedCount, in: text)
  }

  public var lineCount: Int { lines.count }

  /// The byte range of line `line` without its terminator.
  private func contentRange(ofLine line: Int, in text: [UInt8]) -> Range<Int> {
    let start = lines.start(ofLine: line)
    var end = lines.end(ofLine: line)
    if end > start && text[end - 1] == 0x0A { end -= 1 }
    if end > start && text[end - 1] == 0x0D { end -= 1 }
    return start..<end
  }

  /// The UTF-8 byte offset of `position`; positions past the end of the document map to its end.
  public func utf8Offset(of position: Position, in text: [UInt8], encoding: PositionEncoding) -> Int {
    guard position.line >= 0 else { return 0 }
    guard position.line < lines.count else { return utf8Count }
    let line = contentRange(ofLine: position.line, in: text)
    var remaining = max(0, position.encodedColumn)
    var offset = line.lowerBound
    while offset < line.upperBound && remaining > 0 {
      let (byteCount, units) = Self.scalarSize(text[offset], encoding: encoding)
      if units > remaining { break }  // inside a surrogate pair or a multi-byte sequence: snap back
      remaining -= units
      offset = min(offset + byteCount, line.upperBound)
    }
    return offset
  }

  /// The position of UTF-8 byte offset `utf8Offset` (clamped to the document).
  public func position(ofUTF8Offset utf8Offset: Int, in text: [UInt8], encoding: PositionEncoding) -> Position {
    let offset = min(max(utf8Offset, 0), utf8Count)
    let low = lines.line(containing: offset)
    let start = lines.start(ofLine: low)
    switch encoding {
    case .utf8:
      return Position(line: low, encodedColumn: offset - start)
    case .utf16:
      return Position(line: low, encodedColumn: Self.utf16Units(in: text, from: start, to: offset))
    }
  }

  /// The UTF-16 units of the characters that start in `start..<end`, eight ASCII bytes at a time where it can.
  ///
  /// A long transcript's paragraphs are often single lines of a few kilobytes, and the server converts two offsets
  /// per passage on every publication (500 passages after each keystroke in a long file): byte by byte, this was
  /// 2.6% of a keystroke's profile in a 10 MB transcript.
  static func utf16Units(in text: [UInt8], from start: Int, to end: Int) -> Int {
    text.withUnsafeBufferPointer { bytes in
      var units = 0
      var i = start
      while i < end {
        if end - i >= 8 {
          let word = UnsafeRawPointer(bytes.baseAddress! + i).loadUnaligned(as: UInt64.self)
          if word & 0x8080_8080_8080_8080 == 0 {
            units += 8
            i += 8
            continue
          }
        }
        let (byteCount, scalarUnits) = scalarSize(bytes[i], encoding: .utf16)
        units += scalarUnits
        i += byteCount
      }
      return units
    }
  }

  /// The range of a UTF-8 byte range.
  ///
  /// An end on the start's line (most passages lie within one paragraph's line) is counted on from the start,
  /// without finding its line again or counting the line's bytes before the start a second time: the server
  /// converts every passage's range at every publication.
  public func range(ofUTF8 range: Range<Int>, in text: [UInt8], encoding: PositionEncoding) -> TextRange {
    let start = position(ofUTF8Offset: range.lowerBound, in: text, encoding: encoding)
    let from = min(max(range.lowerBound, 0), utf8Count)
    let to = min(max(range.upperBound, from), utf8Count)
    // Counted on only from a character's first byte, where counting in two parts gives what one count gives.
    guard from == to || text[from] & 0xC0 != 0x80,
      start.line + 1 >= lines.count || to < lines.start(ofLine: start.line + 1)
    else {
      return TextRange(start: start, end: position(ofUTF8Offset: range.upperBound, in: text, encoding: encoding))
    }
    let columns = encoding == .utf8 ? to - from : Self.utf16Units(in: text, from: from, to: to)
    return TextRange(start: start, end: Position(line: start.line, encodedColumn: start.encodedColumn + columns))
  }

  /// The UTF-8 byte range of a range; a reversed range is treated as empty at its start.
  public func utf8Range(of range: TextRange, in text: [UInt8], encoding: PositionEncoding) -> Range<Int> {
    let start = utf8Offset(of: range.start, in: text, encoding: encoding)
    let end = utf8Offset(of: range.end, in: text, encoding: encoding)
    return start..<max(start, end)
  }

  /// The bytes of the UTF-8 sequence a lead byte starts and the code units it counts for in `encoding`.
  ///
  /// A stray continuation byte counts as one byte and one unit, so a position never gets stuck.
  @inline(__always)
  static func scalarSize(_ lead: UInt8, encoding: PositionEncoding) -> (bytes: Int, units: Int) {
    let bytes: Int
    if lead < 0xC0 {
      bytes = 1
    } else if lead < 0xE0 {
      bytes = 2
    } else if lead < 0xF0 {
      bytes = 3
    } else {
      bytes = 4
    }
    switch encoding {
    case .utf8: return (bytes, bytes)
    case .utf16: return (bytes, bytes == 4 ? 2 : 1)
    }
  }
}
