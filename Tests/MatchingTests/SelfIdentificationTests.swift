import Foundation
import Matching
import ReferenceIndex
import TestSupport
import Testing

/// The transcript's model saying it is another model, or was made by another maker.
@Suite struct SelfIdentificationTests {
  /// The self-identification passages of `text`.
  func claims(_ text: String, ownIdentities: [String] = []) throws -> [Passage] {
    let dir = try TemporaryDirectory()
    var parameters = ScanParameters()
    parameters.ownIdentities = ownIdentities
    let scanner = try MatchingFixtures.scanner(parameters: parameters, in: dir)
    return try MatchingFixtures.scan(text, with: scanner).passages.filter { $0.kind == .selfIdentification }
  }

  @Test func aModelNameAndItsMakerInOneSentenceAreOneClaim() throws {
    let text = MarkedText("Hello! 1️⃣I am ChatGPT, developed by OpenAI2️⃣. How can I help you today?")
    let found = try claims(text.text)
    try #require(found.count == 1)
    #expect(found[0].range.range == text.range("1️⃣", "2️⃣"))
    #expect(found[0].strength == .strong)
    #expect(found[0].identity?.claimedModel == "ChatGPT")
    #expect(found[0].identity?.maker == "OpenAI")
    #expect(found[0].best == nil)
  }

  @Test func aMakerClaimNeedsTheSpeakerNearby() throws {
    let text = MarkedText("As an AI language model 1️⃣trained by OpenAI2️⃣, I cannot browse the internet.")
    let found = try claims(text.text)
    try #require(found.count == 1)
    #expect(found[0].range.range == text.range("1️⃣", "2️⃣"))
    #expect(found[0].identity?.claimedModel == nil)
    #expect(found[0].identity?.maker == "OpenAI")
    #expect(try claims("The Android system was developed by Google many years ago.").isEmpty)
  }

  @Test func chineseSelfIdentification() throws {
    let model = MarkedText("你好！1️⃣我是ChatGPT2️⃣，很高兴认识你。")
    let modelClaims = try claims(model.text)
    try #require(modelClaims.count == 1)
    #expect(modelClaims[0].range.range == model.range("1️⃣", "2️⃣"))
    #expect(modelClaims[0].identity?.claimedModel == "ChatGPT")
    #expect(modelClaims[0].identity?.maker == "OpenAI")

    let maker = MarkedText("我是一个1️⃣由OpenAI2️⃣开发的人工智能助手。")
    let makerClaims = try claims(maker.text)
    try #require(makerClaims.count == 1)
    #expect(makerClaims[0].range.range == maker.range("1️⃣", "2️⃣"))
    #expect(makerClaims[0].identity?.claimedModel == nil)
    #expect(makerClaims[0].identity?.maker == "OpenAI")
  }

  @Test func caseAndCurlyApostrophesDoNotHideAClaim() throws {
    for text in ["I’m ChatGPT.", "I AM CHATGPT.", "My name is Claude."] {
      let marked = MarkedText("1️⃣" + text.dropLast() + "2️⃣.")
      let found = try claims(marked.text)
      #expect(found.map(\.range.range) == [marked.range("1️⃣", "2️⃣")], "\(text)")
    }
  }

  @Test func aNegatedClaimIsNotReported() throws {
    #expect(try claims("I am not ChatGPT. I am a small assistant that a hobbyist wrote.").isEmpty)
  }

  @Test func ownIdentitiesAreNoFinding() throws {
    let text = "Hi, I am ChatGPT, developed by OpenAI."
    #expect(try claims(text, ownIdentities: ["OpenAI"]).isEmpty)
    // Naming only the model leaves its maker to claim: "developed by OpenAI" is still reported.
    let makerOnly = try claims(text, ownIdentities: ["chatgpt"])
    #expect(makerOnly.map { $0.identity?.claimedModel } == [nil])
    #expect(makerOnly.map { $0.identity?.maker } == ["OpenAI"])
    #expect(makerOnly.map(\.text) == ["developed by OpenAI"])
    #expect(try claims(text, ownIdentities: ["chatgpt", "openai"]).isEmpty)
    #expect(try claims(text, ownIdentities: ["Anthropic"]).count == 1)
  }
}
