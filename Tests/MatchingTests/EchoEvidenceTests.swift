import Foundation
import Matching
import ReferenceIndex
import TestSupport
import Testing
import TextProcessing

/// What makes a match evidence or not: raw ranges through JSON escapes, stock phrases, the background index,
/// alternative references and the token alignment.
@Suite struct EchoEvidenceTests {
  /// A reference answer whose text holds a line break, quotes, an accented letter and an emoji.
  static let escapedAnswer = """
    Mix the batter until smooth.
    Then fold in the "secret" ingredient from the café 😀 and bake the loaf for forty minutes at a moderate \
    temperature, rotating the pan halfway so the crust browns evenly on every side without scorching the delicate \
    top layer of sugared almonds and candied orange peel that makes this festive bread famous across the valley
    """

  @Test func aChatLogPassageMapsBackToRawJSONBytesThroughEscapes() throws {
    let dir = try TemporaryDirectory()
    let scanner = try MatchingFixtures.scanner(extra: [("festive-bread", Self.escapedAnswer)], in: dir)
    let raw = MarkedText(
      #"""
      {"messages": [{"role": "user", "content": "Any idea for the weekend?"}, {"role": "assistant", "content": "Sure!\n1️⃣Mix the batter until smooth.\nThen fold in the \"secret\" ingredient from the caf\u00e9 \ud83d\ude00 and bake the loaf for forty minutes at a moderate temperature, rotating the pan halfway so the crust browns evenly on every side without scorching the delicate top layer of sugared almonds and candied orange peel that makes this festive bread famous across the valley2️⃣.\nEnjoy!"}]}
      """#)
    let result = try scanner.scan(bytes: raw.bytes, format: .json)
    try #require(result.passages.count == 1)
    let passage = result.passages[0]
    #expect(passage.kind == .echo)
    #expect(passage.role == .answer)
    #expect(passage.range.range == raw.range("1️⃣", "2️⃣"))
    #expect(passage.text == Self.escapedAnswer)
    #expect(passage.best?.documentID == "festive-bread")
    #expect(passage.best?.similarity == 1)
  }

  @Test func aPassageEndingOnAnEscapedLetterEndsAfterTheWholeEscape() throws {
    let dir = try TemporaryDirectory()
    let answer = Self.escapedAnswer + " from the café"
    let scanner = try MatchingFixtures.scanner(extra: [("festive-bread", answer)], in: dir)
    let raw = MarkedText(
      #"""
      {"messages": [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "1️⃣Mix the batter until smooth.\nThen fold in the \"secret\" ingredient from the caf\u00e9 \ud83d\ude00 and bake the loaf for forty minutes at a moderate temperature, rotating the pan halfway so the crust browns evenly on every side without scorching the delicate top layer of sugared almonds and candied orange peel that makes this festive bread famous across the valley from the caf\u00e92️⃣ \ud83d\ude00"}]}
      """#)
    let passages = try scanner.scan(bytes: raw.bytes, format: .json).passages
    try #require(passages.count == 1)
    #expect(passages[0].range.range == raw.range("1️⃣", "2️⃣"))
    #expect(passages[0].text.hasSuffix("from the café"))
  }

  @Test func stockPhrasesThatManyReferenceAnswersShareAreNotReported() throws {
    let dir = try TemporaryDirectory()
    var parameters = ScanParameters()
    let scanner = try MatchingFixtures.scanner(in: dir)
    let references = scanner.references
    let helps = try #require(try references.shards[0].termStatistic(Tokenizer.tokenize("helps")[0].term))
    #expect(helps.documentFrequency == UInt32(references.documentCount), "every reference answer ends with it")

    let transcript = "Here are some tips: " + MatchingFixtures.unrelated + " I hope this helps!"
    #expect(try MatchingFixtures.scan(transcript, with: scanner).passages.isEmpty)
    // Not only too short: with a 3-token minimum the shared phrases are still no evidence.
    parameters.minTokens = 3
    let lenient = try EchoScanner(
      references: references, background: nil, identities: try IdentityCatalog.builtIn(), parameters: parameters)
    #expect(try MatchingFixtures.scan(transcript, with: lenient).passages.isEmpty)
  }

  static let boilerplate = """
    Preheat the oven and grease a round tin with softened butter. Whisk the eggs with caster sugar until pale and \
    fluffy, sift in the self-raising flour with a pinch of salt, then fold gently with a metal spoon so the air \
    stays in the mixture. Bake on the middle shelf until a skewer comes out clean and leave to cool on a wire rack
    """

  /// A background index of text by unrelated writers, one of which also wrote `boilerplate`.
  func backgroundIndex(in dir: TemporaryDirectory) throws -> ReferenceIndexSet {
    var lines = (0..<20).map { i in
      MatchingFixtures.jsonLine([
        "id": "bg-\(i)", "model": "human", "output": MatchingFixtures.filler(seed: UInt64(100 + i), words: 60),
      ])
    }
    lines.append(MatchingFixtures.jsonLine(["id": "bg-recipe", "model": "human", "output": Self.boilerplate]))
    return try MatchingFixtures.index(lines.joined(separator: "\n"), in: dir, name: "background")
  }

  @Test func aPassageTheBackgroundAlsoHoldsIsCommonTextNotAnEcho() throws {
    let dir = try TemporaryDirectory()
    let transcript = MarkedText(MatchingFixtures.unrelated + " 1️⃣" + Self.boilerplate + "2️⃣.")
    let extra = [("sponge-cake", Self.boilerplate)]

    let withoutBackground = try MatchingFixtures.scanner(extra: extra, in: dir)
    let echo = try MatchingFixtures.scan(transcript.text, with: withoutBackground).passages
    #expect(echo.map(\.kind) == [.echo])
    #expect(echo.first?.best?.documentID == "sponge-cake")

    let background = try backgroundIndex(in: dir)
    let hiding = try MatchingFixtures.scanner(extra: extra, background: background, in: TemporaryDirectory())
    #expect(
      try MatchingFixtures.scan(transcript.text, with: hiding).passages.isEmpty,
      "common-text is not among the default kinds")

    var parameters = ScanParameters()
    parameters.kinds = [.echo, .commonText]
    let showing = try MatchingFixtures.scanner(
      extra: extra, background: background, parameters: parameters, in: TemporaryDirectory())
    let passages = try MatchingFixtures.scan(transcript.text, with: showing).passages
    try #require(passages.count == 1)
    #expect(passages[0].kind == .commonText)
    #expect(passages[0].strength == .weak)
    #expect(passages[0].range.range == transcript.range("1️⃣", "2️⃣"))
    #expect(passages[0].best?.documentID == "sponge-cake")
    #expect(passages[0].background?.documentID == "bg-recipe")
    #expect(passages[0].background?.model == "human")
  }

  /// An independent writer's own answer: an opening, a middle, a closing. A transcript that keeps the opening and
  /// the closing and has a copied reference passage where the middle was aligns with the whole answer, the copy
  /// standing against the middle as mismatches.
  static let frameBefore = """
    Our village library reopened last spring after the flood, and the volunteers spent whole weekends drying \
    atlases on clothes lines, rebinding hymnals with linen thread, and cataloguing the donated paperbacks. The \
    carpenter who rebuilt the shelves refused payment, the bakery sent warm pretzels every Saturday, and a \
    retired surveyor redrew the parish map that had dissolved into a grey pulp on the bottom drawer.
    """
  static let frameMiddle = """
    Somebody found a box of wartime ration books behind the boiler, the mayor wanted them framed for the lobby, \
    and the archivist from the county museum drove over twice to argue about humidity and acid free mounting board
    """
  static let frameAfter = """
    The reading room now smells of fresh varnish, the children's corner has beanbags shaped like turnips, and the \
    retired postmaster runs a chess club there every Thursday evening until the caretaker locks the doors. On \
    market days the bookmobile parks beside the fountain, the beekeepers' guild borrows the projector for its \
    winter lectures, and a sign by the returns slot still marks how high the river rose that night.
    """

  /// The first 33 words of `MatchingFixtures.lighthouse`: short enough for seeds on both sides of it to chain
  /// (`CandidateFinder.maxGap`).
  static let lighthouseOpening = """
    Keeping a lighthouse in the nineteenth century meant trimming the wicks every four hours through the night, \
    polishing the brass lens housing until it shone, and recording the weather in a leather logbook
    """

  /// A panel answer that matches the text around a copy, aligned across the copy, can earn more bits than the copy
  /// but says nothing about it: the passage stays an echo, and the background named is that answer scored
  /// over the passage alone.
  @Test func aBackgroundAnswerAroundACopyDoesNotMakeTheCopyCommonText() throws {
    let dir = try TemporaryDirectory()
    var lines = (0..<20).map { i in
      MatchingFixtures.jsonLine([
        "id": "bg-\(i)", "model": "human", "output": MatchingFixtures.filler(seed: UInt64(100 + i), words: 60),
      ])
    }
    lines.append(
      MatchingFixtures.jsonLine([
        "id": "bg-library", "model": "human",
        "output": Self.frameBefore + " " + Self.frameMiddle + ". " + Self.frameAfter,
      ]))
    let background = try MatchingFixtures.index(lines.joined(separator: "\n"), in: dir, name: "background")
    var parameters = ScanParameters()
    parameters.kinds = [.echo, .commonText]
    let scanner = try MatchingFixtures.scanner(background: background, parameters: parameters, in: dir)
    let transcript = MarkedText(
      Self.frameBefore + " 1️⃣" + Self.lighthouseOpening + "2️⃣. " + Self.frameAfter)
    let passages = try MatchingFixtures.scan(transcript.text, with: scanner).passages
    try #require(passages.count == 1)
    #expect(passages[0].kind == .echo)
    #expect(passages[0].range.range == transcript.range("1️⃣", "2️⃣"))
    #expect(passages[0].best?.documentID == "lighthouse")
    // Without the cut, the panel answer's 1,000-odd bits over the whole transcript made the copy common text.
    if let panel = passages[0].background {
      #expect(panel.bits < 0.8 * (passages[0].best?.bits ?? 0))
      #expect(panel.transcriptRange.utf8Start >= passages[0].range.utf8Start)
      #expect(panel.transcriptRange.utf8End <= passages[0].range.utf8End)
    }
  }

  static let sharedParagraph = """
    Volcanic islands begin as fissures on the ocean floor where magma rises through the crust, cools in the cold \
    water, and slowly builds a seamount. Over many thousands of years repeated eruptions lift the summit above the \
    waves, and rain, wind and migrating seabirds bring the first seeds that turn bare basalt into forest
    """

  @Test func twoReferencesHoldingTheSameTextAreBothNamed() throws {
    let dir = try TemporaryDirectory()
    let scanner = try MatchingFixtures.scanner(
      extra: [
        ("islands-a", "Geology first. " + Self.sharedParagraph + ". That is the short story."),
        ("islands-b", Self.sharedParagraph + ". Ask me about coral atolls next."),
      ], in: dir)
    let transcript = MarkedText(MatchingFixtures.unrelated + " 1️⃣" + Self.sharedParagraph + "2️⃣.")
    let passages = try MatchingFixtures.scan(transcript.text, with: scanner).passages
    try #require(passages.count == 1)
    #expect(passages[0].range.range == transcript.range("1️⃣", "2️⃣"))
    let named = [passages[0].best?.documentID] + passages[0].alternatives.map(\.documentID)
    #expect(Set(named.compactMap { $0 }) == ["islands-a", "islands-b"])
    #expect(passages[0].alternatives.count == 1)
    #expect(passages[0].alternatives.first?.similarity == 1)
  }

  @Test func theAlignmentNamesEachEditWithItsBytesOnBothSides() throws {
    let dir = try TemporaryDirectory()
    let scanner = try MatchingFixtures.scanner(in: dir)
    // Reference: "… clock, photograph every gear … down slowly with a proper … with a tiny drop of …".
    let transcript = MarkedText(
      MatchingFixtures.unrelated + """
         1️⃣Before disassembling an antique pendulum clock, 3️⃣sketch4️⃣ every gear train from several angles and \
        let the mainspring down slowly 5️⃣carefully6️⃣ with a proper letdown key. Clean the brass plates in an \
        ammonia-free solution, peg out each pivot hole with sharpened pegwood, and oil only the pivots and the \
        escapement pallets with a7️⃣ drop of synthetic clock oil2️⃣.
        """)
    let passages = try MatchingFixtures.scan(transcript.text, with: scanner).passages
    try #require(passages.count == 1)
    #expect(passages[0].range.range == transcript.range("1️⃣", "2️⃣"))
    let best = try #require(passages[0].best)
    #expect(best.documentID == "clock-repair")
    #expect(best.alignment.map(\.kind) == [.equal, .substitute, .equal, .insert, .equal, .delete, .equal])
    let stored = MatchingFixtures.chatAnswer(MatchingFixtures.clockRepair)
    func referenceRange(of word: String) -> Range<Int> {
      let start = stored.utf8.count - (stored.range(of: word).map { stored[$0.lowerBound...] }?.utf8.count ?? 0)
      return start..<(start + word.utf8.count)
    }
    let edits = best.alignment.filter { $0.kind != .equal }
    try #require(edits.count == 3)
    #expect(edits[0].transcript.range == transcript.range("3️⃣", "4️⃣"))
    #expect(edits[0].reference.range == referenceRange(of: "photograph"))
    #expect(edits[1].transcript.range == transcript.range("5️⃣", "6️⃣"))
    #expect(edits[1].reference.count == 0)
    #expect(edits[2].transcript.range == transcript.range("7️⃣", "7️⃣"))
    #expect(edits[2].reference.range == referenceRange(of: "tiny"))
    #expect(edits.allSatisfy { $0.tokenCount == 1 })
    let columns = best.alignment.reduce(0) { $0 + $1.tokenCount }
    #expect(abs(best.similarity - Double(columns - 3) / Double(columns)) < 1e-9)
  }
}
