import Evidence
import Foundation
import Matching
import ReferenceIndex

/// The engine and run record that `scan` and `report` build from the same flags, so both scan alike.
struct ScanSetup {
  let scanner: EchoScanner
  let run: ScanOutputRun
  /// `--max-file-bytes` (64 MiB by default).
  let maxFileBytes: Int
  /// `--jobs` (every core by default).
  let jobs: Int
  /// `--index` and `--background` as given, for the reproduce command of evidence reports.
  let indexArguments: [String]
  let backgroundArguments: [String]

  /// Opens the indexes of `--index` and `--background` and the `--calibration`, loads the identity lists and reads the file limits; settings
  /// out of range are usage errors naming the flag.
  init(_ args: CommandArguments, parameters: ScanParameters) throws {
    maxFileBytes = try ScanCommand.checked {
      try ScanSettingRules.maxFileBytes(try args.int("--max-file-bytes") ?? 64 << 20)
    }
    jobs = try args.int("--jobs") ?? ProcessInfo.processInfo.activeProcessorCount
    guard jobs >= 1 else { throw CommandError.usage("--jobs takes a positive number") }
    let identityFiles = args.all("--identities")
    indexArguments = args.all("--index")
    backgroundArguments = args.all("--background")
    let scanner = try ScanCommand.checked {
      try EchoScannerConfiguration(
        indexPaths: args.all("--index"), backgroundIndexPaths: args.all("--background"), identityFiles: identityFiles,
        parameters: parameters, calibrationPath: args.value("--calibration")
      ).open()
    }
    self.scanner = scanner
    run = ScanOutputRun(
      tool: EvidenceTool(version: ToolVersion.string), parameters: parameters, identityFiles: identityFiles,
      references: scanner.references, background: scanner.background,
      calibration: scanner.calibration.map(CalibrationRecord.init))
  }

  /// What an evidence report of this run records (the same as the editor's export records for its scan).
  func evidenceContext(workspaceRoot: String) -> EvidenceContext {
    EvidenceContext(
      tool: run.tool, workspaceRoot: workspaceRoot, parameters: run.parameters, identityFiles: run.identityFiles,
      indexes: run.indexes, backgroundIndexes: run.backgroundIndexes, indexArguments: indexArguments,
      backgroundArguments: backgroundArguments, calibration: run.calibration)
  }
}
