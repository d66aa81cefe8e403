import Foundation
import ReferenceIndex
import TextProcessing

/// Scans the panel's independent answers against the reference with the ordinary engine, one answer at a time,
/// to collect the null scores that `NullCalibration` fits.
///
/// Each panel answer is scanned as if it were a new transcript by an unknown model: its prompt and its conversation's
/// earlier user turns go with it, and its own model's answers are left out of the same-prompt discounts and of the
/// background, so that the null sees what a real independent transcript would. Every echo passage is kept whatever
/// its strength; the fit needs the tail.
public struct NullCalibrator: Sendable {
  /// A scanner over the reference with the panel as its background, and no calibration.
  public let scanner: EchoScanner

  /// One panel answer to scan.
  public struct Answer: Sendable, Hashable {
    public var shard: Int
    public var number: Int
    public var model: String
  }

  /// What one null answer gave, scanned with its prompt and as bare text.
  public struct AnswerScan: Sendable {
    /// Bits of each echo passage found with the prompt (empty when the answer has no prompt).
    public var promptedBits: [Double]
    /// Bits of each echo passage found in the bare text.
    public var bareBits: [Double]
    /// Tokens scanned.
    public var tokens: Int
    /// Whether the answer had a prompt that other panel models also answered.
    public var prompted: Bool
    /// Whether it was scanned with its conversation's earlier user turns (a follow-up whose panel record kept them).
    public var withEarlierTurns: Bool

    public init(
      promptedBits: [Double], bareBits: [Double], tokens: Int, prompted: Bool, withEarlierTurns: Bool = false
    ) {
      self.promptedBits = promptedBits
      self.bareBits = bareBits
      self.tokens = tokens
      self.prompted = prompted
      self.withEarlierTurns = withEarlierTurns
    }
  }

  /// The null is collected with looser gates than a scan's defaults, so that it holds enough passages to fit a tail
  /// and so that E-values up to about 0.1 per answer are measured rather than bounded: a passage's calibrated
  /// E-value then counts null passages of at least this length and similarity, which a scan with stricter gates
  /// can only overstate (conservative), never understate.
  public static let minTokens = 12
  public static let minSimilarity = 0.6

  /// `scan`'s parameters with the gates loosened to the calibration's.
  public static func parameters(for scan: ScanParameters) -> ScanParameters {
    var p = scan
    p.minTokens = min(scan.minTokens, minTokens)
    p.minSimilarity = min(scan.minSimilarity, minSimilarity)
    return p
  }

  /// - Throws: `CalibrationError.emptyPanel` when the scanner has no background to use as the panel.
  public init(scanner: EchoScanner) throws {
    guard scanner.background != nil else {
      throw CalibrationError.emptyPanel(detail: "no panel: give the independent answers as a background index")
    }
    self.scanner = scanner
  }

  /// How many of the reference's answers have a prompt, and for how many of those the panel holds answers to the
  /// same prompt.
  ///
  /// A transcript that answers a prompt the panel never answered is calibrated on answers to other prompts, which
  /// understate how alike answers to one prompt run; its findings say so (`SignificanceBasis.panelAnsweredPrompt`).
  /// A panel that answered few of the reference's prompts will say so on most findings, and `calibrate` warns.
  public func referencePromptCoverage() throws -> (withPrompt: Int, answeredByPanel: Int) {
    guard let panel = scanner.panel else { return (0, 0) }
    var withPrompt = 0
    var answered = 0
    for shard in scanner.references.shards {
      for n in 0..<shard.documentCount {
        guard let prompt = try shard.prompt(n) else { continue }
        withPrompt += 1
        if panel.answerCount(prompt: prompt, excludingModel: nil) > 0 { answered += 1 }
      }
    }
    return (withPrompt, answered)
  }

  /// The panel's answers, optionally only those that `include` accepts.
  public func answers(where include: (ReferenceDocument) -> Bool = { _ in true }) -> [Answer] {
    guard let panel = scanner.background else { return [] }
    var out: [Answer] = []
    for (s, shard) in panel.shards.enumerated() {
      for n in 0..<shard.documentCount {
        guard let document = try? shard.document(n), include(document) else { continue }
        out.append(Answer(shard: s, number: n, model: document.model))
      }
    }
    return out
  }

  /// Scans one panel answer as a transcript by an unknown model: with its prompt, and as bare text.
  ///
  /// - Throws: `IndexError` when the reference or the panel turns out to be damaged.
  public func scan(_ answer: Answer) throws -> AnswerScan {
    guard let panel = scanner.background else {
      return AnswerScan(promptedBits: [], bareBits: [], tokens: 0, prompted: false)
    }
    let document = try panel.shards[answer.shard].document(answer.number)
    // A transcript's answer is scanned with its conversation's earlier user turns (their text is dictated, not
    // evidence), so a null answer is too: else a follow-up that restates the first question would count as a strong
    // null passage that no transcript shows, and every E-value would be larger than it should be.
    let earlierPrompts = try panel.shards[answer.shard].earlierPrompts(answer.number)
    func echoBits(prompt: String?) throws -> (bits: [Double], tokens: Int) {
      let segment = TranscriptSegment(
        role: .answer, text: document.text, offsets: OffsetMap(base: 0), record: 0, prompt: prompt,
        earlierPrompts: prompt == nil ? [] : earlierPrompts)
      let result = try scanner.scan(
        Transcript(format: .jsonLines, segments: [segment]), mode: EchoScanner.Mode(nullModel: document.model),
        isCancelled: { false })
      return (result.passages.compactMap { $0.kind == .echo ? $0.best?.bits : nil }, result.tokenCount)
    }
    let bare = try echoBits(prompt: nil)
    let prompted =
      document.prompt.map { scanner.panel?.answerCount(prompt: $0, excludingModel: document.model) ?? 0 > 0 }
      ?? false
    return AnswerScan(
      promptedBits: prompted ? try echoBits(prompt: document.prompt).bits : [], bareBits: bare.bits,
      tokens: bare.tokens, prompted: prompted, withEarlierTurns: prompted && !earlierPrompts.isEmpty)
  }

  /// The calibration fitted to the scans of `answers`.
  public func calibration(answers: [Answer], scans: [AnswerScan], tool: String) -> NullCalibration {
    let references = scanner.references
    let panel = scanner.background!
    return NullCalibration(
      tool: tool,
      reference: .init(
        identity: references.identity, documents: references.documentCount, tokens: references.tokenCount),
      panel: .init(identity: panel.identity, documents: panel.documentCount, tokens: panel.tokenCount),
      parameters: scanner.parameters, nullAnswers: answers.count, nullModels: Array(Set(answers.map(\.model))),
      prompted: NullDistribution(
        scores: scans.flatMap(\.promptedBits), tokens: scans.filter(\.prompted).reduce(0) { $0 + $1.tokens }),
      bare: NullDistribution(scores: scans.flatMap(\.bareBits), tokens: scans.reduce(0) { $0 + $1.tokens }))
  }
}
