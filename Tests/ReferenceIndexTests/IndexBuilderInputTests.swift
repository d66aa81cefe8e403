import Foundation
import ReferenceIndex
import TestSupport
import Testing
import TextProcessing

/// Each corpus format the builder reads, end to end: input file → index → stored documents.
@Suite struct IndexBuilderInputTests {
  /// The documents of an index as (id, model, prompt, text) for whole-value comparisons.
  func documents(_ path: String) throws -> [[String?]] {
    let index = try ReferenceIndexFile(path: path)
    return try (0..<index.documentCount).map { n in
      let d = try index.document(n)
      return [d.id, d.model, d.prompt, String(decoding: d.text, as: UTF8.self)]
    }
  }

  @Test func flatJSONLinesWithCustomFieldNames() throws {
    let dir = try TemporaryDirectory()
    let input = try dir.write(
      "custom.jsonl",
      """
      {"key": "k1", "author": "gpt-4", "question": "What is rain?", "answer": "Rain is water falling from clouds."}
      {"key": 2, "author": "gpt-4", "answer": "Snow is frozen water."}

      """)
    var options = IndexBuildOptions()
    options.corpus.textField = "answer"
    options.corpus.idField = "key"
    options.corpus.modelField = "author"
    options.corpus.promptField = "question"
    let report = try IndexFixtures.build([input], to: dir.path + "/custom.eli", options: options)
    #expect(report.problems.isEmpty)
    #expect(
      try documents(dir.path + "/custom.eli") == [
        ["k1", "gpt-4", "What is rain?", "Rain is water falling from clouds."],
        ["2", "gpt-4", nil, "Snow is frozen water."],
      ])
    let metadata = try ReferenceIndexFile(path: dir.path + "/custom.eli").metadata()
    #expect(metadata.options["textField"] == "answer")
    #expect(metadata.inputs.map(\.path) == [input])
    #expect(metadata.inputs[0].sha256 == SHA256.hexDigest(try IndexFixtures.bytes(input)))
  }

  @Test func modelLabelOverridesTheRecordsModelField() throws {
    let dir = try TemporaryDirectory()
    let input = try dir.write("plain.jsonl", #"{"id": "x", "output": "No model field here at all."}"#)
    var options = IndexBuildOptions()
    options.corpus.model = "labelled-model"
    try IndexFixtures.build([input], to: dir.path + "/plain.eli", options: options)
    #expect(try documents(dir.path + "/plain.eli") == [["x", "labelled-model", nil, "No model field here at all."]])
  }

  @Test func openAIMessagesIndexTheAssistantTurnsWithThePrecedingUserTurnAsPrompt() throws {
    let dir = try TemporaryDirectory()
    let record = IndexFixtures.json([
      "id": "conv", "model": "gpt-4",
      "messages": [
        ["role": "system", "content": "You are helpful."],
        ["role": "user", "content": "Name a colour."],
        ["role": "assistant", "content": "Blue is a colour."],
        ["role": "user", "content": "Another?"],
        ["role": "assistant", "content": [["type": "text", "text": "Green."], ["type": "text", "text": "Or red."]]],
      ],
    ])
    let input = try dir.write("chat.jsonl", record + "\n")
    try IndexFixtures.build([input], to: dir.path + "/chat.eli")
    #expect(
      try documents(dir.path + "/chat.eli") == [
        ["conv#1", "gpt-4", "Name a colour.", "Blue is a colour."],
        ["conv#2", "gpt-4", "Another?", "Green.\nOr red."],
      ])
  }

  @Test func shareGPTConversationsIndexTheModelTurns() throws {
    let dir = try TemporaryDirectory()
    let record = IndexFixtures.json([
      "id": "sg", "model": "gpt-3.5",
      "conversations": [
        ["from": "human", "value": "Hello there."],
        ["from": "gpt", "value": "Hi! How can I help?"],
        ["from": "human", "value": "Tell me a fact."],
        ["from": "gpt", "value": "Octopuses have three hearts."],
      ],
    ])
    let input = try dir.write("sharegpt.jsonl", record + "\n")
    try IndexFixtures.build([input], to: dir.path + "/sg.eli")
    #expect(
      try documents(dir.path + "/sg.eli") == [
        ["sg#1", "gpt-3.5", "Hello there.", "Hi! How can I help?"],
        ["sg#2", "gpt-3.5", "Tell me a fact.", "Octopuses have three hearts."],
      ])
  }

  @Test func aDirectoryOfTextAndMarkdownFilesIsOneDocumentPerFile() throws {
    let dir = try TemporaryDirectory()
    try dir.write("docs/b.md", "# Title\n\nSome *markdown* text.\n")
    try dir.write("docs/a.txt", "Plain text document.\n")
    try dir.write("docs/nested/c.txt", "Nested document.\n")
    try dir.write("docs/ignored.csv", "a,b,c\n")
    var options = IndexBuildOptions()
    options.corpus.model = "human"
    try IndexFixtures.build([dir.path + "/docs"], to: dir.path + "/docs.eli", options: options)
    #expect(
      try documents(dir.path + "/docs.eli") == [
        ["a.txt", "human", nil, "Plain text document.\n"],
        ["b.md", "human", nil, "# Title\n\nSome *markdown* text.\n"],
        ["nested/c.txt", "human", nil, "Nested document.\n"],
      ])
  }

  @Test func badRecordsAreCountedAndNamedByFileAndLine() throws {
    let dir = try TemporaryDirectory()
    var bytes = Array(
      """
      {"id": "good-1", "model": "m", "output": "The first good record."}
      {"id": "broken", "model": "m", "output": "no closing brace"
      {"id": "no-output", "model": "m"}
      {"id": "wrong-type", "model": "m", "output": 42}
      {"id": "good-2", "model": "m", "output": "The second good record."}
      {"id": "bad-utf8", "model": "m", "output": "
      """.utf8)
    bytes += [0xC3, 0x28] + Array("\"}\n".utf8)
    let input = try dir.write("mixed.jsonl", bytes: bytes)
    var reported: [CorpusProblem] = []
    let report = try IndexBuilder(inputs: [input], outputPath: dir.path + "/mixed.eli", options: IndexBuildOptions())
      .build(problems: { reported.append($0) })
    #expect(report.documentCount == 2)
    #expect(report.problems.map(\.line) == [2, 3, 4, 6])
    #expect(report.problems.allSatisfy { $0.file == input })
    #expect(reported == report.problems)
    #expect(report.problems[1].description == "\(input):3: missing field \"output\"")
    #expect(report.problems[2].description == "\(input):4: field \"output\" must be a string, found a number")
    #expect(report.problems[0].description.hasPrefix("\(input):2: invalid JSON"))
    #expect(report.problems[3].description.contains("UTF-8"))
    let metadata = try ReferenceIndexFile(path: dir.path + "/mixed.eli").metadata()
    #expect(metadata.skippedRecordCount == 4)
  }

  @Test func strictBuildFailsOnTheFirstBadRecordAndLeavesNoFile() throws {
    let dir = try TemporaryDirectory()
    let input = try dir.write(
      "mixed.jsonl",
      """
      {"id": "good", "model": "m", "output": "Good."}
      {"id": "no-output", "model": "m"}

      """)
    var options = IndexBuildOptions()
    options.strict = true
    let message = IndexFixtures.errorText {
      try IndexFixtures.build([input], to: dir.path + "/x.eli", options: options)
    }
    #expect(message == "index build failed: \(input):2: missing field \"output\"")
    #expect(!FileManager.default.fileExists(atPath: dir.path + "/x.eli"))
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["mixed.jsonl"])
  }

  @Test func aMissingInputIsAnErrorThatNamesIt() throws {
    let dir = try TemporaryDirectory()
    let good = try dir.write("good.jsonl", IndexFixtures.corpus(count: 2))
    let missing = dir.path + "/missing.jsonl"
    let message = IndexFixtures.errorText { try IndexFixtures.build([good, missing], to: dir.path + "/x.eli") }
    #expect(message == "\(missing): no such file or directory")
    #expect(!FileManager.default.fileExists(atPath: dir.path + "/x.eli"))
  }
}
