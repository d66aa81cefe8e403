import Evidence
import Foundation
import ProvenanceReport
import TextProcessing

/// `--evidence DIR` of `scan` and `report`: the folder their sealed evidence reports (`Protocol/EVIDENCE.md`) go to.
///
/// The working directory is the reports' workspace root: their transcript paths and reproduce commands are relative
/// to it, as the paths on the command line are. DIR is relative to it or absolute, and, unlike the editor's
/// `evidenceFolder` (a setting a workspace could plant), may lie anywhere the user names: the writer's own root is
/// `/`. The folder is opened (created if missing) and checked before anything is scanned, so a folder that cannot be
/// used stops the command at once, before any report is written.
struct EvidenceFolderOption {
  /// DIR as given, for messages.
  let given: String
  /// The working directory, absolute.
  let workspaceRoot: String
  let writer: EvidenceWriter

  /// Nil without `--evidence`.
  ///
  /// - Throws: `CommandError` naming DIR when it is empty or cannot be used.
  init?(_ args: CommandArguments) throws {
    guard let given = args.value("--evidence") else { return nil }
    guard !given.isEmpty else { throw CommandError.usage("--evidence takes a folder") }
    self.given = given
    workspaceRoot = WorkspacePath.standardized(FileManager.default.currentDirectoryPath)
    writer = EvidenceWriter(workspaceRoot: "/", folder: WorkspacePath.absolute(given, relativeTo: workspaceRoot))
    do {
      _ = try writer.checkFolder()
    } catch {
      throw CommandError.failed("--evidence \(given): \(error)")
    }
  }

  /// Writes `report`, naming DIR in the error when it cannot be written.
  func write(_ report: EvidenceReport) throws -> EvidenceWriter.Output {
    do {
      return try writer.write(report)
    } catch {
      throw CommandError.failed("--evidence \(given): \(error)")
    }
  }

  /// `path` relative to the working directory when inside it, else absolute.
  func shown(_ path: String) -> String { ReportEvidenceExport.shown(path, workspaceRoot: workspaceRoot) }

  /// `scan --evidence`: one report per scanned file with passages, holding all of them, as the editor's "Export
  /// evidence for all passages" writes; each written report is named on standard error.
  func writeScanReports(_ files: [ScanOutputFile], context: EvidenceContext) throws {
    for file in files {
      guard file.failure == nil, let result = file.result, let bytes = file.bytes, !result.passages.isEmpty else {
        continue
      }
      let report = try EvidenceReport(
        context: context, transcriptPath: file.path, transcriptBytes: bytes,
        format: TranscriptFormat.inferred(fromPath: file.path), passages: result.passages)
      let output = try write(report)
      StandardStreams.error("\(file.path): evidence: \(shown(output.jsonPath))\n")
    }
  }
}
