import TextProcessing

/// The span of one answer in a transcript file: one chat-log record, or the whole file for text.
///
/// `scan --format json` lists these per file (`answers`), so that `report` can count passages per answer from the
/// scan output alone, without the transcripts.
public struct TranscriptAnswer: Codable, Sendable, Hashable {
  /// The record (JSONL line from 1, JSON array index from 0); nil for a text file.
  public var record: Int?
  /// The record's `model` field, when it has one.
  public var model: String?
  /// The prompt the answer answers, when the format has one.
  public var prompt: String?
  /// First raw byte of the answer's first segment.
  public var utf8Start: Int
  /// One past the last raw byte of the answer's last segment.
  public var utf8End: Int
  /// Tokens of the answer's segments.
  public var tokenCount: Int
  /// Decoded bytes of the answer's segments.
  public var scannedBytes: Int

  public init(
    record: Int?, model: String?, prompt: String?, utf8Start: Int, utf8End: Int, tokenCount: Int, scannedBytes: Int
  ) {
    self.record = record
    self.model = model
    self.prompt = prompt
    self.utf8Start = utf8Start
    self.utf8End = utf8End
    self.tokenCount = tokenCount
    self.scannedBytes = scannedBytes
  }

  /// The answers of `transcript`, in file order: consecutive segments of one record form one answer.
  public static func answers(of transcript: Transcript) -> [TranscriptAnswer] {
    var answers: [TranscriptAnswer] = []
    for segment in transcript.segments {
      let start = segment.offsets.rawOffset(0)
      let end = segment.offsets.rawOffset(segment.text.count)
      let tokens = Tokenizer.tokenize(segment.text).count
      if var last = answers.last, last.record == segment.record {
        last.utf8End = max(last.utf8End, end)
        last.tokenCount += tokens
        last.scannedBytes += segment.text.count
        answers[answers.count - 1] = last
      } else {
        answers.append(
          TranscriptAnswer(
            record: segment.record, model: segment.model, prompt: segment.prompt, utf8Start: start, utf8End: end,
            tokenCount: tokens, scannedBytes: segment.text.count))
      }
    }
    return answers
  }
}
