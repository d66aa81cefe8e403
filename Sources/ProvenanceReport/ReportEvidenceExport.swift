import Evidence
import Foundation
import TextProcessing

/// Where an example's sealed evidence report is, and its digest, so a reader of the report can check it.
public struct ReportExampleEvidence: Codable, Sendable, Hashable {
  /// The JSON evidence report: relative to the workspace root (the working directory of `echolens report`) when it
  /// lies inside it, else absolute.
  public var path: String
  /// The Markdown rendering beside it.
  public var markdownPath: String
  /// The evidence report's `reportDigest`.
  public var reportDigest: String

  public init(path: String, markdownPath: String, reportDigest: String) {
    self.path = path
    self.markdownPath = markdownPath
    self.reportDigest = reportDigest
  }
}

/// Writes one sealed evidence report (`Protocol/EVIDENCE.md`) per transcript that holds one of a report's strongest
/// examples, and names it in those examples.
///
/// The report keeps only the passages' records, not the transcripts' bytes (a report over partitioned scan jobs has
/// never seen them), so each transcript is read again from its path and used only when its SHA-256 is the one its
/// scan recorded: the evidence then describes exactly the bytes the passages were found in. When it cannot be, the
/// examples say why in `evidenceProblem`.
public struct ReportEvidenceExport: Sendable {
  public var writer: EvidenceWriter
  /// Absolute; transcript paths are relative to it, and so are the evidence paths the report names.
  public var workspaceRoot: String
  public var tool: EvidenceTool

  public init(writer: EvidenceWriter, workspaceRoot: String, tool: EvidenceTool) {
    self.writer = writer
    self.workspaceRoot = workspaceRoot
    self.tool = tool
  }

  /// Writes the examples' evidence reports and records each one (or the reason there is none) in `document`.
  ///
  /// - Returns: the reports written.
  /// - Throws: `EvidenceWriterError` when a report cannot be written: the caller then writes no report, so a report
  ///   never names evidence that is not there.
  @discardableResult
  public func write(into document: inout ReportDocument, inputs: ReportInputs) throws -> [EvidenceWriter.Output] {
    var paths: [String] = []
    for example in document.examples where !paths.contains(example.path) { paths.append(example.path) }
    var written: [EvidenceWriter.Output] = []
    for path in paths {
      let indices = document.examples.indices.filter { document.examples[$0].path == path }
      let records = indices.map { document.examples[$0].passage }.sorted {
        ($0.range.utf8Start, $0.range.utf8End, $0.id) < ($1.range.utf8Start, $1.range.utf8End, $1.id)
      }
      switch try report(for: path, records: records, inputs: inputs) {
      case .failure(let problem):
        for i in indices { document.examples[i].evidenceProblem = problem.description }
      case .success(let report):
        let output = try writer.write(report)
        written.append(output)
        let evidence = ReportExampleEvidence(
          path: shown(output.jsonPath), markdownPath: shown(output.markdownPath),
          reportDigest: report.reportDigest ?? "")
        for i in indices { document.examples[i].evidence = evidence }
      }
    }
    return written
  }

  /// Why a transcript's examples get no evidence report.
  struct Problem: Error, CustomStringConvertible {
    var description: String
  }

  /// The sealed report of `records` in the transcript at `path`, or why there can be none.
  func report(for path: String, records: [EvidencePassage], inputs: ReportInputs) throws -> Result<
    EvidenceReport, Problem
  > {
    guard let scanned = inputs.suspectScans[path] else {
      return .failure(Problem(description: "\(path): how it was scanned is not known"))
    }
    let absolute = WorkspacePath.absolute(path, relativeTo: WorkspacePath.standardized(workspaceRoot))
    let bytes: [UInt8]
    do {
      bytes = try RegularFile.read(absolute)
    } catch {
      return .failure(Problem(description: "\(path): cannot read the transcript: \(error.reason)"))
    }
    let found = SHA256.hexDigest(bytes)
    guard found == scanned.sha256 else {
      return .failure(
        Problem(
          description: "\(path): the file is not the one that was scanned (SHA-256 \(found.prefix(12))…, the scan "
            + "recorded \(scanned.sha256.prefix(12))…)"))
    }
    return .success(
      try EvidenceReport(
        context: scanned.scan.context(tool: tool, workspaceRoot: workspaceRoot), transcriptPath: path,
        transcriptBytes: bytes, format: TranscriptFormat.inferred(fromPath: path), records: records))
  }

  func shown(_ path: String) -> String { Self.shown(path, workspaceRoot: workspaceRoot) }

  /// `path` (a written report's real path) relative to `workspaceRoot`, as given or as its real path, when inside
  /// it; else `path`.
  public static func shown(_ path: String, workspaceRoot: String) -> String {
    let root = WorkspacePath.standardized(workspaceRoot)
    let real = URL(fileURLWithPath: root).resolvingSymlinksInPath().path
    return WorkspacePath.relative(path, to: root) ?? WorkspacePath.relative(path, to: real) ?? path
  }
}
