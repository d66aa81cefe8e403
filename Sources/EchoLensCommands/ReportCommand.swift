import Evidence
import Foundation
import Matching
import Provenance
import ProvenanceReport
import ReferenceIndex
import TextProcessing

/// `echolens report`: did the suspect learn from one of the reference index's models? The corpus-level verdict.
///
/// The command gathers answers (scanning transcripts, or reading `scan --format json` documents of partitioned
/// runs), hands them to `ProvenanceAnalysis`, and renders the result. All statistics live in `Provenance`.
enum ReportCommand {
  static let usage = """
    usage: echolens report [--index PATH...] --panel PATH [--panel PATH...] [--format text|json|html]
                           [--output FILE] [--candidates MODEL,MODEL] [--suspect-name NAME] [--alpha X]
                           [--background PATH...] [--calibration FILE] [scan threshold flags] [--jobs N]
                           [--evidence DIR] SUSPECT...
      SUSPECT and --panel PATH: transcripts (files or folders, any format scan reads) or scan --format json outputs
      --evidence DIR: write a sealed evidence report (.json + .md) per transcript holding a strongest example
    exit status: 0 no teacher named, 1 a teacher named, 2 error
    """

  static func run(_ arguments: [String]) throws -> Int32 {
    let args = try CommandArguments(
      arguments,
      options: [
        "--index", "--background", "--panel", "--format", "--output", "--candidates", "--suspect-name", "--alpha",
        "--min-tokens", "--min-similarity", "--max-evalue", "--max-passages", "--kinds", "--identities",
        "--own-identity", "--max-file-bytes", "--max-seed-documents", "--jobs", "--calibration",
        "--max-uncalibrated-evalue", "--model-group", "--evidence",
      ], flags: [])
    guard !args.positional.isEmpty else { throw CommandError.usage("report needs the suspect's transcripts") }
    let panelPaths = args.all("--panel")
    guard !panelPaths.isEmpty else {
      throw CommandError.usage("report needs --panel PATH: answers of independent models to the same prompts")
    }
    let formatName = args.value("--format") ?? "text"
    guard let format = ReportFormat(rawValue: formatName) else {
      throw CommandError.usage("--format takes text, json or html, not '\(formatName)'")
    }
    var provenance = ProvenanceParameters()
    if let alpha = try args.double("--alpha") {
      guard alpha > 0 && alpha < 1 else { throw CommandError.usage("--alpha takes a number between 0 and 1") }
      provenance.alpha = alpha
    }
    let candidates = args.value("--candidates").map {
      $0.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    if let output = args.value("--output") {
      try OutputGuard.refuse(
        output: output, writing: "the report",
        inputs: args.positional + panelPaths + args.all("--index") + args.all("--background")
          + args.all("--calibration"))
    }
    // Checked before any work: an unusable folder stops the report before anything is scanned or written.
    let evidence = try EvidenceFolderOption(args)

    var inputs = ReportInputs()
    let suspectScans = args.positional.filter(ReportScanDocument.isScanDocument)
    let panelScans = panelPaths.filter(ReportScanDocument.isScanDocument)
    for path in suspectScans { try ReportScanDocument.add(path, to: &inputs, group: .suspect) }
    for path in panelScans { try ReportScanDocument.add(path, to: &inputs, group: .panel) }
    let suspectTranscripts = args.positional.filter { !suspectScans.contains($0) }
    let panelTranscripts = panelPaths.filter { !panelScans.contains($0) }
    if !suspectTranscripts.isEmpty || !panelTranscripts.isEmpty {
      try scan(suspect: suspectTranscripts, panel: panelTranscripts, args: args, into: &inputs)
    }
    let tool = EvidenceTool(version: ToolVersion.string)
    var document = try ReportDocument(
      inputs: inputs, tool: tool, parameters: provenance, candidates: candidates,
      suspectName: args.value("--suspect-name"))
    if let evidence {
      // Evidence first, then the report: the report never names an evidence file that is not written.
      let export = ReportEvidenceExport(writer: evidence.writer, workspaceRoot: evidence.workspaceRoot, tool: tool)
      do {
        try export.write(into: &document, inputs: inputs)
      } catch {
        throw CommandError.failed("--evidence \(evidence.given): \(error)")
      }
    }
    let text = try format.render(document)
    if let output = args.value("--output") {
      try ReportOutputFile.write(text, to: output)
    } else {
      StandardStreams.out(text)
    }
    return document.result.verdict.teacher == nil ? 0 : 1
  }

  /// Scans the transcripts with the report's parameters into `inputs`; the first unreadable file stops the report.
  static func scan(suspect: [String], panel: [String], args: CommandArguments, into inputs: inout ReportInputs) throws {
    guard !args.all("--index").isEmpty else {
      throw CommandError.usage("report needs --index PATH to scan transcripts (or give scan --format json outputs)")
    }
    let setup = try ScanSetup(
      args, parameters: try ScanCommand.scanParameters(args, base: ReportScanParameters.defaults))
    let scanner = setup.scanner
    let maxFileBytes = setup.maxFileBytes
    try inputs.agree(
      parameters: EvidenceParameters(setup.run.parameters, identityFiles: setup.run.identityFiles),
      indexes: setup.run.indexes, background: setup.run.backgroundIndexes, source: "this run")
    let damage = IndexDamageCheck(verifying: [scanner.references] + (scanner.background.map { [$0] } ?? []))
    let run = setup.run
    let scanRecord = ReportScanRecord(
      parameters: EvidenceParameters(run.parameters, identityFiles: run.identityFiles), indexes: run.indexes,
      backgroundIndexes: run.backgroundIndexes, calibration: run.calibration, indexArguments: setup.indexArguments,
      backgroundArguments: setup.backgroundArguments)
    for (paths, group) in [(suspect, ReportInputs.Group.suspect), (panel, .panel)] {
      let entries = TranscriptWalk.entries(for: paths)
      if let problem = entries.first(where: { $0.problem != nil }) {
        throw CommandError.failed("\(problem.path): error: \(problem.problem ?? "not walked")")
      }
      let scanned = ScanJobs.run(
        entries.count, jobs: setup.jobs, finished: { _, _ in },
        job: { ScanCommand.scanFile(entries[$0].path, scanner: scanner, maxFileBytes: maxFileBytes, damage: damage) })
      try damage.check()
      for file in scanned {
        guard file.failure == nil, let result = file.result, let bytes = file.bytes else {
          throw CommandError.failed("\(file.path): error: \(file.failure ?? "not scanned")")
        }
        let transcript = ScannedTranscript(path: file.path, bytes: bytes, result: result, answers: file.answers)
        inputs.add(transcript, group: group, scan: scanRecord)
        inputs.addSource(ReportSource(path: file.path, kind: "transcript", sha256: transcript.sha256), group: group)
      }
    }
  }
}
