import Foundation
import Matching
import ReferenceIndex
import TextProcessing

/// Section `copydetect`: echolens side by side with the winnowing plagiarism detector copydetect (PyPI).
///
/// Both get the same files: 805 answers (other models' answers, each with one planted passage of 30 to 200 tokens
/// from its reference at 0/5/10/20% word edits, a quarter each) and the 805 GPT-4 references they came from. Both
/// are judged by the same rule: the reported copy between an answer and its reference covers at least 80% of the
/// planted bytes. copydetect runs in `.build/venv` through `Tests/bench/copydetect_compare.py`.
struct CopydetectBenchmark {
  let context: BenchContext
  static let pairs = 805

  func run() throws {
    let folder = context.scratchPath("copydetect")
    let answersFolder = folder + "/answers"
    let referencesFolder = folder + "/references"
    try? FileManager.default.removeItem(atPath: folder)
    for f in [answersFolder, referencesFolder] {
      try FileManager.default.createDirectory(atPath: f, withIntermediateDirectories: true)
    }
    let sources = try BenchContext.records(
      QualityBenchmark.referenceSets[1].files.map(context.data)
    ).filter { Tokenizer.tokenize($0.text).count >= 30 }
    let hosts = try BenchContext.records(QualityBenchmark.otherAnswerFiles.map(context.data)).map(\.text).filter {
      !$0.isEmpty
    }
    let levels = QualityBenchmark.editLevels.map(\.share)
    var planters = levels.indices.map {
      PassagePlanter(vocabularyTexts: sources.prefix(3000).map(\.text), seed: 0xC0DE + UInt64($0))
    }
    var order = SeededRandom(seed: 0xC0DE_0805)
    var plants: [(PassagePlanter.Plant, level: Double, name: String)] = []
    var referenceLines: [UInt8] = []
    var used = Set<Int>()
    while plants.count < Self.pairs {
      let level = plants.count % levels.count
      let r = order.below(sources.count)
      guard !used.contains(r) else { continue }
      let reference = sources[r]
      let name = String(format: "%04d", plants.count)
      guard
        var plant = planters[level].plant(
          reference: reference.text, referenceID: "r\(name)", host: hosts[order.below(hosts.count)],
          editShare: levels[level])
      else { continue }
      used.insert(r)
      plant.referenceID = "r\(name)"
      plants.append((plant, levels[level], name))
      try Data(reference.text.utf8).write(to: URL(fileURLWithPath: "\(referencesFolder)/r\(name).txt"))
      try Data(plant.transcript.utf8).write(to: URL(fileURLWithPath: "\(answersFolder)/a\(name).txt"))
      let record: [String: String] = ["id": "r\(name)", "model": reference.model, "output": reference.text]
      referenceLines += Array(try JSONSerialization.data(withJSONObject: record, options: [.sortedKeys])) + [10]
    }
    let corpus = folder + "/references.jsonl"
    try Data(referenceLines).write(to: URL(fileURLWithPath: corpus))

    // echolens, in-process: build the index of the 805 references, then scan the 805 answers.
    let indexPath = folder + "/references.eli"
    let (_, buildSeconds) = try Clock.measure {
      _ = try IndexBuilder(inputs: [corpus], outputPath: indexPath, options: IndexBuildOptions()).build()
    }
    let scanner = try BenchContext.scanner([indexPath])
    var echolens: [Double: RecallEvaluation] = [:]
    var allCoresSeconds = 0.0
    for level in levels {
      let e = RecallEvaluation.evaluate(plants.filter { $0.level == level }.map(\.0), scanner: scanner)
      echolens[level] = e
      allCoresSeconds += e.seconds
    }
    let (_, oneThreadSeconds) = ScanBenchmark.batch(
      plants.map { Array($0.0.transcript.utf8) }, scanner: scanner, threads: 1)

    // copydetect, in a child process.
    let manifest: [String: Any] = [
      "answers": answersFolder, "references": referencesFolder,
      "plants": plants.map { p in
        [
          "answer": "a\(p.name).txt", "reference": "r\(p.name).txt", "level": p.level,
          "start": p.0.plantedRange.lowerBound, "end": p.0.plantedRange.upperBound,
        ] as [String: Any]
      },
    ]
    let manifestPath = folder + "/manifest.json"
    try JSONSerialization.data(withJSONObject: manifest).write(to: URL(fileURLWithPath: manifestPath))
    let python = ".build/venv/bin/python"
    let script = "Tests/bench/copydetect_compare.py"
    var table = ResultTable("copydetect vs echolens: \(plants.count) answers against \(plants.count) references")
    table.info("echolens index build (in-process)", Format.fixed(buildSeconds, 2) + " s")
    table.info("echolens scan of all answers, 1 thread", Format.fixed(oneThreadSeconds, 2) + " s")
    table.info("echolens scan of all answers, all cores", Format.fixed(allCoresSeconds, 2) + " s")
    var copydetect: [String: Any]?
    if FileManager.default.isExecutableFile(atPath: python), FileManager.default.fileExists(atPath: script) {
      let outputPath = folder + "/copydetect.json"
      let outcome = try ChildProcess.run(
        "/bin/sh", ["-c", "\(python) \(script) \(manifestPath) > \(outputPath)"],
        errorFile: folder + "/copydetect.stderr")
      if outcome.status == 0, let data = FileManager.default.contents(atPath: outputPath) {
        copydetect = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        let seconds = copydetect?["seconds"] as? Double ?? .nan
        table.info("copydetect run (fingerprint + compare, 1 thread)", Format.fixed(seconds, 2) + " s")
        table.info(
          "  ... process wall time / peak RSS",
          Format.fixed(outcome.seconds, 2) + " s / " + Format.megabytes(outcome.maxResidentBytes))
      } else {
        table.info("copydetect", "failed (\(outcome.status)): \(outcome.standardError.suffix(300))")
      }
    } else {
      table.info("copydetect", "not installed: python3 -m venv .build/venv && .build/venv/bin/pip install copydetect")
    }
    let cdLevels = copydetect?["levels"] as? [String: [String: Int]] ?? [:]
    for level in levels {
      let e = echolens[level] ?? RecallEvaluation()
      let key = cdLevels.keys.first { Double($0) == level }
      let cd = key.flatMap { cdLevels[$0] }
      let cdText =
        cd.map { c in
          let total = c["total"] ?? 0
          return "\(Format.percent(c["found"] ?? 0, total)) (file flagged \(Format.percent(c["flagged"] ?? 0, total)))"
        } ?? "n/a"
      table.info(
        "recall at \(Int(level * 100))% edits: echolens / copydetect", "\(Format.percent(e.found, e.total)) / \(cdText)"
      )
    }
    print(table.render())
  }
}
