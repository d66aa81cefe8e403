import Dispatch
import Foundation
import JSONRPC
import TextProcessing

/// Writes a large synthetic JSONL corpus whose word frequencies follow real model outputs.
///
/// Words are taken from the shared data's outputs (split at white space, punctuation kept) and chained by their
/// observed bigram successors, with a jump to a word drawn from the unigram distribution one time in five, so both
/// word frequencies and common short phrases look like real answers while the text as a whole is new. The files the
/// scan and LSP sections use as transcripts are left out of the training text: a bigram chain through a word with
/// one successor replays its source verbatim, and the generated index would then "contain" the transcripts. The
/// corpus is
/// cut into fixed chunks, each with its own seeded generator, so chunks are generated on every core and the
/// output is the same bytes on every run.
struct CorpusGenerator {
  /// What was generated, cached beside the corpus so that later runs need not read it again.
  struct Summary: Codable {
    var path: String
    var fileBytes: Int
    /// Bytes of output and prompt text (JSON escapes resolved).
    var textBytes: Int
    var records: Int
    var seed: UInt64
    var seconds: Double
  }

  /// Every word, JSON-escaped, and its unescaped length.
  private var words: [[UInt8]] = []
  private var wordTextLength: [Int] = []
  /// The training word stream: drawing a random position gives a word with its corpus frequency.
  private var stream: [Int32] = []
  /// Bigram successors in compressed rows: the successors of word w are `successors[rowStart[w]..<rowStart[w+1]]`.
  private var rowStart: [Int32] = []
  private var successors: [Int32] = []

  static let seed: UInt64 = 0xEC40_1E26

  init(trainingTexts: [String]) {
    var ids: [Substring: Int32] = [:]
    for text in trainingTexts {
      for word in text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }) {
        if let id = ids[word] {
          stream.append(id)
        } else {
          let id = Int32(words.count)
          ids[word] = id
          words.append(Self.jsonEscaped(word))
          wordTextLength.append(word.utf8.count)
          stream.append(id)
        }
      }
      stream.append(-1)  // a document boundary: no bigram across it
    }
    var counts = [Int32](repeating: 0, count: words.count + 1)
    for i in 0..<(stream.count - 1) where stream[i] >= 0 && stream[i + 1] >= 0 { counts[Int(stream[i]) + 1] += 1 }
    for i in 1..<counts.count { counts[i] += counts[i - 1] }
    rowStart = counts
    var fill = Array(counts.dropLast())
    successors = [Int32](repeating: 0, count: Int(counts.last ?? 0))
    for i in 0..<(stream.count - 1) where stream[i] >= 0 && stream[i + 1] >= 0 {
      let w = Int(stream[i])
      successors[Int(fill[w])] = stream[i + 1]
      fill[w] += 1
    }
    stream.removeAll { $0 < 0 }
  }

  static func jsonEscaped(_ word: Substring) -> [UInt8] {
    var out: [UInt8] = []
    JSONStringLiteral.appendEscaped(word.utf8, to: &out)
    return out
  }

  /// Writes about `bytes` bytes of JSONL to `path` (atomically) and returns what was written.
  func write(to path: String, bytes: Int) throws -> Summary {
    let started = Clock.now()
    let chunkBytes = 32 << 20
    let chunkCount = max(1, (bytes + chunkBytes - 1) / chunkBytes)
    let temporary = path + ".tmp"
    guard let file = fopen(temporary, "w") else { throw BenchError("\(temporary): cannot create") }
    var textBytes = 0
    var records = 0
    var fileBytes = 0
    let workers = max(1, ProcessInfo.processInfo.activeProcessorCount)
    var next = 0
    while next < chunkCount {
      let batch = min(workers, chunkCount - next)
      var outputs = [([UInt8], Int, Int)](repeating: ([], 0, 0), count: batch)
      outputs.withUnsafeMutableBufferPointer { buffer in
        nonisolated(unsafe) let out = buffer
        let first = next
        DispatchQueue.concurrentPerform(iterations: batch) { i in
          let target = min(chunkBytes, bytes - (first + i) * chunkBytes)
          out[i] = generateChunk(number: first + i, targetBytes: target)
        }
      }
      for (data, text, count) in outputs {
        let written = data.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
        guard written == data.count else {
          fclose(file)
          throw BenchError("\(temporary): write failed: \(String(cString: strerror(errno)))")
        }
        fileBytes += data.count
        textBytes += text
        records += count
      }
      next += batch
    }
    guard fclose(file) == 0, rename(temporary, path) == 0 else { throw BenchError("\(path): cannot write") }
    let summary = Summary(
      path: path, fileBytes: fileBytes, textBytes: textBytes, records: records, seed: Self.seed,
      seconds: Clock.now() - started)
    try JSONEncoder().encode(summary).write(to: URL(fileURLWithPath: path + ".summary.json"), options: .atomic)
    return summary
  }

  /// One chunk of whole records, about `targetBytes` long: (bytes, text bytes, record count).
  func generateChunk(number: Int, targetBytes: Int) -> ([UInt8], Int, Int) {
    var rng = SeededRandom(seed: Self.seed &+ UInt64(number) &* 0x1_0000_0001)
    var out: [UInt8] = []
    out.reserveCapacity(targetBytes + 8192)
    var text = 0
    var count = 0
    var word = Int(stream[rng.below(stream.count)])
    /// Appends about `length` bytes of chained words.
    func sentence(length: Int, paragraphs: Bool) -> Int {
      var written = 0
      while written < length {
        let row = Int(rowStart[word])..<Int(rowStart[word + 1])
        if row.isEmpty || rng.chance(0.2) {
          word = Int(stream[rng.below(stream.count)])
        } else {
          word = Int(successors[row.lowerBound + rng.below(row.count)])
        }
        if written > 0 {
          let last = out.last
          if paragraphs, last == UInt8(ascii: "."), rng.chance(0.12) {
            out += [UInt8(ascii: "\\"), UInt8(ascii: "n"), UInt8(ascii: "\\"), UInt8(ascii: "n")]
            written += 2
          } else {
            out.append(UInt8(ascii: " "))
            written += 1
          }
        }
        out += words[word]
        written += wordTextLength[word]
      }
      return written
    }
    let open = Array("{\"id\":\"gen:".utf8)
    let model = Array("\",\"model\":\"synthetic\",\"prompt\":\"".utf8)
    let output = Array("\",\"output\":\"".utf8)
    let close = Array("\"}\n".utf8)
    while out.count < targetBytes {
      out += open
      out += Array("\(number)-\(count)".utf8)
      out += model
      text += sentence(length: rng.int(in: 40...200), paragraphs: false)
      out += output
      text += sentence(length: rng.int(in: 1000...3000), paragraphs: true)
      out += close
      count += 1
    }
    return (out, text, count)
  }

  /// The cached corpus at `path` if it is complete and of the requested size, else a newly generated one.
  static func cached(at path: String, bytes: Int, trainingFiles: [String]) throws -> (Summary, generated: Bool) {
    if let data = FileManager.default.contents(atPath: path + ".summary.json"),
      let summary = try? JSONDecoder().decode(Summary.self, from: data), summary.seed == seed,
      BenchContext.fileSize(path) == summary.fileBytes, abs(summary.fileBytes - bytes) < bytes / 100 + (64 << 10)
    {
      return (summary, false)
    }
    let texts = try BenchContext.records(trainingFiles).map(\.text)
    let generator = CorpusGenerator(trainingTexts: texts)
    return (try generator.write(to: path, bytes: bytes), true)
  }
}
