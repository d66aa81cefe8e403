/// Position markers for test fixtures, as in sourcekit-lsp's `SKTestSupport/LocationMarkers.swift`.
///
/// A fixture says where something must start and end by writing keycap emoji (`1️⃣` … `9️⃣`, `0️⃣`, `🔟`) into the
/// text; `extractMarkers` strips them and returns their UTF-8 byte offsets in the stripped text, the unit the engine
/// speaks. Tests then read like the product's documentation: `"I am 1️⃣ChatGPT2️⃣."`.
public func extractMarkers(_ markedText: String) -> (markers: [String: Int], textWithoutMarkers: String) {
  var markers: [String: Int] = [:]
  var text = ""
  text.reserveCapacity(markedText.utf8.count)
  var utf8Offset = 0
  for character in markedText {
    if isLocationMarker(character) {
      let name = String(character)
      precondition(markers[name] == nil, "marker \(name) appears twice in the fixture")
      markers[name] = utf8Offset
    } else {
      text.append(character)
      utf8Offset += character.utf8.count
    }
  }
  return (markers, text)
}

/// Whether a character is a marker: a keycap digit (`1️⃣`) or `🔟`.
public func isLocationMarker(_ character: Character) -> Bool {
  if character == "🔟" { return true }
  let scalars = Array(character.unicodeScalars)
  return scalars.count == 3 && ("0"..."9").contains(scalars[0]) && scalars[1] == "\u{FE0F}" && scalars[2] == "\u{20E3}"
}

/// A fixture with its markers stripped, with helpers to turn markers into the ranges tests assert on.
public struct MarkedText: Sendable {
  /// The text without markers.
  public let text: String
  /// Marker name (for example `"1️⃣"`) to UTF-8 byte offset in `text`.
  public let markers: [String: Int]

  public init(_ markedText: String) {
    (markers, text) = extractMarkers(markedText)
  }

  /// The text's UTF-8 bytes.
  public var bytes: [UInt8] { Array(text.utf8) }

  /// The UTF-8 offset of `marker`; a missing marker is a mistake in the test.
  public subscript(_ marker: String) -> Int {
    guard let offset = markers[marker] else { preconditionFailure("no marker \(marker) in the fixture") }
    return offset
  }

  /// The UTF-8 byte range from marker `start` to marker `end`.
  public func range(_ start: String, _ end: String) -> Range<Int> {
    self[start]..<self[end]
  }

  /// The UTF-8 byte ranges between consecutive pairs of markers in order: (1️⃣, 2️⃣), (3️⃣, 4️⃣), … (9️⃣, 0️⃣).
  public var pairedRanges: [Range<Int>] {
    let offsets = markers.sorted { markerNumber($0.key) < markerNumber($1.key) }.map(\.value)
    precondition(offsets.count % 2 == 0, "paired markers must come in pairs")
    return stride(from: 0, to: offsets.count, by: 2).map { offsets[$0]..<offsets[$0 + 1] }
  }

  /// The text of a UTF-8 byte range, for readable assertion failures.
  public func substring(_ utf8Range: Range<Int>) -> String {
    String(decoding: Array(text.utf8)[utf8Range], as: UTF8.self)
  }

  /// The order of markers in `pairedRanges`: 1️⃣ … 9️⃣, then 0️⃣ (as on a keyboard), then 🔟.
  private func markerNumber(_ name: String) -> Int {
    if name == "🔟" { return 11 }
    let digit = name.unicodeScalars.first.flatMap { Int(String($0)) } ?? 0
    return digit == 0 ? 10 : digit
  }
}
