import Foundation
import ReferenceIndex
import TextProcessing

/// Section `index` (issue 2): build throughput, index size ratios, open time and peak build memory.
///
/// "Input text" is the bytes of output and prompt text the builder reads (JSON escapes resolved), the quantity the
/// issue's MB/s and size targets are stated in; ratios to the raw input file bytes are printed beside them.
struct IndexBenchmark {
  let context: BenchContext

  /// Sizes of one corpus, measured once.
  struct CorpusSize {
    var fileBytes: Int
    var outputBytes: Int
    var promptBytes: Int
    var records: Int
    var inputText: Int { outputBytes + promptBytes }
  }

  func run() throws {
    let inputs = try context.allDataFiles()
    let size = try Self.measure(inputs)
    var table = ResultTable("index: all of \(context.options.dataDirectory) (\(inputs.count) files)")
    table.info(
      "input files / text (output+prompt)", "\(Format.megabytes(size.fileBytes)) / \(Format.megabytes(size.inputText))")
    table.info("records", "\(size.records)")

    // In-process builds: the median of three (the first also warms the page cache).
    let path = context.scratchPath("shared-data.eli")
    var report: IndexBuildReport?
    let seconds = try Clock.median(runs: 3) {
      report = try IndexBuilder(inputs: inputs, outputPath: path, options: IndexBuildOptions()).build()
    }
    table.atLeast(
      "build throughput, in-process (median of 3)", Double(size.inputText) / 1e6 / seconds, 50, unit: " MB/s")
    table.info("  ... of raw file bytes", Format.fixed(Double(size.fileBytes) / 1e6 / seconds, 1) + " MB/s")
    table.info("  build time", Format.fixed(seconds * 1000, 0) + " ms")
    let file = try ReferenceIndexFile(path: path)
    addSizes(file, size, &table)
    if let report {
      table.info(
        "documents / postings / terms", "\(report.documentCount) / \(report.postingCount) / \(report.termCount)")
    }
    addOpenTime(path, &table)
    let cli = try cliBuild(inputs: inputs, output: context.scratchPath("shared-data-cli.eli"), memory: "2G")
    table.info("CLI build wall time (child process)", Format.fixed(cli.seconds * 1000, 0) + " ms")
    table.atMost(
      "CLI build peak RSS (--memory 2G)", Double(cli.maxResidentBytes) / 1_048_576, 2048, unit: " MiB", digits: 0)
    print(table.render())

    if context.options.quick {
      print("(--quick: generated corpus skipped)")
      return
    }
    try runGenerated()
  }

  /// The generated corpus: generation, CLI build with `--memory 2G`, sizes and open time.
  func runGenerated() throws {
    let corpusPath = context.scratchPath("generated.jsonl")
    let training = try context.allDataFiles().filter {
      !QualityBenchmark.otherAnswerFiles.contains(($0 as NSString).lastPathComponent)
    }
    let (summary, generated) = try CorpusGenerator.cached(
      at: corpusPath, bytes: context.options.generatedBytes, trainingFiles: training)
    let seed = String(summary.seed, radix: 16)
    let megabytes = Format.megabytes(summary.fileBytes)
    var table = ResultTable("index: generated corpus, bigrams of \(training.count) files (seed \(seed), \(megabytes))")
    table.info("records / input text", "\(summary.records) / \(Format.megabytes(summary.textBytes))")
    if generated {
      table.info(
        "generation time",
        Format.fixed(summary.seconds, 1) + " s (" + Format.fixed(Double(summary.fileBytes) / 1e6 / summary.seconds, 0)
          + " MB/s)")
    } else {
      table.info("generation", "cached in \(corpusPath)")
    }
    let indexPath = context.scratchPath("generated.eli")
    let cli = try cliBuild(inputs: [corpusPath], output: indexPath, memory: "2G")
    guard cli.status == 0 else {
      throw BenchError("echolens index build failed (\(cli.status)):\n\(cli.standardError)")
    }
    table.atLeast("CLI build throughput (input text)", Double(summary.textBytes) / 1e6 / cli.seconds, 50, unit: " MB/s")
    table.info("  ... of raw file bytes", Format.fixed(Double(summary.fileBytes) / 1e6 / cli.seconds, 1) + " MB/s")
    table.info("  build wall time", Format.fixed(cli.seconds, 1) + " s")
    table.atMost(
      "CLI build peak RSS (--memory 2G)", Double(cli.maxResidentBytes) / 1_048_576, 2048, unit: " MiB", digits: 0)
    let file = try ReferenceIndexFile(path: indexPath)
    let size = CorpusSize(
      fileBytes: summary.fileBytes, outputBytes: summary.textBytes, promptBytes: 0, records: summary.records)
    addSizes(file, size, &table)
    table.info(
      "documents / postings / distinct seeds",
      "\(file.header.documentCount) / \(file.header.postingCount) / \(file.header.distinctSeedCount)")
    addOpenTime(indexPath, &table)
    try addVerifyTimes(file, textBytes: summary.textBytes, &table)
    print(table.render())
  }

  /// How long verification takes: the checksums (every scan) and deep verification (once per index identity).
  func addVerifyTimes(_ file: ReferenceIndexFile, textBytes: Int, _ table: inout ResultTable) throws {
    var start = Clock.now()
    _ = try file.verify()
    let checksums = Clock.now() - start
    start = Clock.now()
    _ = try file.verifyDeep()
    let deep = Clock.now() - start
    table.info("verify: checksums", Format.fixed(checksums, 2) + " s")
    table.info(
      "verify --deep (postings, terms, tokens recomputed)",
      Format.fixed(deep, 2) + " s (" + Format.fixed(Double(textBytes) / 1e6 / deep, 0) + " MB/s of text)")
  }

  func addSizes(_ file: ReferenceIndexFile, _ size: CorpusSize, _ table: inout ResultTable) {
    func length(_ s: IndexSection) -> Int { Int(file.header.sections[s.rawValue].length) }
    let seeds = length(.postings) + length(.directory) + length(.terms)
    let text = Double(size.inputText)
    table.info("index file size", Format.megabytes(file.fileSize))
    table.atMost("index file / input text", Double(file.fileSize) / text, 1.6, unit: " x")
    table.info("  index file / raw input bytes", Format.fixed(Double(file.fileSize) / Double(size.fileBytes), 2) + " x")
    table.atMost("seed+statistics sections / input text", Double(seeds) / text, 0.6, unit: " x")
    table.info(
      "  (postings+directory+terms) / raw input bytes", Format.fixed(Double(seeds) / Double(size.fileBytes), 2) + " x")
    let parts = IndexSection.allCases.map { "\($0.name) \(Format.megabytes(length($0)))" }.joined(separator: ", ")
    table.info("  sections", parts)
  }

  func addOpenTime(_ path: String, _ table: inout ResultTable) {
    var times: [Double] = []
    for _ in 0..<100 {
      let start = Clock.now()
      let opened = try? ReferenceIndexFile(path: path)
      times.append(Clock.now() - start)
      precondition(opened != nil, "the index just built must open")
    }
    table.atMost("index open time (median of 100)", Statistics.median(times) * 1000, 5, unit: " ms", digits: 3)
  }

  func cliBuild(inputs: [String], output: String, memory: String) throws -> ChildProcess.Outcome {
    let outcome = try ChildProcess.run(
      try context.echolens(), ["index", "build"] + inputs + ["-o", output, "--memory", memory, "--quiet"],
      errorFile: context.scratchPath("index-build.stderr"))
    guard outcome.status == 0 else {
      throw BenchError("echolens index build failed (\(outcome.status)):\n\(outcome.standardError)")
    }
    return outcome
  }

  /// Reads `inputs` once to count records and text bytes.
  static func measure(_ inputs: [String]) throws -> CorpusSize {
    var size = CorpusSize(
      fileBytes: inputs.reduce(0) { $0 + BenchContext.fileSize($1) }, outputBytes: 0, promptBytes: 0, records: 0)
    for r in try BenchContext.records(inputs) {
      size.outputBytes += r.text.utf8.count
      size.promptBytes += r.prompt?.utf8.count ?? 0
      size.records += 1
    }
    return size
  }
}
