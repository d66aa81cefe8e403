import Foundation
import ReferenceIndex

/// The `echolens` command line: dispatches to the subcommands and turns every error into one line and status 2.
public enum EchoLensCLI {
  static let usage = """
    echolens \(ToolVersion.string): find passages of AI transcripts that echo a reference model's known outputs.

    usage: echolens demo                      build the embedded demo index and scan the demo transcript
           echolens index build|info|verify   build and inspect the shared reference index
           echolens calibrate --index PATH --background PANEL -o FILE
                                              fit E-values to independent answers (the panel)
           echolens scan --index PATH PATH... scan transcripts (text, json or sarif output)
           echolens report --panel PATH ...  the verdict: did the suspect learn from a reference model?
           echolens verify REPORT.json...     check evidence reports: digest, transcript, indexes, rescan
           echolens serve                     run the language server on stdin/stdout
           echolens --version

    """

  /// Runs the command line `arguments` (without the program name) and returns the exit status.
  public static func run(_ arguments: [String]) -> Int32 {
    guard let command = arguments.first else {
      StandardStreams.error(usage)
      return 2
    }
    let rest = Array(arguments.dropFirst())
    InterruptCleanup.install()
    if let usage = subcommandUsage(command, rest) {
      StandardStreams.out(usage + "\n")
      return 0
    }
    do {
      switch command {
      case "index": return try IndexCommand.run(rest)
      case "scan": return try ScanCommand.run(rest)
      case "calibrate": return try CalibrateCommand.run(rest)
      case "report": return try ReportCommand.run(rest)
      case "verify": return try VerifyCommand.run(rest)
      case "demo": return try DemoCommand.run(rest)
      case "serve": return ServeCommand.run(arguments: rest)
      case "--version", "version":
        StandardStreams.out("echolens \(ToolVersion.string)\n")
        return 0
      case "--help", "-h", "help":
        StandardStreams.out(
          usage + IndexCommand.usage + "\n" + CalibrateCommand.usage + "\n" + ScanCommand.usage + "\n" + ReportCommand.usage + "\n" + VerifyCommand.usage + "\n")
        return 0
      default:
        throw CommandError.usage("unknown command '\(command)'")
      }
    } catch {
      StandardStreams.error("echolens: error: \(error)\n")
      return 2
    }
  }

  /// The usage of `command` when its arguments ask for help (`--help` or `-h` before any `--`), else nil.
  static func subcommandUsage(_ command: String, _ arguments: [String]) -> String? {
    let options = arguments.prefix { $0 != "--" }
    guard options.contains("--help") || options.contains("-h") else { return nil }
    switch command {
    case "index": return IndexCommand.usage
    case "scan": return ScanCommand.usage
    case "calibrate": return CalibrateCommand.usage
    case "demo": return DemoCommand.usage
    case "report": return ReportCommand.usage
    case "verify": return VerifyCommand.usage
    case "serve": return ServeCommand.usage
    default: return nil
    }
  }
}
