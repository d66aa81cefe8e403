import Evidence
import Foundation
import Matching
import ReferenceIndex

/// `echolens calibrate`: scans a panel of independent answers against the reference and writes the fitted null
/// that turns every later finding's bits into a calibrated E-value (`Protocol/CALIBRATION.md`).
enum CalibrateCommand {
  static let usage = """
    usage: echolens calibrate --index PATH [--index PATH...] --background PANEL [--background PANEL...]
                              -o FILE [--models NAME,NAME...] [--min-tokens N] [--min-similarity X]
                              [--max-seed-documents N] [--jobs N]
      PANEL: an index built by `echolens index build` from answers by models and people known to be independent
      of the reference, ideally to the same prompts; give the same PANEL as --background when scanning.
    """

  static func run(_ arguments: [String]) throws -> Int32 {
    let args = try CommandArguments(
      arguments,
      options: [
        "--index", "--background", "-o", "--output", "--models", "--min-tokens", "--min-similarity",
        "--max-seed-documents", "--jobs",
      ], flags: [])
    guard !args.all("--index").isEmpty else { throw CommandError.usage("calibrate needs --index PATH") }
    guard !args.all("--background").isEmpty else {
      throw CommandError.usage("calibrate needs --background PANEL, the index of independent answers")
    }
    guard let output = args.value("-o") ?? args.value("--output") else {
      throw CommandError.usage("calibrate needs -o FILE")
    }
    guard args.positional.isEmpty else {
      throw CommandError.usage("calibrate takes no file arguments; the panel is the --background index")
    }
    try OutputGuard.refuse(
      output: output, writing: "the calibration", inputs: args.all("--index") + args.all("--background"))
    var scan = ScanParameters()
    if let v = try args.int("--min-tokens") { scan.minTokens = v }
    if let v = try args.double("--min-similarity") { scan.minSimilarity = v }
    if let v = try args.int("--max-seed-documents") { scan.maxSeedDocuments = v }
    let parameters = NullCalibrator.parameters(for: scan)
    let jobs = try args.int("--jobs") ?? ProcessInfo.processInfo.activeProcessorCount
    guard jobs >= 1 else { throw CommandError.usage("--jobs takes a positive number") }
    let scanner = try ScanCommand.checked {
      try EchoScannerConfiguration(
        indexPaths: args.all("--index"), backgroundIndexPaths: args.all("--background"), parameters: parameters
      ).open()
    }
    let calibrator = try NullCalibrator(scanner: scanner)
    let models = args.value("--models").map { Set($0.split(separator: ",").map(String.init)) }
    let answers = calibrator.answers { models?.contains($0.model) ?? true }
    guard !answers.isEmpty else {
      throw CalibrationError.emptyPanel(
        detail: "the panel holds no answers" + (models == nil ? "" : " by those models"))
    }
    let progress = ScanProgressDisplay(totalFiles: answers.count)
    let start = Date()
    let results = ScanJobs.run(
      answers.count, jobs: jobs, finished: { _, _ in progress.fileDone(bytes: 0) },
      job: { i in Result { try calibrator.scan(answers[i]) } })
    progress.finish()
    let scans = try results.map { try $0.get() }
    var calibration = calibrator.calibration(answers: answers, scans: scans, tool: ToolVersion.string)
    let check = CalibrationSelfCheck(calibrator: calibrator, answers: answers, scans: scans)
    calibration.selfCheck = check
    let coverage = try calibrator.referencePromptCoverage()
    let file = try CalibrationFile.write(calibration, to: output)
    let seconds = Date().timeIntervalSince(start)
    let promptCoverage =
      coverage.withPrompt == 0
      ? "none has a prompt" : "\(coverage.answeredByPanel) of \(coverage.withPrompt) with a prompt"
    let p = calibration.prompted
    let b = calibration.bare
    StandardStreams.out(
      """
      wrote \(output) (sha256 \(file.sha256))
        \(answers.count) independent answers by \(calibration.nullModels.count) models, scanned in \(String(format: "%.1f", seconds)) s
        \(scans.filter(\.withEarlierTurns).count) of them follow-ups, scanned with their conversation's earlier user turns
        with prompts: \(p.passageCount) null passages in \(p.tokens) tokens, strongest \(String(format: "%.1f", p.scores.first ?? 0)) bits
        as bare text: \(b.passageCount) null passages in \(b.tokens) tokens, strongest \(String(format: "%.1f", b.scores.first ?? 0)) bits
        reference answers whose prompt the panel answered too: \(promptCoverage)
      scan with: --background \(args.all("--background").joined(separator: " --background ")) --calibration \(output)

      """)
    if let check {
      StandardStreams.out(Self.describe(check))
      for (null, row) in check.tooMany {
        StandardStreams.error(
          "echolens: warning: self-check \(null): \(row.observed) passages with E <= \(row.threshold) where "
            + "\(CalibrationSelfCheck.decimal(row.expected)) were expected "
            + "(x\(CalibrationSelfCheck.decimal(row.ratio))); E-values fitted to one half of this panel understate "
            + "how often the other half's models reach them, so findings may be stronger than they are: add more "
            + "independent models to the panel\n")
      }
    } else {
      StandardStreams.out("self-check: not possible with one panel model (it needs models to hold out)\n")
    }
    if coverage.withPrompt > 0, 2 * coverage.answeredByPanel < coverage.withPrompt {
      StandardStreams.error(
        "echolens: warning: the panel answered the prompts of only \(coverage.answeredByPanel) of the reference's "
          + "\(coverage.withPrompt) answers with a prompt; a transcript that answers one of the others is calibrated "
          + "on answers to other prompts, which understate how alike answers to one prompt run, and its findings say "
          + "\"none to this prompt\"\n")
    }
    return 0
  }

  /// The self-check as `calibrate` prints it: one line per null, each threshold's count against the expected one.
  static func describe(_ check: CalibrationSelfCheck) -> String {
    "self-check: fitted to the answers of half the panel's models, counted on the other half's, and the "
      + "other way round (\(check.halves[0].joined(separator: ", ")) | \(check.halves[1].joined(separator: ", "))); "
      + "judged where at least \(Int(CalibrationSelfCheck.minimumExpected)) passages are expected\n"
      + check.lines().map { "  \($0)\n" }.joined()
  }

}
