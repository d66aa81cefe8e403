import TextProcessing

/// Makes transcripts with known near-copies of reference passages in them, the ground truth for recall.
///
/// A passage is a token range of a reference output cut out of the stored text by its tokens' byte ranges; it gets
/// random word-level edits (insert, delete, substitute with corpus words) on a given share of its tokens, then
/// reformatting a copier might apply (line wrapping, list markers, case), and is pasted between paragraphs of
/// another model's answer. The planted range is the span from the planted text's first to its last token, so
/// list markers and wrapping white space outside it are not counted.
struct PassagePlanter {
  /// A transcript with one planted passage.
  struct Plant {
    var transcript: String
    /// UTF-8 byte range of the planted text in `transcript`.
    var plantedRange: Range<Int>
    var referenceID: String
    /// The passage as cut from the reference, before edits and reformatting.
    var original: String
    var referenceTokens: Int
    var edits: Int
    var reformatting: [String]
    /// The answer the passage was planted into.
    var host: String
  }

  /// Words to insert and substitute, drawn with their corpus frequency.
  let vocabulary: [Substring]
  var rng: SeededRandom

  init(vocabularyTexts: [String], seed: UInt64) {
    var words: [Substring] = []
    for t in vocabularyTexts {
      words += t.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).filter { $0.utf8.count < 24 }
    }
    vocabulary = words
    rng = SeededRandom(seed: seed)
  }

  /// Cuts a passage of 30 to 200 tokens from `reference`, or nil when it has fewer than 30 tokens.
  mutating func cut(_ reference: String) -> (text: String, tokens: Int)? {
    let tokens = Tokenizer.tokenize(reference)
    guard tokens.count >= 30 else { return nil }
    let length = rng.int(in: 30...min(200, tokens.count))
    let start = rng.int(in: 0...(tokens.count - length))
    let bytes = Array(reference.utf8)[Int(tokens[start].utf8Start)..<Int(tokens[start + length - 1].utf8End)]
    return (String(decoding: bytes, as: UTF8.self), length)
  }

  /// Applies word-level edits to `editShare` of `tokenCount` tokens; returns the words and the number of edits.
  mutating func edit(_ text: String, tokenCount: Int, editShare: Double) -> ([String], Int) {
    var words = Self.contentWords(text)
    let edits = Int((Double(tokenCount) * editShare).rounded())
    for _ in 0..<edits {
      let word = String(vocabulary[rng.below(vocabulary.count)])
      switch rng.below(3) {
      case 0: words.insert(word, at: rng.below(words.count + 1))
      case 1: if words.count > 1 { words.remove(at: rng.below(words.count)) }
      default: words[rng.below(words.count)] = word
      }
    }
    return (words, edits)
  }

  /// The words of `text` without the list markers at line starts (`- `, `* `, `+ `, `12. `, `3) `).
  ///
  /// Markers are layout, not content (the tokenizer drops them too); keeping them as words would turn a re-wrapped
  /// numbered list into a copy with a number inserted every few words, which no edit level asked for.
  static func contentWords(_ text: String) -> [String] {
    var words: [String] = []
    for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
      var lineWords = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
      if let first = lineWords.first, isListMarker(first) { lineWords.removeFirst() }
      words += lineWords.map(String.init)
    }
    return words
  }

  static func isListMarker(_ word: Substring) -> Bool {
    if word == "-" || word == "*" || word == "+" { return true }
    guard let last = word.last, last == "." || last == ")" else { return false }
    let digits = word.dropLast()
    return !digits.isEmpty && digits.count <= 3 && digits.allSatisfy(\.isASCII) && digits.allSatisfy(\.isNumber)
  }

  /// Lays out `words` again, with random reformatting; returns the text and the names of what was applied.
  mutating func reformat(_ words: [String]) -> (String, [String]) {
    var applied: [String] = []
    var words = words
    switch rng.below(4) {
    case 0:
      applied.append("lower-case")
      words = words.map { $0.lowercased() }
    case 1:
      applied.append("upper-case words")
      words = words.map { rng.chance(0.15) ? $0.uppercased() : $0 }
    case 2:
      applied.append("capitalised words")
      words = words.map { rng.chance(0.3) ? $0.prefix(1).uppercased() + $0.dropFirst() : $0 }
    default: break
    }
    if rng.chance(0.4) {
      // One list item per sentence.
      let numbered = rng.chance(0.5)
      applied.append(numbered ? "numbered list" : "bullet list")
      var lines: [String] = []
      var current: [String] = []
      for w in words {
        current.append(w)
        if let last = w.last, ".!?:".contains(last) {
          lines.append(current.joined(separator: " "))
          current = []
        }
      }
      if !current.isEmpty { lines.append(current.joined(separator: " ")) }
      // A copy whose line breaks were lost keeps its markers inline: "… the oven 2. Mix the flour 3. Add …".
      let flattened = numbered && rng.chance(0.5)
      if flattened { applied[applied.count - 1] = "numbered list flattened inline" }
      let text = lines.enumerated().map { (numbered ? "\($0.offset + 1). " : "- ") + $0.element }.joined(
        separator: flattened ? " " : "\n")
      return (text, applied)
    }
    let width = rng.int(in: 40...100)
    applied.append("wrapped at \(width)")
    var text = ""
    var lineLength = 0
    for w in words {
      if lineLength > 0 && lineLength + 1 + w.count > width {
        text += "\n"
        lineLength = 0
      } else if lineLength > 0 {
        text += " "
        lineLength += 1
      }
      text += w
      lineLength += w.count
    }
    return (text, applied)
  }

  /// A transcript: `host` split at a paragraph or line break, with the edited passage of `reference` between.
  mutating func plant(reference: String, referenceID: String, host: String, editShare: Double) -> Plant? {
    guard let (passage, tokenCount) = cut(reference) else { return nil }
    // Edits work on white-space words; a passage with few of them (a regular expression, a Sudoku grid) would turn
    // one "word" edit into a rewrite of many tokens, so it is not used.
    guard Self.contentWords(passage).count * 2 >= tokenCount else { return nil }
    let (words, edits) = edit(passage, tokenCount: tokenCount, editShare: editShare)
    let (planted, applied) = reformat(words)
    let hostBytes = Array(host.utf8)
    var breaks = [0, hostBytes.count]
    for (i, b) in hostBytes.enumerated() where b == UInt8(ascii: "\n") { breaks.append(i + 1) }
    let at = breaks[rng.below(breaks.count)]
    let before = String(decoding: hostBytes[..<at], as: UTF8.self)
    let after = String(decoding: hostBytes[at...], as: UTF8.self)
    let prefix = before.isEmpty ? "" : before + (before.hasSuffix("\n") ? "\n" : "\n\n")
    let transcript = prefix + planted + "\n\n" + after
    let tokens = Tokenizer.tokenize(planted)
    guard let first = tokens.first, let last = tokens.last else { return nil }
    let base = prefix.utf8.count
    return Plant(
      transcript: transcript, plantedRange: (base + Int(first.utf8Start))..<(base + Int(last.utf8End)),
      referenceID: referenceID, original: passage, referenceTokens: tokenCount, edits: edits, reformatting: applied,
      host: host)
  }
}
