import Evidence
import Foundation
import Matching
import ReferenceIndex
import TextProcessing

/// `echolens demo`: the whole job on an embedded default, so a new user sees real findings with one command.
///
/// The reference corpus and the transcript were written for this project and ship as package resources. The demo
/// builds an index of the corpus in a temporary folder with the same builder as `index build`, then scans the
/// transcript with the same scanner and output as `scan`.
enum DemoCommand {
  static let usage = "usage: echolens demo [--format text|json|sarif] [--keep]"

  static func run(_ arguments: [String]) throws -> Int32 {
    let args = try CommandArguments(arguments, options: ["--format"], flags: ["--keep"])
    let formatName = args.value("--format") ?? "text"
    guard let format = ScanOutputFormat(rawValue: formatName) else {
      throw CommandError.usage("--format takes text, json or sarif, not '\(formatName)'")
    }
    guard let corpus = Bundle.module.url(forResource: "reference", withExtension: "jsonl", subdirectory: "Demo"),
      let transcript = Bundle.module.url(forResource: "transcript", withExtension: "md", subdirectory: "Demo")
    else {
      throw CommandError.failed("the demo resources are missing from the echolens bundle")
    }
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("echolens-demo-\(getpid())")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { if !args.has("--keep") { try? FileManager.default.removeItem(at: folder) } }
    let indexPath = folder.appendingPathComponent("demo.eli").path
    let transcriptPath = folder.appendingPathComponent("transcript.md").path
    try FileManager.default.copyItem(atPath: transcript.path, toPath: transcriptPath)

    var options = IndexBuildOptions()
    options.toolVersion = ToolVersion.string
    options.builtAt = 0
    let build = try IndexBuilder(inputs: [corpus.path], outputPath: indexPath, options: options).build()
    StandardStreams.error(
      "echolens demo: built \(indexPath) (\(build.documentCount) reference answers by gpt-4-demo), scanning transcript.md\n"
        + "equivalent to: echolens scan --index \(indexPath) \(transcriptPath)\n\n")

    let scanner = try EchoScannerConfiguration(indexPaths: [indexPath]).open()
    let parameters = scanner.parameters
    let damage = IndexDamageCheck(verifying: [scanner.references])
    var file = ScanCommand.scanFile(transcriptPath, scanner: scanner, maxFileBytes: 1 << 20, damage: damage)
    try damage.check()
    file.path = "transcript.md"
    let run = ScanOutputRun(
      tool: EvidenceTool(version: ToolVersion.string), parameters: parameters, references: scanner.references,
      background: nil)
    StandardStreams.out(try ScanOutput.render([file], run: run, format: format))
    if format == .text {
      // The demo has no calibration, so the uncalibrated threshold is the one that applied.
      let threshold =
        scanner.calibration == nil
        ? "an uncalibrated E-value <= \(parameters.maxUncalibratedEValue)"
        : "E-value <= \(parameters.maxEValue)"
      StandardStreams.out(
        "\nNot reported: \"I hope this helps!\" also closes the reference answers, but a 4-word stock phrase is\n"
          + "below the evidence thresholds (at least \(parameters.minTokens) tokens and \(threshold)).\n"
      )
    }
    return 0
  }
}
