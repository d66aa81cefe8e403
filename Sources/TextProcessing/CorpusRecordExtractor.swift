/// Turns one parsed corpus record into reference documents, or into problems that name its file and line.
///
/// Shapes (the first that fits wins):
/// - OpenAI chat, `messages: [{role, content}]`: one document per assistant turn, whose prompt is the preceding user
///   turn; `content` is a string or an array of `{type: "text", text}` parts (joined by newlines).
/// - ShareGPT, `conversations: [{from, value}]`: one document per model turn (from other than human, user, system).
/// - Flat: the text field (`output` by default) plus id, model and prompt fields, and a `history` of earlier turns
///   (`ConversationHistory`) when the record has a prompt.
/// Chat documents get the id `<id or file:line>#<n>`, n counting the conversation's model turns from 1. Every
/// document keeps its conversation's user turns before its prompt (`CorpusRecord.earlierPrompts`).
struct CorpusRecordExtractor {
  let options: CorpusReadOptions
  /// The input path as given, for `CorpusRecord.source` and problem messages.
  let source: String
  /// The file's last path component, for ids of records without one.
  let basename: String
  let bytes: UnsafeBufferPointer<UInt8>

  init(options: CorpusReadOptions, source: String, bytes: UnsafeBufferPointer<UInt8>) {
    self.options = options
    self.source = source
    self.basename = source.split(separator: "/").last.map(String.init) ?? source
    self.bytes = bytes
  }

  /// Parses the JSON in `range` (one JSONL line) and extracts its documents.
  func extract(
    lineRange range: Range<Int>, line: Int, into records: inout [CorpusRecord], problems: inout [CorpusProblem]
  ) {
    do {
      let value = try JSONByteParser.parse(bytes, range: range)
      try extract(value, line: line, into: &records)
    } catch let error as TextParseError {
      problems.append(
        CorpusProblem(file: source, line: line, message: "invalid JSON at column \(error.utf8Column): \(error.message)")
      )
    } catch let problem as CorpusProblem {
      problems.append(problem)
    } catch {
      problems.append(CorpusProblem(file: source, line: line, message: "\(error)"))
    }
  }

  /// Extracts the documents of one record; throws a `CorpusProblem` for a record that holds none or is malformed.
  func extract(_ record: JSONByteValue, line: Int, into records: inout [CorpusRecord]) throws {
    guard record.members != nil else {
      throw problem(line, "expected a JSON object, found \(record.typeDescription)")
    }
    let id = try stringField(options.idField, of: record, line: line, allowNumber: true) ?? "\(basename):\(line)"
    let model = try modelName(of: record, line: line)
    if let messages = record.member("messages", in: bytes) {
      guard let messages = messages.array else {
        throw problem(line, "field \"messages\" must be an array, found \(messages.typeDescription)")
      }
      try extractChat(messages, roleKey: "role", textKey: "content", id: id, model: model, line: line, into: &records)
    } else if let turns = record.member("conversations", in: bytes) {
      guard let turns = turns.array else {
        throw problem(line, "field \"conversations\" must be an array, found \(turns.typeDescription)")
      }
      try extractChat(turns, roleKey: "from", textKey: "value", id: id, model: model, line: line, into: &records)
    } else {
      guard let text = try stringField(options.textField, of: record, line: line, allowNumber: false) else {
        throw problem(line, "missing field \"\(options.textField)\"")
      }
      let prompt = try stringField(options.promptField, of: record, line: line, allowNumber: false)
      let history = record.member("history", in: bytes)?.array.map { ConversationHistory.userTurns(of: $0, in: bytes) }
      records.append(
        CorpusRecord(
          id: id, model: model, prompt: prompt,
          earlierPrompts: TranscriptSegment.earlierPrompts(keeping: prompt == nil ? [] : history ?? []), text: text,
          source: source, line: line))
    }
  }

  /// One document per model turn of an OpenAI (`role`/`content`) or ShareGPT (`from`/`value`) conversation.
  private func extractChat(
    _ turns: [JSONByteValue], roleKey: String, textKey: String, id: String, model: String, line: Int,
    into records: inout [CorpusRecord]
  ) throws {
    var prompt: String? = nil
    var earlierTurns: [String] = []
    var modelTurns = 0
    for (index, turn) in turns.enumerated() {
      guard let role = turn.member(roleKey, in: bytes)?.string else {
        throw problem(line, "turn \(index) has no string field \"\(roleKey)\"")
      }
      let content = turn.member(textKey, in: bytes)
      let text = try content.flatMap { try chatText($0, turn: index, key: textKey, line: line) }
      if role.equals("user", in: bytes) || role.equals("human", in: bytes) {
        if let prompt { earlierTurns.append(prompt) }
        prompt = text
      } else if role.equals("system", in: bytes) || role.equals("tool", in: bytes) || role.equals("function", in: bytes)
      {
        continue
      } else if let text, !text.isEmpty {
        // An assistant turn without text (a tool call) holds nothing to index.
        modelTurns += 1
        records.append(
          CorpusRecord(
            id: "\(id)#\(modelTurns)", model: model, prompt: prompt,
            earlierPrompts: TranscriptSegment.earlierPrompts(keeping: earlierTurns), text: text, source: source,
            line: line))
      }
    }
    guard modelTurns > 0 else { throw problem(line, "conversation has no model turn with text") }
  }

  /// The text of a turn: a string, or the text parts of an array joined by newlines; null is no text.
  private func chatText(_ content: JSONByteValue, turn: Int, key: String, line: Int) throws -> String? {
    switch content.kind {
    case .string(let s):
      return s.decoded(in: bytes)
    case .null:
      return nil
    case .array(let parts):
      var texts: [String] = []
      for part in parts {
        if let s = part.string {
          texts.append(s.decoded(in: bytes))
        } else if let text = part.member("text", in: bytes)?.string {
          texts.append(text.decoded(in: bytes))
        }
      }
      return texts.joined(separator: "\n")
    case .bool, .number, .object:
      throw problem(
        line, "turn \(turn): field \"\(key)\" must be a string or an array, found \(content.typeDescription)")
    }
  }

  /// `options.model` when given, else the record's model field; a record with neither is a problem.
  private func modelName(of record: JSONByteValue, line: Int) throws -> String {
    if let model = options.model { return model }
    guard let model = try stringField(options.modelField, of: record, line: line, allowNumber: false) else {
      throw problem(line, "missing field \"\(options.modelField)\" (or label the input with --model NAME)")
    }
    return model
  }

  /// A string field, nil when absent or null; any other type is a problem (numbers are accepted for ids).
  private func stringField(_ name: String, of record: JSONByteValue, line: Int, allowNumber: Bool) throws -> String? {
    guard let value = record.member(name, in: bytes) else { return nil }
    switch value.kind {
    case .string(let s): return s.decoded(in: bytes)
    case .null: return nil
    case .number where allowNumber: return value.numberText(in: bytes)
    case .number, .bool, .array, .object:
      throw problem(line, "field \"\(name)\" must be a string, found \(value.typeDescription)")
    }
  }

  private func problem(_ line: Int, _ message: String) -> CorpusProblem {
    CorpusProblem(file: source, line: line, message: message)
  }
}
