import Evidence
import Foundation
import Matching
import Provenance
import TextProcessing

/// `scan --format json`: one document for the whole run, described by `Protocol/scan.schema.json`.
///
/// Passages use the evidence report's passage record, so a tool that reads one reads the other; there is no
/// timestamp, so two runs over the same files and index give the same bytes.
public struct ScanOutputJSON: ScanOutputRenderer {
  public init() {}

  public func render(_ files: [ScanOutputFile], run: ScanOutputRun) throws -> String {
    let document = ScanOutputDocument(files, run: run)
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted]
    return String(decoding: try encoder.encode(document), as: UTF8.self) + "\n"
  }
}

/// The JSON document of a scan run.
public struct ScanOutputDocument: Codable, Sendable {
  public var schemaVersion: Int
  public var tool: EvidenceTool
  public var parameters: EvidenceParameters
  public var indexes: [IndexIdentityRecord]
  public var backgroundIndexes: [IndexIdentityRecord]
  /// The calibration the E-values rest on; absent when they are uncalibrated.
  public var calibration: CalibrationRecord?
  public var files: [FileRecord]
  public var summary: Summary

  /// One scanned (or unreadable) file.
  public struct FileRecord: Codable, Sendable {
    public var path: String
    /// `scanned`, or `error` when the file could not be read or parsed.
    public var status: String
    public var error: String?
    public var sha256: String?
    public var byteCount: Int?
    public var tokenCount: Int?
    public var scannedBytes: Int?
    /// True when `--max-passages` cut the list.
    public var truncated: Bool?
    /// Passages per finding kind (every kind present, zero included).
    public var counts: [String: Int]?
    /// Share of the scanned text covered by significant echo passages, per reference model.
    public var coverage: [ModelCoverage]?
    public var passages: [EvidencePassage]?
    /// The file's answers: one per chat-log record (or the whole text file), with its byte span, prompt, model and
    /// token count, so that `echolens report` can count per answer from this output alone.
    public var answers: [TranscriptAnswer]?
  }

  public struct Summary: Codable, Sendable {
    public var fileCount: Int
    public var scannedFileCount: Int
    public var errorFileCount: Int
    public var filesWithFindings: Int
    public var passageCount: Int
  }

  public init(_ files: [ScanOutputFile], run: ScanOutputRun) {
    schemaVersion = 1
    tool = run.tool
    parameters = EvidenceParameters(run.parameters, identityFiles: run.identityFiles)
    indexes = run.indexes
    backgroundIndexes = run.backgroundIndexes
    calibration = run.calibration
    self.files = files.map { file in
      guard file.failure == nil, let result = file.result else {
        return FileRecord(path: file.path, status: "error", error: file.failure ?? "not scanned")
      }
      let bytes = file.bytes ?? []
      let lines = LineTable(bytes: bytes)
      var counts: [String: Int] = [:]
      for kind in FindingKind.allCases { counts[kind.rawValue] = result.passages.filter { $0.kind == kind }.count }
      return FileRecord(
        path: file.path, status: "scanned", error: nil, sha256: file.bytes.map { SHA256.hexDigest($0) },
        byteCount: file.bytes?.count, tokenCount: result.tokenCount, scannedBytes: result.scannedBytes,
        truncated: result.truncated, counts: counts,
        coverage: result.coverage.sorted { ($0.model) < ($1.model) },
        passages: result.passages.map { EvidencePassage($0, lines: lines) },
        answers: file.answers.isEmpty ? nil : file.answers)
    }
    let scanned = files.filter { $0.failure == nil }
    summary = Summary(
      fileCount: files.count, scannedFileCount: scanned.count, errorFileCount: files.count - scanned.count,
      filesWithFindings: scanned.filter { !($0.result?.passages.isEmpty ?? true) }.count,
      passageCount: scanned.reduce(0) { $0 + ($1.result?.passages.count ?? 0) })
  }
}

extension ScanOutputDocument.FileRecord {
  init(path: String, status: String, error: String?) {
    self.init(
      path: path, status: status, error: error, sha256: nil, byteCount: nil, tokenCount: nil, scannedBytes: nil,
      truncated: nil, counts: nil, coverage: nil, passages: nil, answers: nil)
  }
}
