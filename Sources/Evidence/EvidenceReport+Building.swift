import Foundation
import Matching
import TextProcessing

extension EvidenceReport {
  /// A sealed report of `passages` found in the transcript at `transcriptPath` with content `transcriptBytes`.
  ///
  /// - Parameters:
  ///   - transcriptPath: absolute, or relative to `context.workspaceRoot`.
  ///   - transcriptBytes: the bytes that were scanned (the editor's buffer, not necessarily what is on disk), so
  ///     the digest and positions describe what the user saw.
  ///   - generatedAt: the report's timestamp; tests pass a fixed date.
  /// - Throws: `EncodingError` only if a value cannot be written as JSON.
  public init(
    context: EvidenceContext, transcriptPath: String, transcriptBytes: [UInt8], format: TranscriptFormat,
    passages: [Passage], generatedAt: Date = Date()
  ) throws {
    let lines = LineTable(bytes: transcriptBytes)
    try self.init(
      context: context, transcriptPath: transcriptPath, transcriptBytes: transcriptBytes, format: format,
      records: passages.map { EvidencePassage($0, lines: lines) }, generatedAt: generatedAt)
  }

  /// A sealed report of passages already recorded, e.g. read back from `scan --format json` by `echolens report`.
  ///
  /// - Parameters:
  ///   - transcriptBytes: the bytes the records were found in (their ranges and hashes describe these bytes; the
  ///     caller checks that, e.g. by the file's SHA-256 recorded with them).
  ///   - records: the passages, in transcript order.
  /// - Throws: `EncodingError` only if a value cannot be written as JSON.
  public init(
    context: EvidenceContext, transcriptPath: String, transcriptBytes: [UInt8], format: TranscriptFormat,
    records: [EvidencePassage], generatedAt: Date = Date()
  ) throws {
    let root = WorkspacePath.standardized(context.workspaceRoot)
    let absolute = WorkspacePath.absolute(transcriptPath, relativeTo: root)
    let relative = WorkspacePath.relative(absolute, to: root) ?? absolute
    let parameters = EvidenceParameters(context.parameters, identityFiles: context.identityFiles)
    let reproduce = EvidenceReproduction(
      workingDirectory: root, indexPaths: context.indexArguments ?? context.indexes.map(\.path),
      backgroundPaths: context.backgroundArguments ?? context.backgroundIndexes.map(\.path),
      calibrationPath: context.calibration?.path, parameters: parameters, transcriptPath: relative,
      caveats: Self.diskMatches(absolute, transcriptBytes)
        ? []
        : [
          "the file on disk is not the scanned text (unsaved changes, or it was moved); save it before running "
            + "the command"
        ])
    self.init(
      tool: context.tool, generatedAt: Self.timestamp(generatedAt),
      transcript: EvidenceTranscript(
        path: relative, absolutePath: absolute, sha256: SHA256.hexDigest(transcriptBytes),
        byteCount: transcriptBytes.count, format: format),
      parameters: parameters, indexes: context.indexes, backgroundIndexes: context.backgroundIndexes,
      calibration: context.calibration, passages: records,
      reproduce: reproduce)
    self = try sealed()
  }

  /// Whether the file at `path` holds exactly `bytes`, so the reproduce command would scan what was scanned.
  static func diskMatches(_ path: String, _ bytes: [UInt8]) -> Bool {
    guard let data = FileManager.default.contents(atPath: path) else { return false }
    return data.count == bytes.count && data.elementsEqual(bytes)
  }

  /// `date` as `YYYY-MM-DDTHH:MM:SSZ` (UTC, whole seconds), without a formatter so it is the same everywhere.
  public static func timestamp(_ date: Date) -> String {
    var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
    var parts = tm()
    gmtime_r(&seconds, &parts)
    func two(_ v: Int32) -> String { v < 10 ? "0\(v)" : "\(v)" }
    return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T"
      + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))Z"
  }
}
