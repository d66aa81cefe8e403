import Evidence
import Foundation
import Matching
import ReferenceIndex
import TextProcessing

/// `echolens verify`: checks evidence reports the way another auditor would, with one command instead of the four
/// manual steps of `Protocol/EVIDENCE.md`.
///
/// A report is a claim about bytes, indexes and scores; it is only worth something if someone who distrusts the
/// sender can check it. The checks run in order and each says what it compared. When one fails, those that depend
/// on it are skipped with the reason: a transcript that is not the recorded file cannot show whether the passages
/// reproduce.
enum VerifyCommand {
  static let usage = """
    usage: echolens verify [--transcript PATH] [--index PATH...] [--background PATH...] [--calibration FILE]
                           [--no-rescan] REPORT.json...
      Checks evidence reports: the digest seals the report, the transcript is the file that was scanned, the
      indexes (and calibration) are the ones used, and a new scan finds every recorded passage again, identical.
      Paths default to those the report records, relative to its reproduce.workingDirectory; the options replace
      them (relative to the current directory) when the files were moved.
    exit status: 0 every check passed, 1 a check failed, 2 error
    """

  static func run(_ arguments: [String]) throws -> Int32 {
    let args = try CommandArguments(
      arguments, options: ["--transcript", "--index", "--background", "--calibration"], flags: ["--no-rescan"])
    guard !args.positional.isEmpty else { throw CommandError.usage("verify needs at least one REPORT.json") }
    if args.value("--transcript") != nil, args.positional.count > 1 {
      throw CommandError.usage("--transcript names the transcript of one report; give one REPORT.json with it")
    }
    var failed = false
    for (n, path) in args.positional.enumerated() {
      let checks = try verify(reportAt: path, overrides: args)
      if n > 0 { StandardStreams.out("\n") }
      StandardStreams.out(path + "\n" + checks.map { "  " + $0.line + "\n" }.joined())
      if checks.contains(where: { $0.outcome == .failed }) { failed = true }
    }
    StandardStreams.out(failed ? "not verified: a check failed\n" : "verified: every check passed\n")
    return failed ? 1 : 0
  }

  /// The checks of the report at `path`.
  ///
  /// - Throws: `CommandError.failed` when the file cannot be read or is no evidence report (nothing to check).
  static func verify(reportAt path: String, overrides: CommandArguments) throws -> [EvidenceCheck] {
    let fileBytes: [UInt8]
    do {
      fileBytes = try RegularFile.read(path, maxBytes: 1 << 30)
    } catch {
      throw CommandError.failed("\(path): cannot read: \(error.reason)")
    }
    let report: EvidenceReport
    do {
      report = try JSONDecoder().decode(EvidenceReport.self, from: Data(fileBytes))
    } catch {
      throw CommandError.failed("\(path): not an echolens evidence report (\(Self.describe(error)))")
    }
    var checks = [EvidenceVerifier.checkIntegrity(fileBytes: fileBytes, report: report)]

    let base = report.reproduce.workingDirectory
    let transcriptPath = overrides.value("--transcript") ?? Self.recordedTranscriptPath(report)
    var transcriptBytes: [UInt8]? = nil
    do {
      let bytes = try RegularFile.read(transcriptPath)
      transcriptBytes = bytes
      checks.append(EvidenceVerifier.checkTranscript(bytes, path: transcriptPath, report: report))
    } catch {
      checks.append(EvidenceCheck("transcript", .failed, "cannot read \(transcriptPath): \(error.reason)"))
    }

    let recorded: CommandArguments
    do {
      recorded = try Self.reproduceArguments(report)
    } catch {
      checks.append(EvidenceCheck("indexes", .failed, "\(error)"))
      checks.append(EvidenceCheck("rescan", .skipped, "the report's reproduce command cannot be run"))
      return checks
    }
    func paths(_ option: String) -> [String] {
      let given = overrides.all(option)
      return given.isEmpty ? recorded.all(option).map { Self.resolve($0, against: base) } : given
    }
    let calibrationPath = overrides.value("--calibration") ?? recorded.value("--calibration").map {
      Self.resolve($0, against: base)
    }
    let scanner: EchoScanner
    do {
      let parameters = try ScanCommand.scanParameters(recorded)
      scanner = try EchoScannerConfiguration(
        indexPaths: paths("--index"), backgroundIndexPaths: paths("--background"),
        identityFiles: recorded.all("--identities").map { Self.resolve($0, against: base) }, parameters: parameters,
        calibrationPath: calibrationPath
      ).open()
    } catch {
      checks.append(EvidenceCheck("indexes", .failed, "cannot open what the report names: \(error)"))
      checks.append(EvidenceCheck("rescan", .skipped, "the indexes could not be opened"))
      return checks
    }
    var indexes = EvidenceVerifier.checkIndexes(
      references: scanner.references, background: scanner.background, calibration: scanner.calibration,
      report: report)
    if indexes.outcome == .passed {
      // The identity covers the section checksums, not the bytes: check those too (and, once per identity, every
      // derived section, as `scan` does), so damage under an intact header cannot pass as the recorded index.
      let damage = IndexDamageCheck(verifying: [scanner.references] + (scanner.background.map { [$0] } ?? []))
      do {
        try damage.check()
      } catch {
        indexes = EvidenceCheck("indexes", .failed, "the identities match, but \(error)")
      }
    }
    checks.append(indexes)

    if overrides.has("--no-rescan") {
      checks.append(EvidenceCheck("rescan", .skipped, "--no-rescan"))
    } else if let bytes = transcriptBytes, checks.allSatisfy({ $0.outcome == .passed }) {
      checks.append(Self.rescan(bytes, format: report.transcript.format, scanner: scanner, report: report))
    } else {
      checks.append(
        EvidenceCheck("rescan", .skipped, "a check above failed, so a new scan could not show the same passages"))
    }
    return checks
  }

  /// Scans the transcript as the report's scan did (its recorded format, not one inferred from a moved file's name).
  static func rescan(_ bytes: [UInt8], format: TranscriptFormat, scanner: EchoScanner, report: EvidenceReport)
    -> EvidenceCheck
  {
    if let offset = UTF8Validation.firstInvalidOffset(in: bytes) {
      return EvidenceCheck("rescan", .failed, "the transcript has invalid UTF-8 at byte \(offset)")
    }
    do {
      let result = try scanner.scan(try Transcript.parse(bytes, format: format), isCancelled: { false })
      return EvidenceVerifier.checkRescan(result, bytes: bytes, report: report)
    } catch {
      return EvidenceCheck("rescan", .failed, "the scan failed: \(error)")
    }
  }

  /// The transcript as recorded: its absolute path when that file exists, else its path under the working
  /// directory (a workspace copied elsewhere keeps its relative layout).
  static func recordedTranscriptPath(_ report: EvidenceReport) -> String {
    let absolute = report.transcript.absolutePath
    if !absolute.isEmpty, FileManager.default.fileExists(atPath: absolute) { return absolute }
    return resolve(report.transcript.path, against: report.reproduce.workingDirectory)
  }

  /// The options of the report's reproduce command (`echolens scan …`), parsed as `scan` parses them.
  static func reproduceArguments(_ report: EvidenceReport) throws -> CommandArguments {
    let argv = report.reproduce.arguments
    guard argv.count >= 2, argv[1] == "scan" else {
      throw CommandError.failed("the report's reproduce command is not an `echolens scan` command")
    }
    do {
      return try CommandArguments(Array(argv.dropFirst(2)), options: ScanCommand.options, flags: [])
    } catch {
      throw CommandError.failed("the report's reproduce command cannot be read: \(error)")
    }
  }

  static func resolve(_ path: String, against base: String) -> String {
    path.hasPrefix("/") || base.isEmpty ? path : (base as NSString).appendingPathComponent(path)
  }

  static func describe(_ error: Error) -> String {
    switch error {
    case DecodingError.keyNotFound(let key, let context):
      return "missing \(([context.codingPath.map(\.stringValue), [key.stringValue]].joined()).joined(separator: "."))"
    case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context),
      DecodingError.dataCorrupted(let context):
      let at = context.codingPath.map(\.stringValue).joined(separator: ".")
      return at.isEmpty ? context.debugDescription : "\(at): \(context.debugDescription)"
    default:
      return "\(error)"
    }
  }
}
