/// A failure the CLI reports as one line on stderr before exiting with status 2.
public enum CommandError: Error, CustomStringConvertible {
  /// The command line itself is wrong.
  case usage(String)
  /// Something the command needed failed; the message names what and where.
  case failed(String)

  public var description: String {
    switch self {
    case .usage(let m): "usage error: \(m) (see `echolens --help`)"
    case .failed(let m): m
    }
  }
}
