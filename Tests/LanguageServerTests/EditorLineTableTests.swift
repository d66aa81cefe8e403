import LanguageServer
import TestSupport
import Testing

/// Every conversion between engine byte offsets and editor positions, with the characters that break naive code.
@Suite struct EditorLineTableTests {
  static let mixed = "a😀b\ncafé e\u{301}\n漢字かな한\n👍🏽x\u{1F1EB}\u{1F1F7}\n\nend"

  @Test(arguments: [PositionEncoding.utf16, .utf8])
  func everyScalarBoundaryRoundTrips(encoding: PositionEncoding) {
    let text = Self.mixed
    let bytes = Array(text.utf8)
    let table = EditorLineTable(bytes)
    var offset = 0
    for scalar in text.unicodeScalars {
      let expected = TextPosition(utf8Offset: offset, in: text)
      let column = encoding == .utf16 ? expected.utf16Column : expected.utf8Column
      let position = table.position(ofUTF8Offset: offset, in: bytes, encoding: encoding)
      #expect(position == Position(line: expected.line, encodedColumn: column), "offset \(offset)")
      #expect(table.utf8Offset(of: position, in: bytes, encoding: encoding) == offset)
      offset += scalar.utf8.count
    }
    #expect(
      table.position(ofUTF8Offset: bytes.count, in: bytes, encoding: encoding) == Position(line: 5, encodedColumn: 3))
  }

  /// Long lines whose ASCII runs (read eight bytes at a time) end at every distance from an emoji, an accent or a CJK
  /// character, checked at every scalar boundary.
  @Test func longLinesOfASCIIRunsBetweenOtherCharacters() {
    var random = SeededGenerator(seed: 8)
    let others = ["😀", "é", "e\u{301}", "漢", "👍🏽", "\u{1F1EB}\u{1F1F7}", "ß"]
    var text = ""
    for line in 0..<6 {
      for _ in 0..<40 {
        text += String(repeating: "abcdefghij", count: 3).prefix(random.below(26))
        text += others[random.below(others.count)]
      }
      if line < 5 { text += line % 2 == 0 ? "\n" : "\r\n" }
    }
    let bytes = Array(text.utf8)
    let table = EditorLineTable(bytes)
    var offset = 0
    for scalar in text.unicodeScalars {
      let expected = TextPosition(utf8Offset: offset, in: text)
      #expect(
        table.position(ofUTF8Offset: offset, in: bytes, encoding: .utf16)
          == Position(line: expected.line, encodedColumn: expected.utf16Column), "offset \(offset)")
      offset += scalar.utf8.count
    }
  }

  /// A range's end, counted on from its start when both lie on one line, is where converting the end alone puts
  /// it: for ranges that start and end at every kind of boundary, inside characters too, on one line or across
  /// line ends (LF, CRLF, lone CR), out of bounds and reversed.
  @Test(arguments: [PositionEncoding.utf16, .utf8])
  func aRangeEndsWhereItsEndOffsetIs(encoding: PositionEncoding) {
    let text = Self.mixed + "\r\nx\ry 😀😀 é\r\n"
    let bytes = Array(text.utf8)
    let table = EditorLineTable(bytes)
    for lower in -1...(bytes.count + 1) {
      for upper in (lower - 1)...(bytes.count + 2) {
        let range = table.range(ofUTF8: lower..<max(lower, upper), in: bytes, encoding: encoding)
        let start = table.position(ofUTF8Offset: lower, in: bytes, encoding: encoding)
        let end = table.position(ofUTF8Offset: max(lower, upper), in: bytes, encoding: encoding)
        #expect(range == TextRange(start: start, end: end), "\(lower)..<\(upper)")
      }
    }
  }

  @Test func markersInUTF16AndUTF8() {
    let marked = MarkedText("x 😀 1️⃣naïve2️⃣\r\n漢3️⃣字 e\u{301}4️⃣!")
    let bytes = marked.bytes
    let table = EditorLineTable(bytes)
    func position(_ marker: String, _ encoding: PositionEncoding) -> Position {
      table.position(ofUTF8Offset: marked[marker], in: bytes, encoding: encoding)
    }
    #expect(position("1️⃣", .utf16) == Position(line: 0, encodedColumn: 5))
    #expect(position("1️⃣", .utf8) == Position(line: 0, encodedColumn: 7))
    #expect(position("2️⃣", .utf16) == Position(line: 0, encodedColumn: 10))
    #expect(position("2️⃣", .utf8) == Position(line: 0, encodedColumn: 13))
    #expect(position("3️⃣", .utf16) == Position(line: 1, encodedColumn: 1))
    #expect(position("3️⃣", .utf8) == Position(line: 1, encodedColumn: 3))
    #expect(position("4️⃣", .utf16) == Position(line: 1, encodedColumn: 5))
    #expect(position("4️⃣", .utf8) == Position(line: 1, encodedColumn: 10))
  }

  @Test func lineEndsAreLFCRLFAndLoneCR() {
    let bytes = Array("a\r\nb\rc\nd".utf8)
    let table = EditorLineTable(bytes)
    #expect(table.lineCount == 4)
    #expect(table.utf8Offset(of: Position(line: 1, encodedColumn: 0), in: bytes, encoding: .utf16) == 3)
    #expect(table.utf8Offset(of: Position(line: 2, encodedColumn: 0), in: bytes, encoding: .utf16) == 5)
    #expect(table.utf8Offset(of: Position(line: 3, encodedColumn: 0), in: bytes, encoding: .utf16) == 7)
    #expect(table.position(ofUTF8Offset: 5, in: bytes, encoding: .utf8) == Position(line: 2, encodedColumn: 0))
  }

  @Test func columnsPastTheLineAndLinesPastTheEndAreClamped() {
    let bytes = Array("ab\r\ncd".utf8)
    let table = EditorLineTable(bytes)
    // Past the end of line 0: its end, before the CRLF.
    #expect(table.utf8Offset(of: Position(line: 0, encodedColumn: 99), in: bytes, encoding: .utf16) == 2)
    #expect(table.utf8Offset(of: Position(line: 7, encodedColumn: 0), in: bytes, encoding: .utf16) == 6)
    #expect(table.utf8Offset(of: Position(line: -1, encodedColumn: 0), in: bytes, encoding: .utf16) == 0)
  }

  @Test func aColumnInsideACharacterSnapsToItsStart() {
    let bytes = Array("😀x".utf8)
    let table = EditorLineTable(bytes)
    #expect(table.utf8Offset(of: Position(line: 0, encodedColumn: 1), in: bytes, encoding: .utf16) == 0)
    #expect(table.utf8Offset(of: Position(line: 0, encodedColumn: 2), in: bytes, encoding: .utf16) == 4)
    #expect(table.utf8Offset(of: Position(line: 0, encodedColumn: 3), in: bytes, encoding: .utf8) == 0)
  }

  @Test func emptyDocument() {
    let table = EditorLineTable([])
    #expect(table.position(ofUTF8Offset: 0, in: [], encoding: .utf16) == Position(line: 0, encodedColumn: 0))
    #expect(table.utf8Offset(of: Position(line: 0, encodedColumn: 5), in: [], encoding: .utf16) == 0)
  }
}
