import TestSupport
import Testing
import TextProcessing

/// The tokenizer's rules, written as fixtures: paired markers `1️⃣…2️⃣`, `3️⃣…4️⃣` enclose the tokens expected, in order.
@Suite struct TokenizerTests {
  /// Asserts that the tokens of the marked fixture are exactly the marker pairs.
  func expectTokens(_ marked: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let fixture = MarkedText(marked)
    let ranges = Tokenizer.tokenize(fixture.text).map(\.utf8Range)
    #expect(
      ranges.map(fixture.substring) == fixture.pairedRanges.map(fixture.substring), sourceLocation: sourceLocation)
    #expect(ranges == fixture.pairedRanges, sourceLocation: sourceLocation)
  }

  func terms(_ text: String) -> [UInt64] { Tokenizer.tokenize(text).map(\.term) }

  @Test func wordsKeepExactRangesAndDropPunctuation() {
    expectTokens("1️⃣Hello2️⃣, 3️⃣world4️⃣! “5️⃣Quoted6️⃣” — 7️⃣dash8️⃣… 9️⃣end0️⃣.")
  }

  @Test func accentsAreOneWordAndComposeEqually() {
    expectTokens("1️⃣Café2️⃣ 3️⃣naïve4️⃣ 5️⃣résumé6️⃣")
    // Precomposed and decomposed é, and upper case, are the same term.
    #expect(terms("café") == terms("cafe\u{301}"))
    #expect(terms("café") == terms("CAFÉ"))
    #expect(Tokenizer.tokenize("cafe\u{301} x").first?.utf8Range == 0..<6)
  }

  @Test func emojiSeparateWordsAndAreDropped() {
    expectTokens("1️⃣I2️⃣ 3️⃣love4️⃣😀5️⃣pizza6️⃣ 👩‍💻 7️⃣ok8️⃣")
  }

  @Test func chineseIsOneTokenPerIdeograph() {
    let text = "我是一个人工智能助手。"
    let tokens = Tokenizer.tokenize(text)
    #expect(tokens.count == 10)
    #expect(tokens.map(\.utf8Range) == (0..<10).map { ($0 * 3)..<($0 * 3 + 3) })
    #expect(terms("我是") == Array(terms(text).prefix(2)))
    expectTokens("1️⃣我2️⃣3️⃣是4️⃣ 5️⃣AI6️⃣，7️⃣好8️⃣")
  }

  @Test func japaneseKanaAndKanjiAreSingleTokens() {
    expectTokens("1️⃣日2️⃣3️⃣本4️⃣5️⃣語6️⃣7️⃣で8️⃣9️⃣す0️⃣。")
    #expect(Tokenizer.tokenize("これはペンです").count == 7)
  }

  @Test func koreanSyllablesAreSingleTokens() {
    expectTokens("1️⃣안2️⃣3️⃣녕4️⃣ 5️⃣세6️⃣7️⃣계8️⃣!")
  }

  @Test func markdownListMarkersAreDropped() {
    expectTokens("1. 1️⃣First2️⃣\n2) 3️⃣Second4️⃣\n- 5️⃣bullet6️⃣\n  * 7️⃣nested8️⃣")
    #expect(terms("1. First\n2. Second") == terms("First Second"))
  }

  @Test func numbersInRunningTextAreKept() {
    expectTokens("1️⃣Chapter2️⃣ 3️⃣124️⃣.")
    expectTokens("1️⃣version2️⃣ 3️⃣34️⃣.5️⃣146️⃣")
  }

  @Test func markdownLinksKeepTheirTextOnly() {
    expectTokens("1️⃣See2️⃣ [3️⃣the4️⃣ 5️⃣docs6️⃣](https://example.com/path) 7️⃣now8️⃣.")
  }

  @Test func markdownEmphasisHeadingsAndQuotesAreDropped() {
    #expect(terms("# Title\n> **bold** and _emph_ and `code`") == terms("title bold and emph and code"))
    expectTokens("## 1️⃣Heading2️⃣\n> 3️⃣quoted4️⃣ **5️⃣bold6️⃣**")
  }

  @Test func codeFencesAndTheirLanguageAreDroppedButCodeIsKept() {
    expectTokens("```swift\n1️⃣let2️⃣ 3️⃣x4️⃣ = 5️⃣16️⃣\n```\n7️⃣after8️⃣")
    expectTokens("- ~~~python `1️⃣tick2️⃣`\n3️⃣y4️⃣\n~~~")
    // Only a word that follows the fence directly is its language.
    expectTokens("~~~ 1️⃣python2️⃣\n3️⃣y4️⃣\n~~~")
    expectTokens("```c++\r\n1️⃣int2️⃣ 3️⃣x4️⃣;\r\n```")
  }

  /// A copy whose line breaks were lost or rewrapped puts text on a fence's line; only the language is dropped, so
  /// the copy keeps the tokens of the original.
  @Test func textAfterAFenceOnItsLineIsKept() {
    expectTokens("```python 1️⃣import2️⃣ 3️⃣os4️⃣\n5️⃣x6️⃣")
    expectTokens("3. ``` 1️⃣This2️⃣ 3️⃣version4️⃣: 5️⃣Defines6️⃣")
    #expect(terms("```python import os import glob") == terms("```python\nimport os\nimport glob\n```"))
    #expect(
      terms("print(x)\n``` This version: Defines a get_words function")
        == terms("print(x)\n```\n\nThis version: Defines a get_words function"))
    // After the fence's language the line is not at its start: "1." there is text, not a list marker.
    expectTokens("```python 1️⃣12️⃣. 3️⃣x4️⃣")
  }

  /// A fenced block folded onto one line (a bullet marker before it, as reformatting does) keeps its code: a
  /// backtick fence's info string cannot hold a backtick (CommonMark), so this is not a fence.
  @Test func aFenceFoldedOntoOneLineKeepsItsCode() {
    expectTokens("- ```1️⃣cpp2️⃣ 3️⃣void4️⃣ 5️⃣f6️⃣() { 7️⃣return8️⃣; } ``` 9️⃣This0️⃣")
    #expect(terms("```cpp int x = 1; ```") == terms("cpp int x 1"))
  }

  @Test func curlyAndStraightApostrophesAreTheSame() {
    #expect(terms("don’t") == terms("don't"))
    #expect(terms("DON'T") == terms("don’t"))
    expectTokens("‘1️⃣don’t2️⃣’ 3️⃣it's4️⃣ 5️⃣users6️⃣’ 7️⃣snake_case8️⃣")
  }

  @Test func compatibilityFormsAreNormalised() {
    #expect(terms("ＡＢＣ") == terms("abc"))
    #expect(terms("ﬁle") == terms("file"))
    #expect(terms("１２３") == terms("123"))
    #expect(Tokenizer.tokenize("ＡＢＣ").first?.utf8Range == 0..<9)
  }

  @Test func invalidUTF8SeparatesWords() {
    let bytes = Array("ab".utf8) + [0xFF] + Array("cd".utf8)
    #expect(Tokenizer.tokenize(bytes).map(\.utf8Range) == [0..<2, 3..<5])
  }

  @Test func stringAndBytesAgree() {
    let text = "Mixed: café, 我是, ＡＢＣ, don’t."
    #expect(Tokenizer.tokenize(text) == Tokenizer.tokenize(Array(text.utf8)))
  }

  // MARK: Emoji selectors and kana punctuation

  /// U+FE0F (emoji presentation selector) is a nonspacing mark, but after an emoji such as ❤️ it must not become a
  /// token of its own, or every such emoji in every document would yield the same junk term.
  @Test func variationSelectorAfterEmojiIsNotAToken() {
    expectTokens("1️⃣I2️⃣ ❤️ 3️⃣you4️⃣")
  }

  /// The katakana middle dot ・ (U+30FB) is punctuation although it lies in the kana block.
  @Test func katakanaMiddleDotIsPunctuation() {
    #expect(Tokenizer.tokenize("コーヒー・ブレイク").count == 8)
  }

  /// The terms-only pass (index builder, reference documents) must give exactly the terms of the full pass.
  @Test func termsOnlyAgreesWithFullTokenization() {
    let texts = [
      "# Title\n\n1. First **item** — with `code`\n2) Second [link text](https://example.com/x) done.\n",
      "```swift\nlet x_y = don't(’quoted’)\n```\n> quote ~~~ ok",
      "Café naïve résumé CAFÉ cafe\u{301}, 👩‍💻 emoji👍🏽 between, 我是一个人工智能助手。コーヒー・ブレイク 한국어",
      "ﬁne ＡＢＣ ①②, snake_case __x__ 1998. The year ' lone apostrophe",
      "",
    ]
    for text in texts {
      #expect(Tokenizer.terms(text) == Tokenizer.tokenize(text).map(\.term))
    }
    var invalid = Array("valid words ".utf8) + [0xFF, 0xC3] + Array(" more text".utf8)
    invalid += [0xE6, 0x88]
    #expect(Tokenizer.terms(invalid) == Tokenizer.tokenize(invalid).map(\.term))
    #expect(Tokenizer.terms(invalid).count == 4)
  }

  /// Counting the tokens that start in a range gives what filtering the full tokenization gives, for every range
  /// of texts with each rule in them: words across the range's edges, list markers, fences, link destinations,
  /// CJK, emoji, accents and invalid bytes.
  @Test func countingTokensInARangeAgreesWithFullTokenization() {
    let texts = [
      "# Title\n\n1. First **item** — with `code`\n2) Second [link text](https://example.com/x) done.\n",
      "```swift\nlet x_y = don't(’quoted’)\n```\n> quote ~~~ ok",
      "Café naïve résumé CAFÉ cafe\u{301}, 👩‍💻 emoji👍🏽 between, 我是一个人工智能助手。コーヒー・ブレイク 한국어",
      "ﬁne ＡＢＣ ①②, snake_case __x__ 1998. The year ' lone apostrophe\n12. listed",
    ]
    var cases = texts.map { Array($0.utf8) }
    cases.append(Array("valid words ".utf8) + [0xFF, 0xC3] + Array(" more text".utf8) + [0xE6, 0x88])
    for text in cases {
      let starts = Tokenizer.tokenize(text).map { Int($0.utf8Start) }
      var checked = 0
      for lower in 0...text.count {
        for upper in stride(from: lower, through: text.count, by: 3) {
          let expected = starts.filter { (lower..<upper).contains($0) }.count
          let counted = text.withUnsafeBufferPointer { Tokenizer.count($0, startingIn: lower..<upper) }
          #expect(counted == expected, "tokens starting in \(lower)..<\(upper)")
          checked += expected
        }
      }
      #expect(checked > 0)
    }
  }

  /// Tokenising only a prefix gives exactly the first tokens of the whole text, with the same byte ranges.
  @Test func aTokenPrefixIsTheStartOfTheWholeTokenization() {
    let text = Array(
      "# Title\n1. Café naïve 我是一个助手 [link](https://x.y) snake_case don’t 👍🏽 end.\n```py\nx = 1\n```".utf8)
    let all = Tokenizer.tokenize(text)
    for count in [0, 1, 2, 5, 7, all.count - 1, all.count, all.count + 10] {
      #expect(Tokenizer.tokenize(text, maxTokens: count) == Array(all.prefix(count)), "first \(count) tokens")
    }
  }

  /// Term hashes are part of the index format: these values were computed from `Protocol/INDEX.md`'s description
  /// (FNV-1a 64 of the normalised word, then the SplitMix64 finaliser) by a separate implementation, so an index
  /// built by an older or newer echolens stays readable.
  @Test func termsFollowTheDocumentedHash() {
    #expect(
      Tokenizer.terms("Hello DON’T Snake_Case ABC123 Café")
        == [
          0x16fe_05a1_c75b_cd0f, 0xdc70_291f_f808_8970, 0x1902_332e_30d4_f2be, 0xa3d3_d132_cee6_52ad,
          0xe0c1_3ffc_340b_758f,
        ])
  }
}
