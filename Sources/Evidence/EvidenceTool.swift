/// The program that produced a report or a scan output, so that a reader knows which rules it was judged by.
public struct EvidenceTool: Codable, Sendable, Hashable {
  /// The program name, `echolens`.
  public var name: String
  /// Its version string as `echolens --version` prints it.
  public var version: String

  public init(name: String = "echolens", version: String) {
    self.name = name
    self.version = version
  }
}
