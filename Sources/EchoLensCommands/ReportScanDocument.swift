import Evidence
import Foundation
import ProvenanceReport
import TextProcessing

/// Reads `scan --format json` documents (the outputs of partitioned scan jobs) into a report's inputs.
enum ReportScanDocument {
  /// Whether `path` holds a `scan --format json` document rather than a transcript.
  static func isScanDocument(_ path: String) -> Bool {
    guard path.lowercased().hasSuffix(".json"), let data = FileManager.default.contents(atPath: path),
      let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
      let tool = object["tool"] as? [String: Any]
    else { return false }
    return tool["name"] as? String == "echolens" && object["files"] is [Any] && object["schemaVersion"] != nil
  }

  /// Adds every file of the document at `path` to `group`.
  ///
  /// - Throws: `CommandError` naming the document (and the file) when it cannot be read, is not a scan document,
  ///   was made with other parameters or another index, or holds a file that could not be scanned.
  static func add(_ path: String, to inputs: inout ReportInputs, group: ReportInputs.Group) throws {
    let bytes: [UInt8]
    do {
      bytes = try RegularFile.read(path)
    } catch {
      throw CommandError.failed("\(path): cannot read: \(error.reason)")
    }
    let data = Data(bytes)
    let document: ScanOutputDocument
    do {
      document = try JSONDecoder().decode(ScanOutputDocument.self, from: data)
    } catch {
      throw CommandError.failed("\(path): not a scan --format json document: \(describe(error))")
    }
    try inputs.agree(
      parameters: document.parameters, indexes: document.indexes, background: document.backgroundIndexes,
      source: path)
    let scan = ReportScanRecord(
      parameters: document.parameters, indexes: document.indexes, backgroundIndexes: document.backgroundIndexes,
      calibration: document.calibration)
    for file in document.files {
      guard file.status == "scanned" else {
        throw CommandError.failed("\(path): \(file.path): error: \(file.error ?? "not scanned")")
      }
      inputs.add(
        ScannedTranscript(
          path: file.path, sha256: file.sha256 ?? "", passages: file.passages ?? [], answers: file.answers,
          byteCount: file.byteCount ?? 0, tokenCount: file.tokenCount ?? 0, scannedBytes: file.scannedBytes ?? 0),
        group: group, scan: scan)
    }
    inputs.addSource(ReportSource(path: path, kind: "scan", sha256: SHA256.hexDigest(bytes)), group: group)
  }

  static func describe(_ error: Error) -> String {
    switch error {
    case DecodingError.keyNotFound(let key, let context):
      let at = context.codingPath.map(\.stringValue).joined(separator: ".")
      return "missing \(key.stringValue)" + (at.isEmpty ? "" : " in \(at)")
    case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
      return "wrong type at \(context.codingPath.map(\.stringValue).joined(separator: "."))"
    case DecodingError.dataCorrupted(let context):
      return context.debugDescription
    default:
      return "\(error)"
    }
  }
}
