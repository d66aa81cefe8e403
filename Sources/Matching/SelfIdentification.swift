/// What a self-identification finding claims.
public struct SelfIdentification: Codable, Sendable, Hashable {
  /// The model or product the text claims to be (for example `ChatGPT`), when it names one.
  public var claimedModel: String?
  /// The maker the text names or implies (for example `OpenAI`).
  public var maker: String
  /// The rule of the identity list that matched (for example `self-phrase + model name`).
  public var rule: String

  public init(claimedModel: String?, maker: String, rule: String) {
    self.claimedModel = claimedModel
    self.maker = maker
    self.rule = rule
  }
}
