import Foundation
import ReferenceIndex
import TextProcessing

/// `echolens index build | info | verify`.
enum IndexCommand {
  static let usage = """
    usage: echolens index build INPUT... -o FILE [--text-field F] [--id-field F] [--model-field F]
                                [--prompt-field F] [--model NAME] [--strict] [--memory SIZE] [--shard I/N]
                                [--threads N] [--seed-length K] [--window W]
           echolens index info FILE [--json]
           echolens index verify FILE [--deep]
    """

  static func run(_ arguments: [String]) throws -> Int32 {
    guard let sub = arguments.first else { throw CommandError.usage("index needs a subcommand: build, info or verify") }
    let rest = Array(arguments.dropFirst())
    switch sub {
    case "build": return try build(rest)
    case "info": return try info(rest)
    case "verify": return try verify(rest)
    default: throw CommandError.usage("unknown index subcommand '\(sub)'")
    }
  }

  static func build(_ arguments: [String]) throws -> Int32 {
    let args = try CommandArguments(
      arguments,
      options: [
        "-o", "--output", "--text-field", "--id-field", "--model-field", "--prompt-field", "--model", "--memory",
        "--shard", "--threads", "--seed-length", "--window",
      ], flags: ["--strict", "--quiet"])
    guard let output = args.value("-o") ?? args.value("--output") else {
      throw CommandError.usage("index build needs -o FILE")
    }
    guard !args.positional.isEmpty else { throw CommandError.usage("index build needs at least one INPUT") }
    var options = IndexBuildOptions()
    options.toolVersion = ToolVersion.string
    options.strict = args.has("--strict")
    if let v = args.value("--text-field") { options.corpus.textField = v }
    if let v = args.value("--id-field") { options.corpus.idField = v }
    if let v = args.value("--model-field") { options.corpus.modelField = v }
    if let v = args.value("--prompt-field") { options.corpus.promptField = v }
    if let v = args.value("--model") { options.corpus.model = v }
    if let v = args.value("--memory") { options.memoryLimitBytes = try parseSize(v) }
    if let v = try args.int("--threads") { options.threads = max(1, v) }
    if let v = try args.int("--seed-length") {
      guard (1...16).contains(v) else { throw CommandError.usage("--seed-length takes 1 to 16") }
      options.seedLength = v
    }
    if let v = try args.int("--window") {
      guard (1...64).contains(v) else { throw CommandError.usage("--window takes 1 to 64") }
      options.windowSize = v
    }
    if let v = args.value("--shard") {
      let parts = v.split(separator: "/")
      guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]), n >= 1, i >= 1, i <= n else {
        throw CommandError.usage("--shard takes I/N with 1 <= I <= N, not '\(v)'")
      }
      options.shardIndex = i
      options.shardCount = n
    }
    let directory = (output as NSString).deletingLastPathComponent
    if !directory.isEmpty {
      try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }
    let display = args.has("--quiet") ? nil : BuildProgressDisplay()
    let builder = IndexBuilder(inputs: args.positional, outputPath: output, options: options)
    let report: IndexBuildReport
    do {
      report = try builder.build(
        problems: { StandardStreams.error("warning: skipped bad record: \($0.description)\n") },
        progress: { display?.update($0) })
    } catch let problem as CorpusProblem {
      display?.finish()
      throw CommandError.failed(problem.description)
    }
    display?.finish()
    let megabytes = Double(report.inputBytes) / 1e6
    StandardStreams.out(
      String(
        format:
          "wrote %@: %d documents, %d tokens, %d postings, %d terms; %.1f MB in, %.1f MB out (%.2fx of text) in %.2fs (%.1f MB/s)%@\n",
        report.outputPath, report.documentCount, report.tokenCount, report.postingCount, report.termCount, megabytes,
        Double(report.outputBytes) / 1e6, Double(report.outputBytes) / Double(max(1, report.textBytes)),
        report.seconds, megabytes / max(report.seconds, 1e-9),
        report.problems.isEmpty ? "" : "; \(report.problems.count) bad records skipped"))
    return 0
  }

  static func info(_ arguments: [String]) throws -> Int32 {
    let args = try CommandArguments(arguments, options: [], flags: ["--json"])
    guard args.positional.count == 1 else { throw CommandError.usage("index info takes one FILE") }
    let index = try ReferenceIndexFile(path: args.positional[0])
    let summary = try IndexSummary(index)
    if args.has("--json") {
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
      StandardStreams.out(String(decoding: try encoder.encode(summary), as: UTF8.self) + "\n")
    } else {
      StandardStreams.out(summary.text)
    }
    return 0
  }

  static func verify(_ arguments: [String]) throws -> Int32 {
    let args = try CommandArguments(arguments, options: [], flags: ["--deep"])
    guard args.positional.count == 1 else { throw CommandError.usage("index verify takes one FILE") }
    let index = try ReferenceIndexFile(path: args.positional[0])
    let report = args.has("--deep") ? try index.verifyDeep() : try index.verify()
    if report.derivedDataChecked { DeepVerifiedIdentities.standard()?.add(index.identity) }
    let derived = report.derivedDataChecked ? ", postings, terms, tokens and totals recomputed from the texts" : ""
    StandardStreams.out(
      "\(index.path): OK (\(report.sectionsChecked.count) section checksums, \(report.bytesChecked) bytes\(derived), "
        + "identity \(index.identity))\n")
    return 0
  }

  /// Parses sizes such as `512M`, `2G` or a plain byte count.
  static func parseSize(_ text: String) throws -> Int {
    let units: [Character: Int] = ["K": 1 << 10, "M": 1 << 20, "G": 1 << 30]
    var digits = text.uppercased()
    var multiplier = 1
    if digits.hasSuffix("B") { digits.removeLast() }
    if let last = digits.last, let unit = units[last] {
      multiplier = unit
      digits.removeLast()
    }
    guard let value = Double(digits), value > 0 else {
      throw CommandError.usage("--memory takes a size such as 512M or 2G, not '\(text)'")
    }
    return max(1 << 24, Int(value * Double(multiplier)))
  }
}
