import Foundation
import Matching
import ReferenceIndex
import TestSupport
import Testing
import TextProcessing

/// Calibrated evidence: what independent answers to the same prompts also write is no echo, a copy still is, and a
/// calibration made for other indexes is refused.
@Suite struct CalibrationTests {
  static let grammarPrompt =
    "Fix the grammar: i got charged interest on my credit card even tho i payed the full balance on time every "
    + "single month last year so i dont understand why the bank now says i owe them fourty dollars"
  static let grammarFixed =
    "I got charged interest on my credit card even though I paid the full balance on time every single month last "
    + "year, so I don't understand why the bank now says I owe them forty dollars."
  static let declinePrompt = "Write a short email declining a job offer from Harbor Analytics."
  /// The formula every model writes for that prompt.
  static let declineFormula =
    "Thank you very much for offering me the position and for the time you and your team spent with me during the "
    + "interviews. After careful consideration I have decided to decline the offer. I wish you and the company "
    + "continued success and hope our paths cross again in the future."

  /// A reference answer to a prompt that the panel also answered, in words of its own (its fillers).
  static let bellFoundry =
    "A bell founder shapes the core from loam and horse dung, builds a false bell of clay over it, and paints the "
    + "inscription in wax before the cope is laid on; the false bell is broken out, the mould buried in the pit, "
    + "and bronze poured at a little over a thousand degrees."

  /// The reference model's answers: the fixture corpus, the two prompts above, and the bell foundry.
  static func referenceCorpus() -> String {
    MatchingFixtures.referenceCorpus() + "\n"
      + MatchingFixtures.jsonLine([
        "id": "grammar", "model": "gpt-4", "prompt": grammarPrompt,
        "output": "Here is the corrected text: " + grammarFixed,
      ]) + "\n"
      + MatchingFixtures.jsonLine([
        "id": "decline", "model": "gpt-4", "prompt": declinePrompt,
        "output": "Dear Ms. Patel,\n\n" + declineFormula + "\n\nBest regards,\nSam",
      ]) + "\n"
      + MatchingFixtures.jsonLine([
        "id": "bells", "model": "gpt-4", "prompt": "Filler question 3", "output": bellFoundry,
      ]) + "\n"
  }

  /// Independent answers by four other models: the same two prompts (corrected text, the same formula), plus
  /// answers to filler prompts so the null has text to scan.
  static func panelCorpus() -> String {
    var lines: [String] = []
    for (m, model) in ["falcon", "dolly", "llama", "oasst"].enumerated() {
      lines.append(
        MatchingFixtures.jsonLine([
          "id": "grammar", "model": model, "prompt": grammarPrompt, "output": "Sure. " + grammarFixed,
        ]))
      lines.append(
        MatchingFixtures.jsonLine([
          "id": "decline", "model": model, "prompt": declinePrompt,
          "output": "Hello,\n\n" + declineFormula + "\n\nSincerely,\nAlex \(m)",
        ]))
      lines += MatchingFixtures.fillerLines(10, model: model) {
        MatchingFixtures.filler(seed: UInt64(100 * m + $0), words: 60)
      }
    }
    return lines.joined(separator: "\n") + "\n"
  }

  struct Setup {
    var references: ReferenceIndexSet
    var panel: ReferenceIndexSet
    var calibration: CalibrationFile
    var directory: TemporaryDirectory
  }

  static func setup() throws -> Setup {
    let dir = try TemporaryDirectory()
    let references = try MatchingFixtures.index(referenceCorpus(), in: dir, name: "ref")
    let panel = try MatchingFixtures.index(panelCorpus(), in: dir, name: "panel")
    let calibration = try MatchingFixtures.calibration(references: references, panel: panel)
    let file = try CalibrationFile.write(calibration, to: dir.path + "/calibration.json")
    return Setup(references: references, panel: panel, calibration: file, directory: dir)
  }

  static func record(_ prompt: String, _ output: String) -> String {
    MatchingFixtures.jsonLine(["prompt": prompt, "output": output])
  }

  /// A scanner with the panel and its calibration, at a threshold the tiny panel can reach: it has few null
  /// passages, so nothing past its strongest can be rarer than "once in the panel".
  static func calibratedScanner(_ s: Setup) throws -> EchoScanner {
    var parameters = ScanParameters()
    parameters.maxEValue = 0.5
    return try EchoScanner(
      references: s.references, background: s.panel, identities: try IdentityCatalog.builtIn(),
      parameters: parameters, calibration: s.calibration)
  }

  @Test func sharedAndDictatedTextIsNoEchoUnderACalibrationButAnEditedCopyStillIs() throws {
    let s = try Self.setup()
    let scanner = try Self.calibratedScanner(s)
    let edited = MatchingFixtures.lighthouse
      .replacingOccurrences(of: "polishing", with: "buffing")
      .replacingOccurrences(of: "leather logbook", with: "leather-bound logbook")
    let raw = MarkedText(
      Self.record(Self.grammarPrompt, "Here you go: " + Self.grammarFixed) + "\n"
        + Self.record(Self.declinePrompt, "Hi Dana,\n\n" + Self.declineFormula + "\n\nKind regards,\nRobin") + "\n"
        + Self.record("Question about lighthouse", "In short: 1️⃣" + edited.dropLast() + "2️⃣. That is all.") + "\n")
    let result = try scanner.scan(bytes: raw.bytes, format: .jsonLines)
    let echoes = result.passages.filter { $0.kind == .echo }
    try #require(echoes.count == 1, "only the copy: \(echoes.map(\.text))")
    #expect(echoes[0].best?.documentID == "lighthouse")
    #expect(echoes[0].range.range == raw.range("1️⃣", "2️⃣"))
    let basis = try #require(echoes[0].best?.significance)
    #expect(basis.calibrated)
    #expect(basis.nullAnswers == 48)
    #expect(basis.nullPassagesAsStrong == 0)
  }

  @Test func withoutTheCalibrationTheSameTextIsFlaggedAndSaysUncalibrated() throws {
    let s = try Self.setup()
    var parameters = ScanParameters()
    parameters.maxUncalibratedEValue = 1e-6
    let scanner = try EchoScanner(
      references: s.references, background: nil, identities: try IdentityCatalog.builtIn(), parameters: parameters)
    let raw = Self.record(Self.declinePrompt, "Hi Dana,\n\n" + Self.declineFormula + "\n\nKind regards,\nRobin")
    let echoes = try scanner.scan(bytes: Array(raw.utf8), format: .jsonLines).passages.filter { $0.kind == .echo }
    try #require(echoes.count == 1, "the formula is an echo by word frequencies alone")
    #expect(echoes[0].best?.significance == .uncalibrated)
    #expect(echoes[0].best?.documentID == "decline")
  }

  /// Under a calibration the bits only rank passages, and edits are charged more than the chance model's log2 3
  /// (`SignificanceModel.calibratedEditBits`): a verbatim copy keeps its bits, an edited one loses the difference
  /// once per edit, and the uncalibrated scan keeps the chance model's charge.
  @Test func aCalibratedScanChargesEachEditMoreAndAVerbatimCopyNothing() throws {
    let s = try Self.setup()
    var loose = ScanParameters()
    loose.maxEValue = 1
    loose.maxUncalibratedEValue = 1
    let identities = try IdentityCatalog.builtIn()
    let calibrated = try EchoScanner(
      references: s.references, background: s.panel, identities: identities, parameters: loose,
      calibration: s.calibration)
    let uncalibrated = try EchoScanner(
      references: s.references, background: s.panel, identities: identities, parameters: loose)
    func lighthouseBits(_ scanner: EchoScanner, _ text: String) throws -> Double {
      let echoes = try scanner.scan(bytes: Array(text.utf8), format: .markdown).passages.filter { $0.kind == .echo }
      return try #require(echoes.first { $0.best?.documentID == "lighthouse" }?.best?.bits)
    }
    let verbatim = MatchingFixtures.lighthouse
    #expect(abs(try lighthouseBits(calibrated, verbatim) - lighthouseBits(uncalibrated, verbatim)) < 1e-9)
    let edited = verbatim.replacingOccurrences(of: "polishing", with: "buffing")
      .replacingOccurrences(of: "leather logbook", with: "leather-bound logbook")
    let lost = try lighthouseBits(uncalibrated, edited) - lighthouseBits(calibrated, edited)
    let perEdit = 4 - log2(3.0)
    let edits = lost / perEdit
    #expect(edits >= 2 - 1e-9, "two edits at least, each charged \(perEdit) bits more: lost \(lost)")
    #expect(abs(edits - edits.rounded()) < 1e-9, "a whole number of edits: \(edits)")
  }

  /// The self-check on the user's own panel holds out half its models at a time: every answer is counted once,
  /// against the null of the other half, and at a threshold no E-value exceeds it counts every passage that could be
  /// reported. A panel of one model has nothing to hold out.
  @Test func theSelfCheckCountsEachAnswerOnceAgainstTheOtherHalfsNull() throws {
    let s = try Self.setup()
    let scanner = try EchoScanner(
      references: s.references, background: s.panel, identities: try IdentityCatalog.builtIn(),
      parameters: NullCalibrator.parameters(for: ScanParameters()))
    let calibrator = try NullCalibrator(scanner: scanner)
    let answers = calibrator.answers()
    let scans = try answers.map { try calibrator.scan($0) }
    let check = try #require(
      CalibrationSelfCheck(calibrator: calibrator, answers: answers, scans: scans, thresholds: [0.01, 1e300]))
    #expect(check.halves == [["dolly", "llama"], ["falcon", "oasst"]])
    #expect(check.bareAnswers == answers.count)
    #expect(check.promptedAnswers == scans.filter(\.prompted).count)
    let reportable = scans.flatMap(\.bareBits).filter { $0 > NullDistribution.evidenceBits }.count
    #expect(reportable > 0)
    #expect(check.bare[1].observed == reportable)
    #expect(check.bare[0].observed <= check.bare[1].observed)
    #expect(check.bare[0].expected <= 0.01 * Double(answers.count) + 1e-9)

    let one = answers.indices.filter { answers[$0].model == "dolly" }
    #expect(
      CalibrationSelfCheck(calibrator: calibrator, answers: one.map { answers[$0] }, scans: one.map { scans[$0] })
        == nil)
  }

  /// A panel half of whose models copied the reference is no null: fitted to the independent half, the copiers'
  /// answers hold far more strong passages than it expects, and the check says so.
  @Test func theSelfCheckFlagsAPanelHalfOfWhichCopiedTheReference() throws {
    let dir = try TemporaryDirectory()
    let references = try MatchingFixtures.index(
      MatchingFixtures.referenceCorpus(fillerCount: 20), in: dir, name: "ref")
    var lines: [String] = []
    for (m, model) in ["a-copier", "b-independent", "c-copier", "d-independent"].enumerated() {
      for (n, (id, text)) in MatchingFixtures.answers.enumerated() {
        let output =
          model.hasSuffix("copier") && n % 2 == m / 2 ? text : MatchingFixtures.filler(seed: UInt64(1000 * m + n))
        lines.append(
          MatchingFixtures.jsonLine(["id": id, "model": model, "prompt": "Question about \(id)", "output": output]))
      }
      // The reference's filler answers, copied likewise: copiers take turns, so no copy is in the other's answers.
      lines += MatchingFixtures.fillerLines(20, model: model) { i in
        model.hasSuffix("copier") && i % 2 == m / 2
          ? MatchingFixtures.chatAnswer(MatchingFixtures.filler(seed: UInt64(i)))
          : MatchingFixtures.filler(seed: UInt64(500 * m + i))
      }
    }
    let panel = try MatchingFixtures.index(lines.joined(separator: "\n") + "\n", in: dir, name: "panel")
    let calibrator = try NullCalibrator(
      scanner: try EchoScanner(
        references: references, background: panel, identities: try IdentityCatalog.builtIn(),
        parameters: NullCalibrator.parameters(for: ScanParameters())))
    let answers = calibrator.answers()
    let scans = try answers.map { try calibrator.scan($0) }
    let check = try #require(
      CalibrationSelfCheck(calibrator: calibrator, answers: answers, scans: scans, thresholds: [0.1]))
    #expect(check.halves == [["a-copier", "c-copier"], ["b-independent", "d-independent"]])
    let flagged = try #require(check.tooMany.first, "\(check)")
    #expect(flagged.row.ratio > 2)
  }

  /// A transcript whose prompt the panel never answered is calibrated on answers to other prompts; its findings
  /// record that and count one step weaker, while one whose prompt the panel answered does not. Bare text is judged
  /// by the echoed reference answer's prompt.
  @Test func aCopyAnsweringAPromptThePanelNeverAnsweredRecordsItAndCountsWeaker() throws {
    let s = try Self.setup()
    let scanner = try Self.calibratedScanner(s)
    func copy(of copied: Substring, id: String, prompt: String?) throws -> Passage {
      let text = "In short: 1️⃣" + copied + "2️⃣. That is all."
      let raw = MarkedText(prompt.map { Self.record($0, text) } ?? text)
      let result = try scanner.scan(bytes: raw.bytes, format: prompt == nil ? .markdown : .jsonLines)
      let echoes = result.passages.filter { $0.kind == .echo }
      try #require(echoes.count == 1, "the copy: \(echoes.map(\.text))")
      #expect(echoes[0].best?.documentID == id)
      #expect(echoes[0].range.range == raw.range("1️⃣", "2️⃣"))
      return echoes[0]
    }
    let lighthouse = MatchingFixtures.lighthouse.dropLast()
    let unanswered = try copy(of: lighthouse, id: "lighthouse", prompt: "Tell me about lighthouse keepers.")
    let answered = try copy(of: lighthouse, id: "lighthouse", prompt: Self.grammarPrompt)
    // Bare text: the reference answer's prompt, "Question about lighthouse", is one the panel never answered; the
    // bell foundry's, "Filler question 3", it answered (in other words).
    let bare = try copy(of: lighthouse, id: "lighthouse", prompt: nil)
    let bareAnswered = try copy(of: Self.bellFoundry.dropLast(), id: "bells", prompt: nil)
    #expect(unanswered.best?.significance.panelAnsweredPrompt == false)
    #expect(unanswered.best?.significance.checkedPrompt == .transcript)
    #expect(unanswered.best?.significance.restsOnOtherPrompts == true)
    #expect(answered.best?.significance.panelAnsweredPrompt == true)
    #expect(answered.best?.significance.restsOnOtherPrompts == false)
    #expect(bare.best?.significance.panelAnsweredPrompt == false)
    #expect(bare.best?.significance.checkedPrompt == .reference)
    #expect(bareAnswered.best?.significance.panelAnsweredPrompt == true)
    #expect(bareAnswered.best?.significance.checkedPrompt == .reference)
    for passage in [unanswered, answered, bare, bareAnswered] {
      let best = try #require(passage.best)
      #expect(passage.strength == EvidenceStrength(eValue: best.eValue, basis: best.significance))
    }
  }

  /// The strength rule: a calibrated E-value that rests on answers to other prompts counts one step weaker.
  @Test(arguments: [
    (1e-7, Bool?.some(true), EvidenceStrength.strong), (1e-7, false, .moderate), (1e-7, nil, .strong),
    (1e-4, true, .moderate), (1e-4, false, .weak), (0.0015, false, .weak),
  ])
  func aCalibratedEValueOnOtherPromptsCountsOneStepWeaker(eValue: Double, answered: Bool?, strength: EvidenceStrength) {
    let basis = SignificanceBasis(
      calibrated: true, nullAnswers: 800, nullPassagesAsStrong: 0, extrapolated: false, panelAnsweredPrompt: answered)
    #expect(EvidenceStrength(eValue: eValue, basis: basis) == strength)
    // Without a calibration the flag means nothing: the word-frequency cut-offs alone decide.
    var uncalibrated = SignificanceBasis.uncalibrated
    uncalibrated.panelAnsweredPrompt = false
    #expect(EvidenceStrength(eValue: 1e-61, basis: uncalibrated) == .strong)
  }

  @Test func aCalibrationForAnotherPanelOrLooserThresholdsIsRefusedInOneLine() throws {
    let s = try Self.setup()
    let otherPanel = try MatchingFixtures.index(
      MatchingFixtures.referenceCorpus(fillerCount: 3, model: "other"), in: s.directory, name: "other")
    let identities = try IdentityCatalog.builtIn()
    #expect {
      try EchoScanner(
        references: s.references, background: otherPanel, identities: identities, parameters: ScanParameters(),
        calibration: s.calibration)
    } throws: { error in
      let text = "\(error)"
      return text.contains("calibration does not fit this scan") && text.contains(s.panel.identity)
        && !text.contains("\n")
    }
    var looser = ScanParameters()
    looser.minTokens = 5
    #expect(throws: CalibrationError.self) {
      try EchoScanner(
        references: s.references, background: s.panel, identities: identities, parameters: looser,
        calibration: s.calibration)
    }
    #expect(throws: CalibrationError.self) {
      try EchoScanner(
        references: otherPanel, background: s.panel, identities: identities, parameters: ScanParameters(),
        calibration: s.calibration)
    }
  }

  @Test func aForeignOrNewerFileIsRefused() throws {
    let dir = try TemporaryDirectory()
    let foreign = try dir.write("foreign.json", #"{"format": "something-else", "version": 1}"#)
    #expect(throws: CalibrationError.notACalibration(path: foreign)) { try CalibrationFile.load(path: foreign) }
    let newer = try dir.write("newer.json", #"{"format": "echolens-calibration", "version": 99, "scoring": 3}"#)
    #expect(throws: CalibrationError.unsupportedVersion(path: newer, found: 99)) {
      try CalibrationFile.load(path: newer)
    }
  }

  /// A null read back from its file is what the fit made, also when the file stores only the strongest 20,000 of
  /// more scores; a changed decay, a score moved out of order or a token count of 0 is not.
  @Test func aLoadedNullMustBeWhatItsOwnScoresFit() throws {
    var generator = SeededGenerator(seed: 9)
    for count in [40, 3_000, 30_000] {
      let scores = (0..<count).map { _ in Double(generator.next() % 40_000) / 100 - 50 }
      let null = NullDistribution(scores: scores, tokens: 1_000_000)
      let decoded = try JSONDecoder().decode(NullDistribution.self, from: try JSONEncoder().encode(null))
      #expect(decoded == null)
      #expect(decoded.problem == nil, "\(count) scores: \(decoded.problem ?? "")")
      #expect(decoded.scores.count == min(count, 20_000))

      var steeper = decoded
      steeper.tail.lambda *= 10
      #expect(steeper.problem?.contains("that is not the fit of its own scores") == true)
      var shuffled = decoded
      shuffled.scores.swapAt(0, shuffled.scores.count - 1)
      #expect(shuffled.problem == "has its scores out of order (strongest first)")
      var empty = decoded
      empty.tokens = 0
      #expect(empty.problem == "counts 0 tokens")
      var negative = decoded
      negative.tail.lambda = -0.5
      #expect(negative.problem?.hasSuffix("out of range") == true)
    }
  }

  @Test func theTailIsFittedAndEValuesFallWithStrength() {
    let scores = (0..<200).map { 10 + Double($0 % 50) + Double($0) / 10 }
    let null = NullDistribution(scores: scores, tokens: 100_000)
    #expect(null.tail.lambda > 0)
    #expect(null.tail.count == 40)
    let weak = null.eValue(bits: 20, transcriptTokens: 1000)
    let strong = null.eValue(bits: 200, transcriptTokens: 1000)
    #expect(strong < weak)
    #expect(null.isExtrapolated(bits: 200))
    #expect(!null.isExtrapolated(bits: 20))
    // The gate and the E-value agree: the required bits give the asked-for E-value.
    let bits = null.requiredBits(transcriptTokens: 1000, maxEValue: 1e-4)
    #expect(abs(null.eValue(bits: bits, transcriptTokens: 1000) - 1e-4) < 1e-9)
  }

  /// A small null's tail is fitted to its passages above 0 bits only: those below are never reported and are no
  /// part of the tail, and with them the decay came out shallower.
  @Test func aSmallNullsTailLeavesOutPassagesOfNoBits() {
    let strong = [135.0, 64, 52, 51, 43, 40, 39, 33, 24, 15]
    let weak = [-5.0, -6, -8, -12, -15, -20, -25, -30, -33, -37]
    let null = NullDistribution(scores: strong + weak, tokens: 100_000)
    #expect(null.tail.count == 10)
    #expect(null.tail.threshold == 15)
    #expect(null.tail.lambda > 0.017 && null.tail.lambda < 0.018)
    #expect(null.passageCount == 20, "the rates below the tail still count every passage")
    #expect(null.observedCount(atLeast: -40) == 20)
    // Too few passages above 0 bits: nothing is fitted, whatever lies below.
    #expect(NullDistribution(scores: Array(strong.prefix(9)) + weak, tokens: 100_000).tail.lambda == 0)
  }

  /// However short the transcript, a calibrated passage needs more than 0 bits: by the null's counts alone, a
  /// 10-token answer is within a threshold that a panel with few passages allows, whatever its bits.
  @Test func noBitsAreNeverEnoughHoweverShortTheTranscript() {
    let null = NullDistribution(scores: (0..<12).map { Double(40 - 5 * $0) }, tokens: 100_000)
    #expect(null.eValue(bits: 0, transcriptTokens: 10) <= 0.002)
    #expect(null.eValue(bits: -15, transcriptTokens: 10) <= 0.002)
    let required = null.requiredBits(transcriptTokens: 10, maxEValue: 0.002)
    #expect(required > 0 && required < 1e-9, "any passage with information passes, none without")
    // In a whole answer the null's counts and tail decide.
    #expect(null.requiredBits(transcriptTokens: 5_000, maxEValue: 0.002) > 100)
  }
}

/// A copied list whose line breaks were lost keeps its markers inline; it still matches the original list.
@Suite struct FlattenedListTests {
  static let recipe = """
    1. Preheat the oven to two hundred degrees and line a deep tray with baking parchment.
    2. Mix the flour, the brown sugar and a pinch of sea salt in a wide ceramic bowl.
    3. Add the melted butter slowly while stirring until the crumbs look like wet sand.
    4. Press half of the crumbs into the tray and scatter the sliced plums over them.
    5. Cover the fruit with the rest of the crumbs and bake for forty minutes until golden.
    """

  /// Scans `list` (indexed as `id`) with its line breaks lost, between two sentences, and checks that exactly the
  /// copy is reported, against `id`, word for word; returns the echo for further checks.
  func flattenedCopyIsFound(_ list: String, id: String) throws -> Passage {
    let dir = try TemporaryDirectory()
    let scanner = try MatchingFixtures.scanner(extra: [(id, list)], in: dir)
    let flattened = list.split(separator: "\n").joined(separator: " ")
    let raw = MarkedText("Here it is: 1️⃣" + flattened.dropFirst(3).dropLast() + "2️⃣. That is all.")
    let passages = try MatchingFixtures.scan(raw.text, with: scanner).passages.filter { $0.kind == .echo }
    try #require(passages.count == 1)
    #expect(passages[0].best?.documentID == id)
    #expect(passages[0].range.range == raw.range("1️⃣", "2️⃣"))
    #expect(passages[0].best?.similarity == 1)
    return passages[0]
  }

  @Test func aNumberedListFlattenedInlineStillMatchesTheList() throws {
    let passage = try flattenedCopyIsFound(Self.recipe, id: "plum-crumble")
    // The inline numbers are layout, not inserted words: the copy is word for word.
    #expect(passage.best?.alignment.contains { $0.kind == .insert } == false)
  }

  /// Items of three words, so that every four-token seed of the flattened copy holds a list number the original
  /// never had: only seeds looked up with the numbers left out find it.
  static let shortSteps = """
    1. Soak lentils overnight.
    2. Rinse them twice.
    3. Simmer with cumin.
    4. Add chopped shallots.
    5. Stir in turmeric.
    6. Fold spinach leaves.
    7. Finish with lemon.
    8. Garnish using coriander.
    """

  @Test func aFlattenedListOfShortItemsIsFoundThroughSeedsAcrossItsNumbers() throws {
    _ = try flattenedCopyIsFound(Self.shortSteps, id: "lentil-steps")
  }
}
