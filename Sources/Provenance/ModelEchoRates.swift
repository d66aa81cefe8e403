/// How much one model's answers echo one candidate teacher: the descriptive figures of the report.
public struct ModelEchoRates: Codable, Sendable, Hashable {
  /// The answering model.
  public var model: String
  public var answers: Int
  public var tokens: Int
  /// Passages (echo and common-text) whose best match is the candidate, per 100 answers. The test uses this count.
  public var passagesPer100Answers: Double
  /// Share of the answers' text covered by those passages, 0...1.
  public var shareOfText: Double

  public init(model: String, answers: [AnswerObservation], candidate: String) {
    self.model = model
    self.answers = answers.count
    tokens = answers.reduce(0) { $0 + $1.tokenCount }
    let passages = answers.reduce(0) { $0 + ($1.passages[candidate] ?? 0) }
    let bytes = answers.reduce(0) { $0 + $1.scannedBytes }
    let echoed = answers.reduce(0) { $0 + ($1.echoedBytes[candidate] ?? 0) }
    passagesPer100Answers = answers.isEmpty ? 0 : 100 * Double(passages) / Double(answers.count)
    shareOfText = bytes == 0 ? 0 : min(1, Double(echoed) / Double(bytes))
  }
}
