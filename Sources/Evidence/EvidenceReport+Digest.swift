import Foundation
import TextProcessing

extension EvidenceReport {
  /// The bytes the digest is taken over: compact JSON, keys sorted by code point, `/` not escaped, non-ASCII
  /// written as UTF-8, without `reportDigest`.
  ///
  /// Python reproduces it with `json.dumps(report_without_digest, sort_keys=True, separators=(",", ":"),
  /// ensure_ascii=False).encode()`, so a third party can check a report without our code.
  public func canonicalJSON() throws -> [UInt8] {
    var unsealed = self
    unsealed.reportDigest = nil
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return Array(try encoder.encode(unsealed))
  }

  /// SHA-256 (hex) of `canonicalJSON()`.
  public func computeDigest() throws -> String { SHA256.hexDigest(try canonicalJSON()) }

  /// This report with `reportDigest` set.
  public func sealed() throws -> EvidenceReport {
    var copy = self
    copy.reportDigest = try computeDigest()
    return copy
  }

  /// True when `reportDigest` is present and matches the rest of the report.
  public func verify() throws -> Bool {
    guard let digest = reportDigest else { return false }
    return try computeDigest() == digest
  }

  /// Decodes a report file's bytes and checks its digest.
  ///
  /// - Throws: `DecodingError` when the bytes are not a report of this schema.
  public static func verify(jsonBytes: [UInt8]) throws -> Bool {
    try JSONDecoder().decode(EvidenceReport.self, from: Data(jsonBytes)).verify()
  }

  /// The report as written to disk: pretty-printed, keys sorted, digest included, ending in a newline.
  public func fileJSON() throws -> [UInt8] {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted]
    return Array(try encoder.encode(self)) + [0x0A]
  }
}
