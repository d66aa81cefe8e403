import Evidence
import Foundation
import Matching
import Provenance
import ReferenceIndex
import TextProcessing

/// `echolens scan`: the batch form of what the language server shows, for CI and large audits.
enum ScanCommand {
  static let usage = """
    usage: echolens scan --index PATH [--index PATH...] [--background PATH...] [--calibration FILE]
                         [--format text|json|sarif] [--min-tokens N] [--min-similarity X] [--max-evalue X]
                         [--max-uncalibrated-evalue X] [--model-group NAME=MODEL,MODEL...] [--max-passages N]
                         [--kinds echo,self-identification,common-text] [--identities FILE...]
                         [--own-identity NAME...] [--max-file-bytes N] [--jobs N] [--evidence DIR] PATH...
      --evidence DIR: also write a sealed evidence report (.json + .md) per file with passages into DIR
    exit status: 0 nothing found, 1 findings, 2 error
    """

  /// The options `scan` takes (each with a value); `verify` reads a report's reproduce command with them.
  static let options: Set<String> = [
    "--index", "--background", "--format", "--min-tokens", "--min-similarity", "--max-evalue", "--max-passages",
    "--kinds", "--identities", "--own-identity", "--max-file-bytes", "--max-seed-documents", "--jobs",
    "--calibration", "--max-uncalibrated-evalue", "--model-group", "--evidence",
  ]

  static func run(_ arguments: [String]) throws -> Int32 {
    let args = try CommandArguments(arguments, options: options, flags: [])
    let indexPaths = args.all("--index")
    guard !indexPaths.isEmpty else { throw CommandError.usage("scan needs --index PATH") }
    guard !args.positional.isEmpty else { throw CommandError.usage("scan needs at least one PATH") }
    let formatName = args.value("--format") ?? "text"
    guard let format = ScanOutputFormat(rawValue: formatName) else {
      throw CommandError.usage("--format takes text, json or sarif, not '\(formatName)'")
    }
    let setup = try ScanSetup(args, parameters: try scanParameters(args))
    let scanner = setup.scanner
    let maxFileBytes = setup.maxFileBytes
    let evidence = try EvidenceFolderOption(args)

    let damage = IndexDamageCheck(verifying: [scanner.references] + (scanner.background.map { [$0] } ?? []))

    let entries = TranscriptWalk.entries(for: args.positional)
    let progress = ScanProgressDisplay(totalFiles: entries.count)
    let files = ScanJobs.run(
      entries.count, jobs: setup.jobs, finished: { progress.fileDone(bytes: $1.bytes?.count ?? 0) },
      job: { i in
        if let problem = entries[i].problem {
          return ScanOutputFile(path: entries[i].path, bytes: nil, result: nil, error: problem)
        }
        return scanFile(entries[i].path, scanner: scanner, maxFileBytes: maxFileBytes, damage: damage)
      })
    progress.finish()
    try damage.check()
    let hadError = files.contains { $0.error != nil }
    let run = setup.run
    // Evidence first: when a report cannot be written, the run fails before its output claims anything.
    if let evidence {
      try evidence.writeScanReports(files, context: setup.evidenceContext(workspaceRoot: evidence.workspaceRoot))
    }
    StandardStreams.out(try ScanOutput.render(files, run: run, format: format))
    if hadError { return 2 }
    return files.contains { !($0.result?.passages.isEmpty ?? true) } ? 1 : 0
  }

  /// Reads, checks and scans one file; any failure becomes the file's error line and the scan goes on.
  ///
  /// Damage to an index is not the file's fault: it goes to `damage`, which stops the whole scan, and once
  /// damage was met the remaining files are not read.
  static func scanFile(_ path: String, scanner: EchoScanner, maxFileBytes: Int, damage: IndexDamageCheck)
    -> ScanOutputFile
  {
    guard !damage.hasFailed else { return ScanOutputFile(path: path, bytes: nil, result: nil, error: "not scanned") }
    let bytes: [UInt8]
    do {
      bytes = try RegularFile.read(path, maxBytes: maxFileBytes)
    } catch {
      let message: String
      switch error.problem {
      case .tooLarge: message = "\(error.reason) (raise it with --max-file-bytes)"
      case .system, .notRegularFile, .shrank: message = "cannot read: \(error.reason)"
      }
      return ScanOutputFile(path: path, bytes: nil, result: nil, error: message)
    }
    if let offset = UTF8Validation.firstInvalidOffset(in: bytes) {
      return ScanOutputFile(path: path, bytes: bytes, result: nil, error: "invalid UTF-8 at byte \(offset)")
    }
    do {
      let transcript = try Transcript.parse(bytes, format: TranscriptFormat.inferred(fromPath: path))
      let result = try scanner.scan(transcript, isCancelled: { false })
      return ScanOutputFile(
        path: path, bytes: bytes, result: result, error: nil, answers: TranscriptAnswer.answers(of: transcript))
    } catch let error as IndexError {
      damage.record(error)
      return ScanOutputFile(path: path, bytes: bytes, result: nil, error: "\(error)")
    } catch {
      return ScanOutputFile(path: path, bytes: bytes, result: nil, error: "\(error)")
    }
  }

  /// The scan parameters given by flags, over `base` (the defaults; `report` starts from its own); ranges are checked
  /// by `ScanSettingRules` when the scanner is opened, exactly as for the editor's settings.
  static func scanParameters(_ args: CommandArguments, base: ScanParameters = ScanParameters()) throws -> ScanParameters
  {
    var p = base
    if let v = try args.int("--min-tokens") { p.minTokens = v }
    if let v = try args.double("--min-similarity") { p.minSimilarity = v }
    if let v = try args.double("--max-evalue") { p.maxEValue = v }
    if let v = try args.double("--max-uncalibrated-evalue") { p.maxUncalibratedEValue = v }
    for group in args.all("--model-group") {
      let parts = group.split(separator: "=", maxSplits: 1).map(String.init)
      guard parts.count == 2, !parts[0].isEmpty else {
        throw CommandError.usage("--model-group takes NAME=MODEL,MODEL..., not '\(group)'")
      }
      p.modelGroups[parts[0]] = parts[1].split(separator: ",").map(String.init)
    }
    if let v = try args.int("--max-passages") { p.maxPassagesPerDocument = v }
    if let v = try args.int("--max-seed-documents") { p.maxSeedDocuments = v }
    if let v = args.value("--kinds") {
      p.kinds = try checked { try ScanSettingRules.kinds(v.split(separator: ",").map(String.init)) }
    }
    p.ownIdentities = args.all("--own-identity")
    return p
  }

  /// The flag that sets each shared setting, to name it in `ScanSettingError` messages.
  static let flagForSetting: [String: String] = [
    "minTokens": "--min-tokens", "minSimilarity": "--min-similarity", "maxEValue": "--max-evalue",
    "maxUncalibratedEValue": "--max-uncalibrated-evalue", "modelGroups": "--model-group",
    "maxPassagesPerDocument": "--max-passages", "maxSeedDocuments": "--max-seed-documents", "kinds": "--kinds",
    "maxFileBytes": "--max-file-bytes",
  ]

  /// Runs `body`, turning a `ScanSettingError` into the usage error that names the flag.
  static func checked<T>(_ body: () throws -> T) throws -> T {
    do {
      return try body()
    } catch let error as ScanSettingError {
      throw CommandError.usage(error.message(naming: flagForSetting[error.setting] ?? error.setting))
    }
  }
}
