import Foundation
import TextProcessing

/// Section `lsp` (issue 4): `echolens serve` as a child process, spoken to over real Content-Length frames.
///
/// Figures: time to the `initialize` response with the large index configured, `didOpen` of a 100 KB transcript
/// to its `publishDiagnostics`, an incremental `didChange` in a 1 MB transcript to its `publishDiagnostics` (the
/// debounce is set to 0, so these are pure server time), and the server's resident memory with ten 1 MB documents
/// open, minus the resident pages of the mapped index file (those are the page cache, shared with every process).
struct LSPBenchmark {
  let context: BenchContext

  func run() throws {
    let generated = context.scratchPath("generated.eli")
    let useGenerated = !context.options.quick && BenchContext.opens(generated)
    let indexPath =
      useGenerated ? generated : try context.cachedIndex("shared-data.eli", inputs: try context.allDataFiles())
    let absoluteIndex = URL(fileURLWithPath: indexPath).standardizedFileURL.path
    let hosts = try BenchContext.records(QualityBenchmark.otherAnswerFiles.map(context.data)).map(\.text).filter {
      !$0.isEmpty
    }
    let plantSource =
      useGenerated
      ? try ScanBenchmark.firstRecords(context.scratchPath("generated.jsonl"))
      : try BenchContext.records([context.data("gpteacher_codegen_gpt4.jsonl")])
    let workspace = URL(fileURLWithPath: context.scratch).standardizedFileURL
    let process = try ChildProcess(
      try context.echolens(), ["serve"], pipes: true, errorFile: context.scratchPath("serve.stderr"))
    let spawned = process.started
    let client = LSPClient(process: process)
    let indexName = useGenerated ? "generated corpus" : "shared data"
    var table = ResultTable(
      "lsp: echolens serve, index \(Format.megabytes(BenchContext.fileSize(indexPath))) (\(indexName))")

    let initialize = try client.request(
      "initialize",
      [
        "processId": Int(getpid()), "rootUri": workspace.absoluteString,
        "capabilities": ["general": ["positionEncodings": ["utf-16"]]] as [String: Any],
        "initializationOptions": ["indexPaths": [absoluteIndex], "debounceMilliseconds": 0] as [String: Any],
      ] as [String: Any])
    let initialized = try client.response(to: initialize.id)
    table.atMost("initialize -> response", (initialized.time - initialize.sent) * 1000, 20, unit: " ms")
    table.info("  process start -> initialize response", Format.fixed((initialized.time - spawned) * 1000, 1) + " ms")
    try client.send(["method": "initialized", "params": [String: Any]()])

    // didOpen of 100 KB transcripts: the median of five different documents.
    var openTimes: [Double] = []
    var openDiagnostics = 0
    for i in 0..<5 {
      let text = ScanBenchmark.transcript(
        bytes: 100 << 10, hosts: hosts, plantsFrom: plantSource, plants: 3, seed: 100 + UInt64(i))
      let uri = workspace.appendingPathComponent("open-\(i).md").absoluteString
      let sent = try open(client, uri: uri, text: text)
      let published = try client.diagnostics(uri: uri, version: 1)
      openTimes.append(published.time - sent)
      openDiagnostics = ((published.message["params"] as? [String: Any])?["diagnostics"] as? [Any])?.count ?? 0
      try close(client, uri: uri)
    }
    table.atMost(
      "didOpen 100 KB -> publishDiagnostics (median of 5)", Statistics.median(openTimes) * 1000, 30, unit: " ms")
    table.info("  diagnostics in the last 100 KB document", "\(openDiagnostics)")

    // didChange in a 1 MB document: insert a word in the middle, five times.
    let big = ScanBenchmark.transcript(bytes: 1 << 20, hosts: hosts, plantsFrom: plantSource, plants: 10, seed: 200)
    let bigURI = workspace.appendingPathComponent("big.md").absoluteString
    let openedBig = try open(client, uri: bigURI, text: big)
    let firstBig = try client.firstAndCompleteDiagnostics(uri: bigURI, version: 1).complete
    table.info("  didOpen 1 MB -> publishDiagnostics", Format.fixed((firstBig.time - openedBig) * 1000, 1) + " ms")
    let middleLine = big.split(separator: 10, omittingEmptySubsequences: false).count / 2
    var changeTimes: [Double] = []
    for version in 2...6 {
      let position: [String: Any] = ["line": middleLine, "character": 0]
      let sent = try client.send([
        "method": "textDocument/didChange",
        "params": [
          "textDocument": ["uri": bigURI, "version": version] as [String: Any],
          "contentChanges": [["range": ["start": position, "end": position], "text": "edited "] as [String: Any]],
        ] as [String: Any],
      ])
      changeTimes.append(try client.firstAndCompleteDiagnostics(uri: bigURI, version: version).complete.time - sent)
    }
    table.atMost(
      "didChange in 1 MB -> publishDiagnostics (median of 5)", Statistics.median(changeTimes) * 1000, 100, unit: " ms")

    // Ten 1 MB documents open (the big one plus nine more), then the server's memory.
    for i in 0..<9 {
      let text = ScanBenchmark.transcript(
        bytes: 1 << 20, hosts: hosts, plantsFrom: plantSource, plants: 10, seed: 300 + UInt64(i))
      let uri = workspace.appendingPathComponent("doc-\(i).md").absoluteString
      try open(client, uri: uri, text: text)
      _ = try client.firstAndCompleteDiagnostics(uri: uri, version: 1)
    }
    let memory = Self.memory(pid: process.pid, mappedPath: absoluteIndex)
    table.atMost(
      "server RSS minus mapped index, ten 1 MB documents", Double(memory.rss - memory.indexRss) / 1_048_576, 64,
      unit: " MiB", digits: 1)
    table.info(
      "  VmRSS / resident index pages / VmHWM",
      "\(Format.megabytes(memory.rss)) / \(Format.megabytes(memory.indexRss)) / \(Format.megabytes(memory.hwm))")
    table.info("  RssAnon (heap and stacks only)", Format.megabytes(memory.anonymous))

    let shutdown = try client.request("shutdown", NSNull())
    _ = try client.response(to: shutdown.id)
    try client.send(["method": "exit"])
    let outcome = process.wait()
    table.info("exit status after shutdown/exit", "\(outcome.status)")
    print(table.render())
    try LSPAuditBenchmark(context: context).run()
  }

  @discardableResult
  func open(_ client: LSPClient, uri: String, text: [UInt8]) throws -> Double {
    try client.send([
      "method": "textDocument/didOpen",
      "params": [
        "textDocument": [
          "uri": uri, "languageId": "markdown", "version": 1, "text": String(decoding: text, as: UTF8.self),
        ]
          as [String: Any]
      ],
    ])
  }

  func close(_ client: LSPClient, uri: String) throws {
    try client.send(["method": "textDocument/didClose", "params": ["textDocument": ["uri": uri]]])
  }

  /// The whole of a /proc file. Such files report a size of 0, so they are read until end of file rather than by size.
  static func readAll(_ path: String) -> String {
    let fd = Foundation.open(path, O_RDONLY)
    guard fd >= 0 else { return "" }
    defer { Foundation.close(fd) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
      if n <= 0 { break }
      bytes += chunk[0..<n]
    }
    return String(decoding: bytes, as: UTF8.self)
  }

  /// VmRSS and VmHWM of `pid`, and the resident bytes of its mappings of `mappedPath` (from /proc/PID/smaps).
  static func memory(pid: pid_t, mappedPath: String) -> (rss: Int, hwm: Int, indexRss: Int, anonymous: Int) {
    func kilobytes(_ line: Substring) -> Int {
      Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") ?? 0
    }
    let status = readAll("/proc/\(pid)/status")
    var rss = 0
    var hwm = 0
    var anonymous = 0
    for line in status.split(separator: "\n") {
      if line.hasPrefix("VmRSS:") { rss = kilobytes(line) * 1024 }
      if line.hasPrefix("VmHWM:") { hwm = kilobytes(line) * 1024 }
      if line.hasPrefix("RssAnon:") { anonymous = kilobytes(line) * 1024 }
    }
    let smaps = readAll("/proc/\(pid)/smaps")
    var indexRss = 0
    var inIndex = false
    for line in smaps.split(separator: "\n") {
      if let first = line.first, first.isHexDigit, line.contains("-"), !line.hasSuffix(":"),
        line.split(separator: " ").count >= 5,
        !line.hasPrefix("Rss")
      {
        inIndex = line.hasSuffix(mappedPath)
      } else if inIndex, line.hasPrefix("Rss:") {
        indexRss += kilobytes(line) * 1024
      }
    }
    return (rss, hwm, indexRss, anonymous)
  }
}
