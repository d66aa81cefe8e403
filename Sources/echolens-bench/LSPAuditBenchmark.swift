import Foundation
import TextProcessing

/// Part of section `lsp` (issue 12): the editor at audit scale, on the worst case an auditor meets.
///
/// The index holds every answer of the shared data, and the transcripts are made of those same answers, so nearly
/// every paragraph echoes the reference. Figures: `didOpen` of 100 KB to its diagnostics; `didOpen` of 10 MB to its
/// first and to its complete diagnostics; a one-character `didChange` at random places of the 10 MB transcript to
/// its diagnostics (median and 99th percentile of 100 edits). The debounce is 0, so these are pure server time.
struct LSPAuditBenchmark {
  let context: BenchContext
  /// One-character edits measured in the 10 MB transcript.
  static let edits = 100

  func run() throws {
    let indexPath = URL(
      fileURLWithPath: try context.cachedIndex("shared-data.eli", inputs: try context.allDataFiles())
    ).standardizedFileURL.path
    let answers = try BenchContext.records(try context.allDataFiles()).map(\.text).filter { !$0.isEmpty }
    var random = SeededRandom(seed: 1212)
    let workspace = URL(fileURLWithPath: context.scratch).standardizedFileURL
    let process = try ChildProcess(
      try context.echolens(), ["serve"], pipes: true, errorFile: context.scratchPath("serve-audit.stderr"))
    let client = LSPClient(process: process)
    var table = ResultTable("lsp at audit scale: transcripts made of the indexed answers (shared data)")
    let initialize = try client.request(
      "initialize",
      [
        "processId": Int(getpid()), "rootUri": workspace.absoluteString,
        "capabilities": ["general": ["positionEncodings": ["utf-16"]]] as [String: Any],
        "initializationOptions": ["indexPaths": [indexPath], "debounceMilliseconds": 0] as [String: Any],
      ] as [String: Any])
    _ = try client.response(to: initialize.id)
    try client.send(["method": "initialized", "params": [String: Any]()])

    var openTimes: [Double] = []
    for i in 0..<5 {
      let text = Self.transcript(bytes: 100 << 10, answers: answers, random: &random)
      let uri = workspace.appendingPathComponent("audit-open-\(i).md").absoluteString
      let sent = try open(client, uri: uri, text: text)
      openTimes.append(try client.diagnostics(uri: uri, version: 1).time - sent)
      try client.send(["method": "textDocument/didClose", "params": ["textDocument": ["uri": uri]]])
    }
    table.atMost(
      "didOpen 100 KB -> first diagnostics (median of 5)", Statistics.median(openTimes) * 1000, 30, unit: " ms")

    let big = Self.transcript(bytes: 10_000_000, answers: answers, random: &random)
    let bigURI = workspace.appendingPathComponent("audit-10mb.md").absoluteString
    let opened = try open(client, uri: bigURI, text: big)
    // A long scan is published part by part; the complete publication is the one with the file summary.
    let (first, complete) = try client.firstAndCompleteDiagnostics(uri: bigURI, version: 1)
    let count = ((complete.message["params"] as? [String: Any])?["diagnostics"] as? [Any])?.count ?? 0
    table.atMost("didOpen 10 MB -> first diagnostics", (first.time - opened) * 1000, 300, unit: " ms", digits: 0)
    table.atMost("didOpen 10 MB -> all diagnostics", (complete.time - opened), 3, unit: " s")
    table.info("  diagnostics in the 10 MB transcript (complete publication)", "\(count)")

    let lines = big.split(separator: 10, omittingEmptySubsequences: false)
    var changeTimes: [Double] = []
    for version in 2..<(2 + Self.edits) {
      // One character typed at a random place of a random line (columns in UTF-16 units, as negotiated).
      let line = random.below(lines.count)
      let column = String(decoding: lines[line], as: UTF8.self).utf16.count
      let position: [String: Any] = ["line": line, "character": column == 0 ? 0 : random.below(column)]
      let sent = try client.send([
        "method": "textDocument/didChange",
        "params": [
          "textDocument": ["uri": bigURI, "version": version] as [String: Any],
          "contentChanges": [["range": ["start": position, "end": position], "text": "x"] as [String: Any]],
        ] as [String: Any],
      ])
      changeTimes.append(try client.firstAndCompleteDiagnostics(uri: bigURI, version: version).complete.time - sent)
    }
    table.atMost(
      "one-character didChange in 10 MB -> diagnostics (median of \(Self.edits))",
      Statistics.median(changeTimes) * 1000, 30, unit: " ms", digits: 0)
    table.atMost(
      "  the same, 99th percentile", Statistics.percentile(changeTimes, 0.99) * 1000, 100, unit: " ms", digits: 0)

    let shutdown = try client.request("shutdown", NSNull())
    _ = try client.response(to: shutdown.id)
    try client.send(["method": "exit"])
    _ = process.wait()
    print(table.render())
  }

  /// Indexed answers, picked at random and separated by blank lines, until the transcript has `bytes` bytes.
  static func transcript(bytes: Int, answers: [String], random: inout SeededRandom) -> [UInt8] {
    var text: [UInt8] = []
    text.reserveCapacity(bytes + 16_384)
    while text.count < bytes {
      text += Array(answers[random.below(answers.count)].utf8) + [10, 10]
    }
    // Cut on a character boundary: never inside a UTF-8 sequence.
    var end = min(bytes, text.count)
    while end > 0, end < text.count, text[end] & 0xC0 == 0x80 { end -= 1 }
    return Array(text[..<end])
  }

  func open(_ client: LSPClient, uri: String, text: [UInt8]) throws -> Double {
    try client.send([
      "method": "textDocument/didOpen",
      "params": [
        "textDocument": [
          "uri": uri, "languageId": "markdown", "version": 1, "text": String(decoding: text, as: UTF8.self),
        ] as [String: Any]
      ],
    ])
  }
}
