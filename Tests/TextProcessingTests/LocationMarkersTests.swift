import TestSupport
import Testing

@Suite struct LocationMarkersTests {
  @Test func markersAreUTF8OffsetsInTheStrippedText() {
    let (markers, text) = extractMarkers("a 1️⃣b c2️⃣")
    #expect(text == "a b c")
    #expect(markers == ["1️⃣": 2, "2️⃣": 5])
  }

  @Test func offsetsCountMultiByteCharacters() {
    let fixture = MarkedText("café 1️⃣😀2️⃣ 我3️⃣🔟")
    #expect(fixture.text == "café 😀 我")
    #expect(fixture["1️⃣"] == 6)
    #expect(fixture["2️⃣"] == 10)
    #expect(fixture["3️⃣"] == 14)
    #expect(fixture["🔟"] == 14)
    #expect(fixture.substring(fixture.range("1️⃣", "2️⃣")) == "😀")
  }

  @Test func pairedRangesFollowMarkerNumbers() {
    let fixture = MarkedText("3️⃣x4️⃣ 1️⃣y2️⃣")
    #expect(fixture.pairedRanges.map(fixture.substring) == ["y", "x"])
  }

  @Test func plainDigitsAndOtherEmojiAreText() {
    let (markers, text) = extractMarkers("1 ❤️ #2")
    #expect(markers.isEmpty)
    #expect(text == "1 ❤️ #2")
  }

  @Test func textPositionCountsUTF16ForLSP() {
    let fixture = MarkedText("line 0\n😀 é 1️⃣word")
    let position = TextPosition(utf8Offset: fixture["1️⃣"], in: fixture.text)
    #expect(position.line == 1)
    #expect(position.utf16Column == 5)
    #expect(position.utf8Column == 8)
  }
}
