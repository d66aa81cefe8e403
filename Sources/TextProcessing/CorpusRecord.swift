/// One reference document read from the corpus: a model's answer with its provenance.
public struct CorpusRecord: Sendable, Hashable {
  /// The record's id; chat records get `#<n>` appended, n counting the conversation's model turns from 1.
  public var id: String
  public var model: String
  /// The prompt or preceding user turn, when the record has one.
  public var prompt: String?
  /// The conversation's user turns before `prompt`, oldest first, as `TranscriptSegment.earlierPrompts` keeps them
  /// (the most recent that fit in `maxEarlierPromptBytes`): calibration scans each panel answer with them, as a
  /// transcript's answer is scanned with its conversation's earlier turns.
  public var earlierPrompts: [String]
  /// The reference text that is indexed.
  public var text: String
  /// The input path as given on the command line (or the file found inside a given directory).
  public var source: String
  /// 1-based line of the record in `source`, or 0 for a document that is a whole file.
  public var line: Int

  public init(
    id: String, model: String, prompt: String?, earlierPrompts: [String] = [], text: String, source: String, line: Int
  ) {
    self.id = id
    self.model = model
    self.prompt = prompt
    self.earlierPrompts = earlierPrompts
    self.text = text
    self.source = source
    self.line = line
  }
}
