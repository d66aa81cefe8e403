import TestSupport
import Testing
import TextProcessing

@Suite struct LineStartsTests {
  @Test func findsLinesAfterLFCRLFAndLoneCR() {
    let table = LineStarts(Array("a\nb\r\nc\rd\r".utf8))
    #expect(table.count == 5)
    #expect((0..<table.count).map { table.start(ofLine: $0) } == [0, 2, 5, 7, 9])
    #expect(table.line(containing: 6) == 2)
  }

  /// An edit applied in place gives the table a fresh read of the new text gives, whatever the edit does to line
  /// breaks: inserting or deleting them, joining a CR with a following LF, or splitting a CRLF in two.
  @Test(arguments: [1, 2, 3, 4])
  func replacingEqualsReadingAgain(seed: UInt64) {
    var random = SeededGenerator(seed: seed)
    let alphabet: [[UInt8]] = [[0x0A], [0x0D], [0x0D, 0x0A], Array("é".utf8), Array("😀".utf8), [0x61], [0x20]]
    func piece(_ length: Int) -> [UInt8] {
      (0..<length).flatMap { _ in alphabet[random.below(alphabet.count)] }
    }
    var text = piece(40)
    var table = LineStarts(text)
    for _ in 0..<400 {
      let start = random.below(text.count + 1)
      let end = start + random.below(min(8, text.count - start) + 1)
      let inserted = random.below(3) == 0 ? [] : piece(random.below(5))
      text.replaceSubrange(start..<end, with: inserted)
      table.replace(start..<end, insertedCount: inserted.count, in: text)
      #expect(table == LineStarts(text), "after replacing \(start)..<\(end) with \(inserted)")
      if text.isEmpty { text = piece(10); table = LineStarts(text) }
    }
  }

  @Test func replacingEverythingAndInsertingIntoEmptyText() {
    var text = Array("one\ntwo\n".utf8)
    var table = LineStarts(text)
    text = []
    table.replace(0..<8, insertedCount: 0, in: text)
    #expect(table == LineStarts(text))
    text = Array("\r\n".utf8)
    table.replace(0..<0, insertedCount: 2, in: text)
    #expect(table == LineStarts(text))
    #expect(table.count == 2)
  }
}
