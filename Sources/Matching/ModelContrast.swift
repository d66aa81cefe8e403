/// The strongest match of a passage in an answer by another model (or model group) than the one it is attributed
/// to.
///
/// A reference index often holds several models' answers to the same prompts. A passage that matches gpt-3.5-turbo's
/// answer nearly as well as gpt-4's is evidence that the text is shared among vendors' answers, not that it came
/// from gpt-4 in particular; the finding says so and its strength is lowered.
public struct ModelContrast: Codable, Sendable, Hashable {
  /// The other model group (its name, or the model's own name when it is in no group).
  public var model: String
  /// The reference document in that group that matches best.
  public var documentID: String
  /// That match's bits.
  public var bits: Double
  /// Its bits as a share of the attributed match's bits.
  public var share: Double

  /// At this share or more, the other model matches "nearly as well" and the passage is not evidence for the best
  /// model alone.
  public static let nearlyAsWell = 0.9

  public init(model: String, documentID: String, bits: Double, share: Double) {
    self.model = model
    self.documentID = documentID
    self.bits = bits
    self.share = share
  }

  /// Whether the other model matches nearly as well as the attributed one.
  public var isNearlyAsGood: Bool { share >= Self.nearlyAsWell }
}
