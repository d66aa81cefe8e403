import Evidence
import Testing

@Suite struct LineTableTests {
  @Test func linesEndAtLineFeedCarriageReturnAndBoth() {
    let lines = LineTable(bytes: Array("a\nb\r\nc\rd".utf8))
    #expect(lines.position(utf8Offset: 0) == FilePosition(line: 1, utf8Column: 1, scalarColumn: 1))
    #expect(lines.position(utf8Offset: 2) == FilePosition(line: 2, utf8Column: 1, scalarColumn: 1))
    // The CR of a CRLF belongs to the line it ends.
    #expect(lines.position(utf8Offset: 3) == FilePosition(line: 2, utf8Column: 2, scalarColumn: 2))
    #expect(lines.position(utf8Offset: 5) == FilePosition(line: 3, utf8Column: 1, scalarColumn: 1))
    #expect(lines.position(utf8Offset: 7) == FilePosition(line: 4, utf8Column: 1, scalarColumn: 1))
  }

  @Test func columnsCountBytesAndScalarsApart() {
    let text = "café ☕ 😀x"
    let lines = LineTable(bytes: Array(text.utf8))
    let x = text.utf8.count - 1
    // c a f é(2) space ☕(3) space 😀(4) = 14 bytes, 8 scalars before x.
    #expect(lines.position(utf8Offset: x) == FilePosition(line: 1, utf8Column: 15, scalarColumn: 9))
    #expect(lines.position(utf8Offset: text.utf8.count).utf8Column == 16)
  }

  @Test func offsetsOutsideTheFileAreClampedNotTrapped() {
    let lines = LineTable(bytes: Array("ab".utf8))
    #expect(lines.position(utf8Offset: -5) == FilePosition(line: 1, utf8Column: 1, scalarColumn: 1))
    #expect(lines.position(utf8Offset: 99) == FilePosition(line: 1, utf8Column: 3, scalarColumn: 3))
    #expect(LineTable(bytes: []).position(utf8Offset: 0).line == 1)
  }
}
