/// How often the suspect, and the panel, claim to be one model or maker: a line of evidence of its own.
///
/// A model trained on another's outputs often repeats its "I am ChatGPT, made by OpenAI". Such claims are counted
/// apart from echoes and never enter the test; the panel's rate shows how common the claim is anyway.
public struct SelfIdentificationTally: Codable, Sendable, Hashable {
  public var claimedModel: String?
  public var maker: String
  /// Suspect answers with at least one such claim.
  public var suspectAnswers: Int
  public var suspectPer100Answers: Double
  /// Panel answers with at least one such claim.
  public var panelAnswers: Int
  public var panelPer100Answers: Double

  /// One tally per (claimed model, maker) seen in either group, most frequent in the suspect first.
  public static func tallies(suspect: [AnswerObservation], panel: [AnswerObservation]) -> [SelfIdentificationTally] {
    struct Key: Hashable, Comparable {
      var model: String
      var maker: String
      static func < (a: Key, b: Key) -> Bool { (a.maker, a.model) < (b.maker, b.model) }
    }
    func counts(_ answers: [AnswerObservation]) -> [Key: Int] {
      var out: [Key: Int] = [:]
      for answer in answers {
        for key in Set(answer.claims.map { Key(model: $0.claimedModel ?? "", maker: $0.maker) }) {
          out[key, default: 0] += 1
        }
      }
      return out
    }
    let s = counts(suspect)
    let p = counts(panel)
    func per100(_ n: Int, _ of: Int) -> Double { of == 0 ? 0 : 100 * Double(n) / Double(of) }
    return Set(s.keys).union(p.keys).sorted { (s[$1] ?? 0, $0) < (s[$0] ?? 0, $1) }.map { key in
      SelfIdentificationTally(
        claimedModel: key.model.isEmpty ? nil : key.model, maker: key.maker, suspectAnswers: s[key] ?? 0,
        suspectPer100Answers: per100(s[key] ?? 0, suspect.count), panelAnswers: p[key] ?? 0,
        panelPer100Answers: per100(p[key] ?? 0, panel.count))
    }
  }
}
