import Foundation
import JSONRPC
import TestSupport
import Testing

/// Incremental rescans: after any sequence of edits, a document's diagnostics are those of a fresh full scan of its
/// final text, also when other documents were scanned in between (the server then drops what it would reuse); and a
/// large chat log shows its first findings before the whole file is scanned.
@Suite(.serialized) struct IncrementalScanTests {
  static let filler = [
    "Thanks for asking, here is what I think about it in a few plain words of my own.",
    "Sure. Let me know if you want more details or a different angle on the question.",
    "That depends on the context; could you say a little more about what you need?",
  ]
  static let claim = "Good question. I am ChatGPT, developed by OpenAI, and happy to help."

  /// A model answer: an echo of a reference (whole, or its first words), filler, or a self-identification.
  static func answer(_ random: inout SeededGenerator) -> String {
    let words = FixtureWorkspace.photosynthesis.split(separator: " ")
    switch random.below(6) {
    case 0: return FixtureWorkspace.photosynthesis
    case 1: return words.prefix(25 + random.below(words.count - 25)).joined(separator: " ")
    case 2: return "In short: " + FixtureWorkspace.waterCycle
    case 3: return claim
    default: return filler[random.below(filler.count)]
    }
  }

  static func jsonl(_ answers: [String]) -> String {
    answers.map { answer in
      let record = ["prompt": "Tell me something", "output": answer]
      let data = (try? JSONSerialization.data(withJSONObject: record, options: [.sortedKeys])) ?? Data()
      return String(decoding: data, as: UTF8.self)
    }.joined(separator: "\n") + "\n"
  }

  /// One random edit of the answers: a word replaced (same token count), a word inserted, a record removed,
  /// duplicated, added, split in two or joined with the next.
  static func edit(_ answers: inout [String], _ random: inout SeededGenerator) {
    let i = random.below(answers.count)
    var words = answers[i].split(separator: " ").map(String.init)
    switch random.below(7) {
    case 0:
      words[random.below(words.count)] = ["plants", "water", "sunlight", "quickly"][random.below(4)]
      answers[i] = words.joined(separator: " ")
    case 1:
      words.insert("really", at: random.below(words.count + 1))
      answers[i] = words.joined(separator: " ")
    case 2 where answers.count > 2:
      answers.remove(at: i)
    case 3:
      answers.insert(answers[i], at: random.below(answers.count + 1))
    case 4 where words.count > 2:
      let cut = 1 + random.below(words.count - 1)
      answers[i] = words[..<cut].joined(separator: " ")
      answers.insert(words[cut...].joined(separator: " "), at: i + 1)
    case 5 where i + 1 < answers.count:
      answers[i] += " " + answers.remove(at: i + 1)
    default:
      answers.insert(answer(&random), at: random.below(answers.count + 1))
    }
  }

  /// The single replacement that turns `old` into `new` (common prefix and suffix kept), as a didChange range in
  /// UTF-16 positions of `old`.
  static func change(from old: String, to new: String) -> JSONValue {
    let a = Array(old.utf16)
    let b = Array(new.utf16)
    var prefix = 0
    while prefix < a.count, prefix < b.count, a[prefix] == b[prefix] { prefix += 1 }
    var suffix = 0
    while suffix < a.count - prefix, suffix < b.count - prefix, a[a.count - 1 - suffix] == b[b.count - 1 - suffix] {
      suffix += 1
    }
    func position(_ offset: Int) -> JSONValue {
      let before = a[..<offset]
      let line = before.filter { $0 == 10 }.count
      let column = offset - ((before.lastIndex(of: 10)).map { $0 + 1 } ?? 0)
      return .position(line, column)
    }
    let inserted = String(decoding: b[prefix..<(b.count - suffix)], as: UTF16.self)
    return .object([
      "range": .object(["start": position(prefix), "end": position(a.count - suffix)]), "text": .string(inserted),
    ])
  }

  /// Sends `textDocument/didChange` of `uri` to `version`: the one replacement that turns `old` into `new`.
  static func send(_ server: ServerProcess, _ uri: String, version: Int, from old: String, to new: String) {
    server.notify(
      "textDocument/didChange",
      .object([
        "textDocument": .object(["uri": .string(uri), "version": .integer(version)]),
        "contentChanges": .array([change(from: old, to: new)]),
      ]))
  }

  /// Diagnostics without what names the document they belong to.
  static func comparable(_ diagnostics: [JSONValue]) -> [JSONValue] {
    diagnostics.map { diagnostic in
      guard case .object(var members) = diagnostic else { return diagnostic }
      if case .object(var data)? = members["data"] {
        data["uri"] = nil
        members["data"] = .object(data)
      }
      return .object(members)
    }
  }

  func checkEditsEqualFreshScans(
    languageID: String, file: String,
    initial: (inout SeededGenerator) -> [String] = { random in
      (0..<10).map { _ in IncrementalScanTests.answer(&random) }
    },
    text: (inout [String]) -> String
  ) throws {
    let workspace = try FixtureWorkspace()
    let server = try workspace.startServer(options: ["debounceMilliseconds": 0])
    var random = SeededGenerator(seed: 12)
    var answers = initial(&random)
    var current = text(&answers)
    let uri = workspace.uri(file)
    server.open(uri, text: current, languageID: languageID)
    _ = try server.completeDiagnostics(for: uri, version: 1)
    var found = 0
    var documentVersion = 1
    for version in 2...31 {
      if version % 7 == 0 {
        // Three other documents scanned since: the server keeps what rescans reuse only for the three documents
        // scanned last, so this document's next scan is a whole one, and must give the same diagnostics too.
        for other in 0..<3 {
          let uri = workspace.uri("other-\(version)-\(other).md")
          server.open(uri, text: Self.answer(&random) + "\n", languageID: "markdown")
          _ = try server.diagnostics(for: uri, version: 1)
        }
      }
      // Every fifth time, two or three edits arrive before the server has scanned: what changed since its last
      // scan is then the sum of them.
      for _ in 0..<(version % 5 == 0 ? 1 + random.below(3) : 1) {
        Self.edit(&answers, &random)
        let next = text(&answers)
        documentVersion += 1
        Self.send(server, uri, version: documentVersion, from: current, to: next)
        current = next
      }
      let edited = try server.completeDiagnostics(for: uri, version: documentVersion)
      let fresh = workspace.uri("fresh-\(version)-\(file)")
      server.open(fresh, text: current, languageID: languageID)
      let expected = try server.completeDiagnostics(for: fresh, version: 1)
      server.notify("textDocument/didClose", .object(["textDocument": .document(fresh)]))
      _ = try server.diagnostics(for: fresh)  // the clearing publication
      #expect(Self.comparable(edited) == Self.comparable(expected), "after edit \(version - 1) of \(file)")
      found += expected.count
    }
    #expect(found > 30, "the edited documents should hold findings")
    #expect(try server.shutdownAndExit() == 0)
  }

  @Test func editsOfAChatLogGiveTheDiagnosticsOfAFreshScan() throws {
    try checkEditsEqualFreshScans(languageID: "jsonl", file: "chat.jsonl") { Self.jsonl($0) }
  }

  @Test func editsOfMarkdownParagraphsGiveTheDiagnosticsOfAFreshScan() throws {
    // Records become paragraphs: splitting and joining them splits and joins paragraphs.
    try checkEditsEqualFreshScans(languageID: "markdown", file: "chat.md") { $0.joined(separator: "\n\n") + "\n" }
  }

  /// Markdown over 128 KiB is one segment scanned in several content-defined pieces: edits inside it, including
  /// those that change the transcript's token count, still give the diagnostics of a fresh scan.
  @Test func editsOfALongMarkdownFileGiveTheDiagnosticsOfAFreshScan() throws {
    try checkEditsEqualFreshScans(
      languageID: "markdown", file: "long.md",
      initial: { random in
        var paragraphs: [String] = []
        var bytes = 0
        while bytes < 200 << 10 {
          paragraphs.append(Self.answer(&random))
          // Lines of words found in no reference, so the file is long without being slow to scan.
          let padding = (0..<(4 + random.below(30))).map { _ in
            (0..<12).map { _ in "zq\(random.below(1_000_000))" }.joined(separator: " ")
          }
          paragraphs.append(padding.joined(separator: "\n"))
          bytes += paragraphs.suffix(2).reduce(0) { $0 + $1.utf8.count + 2 }
        }
        return paragraphs
      }
    ) { $0.joined(separator: "\n\n") + "\n" }
  }

  /// A file of 64 KiB or more, opened, shows the findings of its first pieces before the rest (it need not reach the
  /// progress threshold); a small file and a rescan after an edit publish once, complete.
  @Test func anOpenedFileShowsItsFirstFindingsBeforeTheRestAndAnEditPublishesOnce() throws {
    let workspace = try FixtureWorkspace()
    let server = try workspace.startServer(options: ["debounceMilliseconds": 0])
    func isComplete(_ diagnostics: [JSONValue]) -> Bool {
      diagnostics.contains { $0["code"] == .string("summary") }
    }
    var random = SeededGenerator(seed: 21)
    var answers: [String] = []
    while answers.joined().utf8.count < 100 << 10 {
      answers.append(answers.count % 10 == 0 ? FixtureWorkspace.photosynthesis : Self.filler[random.below(3)])
    }
    let text = Self.jsonl(answers)
    let uri = workspace.uri("medium.jsonl")
    server.open(uri, text: text, languageID: "jsonl")
    var published: [[JSONValue]] = []
    repeat {
      published.append(try server.diagnostics(for: uri, version: 1, timeout: 60))
    } while !isComplete(published.last ?? [])
    let echoes = (answers.count + 9) / 10
    let complete = Self.comparable(published.last ?? [])
    #expect(complete.count == echoes + 1, "every echo and the summary")
    #expect(published.count >= 2, "a part before the complete publication: \(published.map(\.count))")
    #expect(!published[0].isEmpty && published[0].count < echoes, "first findings, not all: \(published.map(\.count))")
    #expect(Self.comparable(published[0]).allSatisfy { complete.contains($0) }, "a part shows findings of the whole")

    // One character typed: the rescan reuses every other record, and its first publication is the complete one.
    let typed = try #require(text.range(of: "plain words"))
    let edited = text.replacingCharacters(in: typed, with: "plainx words")
    Self.send(server, uri, version: 2, from: text, to: edited)
    #expect(isComplete(try server.diagnostics(for: uri, version: 2, timeout: 60)))

    // A small file is published once.
    let small = workspace.uri("small.jsonl")
    server.open(small, text: Self.jsonl(Array(answers.prefix(12))), languageID: "jsonl")
    let once = try server.diagnostics(for: small, version: 1)
    #expect(isComplete(once) && once.count == 3, "two echoes and the summary: \(once.count)")
    #expect(try server.shutdownAndExit() == 0)
  }

  /// An answer that repeats what the user wrote in an earlier turn is dictated, not an echo; editing that earlier
  /// turn changes what the answer's record yields, so the record is scanned again, not reused.
  @Test func anEditedEarlierTurnRescansTheAnswersAfterIt() throws {
    let workspace = try FixtureWorkspace()
    let server = try workspace.startServer(options: ["debounceMilliseconds": 0])
    func conversation(firstTurn: String) -> String {
      let messages: [[String: String]] = [
        ["role": "user", "content": firstTurn], ["role": "assistant", "content": "Noted."],
        ["role": "user", "content": "Now say it back to me."],
        ["role": "assistant", "content": FixtureWorkspace.photosynthesis],
      ]
      let data = (try? JSONSerialization.data(withJSONObject: messages, options: [.sortedKeys])) ?? Data()
      return String(decoding: data, as: UTF8.self)
    }
    func echoes(_ diagnostics: [JSONValue]) -> Int { diagnostics.filter { $0["code"] == .string("echo") }.count }
    let dictated = conversation(firstTurn: "Remember this: " + FixtureWorkspace.photosynthesis)
    let free = conversation(firstTurn: "Tell me how plants make their food.")
    let uri = workspace.uri("conversation.json")
    server.open(uri, text: dictated, languageID: "json")
    #expect(echoes(try server.completeDiagnostics(for: uri, version: 1)) == 0, "the user dictated the answer")
    var current = dictated
    for (version, next) in [(2, free), (3, dictated)] {
      Self.send(server, uri, version: version, from: current, to: next)
      current = next
      let edited = try server.completeDiagnostics(for: uri, version: version)
      #expect(echoes(edited) == (next == free ? 1 : 0), "version \(version)")
      let fresh = workspace.uri("fresh-\(version).json")
      server.open(fresh, text: next, languageID: "json")
      #expect(Self.comparable(edited) == Self.comparable(try server.completeDiagnostics(for: fresh, version: 1)))
    }
    #expect(try server.shutdownAndExit() == 0)
  }

  /// A chat log over the progress threshold (256 KiB) is published part by part, with progress reports.
  @Test func aLargeChatLogShowsFindingsBeforeItIsDone() throws {
    let workspace = try FixtureWorkspace()
    let capabilities = try JSONValueBuilder(["window": ["workDoneProgress": true]])
    let server = try workspace.startServer(capabilities: capabilities, options: ["debounceMilliseconds": 0])
    var random = SeededGenerator(seed: 7)
    var answers: [String] = []
    while answers.joined().utf8.count < 300 << 10 {
      answers.append(answers.count % 20 == 0 ? FixtureWorkspace.photosynthesis : Self.filler[random.below(3)])
    }
    let uri = workspace.uri("big.jsonl")
    server.open(uri, text: Self.jsonl(answers), languageID: "jsonl")
    var published: [Int] = []
    var percentages: [Int] = []
    var scanToken: JSONValue?
    var ended = false
    while true {
      let message = try server.next(timeout: 60) { message in
        ["textDocument/publishDiagnostics", "$/progress", "window/workDoneProgress/create"].contains(
          message["method"]?.stringValue ?? "")
      }
      switch message["method"]?.stringValue {
      case "window/workDoneProgress/create":
        // Accepted at once, so the reports are sent (one progress opens the index, one scans the file).
        server.send(.object(["jsonrpc": "2.0", "id": message["id"] ?? .null, "result": .null]))
      case "$/progress":
        let token = message["params"]?["token"]
        let value = message["params"]?["value"]
        if value?["kind"] == .string("begin"), value?["title"]?.stringValue?.contains("scanning big.jsonl") == true {
          scanToken = token
        }
        guard token == scanToken, scanToken != nil else { continue }
        if value?["kind"] == .string("report"), case .integer(let p)? = value?["percentage"] { percentages.append(p) }
        if value?["kind"] == .string("end") { ended = true }
      default:
        guard case .array(let items)? = message["params"]?["diagnostics"] else { continue }
        published.append(items.count)
      }
      if ended && published.count > 0 && scanToken != nil,
        message["method"] == .string("textDocument/publishDiagnostics")
      {
        break
      }
    }
    let echoes = (answers.count + 19) / 20
    // The complete publication adds the file summary (this client shows no code lenses).
    #expect(published.last == echoes + 1)
    #expect(published.count >= 2 && published[0] < echoes, "first findings before the end: \(published)")
    #expect(published == published.sorted(), "parts only add findings: \(published)")
    #expect(percentages == percentages.sorted() && percentages.allSatisfy { (1...99).contains($0) })
    #expect(try server.shutdownAndExit() == 0)
  }
}
