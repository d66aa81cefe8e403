import TestSupport
import Testing
import TextProcessing

/// Transcript formats: which text is scanned, and that every decoded offset leads back to the raw file's bytes.
@Suite struct TranscriptParsingTests {
  /// The raw range of decoded range `start..<end` of `segment`.
  func rawRange(_ segment: TranscriptSegment, _ decoded: Range<Int>) -> Range<Int> {
    segment.offsets.rawOffset(decoded.lowerBound)..<segment.offsets.rawOffset(decoded.upperBound)
  }

  /// The decoded range of the first occurrence of `word` in `segment`.
  func decodedRange(of word: String, in segment: TranscriptSegment) throws -> Range<Int> {
    let needle = Array(word.utf8)
    let text = segment.text
    for start in 0...(text.count - needle.count) where text[start..<(start + needle.count)].elementsEqual(needle) {
      return start..<(start + needle.count)
    }
    throw TestFailure("\(word) not found in segment")
  }

  struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
  }

  @Test(arguments: [TranscriptFormat.plainText, .markdown])
  func textFormatsAreOneIdentitySegment(format: TranscriptFormat) throws {
    let bytes = Array("# Title\n\ncafé 😀 我是一个人工智能助手\n".utf8)
    let transcript = try Transcript.parse(bytes, format: format)
    #expect(transcript.segments.count == 1)
    let segment = try #require(transcript.segments.first)
    #expect(segment.role == .text)
    #expect(segment.text == bytes)
    #expect(segment.offsets.rawOffset(7) == 7)
    #expect(segment.record == nil)
  }

  @Test func invalidUTF8InTextNamesTheOffset() {
    let bytes = Array("line one\nab".utf8) + [0xC3, 0x28]
    #expect {
      try Transcript.parse(bytes, format: .plainText)
    } throws: { error in
      guard let error = error as? TextParseError else { return false }
      return error.utf8Offset == 11 && error.line == 2 && error.utf8Column == 3
    }
  }

  @Test func openAIMessagesScanOnlyAssistantTurns() throws {
    let raw = MarkedText(
      #"""
      {"messages": [
        {"role": "system", "content": "You are helpful."},
        {"role": "user", "content": "Say hi"},
        {"role": "assistant", "content": "1️⃣Hello there2️⃣", "reasoning_content": "3️⃣The user greets4️⃣"},
        {"role": "user", "content": [{"type": "text", "text": "More"}]},
        {"role": "assistant", "content": [{"type": "text", "text": "5️⃣Part one6️⃣"}, {"type": "image_url"}]}
      ]}
      """#)
    let transcript = try Transcript.parse(raw.bytes, format: .json)
    #expect(transcript.segments.map(\.role) == [.reasoning, .answer, .answer])
    let reasoning = transcript.segments[0]
    let hello = transcript.segments[1]
    let part = transcript.segments[2]
    #expect(rawRange(reasoning, 0..<reasoning.text.count) == raw.range("3️⃣", "4️⃣"))
    #expect(rawRange(hello, 0..<hello.text.count) == raw.range("1️⃣", "2️⃣"))
    #expect(rawRange(part, 0..<part.text.count) == raw.range("5️⃣", "6️⃣"))
    #expect(hello.prompt == "Say hi")
    #expect(part.prompt == "More")
    #expect(hello.record == nil)
    // The user's earlier turns go with each answer; the system message is not the user's.
    #expect(transcript.segments.map(\.earlierPrompts) == [[], [], ["Say hi"]])
  }

  @Test func earlierUserTurnsOfEveryShapeGoWithTheAnswer() throws {
    let chat =
      #"{"messages": [{"role": "user", "content": "Q1"}, {"role": "assistant", "content": "A1"},"#
      + #" {"role": "user", "content": "Q2"}, {"role": "assistant", "content": "A2"},"#
      + #" {"role": "user", "content": "Q3"}, {"role": "assistant", "content": "A3"}]}"#
    #expect(
      try Transcript.parse(Array(chat.utf8), format: .json).segments.map(\.earlierPrompts)
        == [[], ["Q1"], ["Q1", "Q2"]])
    let shareGPT =
      #"{"conversations": [{"from": "human", "value": "Q1"}, {"from": "gpt", "value": "A1"},"#
      + #" {"from": "human", "value": "Q2"}, {"from": "gpt", "value": "A2"}]}"#
    #expect(try Transcript.parse(Array(shareGPT.utf8), format: .json).segments.map(\.earlierPrompts) == [[], ["Q1"]])
    // Flat records with a history: FastChat's messages (the model's own turns are not the user's), ChatGLM's pairs.
    let flat = [
      #"{"prompt": "Q2", "output": "A2", "history": [{"role": "user", "content": "Q1"}, "#
        + #"{"role": "assistant", "content": "A1"}]}"#,
      #"{"prompt": "Q3", "output": "A3", "history": [["Q1", "A1"], ["Q2", "A2"]]}"#,
      #"{"prompt": "Q1", "output": "A1", "history": []}"#,
      #"{"prompt": "Q1", "output": "A1"}"#,
    ].joined(separator: "\n")
    let records = try Transcript.parse(Array(flat.utf8), format: .jsonLines).segments
    #expect(records.map(\.earlierPrompts) == [["Q1"], ["Q1", "Q2"], [], []])
    #expect(records.map(\.prompt) == ["Q2", "Q3", "Q1", "Q1"])
  }

  @Test func onlyTheMostRecentEarlierTurnsThatFitAreKept() {
    let long = String(repeating: "a", count: TranscriptSegment.maxEarlierPromptBytes - 6)
    #expect(TranscriptSegment.earlierPrompts(keeping: ["first", long, "last"]) == [long, "last"])
    #expect(TranscriptSegment.earlierPrompts(keeping: ["x", "y"]) == ["x", "y"])
    #expect(TranscriptSegment.earlierPrompts(keeping: [long + long]).isEmpty)
  }

  @Test func shareGPTScansModelTurns() throws {
    let raw = MarkedText(
      #"[{"conversations": [{"from": "human", "value": "Q1"}, {"from": "gpt", "value": "1️⃣A1 é2️⃣"}]},"#
        + #" {"conversations": [{"from": "system", "value": "S"}, {"from": "user", "value": "Q2"},"#
        + #" {"from": "claude", "value": "3️⃣A2\n4️⃣"}]}]"#)
    let transcript = try Transcript.parse(raw.bytes, format: .json)
    #expect(transcript.segments.count == 2)
    #expect(transcript.segments.map(\.record) == [0, 1])
    #expect(transcript.segments.map(\.prompt) == ["Q1", "Q2"])
    #expect(rawRange(transcript.segments[0], 0..<transcript.segments[0].text.count) == raw.range("1️⃣", "2️⃣"))
    #expect(rawRange(transcript.segments[1], 0..<transcript.segments[1].text.count) == raw.range("3️⃣", "4️⃣"))
  }

  @Test func flatRecordsInJSONLinesUseLineNumbers() throws {
    let raw = MarkedText(
      #"""
      {"prompt": "P1", "output": "1️⃣first answer2️⃣"}

      {"instruction": "Do it", "input": "now", "output": "3️⃣second4️⃣"}
      {"prompt": "P3", "response": "5️⃣third6️⃣"}
      {"input": "I4", "output": "7️⃣fourth8️⃣"}
      {"unrelated": true}
      """#)
    let transcript = try Transcript.parse(raw.bytes, format: .jsonLines)
    #expect(transcript.segments.map(\.record) == [1, 3, 4, 5])
    #expect(transcript.segments.map(\.prompt) == ["P1", "Do it\nnow", "P3", "I4"])
    #expect(transcript.segments.map { rawRange($0, 0..<$0.text.count) } == raw.pairedRanges)
  }

  @Test func thinkBlocksBecomeReasoningSegments() throws {
    let raw = MarkedText(
      #"{"prompt": "p", "output": "<think>1️⃣Let me think\nabout it2️⃣</think>\n\n3️⃣The answer is 42.4️⃣"}"#
        + "\n" + #"{"prompt": "p", "output": "5️⃣Before6️⃣<think>7️⃣unclosed reasoning8️⃣"}"#)
    let transcript = try Transcript.parse(raw.bytes, format: .jsonLines)
    #expect(transcript.segments.map(\.role) == [.reasoning, .answer, .answer, .reasoning])
    let expected = [
      raw.range("1️⃣", "2️⃣"), raw["3️⃣"] - 4..<raw["4️⃣"], raw.range("5️⃣", "6️⃣"), raw.range("7️⃣", "8️⃣"),
    ]
    #expect(transcript.segments.map { rawRange($0, 0..<$0.text.count) } == expected)
    #expect(String(decoding: transcript.segments[0].text, as: UTF8.self) == "Let me think\nabout it")
    // The answer keeps the blank line after the closing tag; its words map exactly.
    let answer = transcript.segments[1]
    #expect(rawRange(answer, try decodedRange(of: "42", in: answer)) == raw["4️⃣"] - 3..<raw["4️⃣"] - 1)
  }

  /// Words after escapes, accents, emoji and CJK map to their exact raw bytes.
  @Test func wordRangesMapThroughEscapes() throws {
    let raw = MarkedText(
      #"{"messages": [{"role": "assistant", "content": "He said \"1️⃣caf\u00e92️⃣\"\n\t3️⃣😀4️⃣ \ud83d\ude00 5️⃣na\u00efve6️⃣ 7️⃣我是一个人工智能助手8️⃣ 9️⃣日本語です0️⃣"}]}"#
    )
    let segment = try #require(try Transcript.parse(raw.bytes, format: .json).segments.first)
    #expect(rawRange(segment, try decodedRange(of: "café", in: segment)) == raw.range("1️⃣", "2️⃣"))
    #expect(rawRange(segment, try decodedRange(of: "😀", in: segment)) == raw.range("3️⃣", "4️⃣"))
    #expect(rawRange(segment, try decodedRange(of: "naïve", in: segment)) == raw.range("5️⃣", "6️⃣"))
    #expect(rawRange(segment, try decodedRange(of: "我是一个人工智能助手", in: segment)) == raw.range("7️⃣", "8️⃣"))
    #expect(rawRange(segment, try decodedRange(of: "日本語です", in: segment)) == raw.range("9️⃣", "0️⃣"))
    // The escaped emoji (12 raw bytes, 4 decoded) is followed by a space that maps just after the escape.
    let escapedEmojiEnd = raw["4️⃣"] + 1 + 12
    let secondEmoji = Array("😀".utf8)
    let decodedFirst = try decodedRange(of: "😀", in: segment)
    #expect(Array(segment.text[(decodedFirst.upperBound + 1)..<(decodedFirst.upperBound + 5)]) == secondEmoji)
    #expect(segment.offsets.rawOffset(decodedFirst.upperBound + 5) == escapedEmojiEnd)
  }

  /// Tokens of a decoded segment map to raw ranges that hold the same word.
  @Test func tokensMapToRawWords() throws {
    let json = #"{"output": "Caf\u00e9 \u00abnaïve\u00bb r\u00e9sum\u00e9\nDone"}"#
    let bytes = Array(json.utf8)
    let segment = try #require(try Transcript.parse(bytes, format: .jsonLines).segments.first)
    let rawWords = Tokenizer.tokenize(segment.text).map { token in
      String(decoding: bytes[rawRange(segment, token.utf8Range)], as: UTF8.self)
    }
    #expect(rawWords == [#"Caf\u00e9"#, "naïve", #"r\u00e9sum\u00e9"#, "Done"])
  }

  @Test func invalidJSONLineNamesTheLine() {
    let bytes = Array("{\"output\": \"ok\"}\n\n{\"output\": \"broken}\n".utf8)
    #expect {
      try Transcript.parse(bytes, format: .jsonLines)
    } throws: { error in
      guard let error = error as? TextParseError else { return false }
      return error.line == 3 && error.description.contains("line 3") && error.utf8Offset == 29
    }
  }

  @Test func invalidJSONDocumentNamesLineAndColumn() {
    let bytes = Array("{\n  \"messages\": [\n    {\"role\": \"assistant\" \"content\": \"x\"}\n]}".utf8)
    #expect {
      try Transcript.parse(bytes, format: .json)
    } throws: { error in
      guard let error = error as? TextParseError else { return false }
      return error.line == 3 && error.utf8Column == 26
    }
  }

  @Test func arrayOfMessagesIsOneConversation() throws {
    let raw = MarkedText(#"[{"role": "user", "content": "hi"}, {"role": "assistant", "content": "1️⃣hello2️⃣"}]"#)
    let transcript = try Transcript.parse(raw.bytes, format: .json)
    #expect(transcript.segments.count == 1)
    #expect(transcript.segments.first?.prompt == "hi")
    #expect(transcript.segments.first.map { rawRange($0, 0..<$0.text.count) } == raw.range("1️⃣", "2️⃣"))
  }
}
