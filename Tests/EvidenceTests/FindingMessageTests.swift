import Evidence
import Matching
import Testing

@Suite struct FindingMessageTests {
  @Test func echoMessageNamesModelAnswerShareWordsAndChance() {
    var passage = EvidenceFixtures.echo
    passage.best?.eValue = 1e-18
    #expect(
      FindingMessage.text(for: passage)
        == "Echoes gpt-4 answer alpaca:123: 94% of 61 words; uncalibrated: about 1 in 10^18 by a word-frequency model that overstates the odds of conventional text"
    )
  }

  @Test func aCalibratedEchoSaysWhatItRestsOnAndAContrastSaysItIsShared() {
    var passage = EvidenceFixtures.echo
    passage.best?.eValue = 2e-5
    passage.best?.significance = SignificanceBasis(
      calibrated: true, nullAnswers: 1440, nullPassagesAsStrong: 0, extrapolated: true)
    #expect(
      FindingMessage.text(for: passage)
        == "Echoes gpt-4 answer alpaca:123: 94% of 61 words; calibrated: none of 1,440 independent answers had a "
        + "passage this strong; expected about 1 in 10^5 by chance (extrapolated along the fitted null tail)")
    passage.best?.eValue = 4e-3
    passage.best?.significance = SignificanceBasis(
      calibrated: true, nullAnswers: 800, nullPassagesAsStrong: 3, extrapolated: false)
    passage.contrast = ModelContrast(model: "claude-v1", documentID: "mt:81", bits: 95, share: 0.95)
    #expect(
      FindingMessage.text(for: passage)
        == "Echoes gpt-4 answer alpaca:123: 94% of 61 words; calibrated: 3 of 800 independent answers had a passage "
        + "this strong; expected about 1 in 250 by chance; claude-v1 answer mt:81 matches nearly as well (95%), so "
        + "this is not evidence for gpt-4 alone")
  }

  @Test func aFindingCalibratedOnAnswersToOtherPromptsSaysSo() {
    var passage = EvidenceFixtures.echo
    passage.best?.eValue = 1.4e-3
    passage.best?.significance = SignificanceBasis(
      calibrated: true, nullAnswers: 1440, nullPassagesAsStrong: 14, extrapolated: false, panelAnsweredPrompt: false)
    #expect(
      FindingMessage.text(for: passage)
        == "Echoes gpt-4 answer alpaca:123: 94% of 61 words; calibrated: 14 of 1,440 independent answers, none to "
        + "this prompt, had a passage this strong; expected about 1 in 710 by chance")
    #expect(FindingMessage.reason(for: passage).contains("E-value 1.4e-3 (calibrated on answers to other prompts)"))
    passage.best?.significance.checkedPrompt = .reference
    #expect(FindingMessage.text(for: passage).contains("independent answers, none to that answer's prompt, had a"))
    passage.best?.significance.panelAnsweredPrompt = true
    #expect(!FindingMessage.text(for: passage).contains("none to this prompt"))
    #expect(FindingMessage.reason(for: passage).contains("E-value 1.4e-3 (calibrated);"))
  }

  @Test func selfIdentificationQuotesTheClaim() {
    #expect(
      FindingMessage.text(for: EvidenceFixtures.selfIdentification) == "Claims to be ChatGPT (OpenAI): “I am ChatGPT”")
    var makerOnly = EvidenceFixtures.selfIdentification
    makerOnly.identity = SelfIdentification(claimedModel: nil, maker: "OpenAI", rule: "made-by + maker")
    makerOnly.text = "developed by\n  OpenAI"
    #expect(FindingMessage.text(for: makerOnly) == "Claims to be made by OpenAI: “developed by OpenAI”")
  }

  @Test func commonTextNamesBothMatches() {
    var passage = EvidenceFixtures.echo
    passage.kind = .commonText
    var background = EvidenceFixtures.echoMatch
    background.documentID = "human:7"
    background.model = "human"
    passage.background = background
    #expect(
      FindingMessage.text(for: passage)
        == "Common text: matches background answer human:7 about as well as gpt-4 answer alpaca:123")
  }

  @Test(arguments: [
    (1e-18, "about 1 in 10^18 by chance"),
    (3e-18, "about 1 in 10^18 by chance"),
    (4e-13, "about 1 in 10^12 by chance"),
    (0.0, "less than 1 in 10^300 by chance"),
    (0.004, "about 1 in 250 by chance"),
    (0.0012345, "about 1 in 810 by chance"),
    (1.0, "expected about once by chance"),
    (12345.0, "expected about 12,000 times by chance"),
  ])
  func chanceInPlainWords(eValue: Double, words: String) {
    #expect(SignificanceWording.chance(eValue: eValue) == words)
  }

  /// Two E-values read the same exactly when every surface words them alike, so a diagnostic kept for one is right
  /// for the other.
  @Test func eValuesReadTheSameExactlyWhenTheirWordsAreEqual() {
    var values: [Double] = [0, -1, .nan, .infinity, 1e-300, 1, 1.49, 1.51, 0.4999, 0.5]
    var x = 1e-40
    while x < 1e4 {
      values.append(x)
      x *= 1.37
    }
    for a in values {
      for b in [a, a * 1.000001, a * 1.01, a * 1.3, a * 3, a / 2] {
        #expect(
          SignificanceWording.readsTheSame(a, b)
            == (SignificanceWording.chance(eValue: a) == SignificanceWording.chance(eValue: b)), "\(a) \(b)")
      }
    }
    // One token more in a long transcript: the same words.
    #expect(SignificanceWording.readsTheSame(3.2e-9 * 1_607_420, 3.2e-9 * 1_607_421))
    #expect(!SignificanceWording.readsTheSame(1e-5, 1e-7))
  }

  @Test func percentSaysAllOrNothingOnlyWhenExact() {
    #expect(FindingMessage.percent(0.996) == "99%")
    #expect(FindingMessage.percent(1) == "100%")
    #expect(FindingMessage.percent(0.001) == "<1%")
    #expect(FindingMessage.percent(0) == "0%")
  }

  @Test func scientificNotation() {
    #expect(FindingMessage.scientific(1.2e-18) == "1.2e-18")
    #expect(FindingMessage.scientific(1e-6) == "1e-6")
    #expect(FindingMessage.scientific(9.96e-7) == "1e-6")
    #expect(FindingMessage.scientific(3) == "3")
  }

  @Test func shellQuotingKeepsArgvIntact() {
    #expect(ShellQuoting.quote("notes/chat.md") == "notes/chat.md")
    #expect(ShellQuoting.quote("chat log.md") == "'chat log.md'")
    #expect(ShellQuoting.quote("it's") == "'it'\\''s'")
    #expect(ShellQuoting.quote("") == "''")
    #expect(ShellQuoting.quote("$HOME") == "'$HOME'")
  }

  /// The excerpt reads only as far as its cut, and is still the whole text's words joined by single spaces, cut to
  /// the limit with "…": checked against that definition on text with every kind of white space, emoji, combining
  /// marks and CJK, at every limit.
  @Test func anExcerptIsTheFirstWordsOnOneLineCutAtTheLimit() {
    func reference(_ text: String, limit: Int) -> String {
      let line = text.split(whereSeparator: { $0.isWhitespace || $0.isNewline }).joined(separator: " ")
      return line.count > limit ? String(line.prefix(max(limit - 1, 0))) + "…" : line
    }
    let texts = [
      "", "   ", "one", "  two  words  ", "line\nbreaks\r\nand\ttabs\u{2028}and\u{00A0}nbsp",
      "emoji 👩‍💻 and 👍🏽 flags 🇫🇷, cafe\u{301} naïve", "我是一个人工智能助手。 コーヒー 한국어",
      String(repeating: "word ", count: 60),
    ]
    for text in texts {
      for limit in 0...(text.count + 3) {
        #expect(FindingMessage.excerpt(text, limit: limit) == reference(text, limit: limit), "\(text) at \(limit)")
      }
    }
  }
}
