import Foundation
import Matching
import ReferenceIndex
import TestSupport
import Testing
import TextProcessing

/// Copies of a reference answer, verbatim, edited, reformatted and in Chinese, are found where the markers say.
@Suite struct EchoCopyTests {
  @Test func aVerbatimCopyIsOneStrongPassageOverExactlyTheCopiedWords() throws {
    let dir = try TemporaryDirectory()
    let scanner = try MatchingFixtures.scanner(in: dir)
    let transcript = MarkedText(
      MatchingFixtures.unrelated + """
         1️⃣Keeping a lighthouse in the nineteenth century meant trimming the wicks every four hours through the \
        night, polishing the brass lens housing until it shone, and recording the weather in a leather logbook that \
        the inspector read twice a year. Keepers often raised goats on the rocky islands2️⃣ while their children \
        learned to swim.
        """)
    let result = try MatchingFixtures.scan(transcript.text, with: scanner)
    try #require(result.passages.count == 1)
    let passage = result.passages[0]
    #expect(passage.kind == .echo)
    #expect(passage.strength == .strong)
    #expect(passage.role == .text)
    #expect(passage.range.range == transcript.range("1️⃣", "2️⃣"))
    #expect(passage.text == transcript.substring(transcript.range("1️⃣", "2️⃣")))
    let best = try #require(passage.best)
    #expect(best.documentID == "lighthouse")
    #expect(best.model == "gpt-4")
    #expect(best.prompt == "Question about lighthouse")
    #expect(best.similarity == 1)
    #expect(best.longestVerbatimRun == best.tokenCount)
    #expect(best.tokenCount == Tokenizer.tokenize(passage.text).count)
    #expect(best.referenceExcerpt == passage.text)
    let stored = Array(MatchingFixtures.chatAnswer(MatchingFixtures.lighthouse).utf8)
    #expect(String(decoding: stored[best.referenceRange.range], as: UTF8.self) == passage.text)
    #expect(best.alignment.map(\.kind) == [.equal])
    #expect(best.eValue <= 1e-12)
    #expect(passage.alternatives.isEmpty)
    #expect(result.coverage.map(\.model) == ["gpt-4"])
    #expect(result.coverage[0].coveredBytes == passage.range.count)
  }

  @Test func anEditedCopyWithAboutOneWordInSevenChangedIsStillFound() throws {
    let dir = try TemporaryDirectory()
    let scanner = try MatchingFixtures.scanner(in: dir)
    // 56 words, 8 of them changed (in brackets in the comment): 14%. Edits sit inside the copy: a local
    // alignment rightly does not start with one equal word followed by a change.
    // Honeybees communicate the direction of distant flowers through a waggle dance performed on the [upright] comb.
    // The angle of the dance relative to straight up [gives] the angle between the sun and the food [patch],
    // while the [length] of each waggle run tells nestmates roughly how far they [need to] fly. Foragers returning
    // with [sweeter] nectar dance [much] longer and recruit more sisters to the same [field] of clover.
    let transcript = MarkedText(
      MatchingFixtures.unrelated + """
         1️⃣Honeybees communicate the direction of distant flowers through a waggle dance performed on the upright comb. \
        The angle of the dance relative to straight up gives the angle between the sun and the food patch, while \
        the length of each waggle run tells nestmates roughly how far they need to fly. Foragers returning with \
        sweeter nectar dance much longer and recruit more sisters to the same field of clover2️⃣. Anyway, back to the \
        bakery question.
        """)
    let result = try MatchingFixtures.scan(transcript.text, with: scanner)
    try #require(result.passages.count == 1)
    let passage = result.passages[0]
    #expect(passage.kind == .echo)
    #expect(passage.range.range == transcript.range("1️⃣", "2️⃣"))
    let best = try #require(passage.best)
    #expect(best.documentID == "bees")
    #expect(best.similarity > 0.75 && best.similarity < 0.95, "similarity \(best.similarity)")
    #expect(best.longestVerbatimRun >= 8 && best.longestVerbatimRun < best.tokenCount)
    #expect(best.alignment.contains { $0.kind == .substitute })
    #expect(best.eValue <= 1e-6)
  }

  @Test func aCopyWithOneWordInFiveChangedIsAlignedAndFound() throws {
    // 63 words, 13 changed (in brackets): 21%. The quick ungapped estimate that decides which chains get aligned
    // charges such edits about twice what the alignment does; a chain over text no match explains yet is aligned
    // at half the bits a passage needs (`EchoFinder.alignmentGate`). The threshold is set just below this copy's
    // strength (its alignment has about 380 bits, E about 1e-110 here), where the estimate alone falls short.
    // Tide pools along [rugged] coasts shelter anemones, hermit crabs, [limpets] and tiny sculpins that survive the
    // [constant] rhythm of [flooding] and exposure. Visitors [must] step only on bare rock, never [pick] animals
    // from their [cracks], and turn [every] overturned stone back exactly as it was [left]. The [finest] exploring
    // happens [at] the lowest spring tides, which [come] shortly after every [bright] and new moon.
    let dir = try TemporaryDirectory()
    var parameters = ScanParameters()
    parameters.maxUncalibratedEValue = 1e-108
    let scanner = try MatchingFixtures.scanner(parameters: parameters, in: dir)
    let transcript = MarkedText(
      MatchingFixtures.unrelated + """
         1️⃣Tide pools along rugged coasts shelter anemones, hermit crabs, limpets and tiny sculpins that survive \
        the constant rhythm of flooding and exposure. Visitors must step only on bare rock, never pick animals from \
        their cracks, and turn every overturned stone back exactly as it was left. The finest exploring happens at \
        the lowest spring tides, which come shortly after every bright and new moon2️⃣. Anyway, back to the bakery \
        question.
        """)
    let result = try MatchingFixtures.scan(transcript.text, with: scanner)
    let echoes = result.passages.filter { $0.kind == .echo }
    try #require(echoes.count == 1)
    #expect(echoes[0].range.range == transcript.range("1️⃣", "2️⃣"))
    let best = try #require(echoes[0].best)
    #expect(best.documentID == "tide-pools")
    #expect(best.similarity < 0.85, "similarity \(best.similarity)")
  }

  @Test func aReformattedCopyMatchesThroughCaseQuotesListMarkersAndLineBreaks() throws {
    let dir = try TemporaryDirectory()
    let scanner = try MatchingFixtures.scanner(in: dir)
    let transcript = MarkedText(
      """
      # Trail notes

      1️⃣REMEMBER THE “THREE RULES” OF TRAIL SAFETY:

      - tell someone your route
        before leaving,
      - carry more water than you expect to drink,
      - and turn around when the weather changes.

      Pack a whistle, a headlamp with spare batteries, a paper map in a
      waterproof sleeve, and a **compact** first aid kit2️⃣.

      """)
    let result = try MatchingFixtures.scan(transcript.text, format: .markdown, with: scanner)
    try #require(result.passages.count == 1)
    let passage = result.passages[0]
    #expect(passage.kind == .echo)
    #expect(passage.range.range == transcript.range("1️⃣", "2️⃣"))
    let best = try #require(passage.best)
    #expect(best.documentID == "trail-safety")
    #expect(best.similarity == 1, "every word is the reference's word once normalised")
    #expect(best.alignment.map(\.kind) == [.equal])
    #expect(best.referenceExcerpt.hasPrefix("Remember the \"three rules\""))
    #expect(best.referenceExcerpt.hasSuffix("first aid kit"))
  }

  @Test func numberedListMarkersAndBlockQuotesAreNotWords() throws {
    let dir = try TemporaryDirectory()
    let scanner = try MatchingFixtures.scanner(in: dir)
    let transcript = MarkedText(
      """
      1. 1️⃣Tell someone your route before leaving, carry more water than you expect to drink, and turn around when \
      the weather changes.
      2. Pack a whistle, a headlamp with spare batteries, a paper map in a waterproof sleeve, and a compact first aid \
      kit.
      > Hikers who follow these habits rarely need rescue, and when they do, searchers find them quickly2️⃣.

      """)
    let passages = try MatchingFixtures.scan(transcript.text, format: .markdown, with: scanner).passages
    try #require(passages.count == 1)
    #expect(passages[0].range.range == transcript.range("1️⃣", "2️⃣"))
    #expect(passages[0].best?.documentID == "trail-safety")
    #expect(passages[0].best?.alignment.map(\.kind) == [.equal])
  }

  @Test func aChineseCopyWithoutSpacesIsFound() throws {
    let dir = try TemporaryDirectory()
    let scanner = try MatchingFixtures.scanner(in: dir)
    let transcript = Marked(
      "关于长城，我的回答如下。1️⃣长城是中国古代修建的伟大防御工程，东起山海关，西至嘉峪关，绵延数千公里，翻越高山与沙漠，见证了两千多年的历史变迁2️⃣。希望你喜欢旅行。"
    )
    let result = try MatchingFixtures.scan(transcript.text, with: scanner)
    try #require(result.passages.count == 1)
    let passage = result.passages[0]
    #expect(passage.kind == .echo)
    #expect(passage.range.range == transcript.range("1️⃣", "2️⃣"))
    #expect(passage.best?.documentID == "great-wall")
    #expect(passage.best?.similarity == 1)
  }

  @Test func aLongerCopyIsMoreSurprisingThanAShorterOne() throws {
    let dir = try TemporaryDirectory()
    let scanner = try MatchingFixtures.scanner(in: dir)
    let words = MatchingFixtures.tidePools.split(separator: " ")
    func transcript(copying count: Int) -> String {
      MatchingFixtures.unrelated + " " + words.prefix(count).joined(separator: " ") + " "
        + MatchingFixtures.unrelated
    }
    let short = try MatchingFixtures.scan(transcript(copying: 20), with: scanner)
    let long = try MatchingFixtures.scan(transcript(copying: 45), with: scanner)
    let shortBest = try #require(short.passages.first?.best)
    let longBest = try #require(long.passages.first?.best)
    #expect(shortBest.documentID == "tide-pools" && longBest.documentID == "tide-pools")
    #expect(longBest.tokenCount > shortBest.tokenCount)
    #expect(longBest.bits > shortBest.bits + 100)
    #expect(longBest.eValue < shortBest.eValue)
  }

  @Test func theReferencePromptsWordsCountFullyInACopyUnderAnotherPrompt() throws {
    // The reference answer reuses its prompt's words (sandhill, cranes, Platte, river, spring, migrate). A transcript
    // answering that same prompt may use them on its own, so they count a quarter; one answering another prompt
    // has no such reason, so the same copied words count fully there.
    let dir = try TemporaryDirectory()
    let prompt = "Explain how sandhill cranes migrate along the Platte river each spring."
    let answer =
      "Every spring the sandhill cranes migrate north and rest along the Platte river for a few weeks, where "
      + "sandhill cranes gather on sandbars at night and feed in the cornfields by day before they migrate on."
    let references = try MatchingFixtures.index(
      MatchingFixtures.promptedCorpus(id: "cranes", prompt: prompt, output: answer), in: dir)
    let scanner = try EchoScanner(
      references: references, background: nil, identities: try IdentityCatalog.builtIn(), parameters: ScanParameters())
    func copy(under question: String) throws -> Passage {
      let raw = MarkedText(
        MatchingFixtures.jsonLine(["prompt": question, "output": "So: 1️⃣" + answer.dropLast() + "2️⃣. Done."]) + "\n")
      let echoes = try scanner.scan(bytes: raw.bytes, format: .jsonLines).passages.filter { $0.kind == .echo }
      try #require(echoes.count == 1)
      #expect(echoes[0].range.range == raw.range("1️⃣", "2️⃣"))
      return echoes[0]
    }
    let samePrompt = try #require(try copy(under: prompt).best)
    let otherPrompt = try #require(try copy(under: "Describe a day at a busy fish market.").best)
    #expect(samePrompt.documentID == "cranes" && otherPrompt.documentID == "cranes")
    #expect(samePrompt.similarity == 1 && otherPrompt.similarity == 1)
    #expect(otherPrompt.bits > samePrompt.bits + 20)
    #expect(otherPrompt.eValue < samePrompt.eValue)
  }
}

/// `MarkedText` under a shorter name for one-line fixtures.
typealias Marked = MarkedText
