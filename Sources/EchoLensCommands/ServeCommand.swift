import Foundation
import LanguageServer

/// `echolens serve`: the language server on standard input and output (LSP 3.17, `Protocol/LSP.md`).
///
/// Standard output carries only protocol frames; logs go to standard error (level from `ECHOLENS_LOG`).
public enum ServeCommand {
  static let usage = "usage: echolens serve [--stdio]"

  /// Runs the server until the client sends `exit` or closes standard input.
  ///
  /// - Parameter arguments: the words after `serve`; `--stdio` (what some clients add) is accepted and ignored.
  /// - Returns: 0 after `shutdown` then `exit`, 1 when the client exits or disconnects without `shutdown`, 2 for
  ///   unknown arguments.
  public static func run(arguments: [String]) -> Int32 {
    for argument in arguments where argument != "--stdio" {
      FileHandle.standardError.write(
        Data("echolens serve: unknown argument \(argument)\n\(usage)\n".utf8))
      return 2
    }
    return LanguageServerMain.run(version: ToolVersion.string)
  }
}
