import Evidence
import Matching
import Provenance
import TextProcessing

/// One scanned transcript as the report counts it: its findings (as evidence records, with positions) and its
/// answers.
///
/// The CLI makes these from fresh scans and from the files of `scan --format json` documents, the language server
/// from its own scans of the workspace; the report counts them all the same way.
public struct ScannedTranscript: Sendable {
  /// The path as given (or as recorded by the scan).
  public var path: String
  public var sha256: String
  public var passages: [EvidencePassage]
  /// The file's answers; nil means the whole file is one answer (`byteCount`, `tokenCount`, `scannedBytes`).
  public var answers: [TranscriptAnswer]?
  public var byteCount: Int
  public var tokenCount: Int
  public var scannedBytes: Int

  public init(
    path: String, sha256: String, passages: [EvidencePassage], answers: [TranscriptAnswer]?, byteCount: Int,
    tokenCount: Int, scannedBytes: Int
  ) {
    self.path = path
    self.sha256 = sha256
    self.passages = passages
    self.answers = answers
    self.byteCount = byteCount
    self.tokenCount = tokenCount
    self.scannedBytes = scannedBytes
  }

  /// A transcript scanned just now: its bytes, the engine's result and its answers.
  public init(path: String, bytes: [UInt8], result: ScanResult, answers: [TranscriptAnswer]) {
    let lines = LineTable(bytes: bytes)
    self.init(
      path: path, sha256: SHA256.hexDigest(bytes), passages: result.passages.map { EvidencePassage($0, lines: lines) },
      answers: answers, byteCount: bytes.count, tokenCount: result.tokenCount, scannedBytes: result.scannedBytes)
  }

  /// The answers the report counts: `answers`, or the whole file as one.
  var answerList: [TranscriptAnswer] {
    answers ?? [
      TranscriptAnswer(
        record: nil, model: nil, prompt: nil, utf8Start: 0, utf8End: byteCount, tokenCount: tokenCount,
        scannedBytes: scannedBytes)
    ]
  }
}
