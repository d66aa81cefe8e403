import Dispatch
import Foundation

/// Streams reference documents out of the inputs of `echolens index build`, in a deterministic order.
///
/// Inputs are files or directories (walked recursively in sorted order): `*.jsonl`/`*.ndjson` (and any other file
/// given explicitly) as JSONL, `*.json` as one JSON array or object, `*.txt`/`*.md` as one document each. Each
/// file is memory-mapped and consumed in batches of about `targetBytes`, split at line ends; the lines of a batch
/// are parsed on several threads while another thread hashes the batch's bytes, and the results are concatenated
/// in input order, so the same inputs always give the same records.
///
/// - Important: calls must not overlap: one thread at a time calls `nextBatch` (it may be a different thread each
///   time, which is why the class is `Sendable`; it parallelises internally).
public final class CorpusReader: @unchecked Sendable {
  /// How an input file is read.
  enum InputKind {
    case jsonLines
    case jsonDocument
    /// A whole text file as one document with this id.
    case textDocument(id: String)
  }

  struct Input {
    var path: String
    var kind: InputKind
  }

  private let options: CorpusReadOptions
  private let files: [Input]
  private var nextFileIndex = 0
  private var current: OpenInput?
  private var finishedInputs: [CorpusInputInfo] = []

  /// The inputs read so far with their sizes and digests; complete once `nextBatch` has returned nil.
  public var inputs: [CorpusInputInfo] { finishedInputs }

  /// Every file that will be read, folders expanded, in reading order.
  public var filePaths: [String] { files.map(\.path) }

  /// Resolves `paths` into the list of files to read.
  ///
  /// - Throws: `CorpusProblem` naming the first input that is missing or unreadable.
  public init(paths: [String], options: CorpusReadOptions) throws {
    self.options = options
    var files: [Input] = []
    let manager = FileManager.default
    for path in paths {
      var isDirectory: ObjCBool = false
      guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
        throw CorpusProblem(file: path, line: 0, message: "no such file or directory")
      }
      if isDirectory.boolValue {
        guard let entries = manager.subpaths(atPath: path) else {
          throw CorpusProblem(file: path, line: 0, message: "cannot list directory")
        }
        let prefix = path.hasSuffix("/") ? path : path + "/"
        for relative in entries.sorted() {
          let full = prefix + relative
          var entryIsDirectory: ObjCBool = false
          guard manager.fileExists(atPath: full, isDirectory: &entryIsDirectory), !entryIsDirectory.boolValue,
            let kind = CorpusReader.kind(ofFileInDirectory: relative)
          else { continue }
          files.append(Input(path: full, kind: kind))
        }
      } else {
        guard manager.isReadableFile(atPath: path) else {
          throw CorpusProblem(file: path, line: 0, message: "permission denied")
        }
        files.append(Input(path: path, kind: CorpusReader.kind(ofGivenFile: path)))
      }
    }
    self.files = files
  }

  /// The kind of a file found in a directory, or nil to skip it.
  static func kind(ofFileInDirectory relativePath: String) -> InputKind? {
    let lower = relativePath.lowercased()
    if lower.hasSuffix(".jsonl") || lower.hasSuffix(".ndjson") { return .jsonLines }
    if lower.hasSuffix(".json") { return .jsonDocument }
    if lower.hasSuffix(".txt") || lower.hasSuffix(".md") || lower.hasSuffix(".markdown") {
      return .textDocument(id: relativePath)
    }
    return nil
  }

  /// The kind of a file named on the command line: as in a directory, and JSONL when the extension says nothing.
  static func kind(ofGivenFile path: String) -> InputKind {
    let name = path.split(separator: "/").last.map(String.init) ?? path
    return kind(ofFileInDirectory: name).map { kind in
      if case .textDocument = kind { return .textDocument(id: name) }
      return kind
    } ?? .jsonLines
  }

  /// The next records, from about `targetBytes` of input (at least one line or file), or nil after the last.
  ///
  /// - Throws: `CorpusProblem` when an input that existed at `init` can no longer be opened.
  public func nextBatch(targetBytes: Int) throws -> CorpusBatch? {
    guard current != nil || nextFileIndex < files.count else { return nil }
    var batch = CorpusBatch(records: [], problems: [], inputBytes: 0)
    repeat {
      if current == nil {
        guard nextFileIndex < files.count else { break }
        current = try OpenInput(files[nextFileIndex])
        nextFileIndex += 1
      }
      guard let input = current else { break }
      input.read(upTo: max(1, targetBytes - batch.inputBytes), options: options, into: &batch)
      // A file truncated while it is mapped reads as zeros from then on (`MappingFaultGuard`): what this batch
      // holds from it is not what the file said, so the build stops rather than index it.
      guard !input.file.wasReplaced else {
        throw CorpusProblem(
          file: input.input.path, line: 0,
          message: "the file shrank while it was being read (another program truncated or rewrote it)")
      }
      if input.isFinished {
        finishedInputs.append(input.finish())
        current = nil
      }
    } while batch.inputBytes < targetBytes
    return batch
  }
}

/// One input being read: its mapping, how far it has been read, and the digest so far.
private final class OpenInput {
  let input: CorpusReader.Input
  let file: MappedFile
  var offset = 0
  /// Lines before `offset`.
  var linesRead = 0
  var hasher = SHA256()

  init(_ input: CorpusReader.Input) throws {
    self.input = input
    do {
      self.file = try MappedFile(path: input.path, access: .sequential)
    } catch {
      throw CorpusProblem(file: input.path, line: 0, message: error.reason)
    }
  }

  var isFinished: Bool { offset >= file.count }

  func finish() -> CorpusInputInfo {
    CorpusInputInfo(path: input.path, byteCount: file.count, sha256: hasher.finalizeHex())
  }

  /// Reads about `budget` bytes (whole lines, or the whole file for a document) into `batch`.
  func read(upTo budget: Int, options: CorpusReadOptions, into batch: inout CorpusBatch) {
    switch input.kind {
    case .jsonLines:
      readLines(budget: budget, options: options, into: &batch)
    case .jsonDocument:
      readJSONDocument(options: options, into: &batch)
    case .textDocument(let id):
      readTextDocument(id: id, options: options, into: &batch)
    }
  }

  private func readTextDocument(id: String, options: CorpusReadOptions, into batch: inout CorpusBatch) {
    file.bytes.withAllBytes { bytes in
      hasher.update(UnsafeRawBufferPointer(bytes))
      if let bad = UTF8Validation.firstInvalidOffset(in: bytes) {
        batch.problems.append(CorpusProblem(file: input.path, line: 0, message: "invalid UTF-8 at byte offset \(bad)"))
      } else {
        let text = String(decoding: bytes, as: UTF8.self)
        batch.records.append(
          CorpusRecord(id: id, model: options.model ?? "unknown", prompt: nil, text: text, source: input.path, line: 0))
      }
    }
    finishWhole(into: &batch)
  }

  /// A `.json` file: an array of records (each reported at the line where it starts) or one record.
  private func readJSONDocument(options: CorpusReadOptions, into batch: inout CorpusBatch) {
    file.bytes.withAllBytes { bytes in
      hasher.update(UnsafeRawBufferPointer(bytes))
      let extractor = CorpusRecordExtractor(options: options, source: input.path, bytes: bytes)
      let root: JSONByteValue
      do {
        root = try JSONByteParser.parse(bytes)
      } catch let error as TextParseError {
        batch.problems.append(
          CorpusProblem(
            file: input.path, line: error.line, message: "invalid JSON at column \(error.utf8Column): \(error.message)")
        )
        return
      } catch {
        batch.problems.append(CorpusProblem(file: input.path, line: 0, message: "\(error)"))
        return
      }
      let elements = root.array ?? [root]
      var line = 1
      var counted = 0
      for element in elements {
        for i in counted..<element.utf8Range.lowerBound where bytes[i] == 0x0A { line += 1 }
        counted = element.utf8Range.lowerBound
        do {
          try extractor.extract(element, line: line, into: &batch.records)
        } catch let problem as CorpusProblem {
          batch.problems.append(problem)
        } catch {
          batch.problems.append(CorpusProblem(file: input.path, line: line, message: "\(error)"))
        }
      }
    }
    finishWhole(into: &batch)
  }

  private func finishWhole(into batch: inout CorpusBatch) {
    batch.inputBytes += file.count - offset
    offset = file.count
    file.release(upTo: offset)
  }

  /// Reads whole lines from `offset` until about `budget` bytes are consumed, parsing them in parallel.
  private func readLines(budget: Int, options: CorpusReadOptions, into batch: inout CorpusBatch) {
    file.bytes.withAllBytes { bytes in
      let n = bytes.count
      let chunkStart = offset
      var lines: [(range: Range<Int>, line: Int)] = []
      var position = offset
      var lineNumber = linesRead
      while position < n && (position - chunkStart < budget || lines.isEmpty) {
        lineNumber += 1
        let lineEnd = OpenInput.lineEnd(in: bytes, from: position)
        if !OpenInput.isBlank(bytes, position..<lineEnd) { lines.append((position..<lineEnd, lineNumber)) }
        position = min(lineEnd + 1, n)
      }
      let chunk = UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(bytes)[chunkStart..<position])
      let parts = OpenInput.parse(
        lines, hashing: chunk, hasher: &hasher, options: options, source: input.path, bytes: bytes)
      for part in parts {
        batch.records.append(contentsOf: part.records)
        batch.problems.append(contentsOf: part.problems)
      }
      batch.inputBytes += position - chunkStart
      offset = position
      linesRead = lineNumber
    }
    file.release(upTo: offset)
  }

  private struct Part {
    var records: [CorpusRecord] = []
    var problems: [CorpusProblem] = []
  }

  /// Shares what the worker threads read and write; each thread touches only its own slot.
  private final class SharedWork: @unchecked Sendable {
    let bytes: UnsafeBufferPointer<UInt8>
    let chunk: UnsafeRawBufferPointer
    let lines: [(range: Range<Int>, line: Int)]
    let options: CorpusReadOptions
    let source: String
    var parts: [Part]
    var hasher: SHA256

    init(
      bytes: UnsafeBufferPointer<UInt8>, chunk: UnsafeRawBufferPointer, lines: [(range: Range<Int>, line: Int)],
      options: CorpusReadOptions, source: String, partCount: Int, hasher: SHA256
    ) {
      self.bytes = bytes
      self.chunk = chunk
      self.lines = lines
      self.options = options
      self.source = source
      self.parts = Array(repeating: Part(), count: partCount)
      self.hasher = hasher
    }
  }

  /// Parses `lines` into parts in order, on several threads when there is enough work, while hashing `chunk`.
  private static func parse(
    _ lines: [(range: Range<Int>, line: Int)], hashing chunk: UnsafeRawBufferPointer, hasher: inout SHA256,
    options: CorpusReadOptions, source: String, bytes: UnsafeBufferPointer<UInt8>
  ) -> [Part] {
    let parallel = chunk.count >= 1 << 18 && lines.count >= 64
    let partCount = parallel ? min(lines.count, ProcessInfo.processInfo.activeProcessorCount * 4) : 1
    let work = SharedWork(
      bytes: bytes, chunk: chunk, lines: lines, options: options, source: source, partCount: partCount,
      hasher: hasher)
    work.parts.withUnsafeMutableBufferPointer { slots in
      nonisolated(unsafe) let slots = slots
      let run: @Sendable (Int) -> Void = { iteration in
        if iteration == partCount {
          work.hasher.update(work.chunk)
          return
        }
        let extractor = CorpusRecordExtractor(options: work.options, source: work.source, bytes: work.bytes)
        let lower = work.lines.count * iteration / partCount
        let upper = work.lines.count * (iteration + 1) / partCount
        var part = Part()
        for index in lower..<upper {
          extractor.extract(
            lineRange: work.lines[index].range, line: work.lines[index].line, into: &part.records,
            problems: &part.problems)
        }
        slots[iteration] = part
      }
      if parallel {
        DispatchQueue.concurrentPerform(iterations: partCount + 1, execute: run)
      } else {
        for iteration in 0...partCount { run(iteration) }
      }
    }
    hasher = work.hasher
    return work.parts
  }

  private static func lineEnd(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
    guard let base = bytes.baseAddress else { return start }
    let n = bytes.count
    if let found = memchr(base + start, 0x0A, n - start) {
      return UnsafeRawPointer(found) - UnsafeRawPointer(base)
    }
    return n
  }

  private static func isBlank(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
    for i in range where bytes[i] != 0x20 && bytes[i] != 0x09 && bytes[i] != 0x0D { return false }
    return true
  }
}
