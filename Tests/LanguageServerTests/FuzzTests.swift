import Foundation
import JSONRPC
import Matching
import TestSupport
import Testing
import TextProcessing

@testable import LanguageServer

/// At least 100,000 random and mutated frames through the real JSON-RPC stack and server, in process: no crash, no
/// hang, every frame the server writes is a well-formed JSON-RPC message, and each session still ends cleanly.
@Suite struct FuzzTests {
  /// A scanner that flags the first word of every transcript, so diagnostics, hovers and actions have data.
  struct FirstWordScanner: TranscriptScanning {
    func scan(_ transcript: Transcript, isCancelled: @escaping @Sendable () -> Bool) -> ScanResult {
      guard let segment = transcript.segments.first, let token = Tokenizer.tokenize(segment.text).first else {
        return ScanResult(passages: [], tokenCount: 0, scannedBytes: 0, coverage: [], truncated: false)
      }
      let range = ByteRange(
        utf8Start: segment.offsets.rawOffset(Int(token.utf8Start)),
        utf8End: segment.offsets.rawOffset(Int(token.utf8End)))
      let match = ReferenceMatch(
        documentID: "ref:1", model: "m", source: "s", prompt: "p", indexIdentity: "00",
        referenceRange: ByteRange(0..<3),
        referenceExcerpt: "abc", transcriptRange: range, similarity: 0.9, longestVerbatimRun: 1, tokenCount: 1,
        bits: 10, eValue: 1e-9,
        alignment: [AlignmentSpan(kind: .substitute, transcript: range, reference: ByteRange(0..<3), tokenCount: 1)])
      let passage = Passage(
        id: "p1", kind: .echo, strength: .moderate, range: range, role: segment.role, text: "x", best: match,
        alternatives: [match], background: nil, identity: nil)
      return ScanResult(
        passages: [passage], tokenCount: 1, scannedBytes: segment.text.count, coverage: [], truncated: false)
    }
  }

  struct FakeLoader: EngineLoading {
    func load(_ configuration: EngineConfiguration) throws -> LoadedEngine {
      LoadedEngine(scanner: FirstWordScanner(), references: nil, background: nil)
    }
  }

  static let seeds: [String] = [
    #"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{"general":{"positionEncodings":["utf-8"]},"textDocument":{"diagnostic":{},"codeAction":{"codeActionLiteralSupport":{}},"hover":{"contentFormat":["markdown"]}},"window":{"workDoneProgress":true,"showDocument":{"support":true}}},"initializationOptions":{"debounceMilliseconds":0,"indexPaths":["/nonexistent.eli"]}}}"#,
    #"{"jsonrpc":"2.0","method":"initialized","params":{}}"#,
    #"{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///w/a.txt","languageId":"plaintext","version":1,"text":"héllo 😀 wörld\r\n漢字 e\u0301 end"}}}"#,
    #"{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///w/b.json","languageId":"json","version":1,"text":"[{\"role\":\"assistant\",\"content\":\"hi there\"}]"}}}"#,
    #"{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"file:///w/a.txt","version":2},"contentChanges":[{"range":{"start":{"line":0,"character":2},"end":{"line":1,"character":1}},"text":"👍\n"}]}}"#,
    #"{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"file:///w/a.txt","version":3},"contentChanges":[{"text":"new text"}]}}"#,
    #"{"jsonrpc":"2.0","id":2,"method":"textDocument/hover","params":{"textDocument":{"uri":"file:///w/a.txt"},"position":{"line":0,"character":1}}}"#,
    #"{"jsonrpc":"2.0","id":3,"method":"textDocument/codeAction","params":{"textDocument":{"uri":"file:///w/a.txt"},"range":{"start":{"line":0,"character":0},"end":{"line":9,"character":0}},"context":{"diagnostics":[]}}}"#,
    #"{"jsonrpc":"2.0","id":4,"method":"textDocument/diagnostic","params":{"textDocument":{"uri":"file:///w/a.txt"}}}"#,
    #"{"jsonrpc":"2.0","id":5,"method":"workspace/executeCommand","params":{"command":"echolens.indexInfo"}}"#,
    #"{"jsonrpc":"2.0","id":"x","method":"workspace/executeCommand","params":{"command":"echolens.exportEvidence","arguments":[{"uri":"file:///w/a.txt","position":{"line":0,"character":0}}]}}"#,
    #"{"jsonrpc":"2.0","method":"workspace/didChangeConfiguration","params":{"settings":{"echolens":{"minTokens":3,"severities":{"weak":"error"}}}}}"#,
    #"{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":2}}"#,
    #"{"jsonrpc":"2.0","id":"echolens-1","result":null}"#,
    #"{"jsonrpc":"2.0","method":"textDocument/didClose","params":{"textDocument":{"uri":"file:///w/b.json"}}}"#,
  ]

  func mutate(_ body: [UInt8], _ rng: inout SeededGenerator) -> [UInt8] {
    var bytes = body
    switch Int.random(in: 0..<8, using: &rng) {
    case 0:  // flip bytes
      for _ in 0..<Int.random(in: 1...4, using: &rng) where !bytes.isEmpty {
        bytes[Int.random(in: 0..<bytes.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng)
      }
    case 1:  // truncate
      bytes = Array(bytes.prefix(Int.random(in: 0...bytes.count, using: &rng)))
    case 2:  // insert JSON-ish tokens
      let pieces = ["{", "}", "[", "]", ",", ":", "null", "\"", "-1", "1e999", "\\u", "\u{0}", "😀"]
      let at = Int.random(in: 0...bytes.count, using: &rng)
      bytes.insert(contentsOf: Array(pieces.randomElement(using: &rng)!.utf8), at: at)
    case 3:  // swap a number for another type
      if let i = bytes.firstIndex(where: { $0 >= 0x30 && $0 <= 0x39 }) {
        bytes.replaceSubrange(
          i...i, with: Array(["\"s\"", "[]", "{}", "true", "-99999999999"].randomElement(using: &rng)!.utf8))
      }
    case 4:  // random bytes
      bytes = (0..<Int.random(in: 0...64, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
    default:
      break  // unchanged: keeps the session meaningful
    }
    return bytes
  }

  func frame(_ body: [UInt8], _ rng: inout SeededGenerator) -> [UInt8] {
    var length = body.count
    var header = "Content-Length: \(length)\r\n\r\n"
    switch Int.random(in: 0..<20, using: &rng) {
    case 0:
      length += Int.random(in: -3...3, using: &rng)
      header = "Content-Length: \(max(0, length))\r\n\r\n"
    case 1: header = "Content-Length: \(length)\r\n"  // no blank line
    case 2: header = "Content-Type: x\r\n\r\n"
    case 3: header = "Content-Length: \(length)\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n"
    case 4: header = "content-length:\(length)\r\n\r\n"
    default: break
    }
    return Array(header.utf8) + body
  }

  @Test func hundredThousandFramesNeitherCrashNorHang() throws {
    let level = Log.level
    Log.level = .off
    defer { Log.level = level }
    var rng = SeededGenerator(seed: 0xEC40_1E45)
    let sessions = 100
    let framesPerSession = 1_000
    let seedBodies = Self.seeds.map { Array($0.utf8) }
    let start = Date()
    for session in 0..<sessions {
      let sink = OutputCheck()
      let connection = Connection(output: sink.write)
      let server = Server(
        connection: connection, options: ServerOptions(version: "fuzz", environment: [:]), loader: FakeLoader())
      connection.start(handler: server)
      // The first two frames set the session up; the rest are random and mutated.
      var stream = frame(seedBodies[0], &rng) + frame(seedBodies[1], &rng)
      for _ in 0..<framesPerSession {
        let body = seedBodies.randomElement(using: &rng)!
        stream += frame(mutate(body, &rng), &rng)
      }
      // Feed in random chunk sizes, as pipes deliver.
      var index = 0
      while index < stream.count {
        let size = Int.random(in: 1...4096, using: &rng)
        connection.receive(stream[index..<min(index + size, stream.count)])
        index += size
      }
      connection.receiveEndOfStream()
      let closed = DispatchSemaphore(value: 0)
      Thread {
        _ = connection.waitUntilClosed()
        closed.signal()
      }.start()
      #expect(closed.wait(timeout: .now() + 30) == .success, "session \(session) hung")
      #expect(sink.malformed.isEmpty, "session \(session) wrote \(sink.malformed.prefix(3))")
      #expect(sink.count > 0)
    }
    #expect(Date().timeIntervalSince(start) < 300)
  }

  /// Checks every frame the server writes.
  final class OutputCheck: @unchecked Sendable {
    private let lock = NSLock()
    private var parser = FrameParser()
    private(set) var count = 0
    private(set) var malformed: [String] = []

    func write(_ data: Data) -> Bool {
      lock.lock()
      defer { lock.unlock() }
      for event in parser.append(data) {
        switch event {
        case .body(let body):
          count += 1
          guard let value = try? JSONDecoder().decode(JSONValue.self, from: Data(body)),
            value["jsonrpc"] == .string("2.0"),
            value["method"] != nil || (value["id"] != nil && (value["result"] != nil || value["error"] != nil))
          else {
            malformed.append(String(decoding: body, as: UTF8.self))
            continue
          }
        case .headerError(let problem):
          malformed.append(problem)
        }
      }
      return true
    }
  }
}
