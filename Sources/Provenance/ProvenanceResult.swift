/// Everything the report shows, before rendering.
public struct ProvenanceResult: Codable, Sendable, Hashable {
  public var parameters: ProvenanceParameters
  public var suspectName: String
  /// The models named by the suspect's answers.
  public var suspectModels: [String]
  public var suspectAnswers: Int
  public var panelModels: [String]
  public var panelAnswers: Int
  /// Prompts answered by the suspect and the panel.
  public var pairedPrompts: Int
  /// Paired by prompt, or answers compared unpaired (`TestDesign`).
  public var design: TestDesign
  /// One per candidate teacher, in name order.
  public var candidates: [CandidateResult]
  public var selfIdentification: [SelfIdentificationTally]
  public var verdict: ProvenanceVerdict
}
