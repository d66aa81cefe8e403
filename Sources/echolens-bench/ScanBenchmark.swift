import Dispatch
import EchoLensCommands
import Foundation
import Matching
import ReferenceIndex
import TextProcessing

/// Section `scan` (issue 3): median in-process scan time of 100 KB and 1 MB transcripts, and batch throughput.
///
/// Transcripts are other models' answers (the Self-Instruct 252 answers of people and the davinci variants) with a
/// few planted copies of reference passages. The index of *all* shared data contains those answers themselves, so
/// against it nearly every sentence is an echo: that is reported as the worst case, beside an index of the shared
/// data without the host files, where only the plants match.
struct ScanBenchmark {
  let context: BenchContext

  func run() throws {
    let hostFiles = QualityBenchmark.otherAnswerFiles
    let hostRecords = try BenchContext.records(hostFiles.map(context.data))
    let hosts = hostRecords.map(\.text).filter { !$0.isEmpty }
    let all = try context.allDataFiles()
    let withoutHosts = all.filter { !hostFiles.contains(($0 as NSString).lastPathComponent) }
    let gpteacher = try BenchContext.records(withoutHosts.filter { $0.contains("gpteacher") })

    let heldOut = try context.cachedIndex("shared-without-hosts.eli", inputs: withoutHosts)
    let full = try context.cachedIndex("shared-data.eli", inputs: all)
    var indexes: [(String, String, [CorpusRecord])] = [
      ("shared data without the host files", heldOut, gpteacher),
      ("all shared data (hosts are indexed: worst case)", full, gpteacher),
    ]
    if !context.options.quick {
      let generated = context.scratchPath("generated.eli")
      if BenchContext.opens(generated) {
        indexes.append(("generated corpus", generated, try Self.firstRecords(context.scratchPath("generated.jsonl"))))
      } else {
        print("(no usable \(generated): run --section index first for the 1 GiB figures)")
      }
    }
    for (name, path, plantSource) in indexes {
      let scanner = try BenchContext.scanner([path])
      var table = ResultTable("scan: index = \(name) (\(Format.megabytes(BenchContext.fileSize(path))))")
      for (size, plants, runs, limit) in [(100 << 10, 3, 31, 10.0), (1 << 20, 10, 11, 100.0)] {
        let transcript = Self.transcript(bytes: size, hosts: hosts, plantsFrom: plantSource, plants: plants, seed: 7)
        var result: ScanResult?
        let seconds = try Clock.median(runs: runs) {
          result = try scanner.scan(bytes: transcript, format: .markdown)
        }
        let echoes = result?.passages.filter { $0.kind == .echo }.count ?? 0
        table.atMost(
          "\(size >> 10) KB transcript, median of \(runs) (\(echoes) echo passages)", seconds * 1000, limit, unit: " ms"
        )
      }
      let answers = hostRecords.map { Array($0.text.utf8) }
      // One untimed pass first: the batch figures are steady-state throughput, after this process has mapped the
      // index pages the answers touch (the first pass over the 1 GiB index pays about a third more for that).
      _ = Self.batch(answers, scanner: scanner, threads: 1)
      // The median of five passes: one pass over the shared data's answers takes under a tenth of a second, so a
      // single pass moved by up to a fifth from run to run on this two-core machine.
      for threads in [1, ProcessInfo.processInfo.activeProcessorCount] {
        let passes = (0..<Self.batchPasses).map { _ in Self.batch(answers, scanner: scanner, threads: threads) }
        let bytes = passes[0].0
        let seconds = passes.map(\.1).sorted()[Self.batchPasses / 2]
        table.atLeast(
          "batch: \(answers.count) answers, \(threads) thread(s), median of \(Self.batchPasses), MB/s per core",
          Double(bytes) / 1e6 / seconds / Double(threads),
          20, unit: " MB/s")
      }
      print(table.render())
    }
  }

  /// Passes over the answers per batch figure, of which the median is printed.
  static let batchPasses = 5

  /// Other models' answers joined by blank lines to `bytes`, with `plants` reference passages (alternately verbatim
  /// and with 10% word edits) spread through it.
  static func transcript(bytes: Int, hosts: [String], plantsFrom references: [CorpusRecord], plants: Int, seed: UInt64)
    -> [UInt8]
  {
    var planter = PassagePlanter(vocabularyTexts: Array(hosts.prefix(200)), seed: seed)
    var text: [UInt8] = []
    text.reserveCapacity(bytes + 8192)
    var next = 0
    var planted = 0
    while text.count < bytes {
      if planted < plants, text.count >= (planted * bytes) / plants {
        while true {
          let r = references[planter.rng.below(references.count)]
          guard let (passage, tokens) = planter.cut(r.text) else { continue }
          let (words, _) = planter.edit(passage, tokenCount: tokens, editShare: planted % 2 == 0 ? 0 : 0.1)
          text += Array(planter.reformat(words).0.utf8) + [10, 10]
          break
        }
        planted += 1
      }
      text += Array(hosts[next % hosts.count].utf8) + [10, 10]
      next += 1
    }
    return text
  }

  /// Scans every transcript once on `threads` threads, handing them out as `echolens scan` does (`ScanJobs`);
  /// returns the bytes scanned and the wall time.
  static func batch(_ transcripts: [[UInt8]], scanner: EchoScanner, threads: Int) -> (Int, Double) {
    let bytes = transcripts.reduce(0) { $0 + $1.count }
    let (_, seconds) = Clock.measure {
      _ = ScanJobs.run(
        transcripts.count, jobs: threads,
        job: { (try? scanner.scan(bytes: transcripts[$0], format: .markdown))?.passages.count ?? -1 })
    }
    return (bytes, seconds)
  }

  /// The first records of a large JSONL file, without reading all of it.
  static func firstRecords(_ path: String) throws -> [CorpusRecord] {
    let reader = try CorpusReader(paths: [path], options: CorpusReadOptions())
    return try reader.nextBatch(targetBytes: 4 << 20)?.records ?? []
  }
}
