/// What an index was built from and by, stored as JSON in the metadata section.
///
/// An evidence report quotes it so that a third party can rebuild the same index from the same inputs and get the
/// same bytes. `builtAt` is therefore not the wall clock: it is `SOURCE_DATE_EPOCH` when set, else the newest
/// modification time of the inputs, so a rebuild is byte-identical.
public struct BuildMetadata: Codable, Sendable, Hashable {
  public struct Input: Codable, Sendable, Hashable {
    public var path: String
    public var byteCount: Int
    public var sha256: String
    public init(path: String, byteCount: Int, sha256: String) {
      self.path = path
      self.byteCount = byteCount
      self.sha256 = sha256
    }
  }

  public var tool: String
  public var toolVersion: String
  /// Seconds since 1970 (UTC).
  public var builtAt: Int64
  public var inputs: [Input]
  /// The options that change which records were read and how they are labelled.
  public var options: [String: String]
  /// Records read, and records skipped as bad (each was reported during the build).
  public var recordCount: Int
  public var skippedRecordCount: Int

  public init(
    tool: String = "echolens", toolVersion: String, builtAt: Int64, inputs: [Input], options: [String: String],
    recordCount: Int, skippedRecordCount: Int
  ) {
    self.tool = tool
    self.toolVersion = toolVersion
    self.builtAt = builtAt
    self.inputs = inputs
    self.options = options
    self.recordCount = recordCount
    self.skippedRecordCount = skippedRecordCount
  }
}
