import Foundation
import TestSupport
import Testing
import TextProcessing

@Suite struct CorpusReaderTests {
  /// Reads every batch of `paths` and returns all records, problems and the input infos.
  func readAll(_ paths: [String], options: CorpusReadOptions = CorpusReadOptions(), targetBytes: Int = 1 << 20)
    throws -> (records: [CorpusRecord], problems: [CorpusProblem], inputs: [CorpusInputInfo], bytes: Int)
  {
    let reader = try CorpusReader(paths: paths, options: options)
    var records: [CorpusRecord] = []
    var problems: [CorpusProblem] = []
    var bytes = 0
    while let batch = try reader.nextBatch(targetBytes: targetBytes) {
      records += batch.records
      problems += batch.problems
      bytes += batch.inputBytes
    }
    return (records, problems, reader.inputs, bytes)
  }

  @Test func flatJSONLinesWithDefaultFields() throws {
    let dir = try TemporaryDirectory()
    let content = """
      {"id": "a1", "model": "gpt-4", "prompt": "Why?", "output": "Because caf\\u00e9."}
      {"id": 7, "model": "gpt-4", "output": "Numeric id, no prompt."}

      {"model": "gpt-4", "output": "No id."}\r
      """
    let path = try dir.write("ref.jsonl", content)
    let result = try readAll([path])
    #expect(result.problems.isEmpty)
    #expect(result.records.map(\.id) == ["a1", "7", "ref.jsonl:4"])
    #expect(result.records.map(\.line) == [1, 2, 4])
    #expect(result.records[0].text == "Because café.")
    #expect(result.records[0].prompt == "Why?")
    #expect(result.records[1].prompt == nil)
    #expect(result.records.allSatisfy { $0.model == "gpt-4" && $0.source == path })
    #expect(result.bytes == content.utf8.count)
    #expect(
      result.inputs == [
        CorpusInputInfo(path: path, byteCount: content.utf8.count, sha256: SHA256.hexDigest(Array(content.utf8)))
      ])
  }

  @Test func configurableFieldsAndModelLabel() throws {
    let dir = try TemporaryDirectory()
    let path = try dir.write("x.ndjson", #"{"key": "k1", "question": "Q", "answer": "A", "model": "other"}"# + "\n")
    var options = CorpusReadOptions()
    options.textField = "answer"
    options.idField = "key"
    options.promptField = "question"
    options.model = "davinci"
    let result = try readAll([path], options: options)
    #expect(result.problems.isEmpty)
    #expect(result.records == [CorpusRecord(id: "k1", model: "davinci", prompt: "Q", text: "A", source: path, line: 1)])
  }

  @Test func openAIChatGivesOneRecordPerAssistantTurn() throws {
    let dir = try TemporaryDirectory()
    let line =
      #"{"id": "c", "model": "gpt-4", "messages": [{"role": "system", "content": "S"}, "#
      + #"{"role": "user", "content": "Q1"}, {"role": "assistant", "content": "A1"}, "#
      + #"{"role": "user", "content": [{"type": "text", "text": "Q2"}]}, "#
      + #"{"role": "assistant", "content": [{"type": "text", "text": "A2a"}, {"type": "text", "text": "A2b"}]}]}"#
    let noID = #"{"model": "m", "messages": [{"role": "user", "content": "Q"}, {"role": "assistant", "content": "A"}]}"#
    let path = try dir.write("chat.jsonl", line + "\n" + noID + "\n")
    let result = try readAll([path])
    #expect(result.problems.isEmpty)
    #expect(result.records.map(\.id) == ["c#1", "c#2", "chat.jsonl:2#1"])
    #expect(result.records.map(\.prompt) == ["Q1", "Q2", "Q"])
    #expect(result.records.map(\.text) == ["A1", "A2a\nA2b", "A"])
  }

  @Test func shareGPTGivesOneRecordPerModelTurn() throws {
    let dir = try TemporaryDirectory()
    let path = try dir.write(
      "sg.jsonl",
      #"{"id": "s", "conversations": [{"from": "human", "value": "Hi"}, {"from": "gpt", "value": "Hello"}, "#
        + #"{"from": "human", "value": "Bye"}, {"from": "gpt", "value": "Goodbye"}]}"# + "\n")
    var options = CorpusReadOptions()
    options.model = "gpt-3.5"
    let result = try readAll([path], options: options)
    #expect(result.problems.isEmpty)
    #expect(result.records.map(\.id) == ["s#1", "s#2"])
    #expect(result.records.map(\.prompt) == ["Hi", "Bye"])
    #expect(result.records.map(\.text) == ["Hello", "Goodbye"])
    #expect(result.records.allSatisfy { $0.model == "gpt-3.5" })
  }

  @Test func badRecordsAreProblemsWithFileAndLine() throws {
    let dir = try TemporaryDirectory()
    var bytes = Array(
      """
      {"id": "ok", "model": "m", "output": "fine"}
      {"id": "broken", "model": "m", "output": "unterminated}
      {"id": "nofield", "model": "m"}
      {"id": "wrongtype", "model": "m", "output": 42}
      {"id": "nomodel", "output": "x"}
      [1, 2]

      """.utf8)
    bytes += Array(#"{"id": "badutf8", "model": "m", "output": "caf"#.utf8) + [0xE9] + Array("\"}\n".utf8)
    bytes += Array(#"{"id": "last", "model": "m", "output": "still read"}"#.utf8)
    let path = try dir.write("bad.jsonl", bytes: bytes)
    let result = try readAll([path])
    #expect(result.records.map(\.id) == ["ok", "last"])
    #expect(result.records.map(\.line) == [1, 8])
    #expect(result.problems.map(\.line) == [2, 3, 4, 5, 6, 7])
    #expect(result.problems.allSatisfy { $0.file == path })
    let messages = result.problems.map(\.description)
    #expect(messages[0].hasPrefix("\(path):2: invalid JSON"))
    #expect(messages[1] == "\(path):3: missing field \"output\"")
    #expect(messages[2] == "\(path):4: field \"output\" must be a string, found a number")
    #expect(messages[3].contains("missing field \"model\""))
    #expect(messages[4].contains("expected a JSON object, found an array"))
    #expect(messages[5].contains("UTF-8"))
  }

  @Test func missingInputIsAnErrorNamingIt() throws {
    let dir = try TemporaryDirectory()
    let missing = dir.path + "/nope.jsonl"
    #expect {
      _ = try CorpusReader(paths: [missing], options: CorpusReadOptions())
    } throws: { error in
      guard let problem = error as? CorpusProblem else { return false }
      return problem.file == missing && problem.line == 0 && problem.description.hasPrefix("\(missing): ")
    }
  }

  @Test func directoryIsWalkedInSortedOrder() throws {
    let dir = try TemporaryDirectory()
    try dir.write("corpus/b.md", "# Second\n\nMarkdown document.")
    try dir.write("corpus/a.txt", "First document.")
    try dir.write("corpus/sub/c.jsonl", #"{"id": "c1", "model": "m", "output": "From JSONL."}"#)
    try dir.write(
      "corpus/sub/d.json",
      "[\n  {\"id\": \"d1\", \"model\": \"m\", \"output\": \"One\"},\n  {\"id\": \"d2\", \"model\": \"m\"}\n]")
    try dir.write("corpus/ignored.bin", "binary")
    let result = try readAll([dir.path + "/corpus"])
    #expect(result.records.map(\.id) == ["a.txt", "b.md", "c1", "d1"])
    #expect(result.records.map(\.model) == ["unknown", "unknown", "m", "m"])
    #expect(result.records.map(\.line) == [0, 0, 1, 2])
    #expect(result.records[1].text == "# Second\n\nMarkdown document.")
    #expect(result.problems.map(\.description) == ["\(dir.path)/corpus/sub/d.json:3: missing field \"output\""])
    #expect(
      result.inputs.map(\.path) == ["a.txt", "b.md", "sub/c.jsonl", "sub/d.json"].map { dir.path + "/corpus/" + $0 })
  }

  /// Small batches, large batches and the multi-threaded path give the same records in the same order.
  @Test func batchingDoesNotChangeTheResult() throws {
    let dir = try TemporaryDirectory()
    var lines: [String] = []
    for i in 1...3000 {
      let text = "Answer number \(i) with \\\"quotes\\\" and caf\\u00e9 " + String(repeating: "word ", count: i % 50)
      lines.append(#"{"id": "r\#(i)", "model": "m", "prompt": "p\#(i)", "output": "\#(text)"}"#)
      if i % 500 == 0 { lines.append("not json \(i)") }
    }
    let content = lines.joined(separator: "\n") + "\n"
    let path = try dir.write("many.jsonl", content)
    let big = try readAll([path], targetBytes: 1 << 24)
    let small = try readAll([path], targetBytes: 1000)
    let one = try readAll([path], targetBytes: 1)
    #expect(big.records.count == 3000)
    #expect(big.problems.count == 6)
    #expect(big.records == small.records && big.records == one.records)
    #expect(big.problems == small.problems && big.problems == one.problems)
    #expect(big.records.map(\.id) == (1...3000).map { "r\($0)" })
    #expect(big.inputs == small.inputs)
    #expect(big.inputs.first?.sha256 == SHA256.hexDigest(Array(content.utf8)))
    #expect(small.bytes == content.utf8.count)
  }

  @Test func textDocumentWithInvalidUTF8IsAProblem() throws {
    let dir = try TemporaryDirectory()
    let path = try dir.write("bad.txt", bytes: Array("abc".utf8) + [0xFF])
    let result = try readAll([path])
    #expect(result.records.isEmpty)
    #expect(result.problems.map(\.description) == ["\(path): invalid UTF-8 at byte offset 3"])
  }

  @Test func emptyInputStillHasADigest() throws {
    let dir = try TemporaryDirectory()
    let path = try dir.write("empty.jsonl", "")
    let result = try readAll([path])
    #expect(result.records.isEmpty && result.problems.isEmpty)
    #expect(result.inputs.map(\.sha256) == ["e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"])
  }
}
