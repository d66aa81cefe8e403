/// A reference output as stored in the index, with the metadata hover and evidence quote.
public struct ReferenceDocument: Sendable, Hashable {
  /// The document's number within its shard.
  public var number: Int
  public var id: String
  public var model: String
  public var source: String
  public var prompt: String?
  /// The output text exactly as it was read (UTF-8).
  public var text: [UInt8]
  public var tokenCount: Int
}
