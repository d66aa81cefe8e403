/// Who wrote a piece of a transcript, as far as the transcript format tells.
public enum SegmentRole: String, Codable, Sendable, Hashable {
  /// Unstructured text (plain text or Markdown): the whole file is scanned.
  case text
  /// A model's answer in a chat log.
  case answer
  /// A model's reasoning (`<think>…</think>` or a `reasoning_content` field).
  case reasoning
}
