/// What `echolens serve` fixes when it starts the server, as opposed to what the client configures.
public struct ServerOptions: Sendable {
  /// The version in `serverInfo` and evidence reports.
  public var version: String
  /// The process environment, read for `ECHOLENS_INDEX` and for `HOME` (what `~/` in a path setting means).
  public var environment: [String: String]
  /// Files at least this large get work-done progress while they are scanned.
  public var progressThresholdBytes = 256 << 10
  /// How many documents keep what their rescans reuse (`PieceResults`): those scanned last. It holds every
  /// candidate passage of a file, megabytes for a 1 MB file full of echoes, and an auditor edits one or two files
  /// at a time; another document is scanned whole at its next edit, and reuses again from then on.
  public var documentsKeepingPieces = 3
  /// How often the index files are checked for replacement (see `Server.reopenIndexIfChanged`), in seconds.
  public var indexWatchSeconds = 1.0

  public init(version: String, environment: [String: String]) {
    self.version = version
    self.environment = environment
  }
}
