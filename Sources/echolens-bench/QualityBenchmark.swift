import Foundation
import Matching
import ReferenceIndex
import TextProcessing

/// Section `quality` (issue 3): recall of planted near-copies per edit level, and false findings on answers of
/// other models and people to the same prompts.
struct QualityBenchmark {
  let context: BenchContext

  static let editLevels: [(share: Double, target: Double)] = [(0, 0.99), (0.05, 0.98), (0.10, 0.95), (0.20, 0.85)]
  static let plantsPerLevel = 250
  /// Answers by other models and people to the Self-Instruct 252 prompts; hosts for plants, and the negative set.
  static let otherAnswerFiles = [
    "selfinstruct252_human.jsonl", "selfinstruct252_davinci.jsonl", "selfinstruct252_davinci_self_instruct.jsonl",
    "selfinstruct252_davinci_self_instruct_and_superni_ft.jsonl", "selfinstruct252_davinci_superni_ft.jsonl",
    "selfinstruct252_davinci_t0_ft.jsonl", "selfinstruct252_text_davinci_001.jsonl",
    "selfinstruct252_text_davinci_002.jsonl",
  ]
  static let referenceSets: [(name: String, files: [String])] = [
    ("text-davinci-003 (selfinstruct252_text_davinci_003)", ["selfinstruct252_text_davinci_003.jsonl"]),
    (
      "gpt-4 (gpteacher codegen+roleplay+toolformer)",
      ["gpteacher_codegen_gpt4.jsonl", "gpteacher_roleplay_gpt4.jsonl", "gpteacher_toolformer_gpt4.jsonl"]
    ),
  ]

  func run() throws {
    let hosts = try BenchContext.records(Self.otherAnswerFiles.map(context.data)).map(\.text).filter { !$0.isEmpty }
    for (n, set) in Self.referenceSets.enumerated() {
      let files = set.files.map(context.data)
      let indexPath = try context.cachedIndex("quality-\(n).eli", inputs: files)
      let scanner = try BenchContext.scanner([indexPath])
      let references = try BenchContext.records(files)
      var table = ResultTable("quality: recall of planted near-copies, index = \(set.name)")
      table.info("reference documents", "\(references.count)")
      var misses: [String] = []
      var skippedDictated = 0
      for (level, (share, target)) in Self.editLevels.enumerated() {
        let (plants, dictated) = Self.makePlants(
          references: references, hosts: hosts, editShare: share, count: Self.plantsPerLevel,
          seed: 0x5EED_0000 &+ UInt64(n * 16 + level), seedLength: scanner.references.seedLength)
        let e = RecallEvaluation.evaluate(plants, scanner: scanner)
        skippedDictated += dictated
        let label = "recall, \(Int(share * 100))% word edits (\(e.found)/\(e.total))"
        table.atLeast(label, e.recall * 100, target * 100, unit: "%", digits: 1)
        table.info(
          "  misses: none reported / wrong ref / <80% covered; found as alternative",
          "\(e.missedNothingReported) / \(e.missedWrongReference) / \(e.missedShortCoverage); \(e.foundAsAlternative)")
        if e.namedAnIdenticalCopy > 0 {
          table.info(
            "  counting a reference with the plant word for word as right (\(e.found + e.namedAnIdenticalCopy)/\(e.total))",
            Format.fixed(Double(e.found + e.namedAnIdenticalCopy) / Double(e.total) * 100, 1) + "%")
        }
        for (plant, reason) in e.missExamples.prefix(2) {
          let text = String(decoding: Array(plant.transcript.utf8)[plant.plantedRange], as: UTF8.self)
          misses.append(
            "  [\(Int(share * 100))%] \(plant.referenceID), \(plant.referenceTokens) tokens, \(plant.edits) edits, "
              + "\(plant.reformatting.joined(separator: ", ")): \(reason)\n      \(Format.excerpt(text, limit: 140))")
        }
      }
      table.info(
        "candidate passages skipped: at least half dictated by the reference's own prompt", "\(skippedDictated)")
      print(table.render())
      if !misses.isEmpty { print("  examples of misses:\n" + misses.joined(separator: "\n")) }
    }
    try falseFindings(withPrompt: false, background: .none, listed: 15)
    try falseFindings(withPrompt: true, background: .none, listed: 30)
    try falseFindings(withPrompt: true, background: .leaveOneOut, listed: 20)
    try falseFindings(withPrompt: true, background: .unrelatedOnly, listed: 20)
  }

  /// `count` planted transcripts at one edit level; references with fewer than 30 tokens are skipped.
  static func makePlants(
    references: [CorpusRecord], hosts: [String], editShare: Double, count: Int, seed: UInt64, seedLength: Int
  ) -> (plants: [PassagePlanter.Plant], promptDictated: Int) {
    var planter = PassagePlanter(vocabularyTexts: references.map(\.text), seed: seed)
    var plants: [PassagePlanter.Plant] = []
    var dictated = 0
    var attempts = 0
    while plants.count < count, attempts < count * 100 {
      attempts += 1
      let reference = references[planter.rng.below(references.count)]
      let host = hosts[planter.rng.below(hosts.count)]
      guard
        let p = planter.plant(reference: reference.text, referenceID: reference.id, host: host, editShare: editShare)
      else { continue }
      // A passage that mostly repeats the reference's own prompt (copied, or corrected and lightly rewritten) is not
      // evidence, so it is no plant; measured with the scorer's own masks.
      if PromptDictatedShare.of(p.original, prompt: reference.prompt ?? "", seedLength: seedLength) >= 0.5 {
        dictated += 1
        continue
      }
      plants.append(p)
    }
    return (plants, dictated)
  }

  /// Scans every answer of the other Self-Instruct files against text-davinci-003 and lists the first findings.
  ///
  /// - Parameters:
  ///   - withPrompt: scan each answer as a `{prompt, output}` JSONL chat record, as a real chat log carries its
  ///     prompt, so that text the prompt dictated is discounted; otherwise the bare answer text as Markdown.
  ///   - background: also give the scanner a background index of the *other* answer files (leave-one-out: never
  ///     the file being scanned, never text-davinci-003), as an auditor would with answers of unrelated models and
  ///     people to the same prompts; passages the background explains as well become common text.
  /// Which answers form the background index for a scanned answer file.
  enum Background {
    case none
    /// Every other answer file.
    case leaveOneOut
    /// Every other answer file except OpenAI's text-davinci-001 and -002, the reference model's own family, so the
    /// background holds only answers by unrelated models and people (as `Protocol/SIGNIFICANCE.md` advises).
    case unrelatedOnly
  }

  /// The OpenAI instruct series, the reference's family: never background for the unrelated-only mode.
  static let referenceFamilyFiles: Set<String> = [
    "selfinstruct252_text_davinci_001.jsonl", "selfinstruct252_text_davinci_002.jsonl",
  ]

  func falseFindings(withPrompt: Bool, background: Background, listed: Int) throws {
    let indexPath = try context.cachedIndex(
      "quality-0.eli", inputs: [context.data("selfinstruct252_text_davinci_003.jsonl")])
    let references = try BenchContext.records([context.data("selfinstruct252_text_davinci_003.jsonl")])
    let promptByID = Dictionary(references.map { ($0.id, $0.prompt ?? "") }, uniquingKeysWith: { a, _ in a })
    var mode = withPrompt ? "answers as {prompt, output} JSONL records" : "bare answer text (Markdown)"
    switch background {
    case .none: break
    case .leaveOneOut: mode += ", leave-one-out background of the other answer files"
    case .unrelatedOnly: mode += ", background of the other answer files except text-davinci-001/002"
    }
    var commonTexts = 0
    var table = ResultTable("quality: false findings, Self-Instruct 252 \(mode), index of text-davinci-003")
    var listing: [String] = []
    var totalAnswers = 0
    var totalEchoes = 0
    var samePrompt = 0
    var promptDictated = 0
    for name in Self.otherAnswerFiles {
      let answers = try BenchContext.records([context.data(name)])
      var parameters = ScanParameters()
      var backgroundSet: ReferenceIndexSet? = nil
      if background != .none {
        parameters.kinds.insert(.commonText)
        var others = Self.otherAnswerFiles.filter { $0 != name }
        var cacheName = "background-without-\(name).eli"
        if background == .unrelatedOnly {
          others = others.filter { !Self.referenceFamilyFiles.contains($0) }
          cacheName = "background-unrelated-without-\(name).eli"
        }
        let path = try context.cachedIndex(cacheName, inputs: others.map(context.data))
        backgroundSet = try ReferenceIndexSet(paths: [path])
      }
      let scanner = try EchoScanner(
        references: try ReferenceIndexSet(paths: [indexPath]), background: backgroundSet,
        identities: try IdentityCatalog.builtIn(), parameters: parameters)
      var echoes = 0
      var identities = 0
      for answer in answers {
        let result: ScanResult
        if withPrompt {
          let record = ["prompt": answer.prompt ?? "", "output": answer.text]
          let line = try JSONSerialization.data(withJSONObject: record, options: [.sortedKeys])
          result = try scanner.scan(bytes: Array(line) + [10], format: .jsonLines)
        } else {
          result = try scanner.scan(bytes: Array(answer.text.utf8), format: .markdown)
        }
        for p in result.passages {
          switch p.kind {
          case .echo: echoes += 1
          case .selfIdentification: identities += 1
          case .commonText:
            commonTexts += 1
            continue
          }
          guard p.kind == .echo, let best = p.best else { continue }
          let prompt = promptByID[best.documentID] ?? ""
          let inPrompt = Self.shareInText(p.text, prompt)
          if best.documentID == answer.id { samePrompt += 1 }
          if inPrompt >= 0.5 { promptDictated += 1 }
          if listing.count < listed {
            let same = best.documentID == answer.id ? " (same prompt)" : ""
            let scores =
              "similarity \(Format.fixed(best.similarity, 2)), \(best.tokenCount) tokens, "
              + "verbatim run \(best.longestVerbatimRun), E-value \(String(format: "%.1e", best.eValue)), "
              + "\(Format.fixed(inPrompt * 100, 0))% of its 4-grams occur in the prompt"
            listing.append(
              """
              [\(listing.count + 1)] \(name) \(answer.id) -> \(best.documentID)\(same)
                  \(scores)
                  transcript: \(Format.excerpt(p.text, limit: 300))
                  reference:  \(Format.excerpt(best.referenceExcerpt, limit: 300))
              """)
          }
        }
      }
      totalAnswers += answers.count
      totalEchoes += echoes
      let per100 = 100 * Double(echoes) / Double(max(1, answers.count))
      table.info(
        "\(name): echo passages per 100 answers (\(echoes)/\(answers.count))",
        Format.fixed(per100, 2) + (identities > 0 ? "  (+\(identities) self-identification)" : ""))
    }
    table.info(
      "all files: echo passages per 100 answers",
      Format.fixed(100 * Double(totalEchoes) / Double(max(1, totalAnswers)), 2))
    table.info("  ... of which answer the same prompt", "\(samePrompt)")
    if background != .none {
      table.info("  passages the background explained (common text, not reported as echoes)", "\(commonTexts)")
    }
    table.info("  ... of which >= 50% of the passage's 4-grams occur in the prompt", "\(promptDictated)")
    table.rows.append(
      ResultTable.Row(
        name: "target: passages a careful reader would not call copied", value: "judge the list below",
        target: "<= 1 per 100 answers", verdict: .info))
    print(table.render())
    print("  first \(listing.count) echo findings (for a person to judge):")
    for l in listing { print(l) }
  }

  /// Share of the 4-token shingles of `passage` that also occur in `text`; high means the prompt dictated it.
  static func shareInText(_ passage: String, _ text: String) -> Double {
    let p = Tokenizer.tokenize(passage).map(\.term)
    let t = Tokenizer.tokenize(text).map(\.term)
    guard p.count >= 4 else { return 0 }
    var shingles = Set<[UInt64]>()
    if t.count >= 4 { for i in 0...(t.count - 4) { shingles.insert(Array(t[i..<(i + 4)])) } }
    var hits = 0
    for i in 0...(p.count - 4) where shingles.contains(Array(p[i..<(i + 4)])) { hits += 1 }
    return Double(hits) / Double(p.count - 3)
  }
}
