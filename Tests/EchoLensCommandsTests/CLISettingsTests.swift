import Foundation
import TestSupport
import Testing

/// Usage and settings checks of the CLI, run as a user runs it: help for every subcommand, the shared range checks
/// of `ScanSettingRules`, and an index without documents refused at build time.
@Suite struct CLISettingsTests {
  func echolens(_ arguments: [String], in directory: TemporaryDirectory) throws -> ProcessResult {
    try ProcessRunner.run(CLITests.binary, arguments, currentDirectory: directory.path)
  }

  @Test(arguments: [
    (["scan", "--help"], "usage: echolens scan --index PATH"),
    (["scan", "--index", "x.eli", "-h"], "usage: echolens scan --index PATH"),
    (["index", "--help"], "usage: echolens index build INPUT..."),
    (["index", "build", "--help"], "usage: echolens index build INPUT..."),
    (["demo", "--help"], "usage: echolens demo"),
    (["serve", "--help"], "usage: echolens serve"),
  ])
  func everySubcommandPrintsItsUsageOnHelp(arguments: [String], usage: String) throws {
    let dir = try TemporaryDirectory()
    let result = try echolens(arguments, in: dir)
    #expect(result.exitCode == 0, "\(result.standardError)")
    #expect(result.standardOutput.hasPrefix(usage))
    #expect(result.standardError == "")
  }

  /// The same rule, worded as the editor words it (`LanguageServerTests.SettingsValidationTests`), names the flag.
  @Test(arguments: [
    (["--min-similarity", "5"], "--min-similarity takes a number from 0 to 1, not 5"),
    (["--min-tokens", "0"], "--min-tokens takes a whole number, 1 or more, not 0"),
    (["--max-evalue", "-1"], "--max-evalue takes a positive number, not -1"),
    (["--max-passages", "0"], "--max-passages takes a whole number, 1 or more, not 0"),
    (["--max-seed-documents", "-3"], "--max-seed-documents takes a whole number, 1 or more, not -3"),
    (["--kinds", "echo,echos"], "--kinds takes kinds from echo, self-identification, common-text, not 'echos'"),
    (["--max-file-bytes", "-1"], "--max-file-bytes takes a whole number of bytes, 0 or more, not -1"),
  ])
  func aSettingOutOfRangeIsOneUsageLineNamingTheFlag(flag: [String], message: String) throws {
    let dir = try TemporaryDirectory()
    let transcript = try dir.write("t.md", "hello\n")
    // The index does not exist: the parameters are checked before any file is opened.
    let result = try echolens(["scan", "--index", dir.path + "/missing.eli"] + flag + [transcript], in: dir)
    #expect(result.exitCode == 2)
    #expect(result.standardOutput == "")
    #expect(result.standardError == "echolens: error: usage error: \(message) (see `echolens --help`)\n")
  }

  @Test func anIndexWithoutDocumentsIsRefusedAndNothingIsWritten() throws {
    let dir = try TemporaryDirectory()
    let corpus = try dir.write("corpus.jsonl", #"{"id": "only", "model": "m"}"# + "\n\n")
    let result = try echolens(["index", "build", corpus, "-o", "out.eli", "--quiet"], in: dir)
    #expect(result.exitCode == 2)
    #expect(
      result.standardError.hasSuffix(
        "echolens: error: index build failed: no documents in \(corpus) (1 bad records skipped); "
          + "an index without documents finds nothing, so none was written\n"))
    let left = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
    #expect(left == ["corpus.jsonl"])
  }
}
