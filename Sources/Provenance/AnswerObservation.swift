import Matching

/// One answer of one model, reduced to what the verdict counts.
///
/// `echolens report` turns every answer, the suspect's and the independent panel's alike, into one of these, from a
/// fresh scan or from the records of `scan --format json`. Everything later (rates, the paired test, the verdict)
/// reads only these, which is why a report merged from partitioned scans equals one run over everything.
public struct AnswerObservation: Codable, Sendable, Hashable {
  /// The file the answer came from, as given.
  public var path: String
  /// The record (JSONL line from 1, JSON array index from 0) of a chat log; nil for a whole text file.
  public var record: Int?
  /// The model that wrote the answer: the record's `model` field, else the file name without its extension.
  public var model: String
  /// Which prompt the answer answers (`PromptKey`); nil when the format gives no prompt.
  public var promptKey: String?
  /// Tokens scanned in the answer.
  public var tokenCount: Int
  /// Bytes of scanned answer text.
  public var scannedBytes: Int
  /// Echo and common-text passages in the answer whose best match is each candidate model, by model name.
  public var passages: [String: Int]
  /// Answer bytes covered by those passages, by model name.
  public var echoedBytes: [String: Int]
  /// What the answer claims to be, one entry per self-identification finding.
  public var claims: [SelfIdentification]

  public init(
    path: String, record: Int?, model: String, promptKey: String?, tokenCount: Int, scannedBytes: Int,
    passages: [String: Int], echoedBytes: [String: Int], claims: [SelfIdentification]
  ) {
    self.path = path
    self.record = record
    self.model = model
    self.promptKey = promptKey
    self.tokenCount = tokenCount
    self.scannedBytes = scannedBytes
    self.passages = passages
    self.echoedBytes = echoedBytes
    self.claims = claims
  }
}
