/// The version `echolens --version` prints and every index and report records.
public enum ToolVersion {
  public static let string = "0.1.0"
}
