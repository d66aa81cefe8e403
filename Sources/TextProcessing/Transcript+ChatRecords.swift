/// Collects the model-authored segments of chat-log records, in input order.
///
/// Record shapes (the first that fits wins):
/// - OpenAI: `messages: [{role, content}]`. Turns with role `assistant` (or `model`) are answers; `content` is a
///   string or an array of parts (`{type: "text" | "output_text", text}` are answers, `{type: "thinking", thinking}`
///   is reasoning); `reasoning_content` or `reasoning` strings are reasoning. The preceding user turn is the prompt.
/// - ShareGPT: `conversations: [{from, value}]`. Every turn not from `human`, `user` or `system` is the model's.
/// - Flat: `output` or `response` is the answer; `prompt`, `instruction` or `input` is the prompt. A `history` of
///   earlier turns, as `[{role, content}]` (FastChat, MT-bench) or `[[user, answer]]` pairs (ChatGLM, BELLE), gives
///   the earlier user turns.
/// In a conversation, the user turns before the prompt are the segment's `earlierPrompts`: text they dictate is no
/// evidence either.
/// Inside an answer, `<think>…</think>` (or `<thinking>…</thinking>`) blocks become `.reasoning` segments; an
/// unclosed block runs to the end of the answer, as in truncated outputs.
struct ChatRecordReader {
  let bytes: UnsafeBufferPointer<UInt8>
  var segments: [TranscriptSegment] = []
  /// The `model` field of the record being read, if it has one.
  var recordModel: String? = nil
  /// The user turns before the current prompt in the conversation being read, oldest first.
  var earlierTurns: [String] = []

  init(bytes: UnsafeBufferPointer<UInt8>) {
    self.bytes = bytes
  }

  /// Whether a JSON array is itself one conversation (`[{role, content}, …]`) rather than a list of records.
  static func isMessageList(_ elements: [JSONByteValue], in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    !elements.isEmpty && elements.allSatisfy { $0.member("role", in: bytes)?.string != nil }
  }

  mutating func readRecord(_ value: JSONByteValue, record index: Int?) {
    recordModel = value.member("model", in: bytes)?.string?.decoded(in: bytes)
    earlierTurns = []
    if let messages = value.member("messages", in: bytes)?.array {
      readMessages(messages, record: index)
    } else if let turns = value.member("conversations", in: bytes)?.array {
      readShareGPT(turns, record: index)
    } else if let answer = value.member("output", in: bytes)?.string ?? value.member("response", in: bytes)?.string {
      let prompt = promptText(of: value)
      earlierTurns =
        value.member("history", in: bytes)?.array.map { ConversationHistory.userTurns(of: $0, in: bytes) } ?? []
      appendAnswer(answer, record: index, prompt: prompt)
    }
  }

  /// A new user turn begins: the prompt so far becomes one of the earlier turns.
  mutating func pushEarlierTurn(_ prompt: String?) {
    if let prompt { earlierTurns.append(prompt) }
  }

  /// The prompt of a flat record: `prompt`, or `instruction` followed by a non-empty `input`, or `input`.
  func promptText(of record: JSONByteValue) -> String? {
    if let prompt = record.member("prompt", in: bytes)?.string { return prompt.decoded(in: bytes) }
    let input = record.member("input", in: bytes)?.string?.decoded(in: bytes)
    if let instruction = record.member("instruction", in: bytes)?.string?.decoded(in: bytes) {
      guard let input, !input.isEmpty else { return instruction }
      return instruction + "\n" + input
    }
    return input
  }

  mutating func readMessages(_ messages: [JSONByteValue], record: Int?) {
    var prompt: String? = nil
    for message in messages {
      guard let role = message.member("role", in: bytes)?.string else { continue }
      let content = message.member("content", in: bytes)
      if role.equals("user", in: bytes) {
        pushEarlierTurn(prompt)
        prompt = content.flatMap { ConversationHistory.plainText(ofContent: $0, in: bytes) }
        continue
      }
      guard role.equals("assistant", in: bytes) || role.equals("model", in: bytes) else { continue }
      for key in ["reasoning_content", "reasoning"] {
        if let reasoning = message.member(key, in: bytes)?.string {
          appendPiece(reasoning, role: .reasoning, record: record, prompt: prompt)
        }
      }
      guard let content else { continue }
      switch content.kind {
      case .string(let s):
        appendAnswer(s, record: record, prompt: prompt)
      case .array(let parts):
        for part in parts {
          if let text = part.member("text", in: bytes)?.string, isAnswerPart(part) {
            appendAnswer(text, record: record, prompt: prompt)
          } else if let thinking = part.member("thinking", in: bytes)?.string {
            appendPiece(thinking, role: .reasoning, record: record, prompt: prompt)
          }
        }
      case .null, .bool, .number, .object:
        break
      }
    }
  }

  /// A content part is answer text when it has no type or type `text` / `output_text`.
  func isAnswerPart(_ part: JSONByteValue) -> Bool {
    guard let type = part.member("type", in: bytes)?.string else { return true }
    return type.equals("text", in: bytes) || type.equals("output_text", in: bytes)
  }

  mutating func readShareGPT(_ turns: [JSONByteValue], record: Int?) {
    var prompt: String? = nil
    for turn in turns {
      guard let from = turn.member("from", in: bytes)?.string, let value = turn.member("value", in: bytes)?.string
      else { continue }
      if from.equals("human", in: bytes) || from.equals("user", in: bytes) {
        pushEarlierTurn(prompt)
        prompt = value.decoded(in: bytes)
      } else if !from.equals("system", in: bytes) {
        appendAnswer(value, record: record, prompt: prompt)
      }
    }
  }

  /// Appends an answer string, split into `.answer` and `.reasoning` pieces at its think blocks.
  mutating func appendAnswer(_ string: JSONByteString, record: Int?, prompt: String?) {
    let (text, offsets) = string.decodedWithOffsets(in: bytes)
    for piece in ThinkBlockSplitter.split(text) where !ThinkBlockSplitter.isBlank(text[piece.range]) {
      segments.append(
        TranscriptSegment(
          role: piece.role, text: Array(text[piece.range]), offsets: offsets.sliced(from: piece.range.lowerBound),
          record: record, prompt: prompt, earlierPrompts: TranscriptSegment.earlierPrompts(keeping: earlierTurns),
          model: recordModel))
    }
  }

  /// Appends a whole string as one segment of `role`.
  mutating func appendPiece(_ string: JSONByteString, role: SegmentRole, record: Int?, prompt: String?) {
    let (text, offsets) = string.decodedWithOffsets(in: bytes)
    guard !ThinkBlockSplitter.isBlank(text[...]) else { return }
    segments.append(
      TranscriptSegment(
        role: role, text: text, offsets: offsets, record: record, prompt: prompt,
        earlierPrompts: TranscriptSegment.earlierPrompts(keeping: earlierTurns), model: recordModel))
  }
}
