import Evidence
import Foundation
import Matching
import TextProcessing

/// Fuzz target: evidence reports as `echolens verify` reads them, which come from someone else and are untrusted.
///
/// Any bytes that decode as a report go through every check that needs no index: the digest and the file's JSON
/// tree, the transcript check against a fixed transcript (offsets of any value, in any order), and the rescan
/// comparison against an empty scan. Invariants: nothing traps, and a check that passes says `ok`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzEvidenceReports(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  guard let report = try? JSONDecoder().decode(EvidenceReport.self, from: Data(bytes)) else { return 0 }
  let transcript = Array("A transcript of forty-odd bytes, with é and 😀.\n".utf8)
  let checks = [
    EvidenceVerifier.checkIntegrity(fileBytes: bytes, report: report),
    EvidenceVerifier.checkTranscript(transcript, path: "chat.md", report: report),
    EvidenceVerifier.checkRescan(
      ScanResult(passages: [], tokenCount: 0, scannedBytes: transcript.count, coverage: [], truncated: false),
      bytes: transcript, report: report),
  ]
  for check in checks {
    precondition(!check.detail.isEmpty && check.line.hasPrefix(check.outcome.rawValue), "a check without words")
  }
  return 0
}
