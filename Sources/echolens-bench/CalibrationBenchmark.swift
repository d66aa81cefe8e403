import EchoLensCommands
import Foundation
import Matching
import ReferenceIndex
import TextProcessing

/// Section `calibration` (issue 9): false findings on independent models' answers to the same MT-bench questions,
/// the HMMER-style self-check of the calibrated E-values, and what calibrating costs.
///
/// Never calibrated on what is evaluated: the independent models are split in two folds by model (families kept
/// together), each fold calibrates and the other is scanned; one run also splits by question.
struct CalibrationBenchmark {
  let context: BenchContext

  static let vendorFiles = [
    "mtbench_gpt_4.jsonl", "mtbench_gpt_3_5_turbo.jsonl", "mtbench_claude_v1.jsonl",
    "mtbench_claude_instant_v1.jsonl", "mtbench_palm_2_chat_bison_001.jsonl",
  ]
  static let referenceSets: [(name: String, files: [String])] = [
    ("gpt-4", ["mtbench_gpt_4.jsonl"]), ("gpt-3.5-turbo", ["mtbench_gpt_3_5_turbo.jsonl"]),
    ("claude-v1", ["mtbench_claude_v1.jsonl"]), ("all five vendor models", vendorFiles),
  ]
  /// The independent models (labelled non-distilled, plus chatglm-6b), in two folds; the OASST-trained models and
  /// the two guanacos stay within one fold each.
  static let folds: [[String]] = [
    [
      "mtbench_llama_13b.jsonl", "mtbench_dolly_v2_12b.jsonl", "mtbench_guanaco_33b.jsonl",
      "mtbench_guanaco_65b.jsonl", "mtbench_chatglm_6b.jsonl",
    ],
    [
      "mtbench_oasst_sft_4_pythia_12b.jsonl", "mtbench_oasst_sft_7_llama_30b.jsonl",
      "mtbench_h2ogpt_oasst_open_llama_13b.jsonl", "mtbench_lima_whole_13b.jsonl",
    ],
  ]
  static let checkPoints = [0.001, 0.01, 0.1]

  func run() throws {
    var listing: [String] = []
    var belowThreshold: [String] = []
    var pooled = PooledSelfCheck()
    for (r, set) in Self.referenceSets.enumerated() {
      let referencePath = try context.cachedIndex("mtbench-reference-\(r).eli", inputs: set.files.map(context.data))
      for fold in 0..<2 {
        let panelFiles = Self.folds[fold]
        let evaluated = Self.folds[1 - fold]
        try evaluate(
          reference: (set.name, referencePath), panelFiles: panelFiles, evaluatedFiles: evaluated,
          label: "fold \(fold + 1)", questions: nil, listing: &listing,
          belowThreshold: &belowThreshold, pooled: &pooled)
      }
      if r == Self.referenceSets.count - 1 {
        // Both ways round: MT-bench's questions run in categories (81-120 writing, roleplay, reasoning, math;
        // 121-160 coding, extraction, STEM, humanities), so one direction alone cannot tell a bias of calibrating on
        // other questions from the difference between those categories.
        for (calibrated, scanned) in [(81...120, 121...160), (121...160, 81...120)] {
          let questions = "questions \(calibrated.lowerBound)-\(calibrated.upperBound)"
          let target = "\(scanned.lowerBound)-\(scanned.upperBound)"
          try evaluate(
            reference: (set.name, referencePath), panelFiles: Self.folds[0], evaluatedFiles: Self.folds[1],
            label: "fold 1, calibrated on \(questions), scanned on \(target)", questions: (calibrated, scanned),
            listing: &listing, belowThreshold: &belowThreshold, pooled: &pooled)
          // The panel itself holds only the calibration's questions: no same-prompt discount for the scanned
          // answers, whose findings rest on answers to other prompts (and say so).
          try evaluate(
            reference: (set.name, referencePath), panelFiles: Self.folds[0], evaluatedFiles: Self.folds[1],
            label: "fold 1, a panel of \(questions) only, scanned on \(target)", questions: (calibrated, scanned),
            panelOfCalibrationQuestionsOnly: true, listing: &listing, belowThreshold: &belowThreshold,
            pooled: &pooled)
        }
      }
    }
    print(pooled.render())
    print("  first \(listing.count) calibrated echo findings on independent answers (for a person to judge):")
    for l in listing { print(l) }
    // Too few reported findings to judge ten: the strongest passages that just missed the threshold, so a person
    // can see what the calibration keeps out.
    print(
      "  strongest passages on independent answers just below the threshold "
        + "(\(ScanParameters().maxEValue) < E <= 0.01, not reported):")
    for l in belowThreshold { print(l) }
  }

  /// The two fitted nulls, one line each: how many passages and tokens, where the tail starts and how fast it falls.
  /// A null too sparse to fit a tail caps every E-value at once per panel, which sets how short a copy can be found.
  static func describeNulls(of calibration: NullCalibration, in table: inout ResultTable) {
    for (name, d) in [("prompted", calibration.prompted), ("bare", calibration.bare)] {
      table.info(
        "  \(name) null: passages / tokens; tail from \(Format.fixed(d.tail.threshold, 1)) bits",
        "\(d.passageCount) / \(d.tokens); lambda \(Format.fixed(d.tail.lambda, 3)) per bit, strongest "
          + Format.fixed(d.scores.first ?? 0, 1))
    }
  }

  /// The looser threshold the recall section also measures, for the trade-off against false findings.
  static let comparisonMaxEValue = 0.01

  /// Recall sets: a reference, a panel to calibrate with, and held-out independent answers to plant into.
  static let recallSets: [(name: String, references: [String], panel: [String], hosts: [String])] = [
    ("MT-bench, all five vendor models", vendorFiles, folds[0], folds[1]),
    (
      "text-davinci-003 (Self-Instruct 252)", ["selfinstruct252_text_davinci_003.jsonl"],
      [
        "selfinstruct252_human.jsonl", "selfinstruct252_davinci.jsonl",
        "selfinstruct252_davinci_self_instruct.jsonl",
      ],
      [
        "selfinstruct252_davinci_superni_ft.jsonl", "selfinstruct252_davinci_t0_ft.jsonl",
        "selfinstruct252_davinci_self_instruct_and_superni_ft.jsonl",
      ]
    ),
    (
      "gpt-4 (GPTeacher codegen+roleplay+toolformer)",
      ["gpteacher_codegen_gpt4.jsonl", "gpteacher_roleplay_gpt4.jsonl", "gpteacher_toolformer_gpt4.jsonl"],
      folds[0] + ["selfinstruct252_human.jsonl"], folds[1] + ["selfinstruct252_davinci_t0_ft.jsonl"]
    ),
    (
      "Vicuna-80, gpt-3.5-turbo and Bard; panel: MT-bench independents (other prompts)",
      ["vicuna80_gpt35.jsonl", "vicuna80_bard.jsonl"], folds[0] + folds[1], ["vicuna80_llama_13b.jsonl"]
    ),
  ]

  /// Section `recall`: recall of planted near-copies under a calibration (bare-text null, since plants are scanned as Markdown),
  /// with the panel as background: the figures of issue 9, beside those of the uncalibrated `quality` section.
  func recall() throws {
    for (n, set) in Self.recallSets.enumerated() {
      let referencePath = try context.cachedIndex(
        "recall-reference-\(n).eli", inputs: set.references.map(context.data))
      let panelPath = try context.cachedIndex("recall-panel-\(n).eli", inputs: set.panel.map(context.data))
      let references = try ReferenceIndexSet(paths: [referencePath])
      let panel = try ReferenceIndexSet(paths: [panelPath])
      let identities = try IdentityCatalog.builtIn()
      let calibrator = try NullCalibrator(
        scanner: try EchoScanner(
          references: references, background: panel, identities: identities,
          parameters: NullCalibrator.parameters(for: ScanParameters())))
      let answers = calibrator.answers()
      let scans = ScanJobs.run(answers.count, jobs: ProcessInfo.processInfo.activeProcessorCount) {
        (try? calibrator.scan(answers[$0]))
          ?? NullCalibrator.AnswerScan(promptedBits: [], bareBits: [], tokens: 0, prompted: false)
      }
      let calibration = calibrator.calibration(answers: answers, scans: scans, tool: "echolens-bench")
      let file = try CalibrationFile.write(calibration, to: context.scratchPath("recall-calibration-\(n).json"))
      let scanner = try EchoScanner(
        references: references, background: panel, identities: identities, parameters: ScanParameters(),
        calibration: file)
      let referenceRecords = try BenchContext.records(set.references.map(context.data))
      let hostRecords = try BenchContext.records(set.hosts.map(context.data)).filter { !$0.text.isEmpty }
      let hosts = hostRecords.map(\.text)
      let promptOfHost = Dictionary(hostRecords.map { ($0.text, $0.prompt) }, uniquingKeysWith: { a, _ in a })
      var table = ResultTable("calibration: recall of planted near-copies, calibrated, index = \(set.name)")
      table.info("panel / hosts", "\(set.panel.count) files / \(set.hosts.count) files (held out)")
      Self.describeNulls(of: calibration, in: &table)
      // The same scan with a looser threshold, printed beside each figure: what recall a user who accepts more
      // false findings would get, and how many more that is (the trade-off behind the default threshold).
      var looserParameters = ScanParameters()
      looserParameters.maxEValue = Self.comparisonMaxEValue
      let looser = try EchoScanner(
        references: references, background: panel, identities: identities, parameters: looserParameters,
        calibration: file)
      // The hosts as they are, each a chat answer to its own prompt: every echo reported on them is a false finding.
      func falseFindings(_ scanner: EchoScanner) -> [Passage] {
        ScanJobs.run(hostRecords.count, jobs: ProcessInfo.processInfo.activeProcessorCount) { i in
          let segment = TranscriptSegment(
            role: .answer, text: Array(hostRecords[i].text.utf8), offsets: OffsetMap(base: 0), record: 0,
            prompt: hostRecords[i].prompt)
          let result = try? scanner.scan(Transcript(format: .jsonLines, segments: [segment]), isCancelled: { false })
          return (result?.passages ?? []).filter { $0.kind == .echo }
        }.flatMap { $0 }
      }
      let reported = falseFindings(scanner)
      table.atMost(
        "echo passages per 100 held-out host answers, unplanted (\(reported.count)/\(hostRecords.count))",
        100 * Double(reported.count) / Double(max(1, hostRecords.count)), 1, unit: "")
      Self.countOnOtherPrompts(reported, in: &table)
      let looserFalseFindings = falseFindings(looser).count
      table.info(
        "  at E <= \(Self.comparisonMaxEValue) instead of \(ScanParameters().maxEValue) (\(looserFalseFindings))",
        Format.fixed(100 * Double(looserFalseFindings) / Double(max(1, hostRecords.count)), 2) + " per 100")
      var misses: [String] = []
      var flattened = (found: 0, total: 0)
      for (level, (share, target)) in QualityBenchmark.editLevels.enumerated() {
        let (plants, dictated) = QualityBenchmark.makePlants(
          references: referenceRecords, hosts: hosts, editShare: share, count: QualityBenchmark.plantsPerLevel,
          seed: 0xCA1B_0000 &+ UInt64(n * 16 + level), seedLength: references.seedLength)
        let e = RecallEvaluation.evaluate(
          plants, scanner: scanner, prompts: plants.map { promptOfHost[$0.host] ?? nil })
        table.atLeast(
          "recall, \(Int(share * 100))% word edits, chat answers with the host's prompt (\(e.found)/\(e.total))",
          e.recall * 100, target * 100, unit: "%", digits: 1)
        table.info("  candidate passages skipped: at least half dictated by the reference's own prompt", "\(dictated)")
        table.info(
          "  misses: none reported / wrong ref / <80% covered",
          "\(e.missedNothingReported) / \(e.missedWrongReference) / \(e.missedShortCoverage)")
        let unreported = e.nothingReported.map { plants[$0] }
        let why = try RecallEvaluation.unreported(
          unreported, scanner: scanner, identities: identities,
          prompts: unreported.map { promptOfHost[$0.host] ?? nil })
        let medianE =
          why.belowThresholdEValues.isEmpty
          ? "" : ", median E " + String(format: "%.1e", why.belowThresholdEValues[why.belowThresholdEValues.count / 2])
        table.info(
          "    none reported: panel holds it too / echo above E threshold / never aligned / no passage of its reference",
          "\(why.panelHoldsIt) / \(why.belowThreshold) / \(why.neverAligned) / \(why.noPassage)" + medianE)
        let l = RecallEvaluation.evaluate(
          plants, scanner: looser, prompts: plants.map { promptOfHost[$0.host] ?? nil })
        table.info(
          "  at E <= \(Self.comparisonMaxEValue) instead of \(ScanParameters().maxEValue)",
          Format.fixed(l.recall * 100, 1) + "% (\(l.found)/\(l.total))")
        let needed = try RecallEvaluation.thresholdNeeded(
          plants, target: target, scanner: scanner, identities: identities,
          prompts: plants.map { promptOfHost[$0.host] ?? nil })
        // At that threshold, the unplanted hosts' false findings too: what the E-value admits, measured.
        var reachedLine = "none"
        if let (x, at) = needed.reached {
          var parameters = ScanParameters()
          parameters.maxEValue = x
          let hostFindings = falseFindings(
            try EchoScanner(
              references: references, background: panel, identities: identities, parameters: parameters,
              calibration: file)
          ).count
          reachedLine =
            String(format: "%.4f", x) + " (\(Format.fixed(x * 100, 2))): "
            + Format.fixed(at.recall * 100, 1) + "% (\(at.found)/\(at.total)); hosts "
            + Format.fixed(100 * Double(hostFindings) / Double(max(1, hostRecords.count)), 2) + " per 100"
        }
        table.info(
          "  E threshold the target needs (false findings admitted per 100 answers): recall at it; hosts' findings",
          reachedLine)
        table.info(
          "  with no E threshold at all (every false finding let through)",
          Format.fixed(100 * Double(needed.foundWithoutThreshold) / Double(max(1, plants.count)), 1)
            + "% (\(needed.foundWithoutThreshold)/\(plants.count))")
        let bare = RecallEvaluation.evaluate(plants, scanner: scanner)
        table.info(
          "  the same as bare Markdown, no prompt (bare null)",
          Format.fixed(bare.recall * 100, 1) + "% (\(bare.found)/\(bare.total))")
        let inline = plants.filter { $0.reformatting.contains("numbered list flattened inline") }
        if !inline.isEmpty {
          let f = RecallEvaluation.evaluate(
            inline, scanner: scanner, prompts: inline.map { promptOfHost[$0.host] ?? nil })
          flattened.found += f.found
          flattened.total += f.total
        }
        for (plant, reason) in e.missExamples.prefix(2) {
          misses.append(
            "  [\(Int(share * 100))%] \(plant.referenceID), \(plant.referenceTokens) tokens, \(plant.edits) edits, "
              + "\(plant.reformatting.joined(separator: ", ")): \(reason)")
        }
      }
      table.info(
        "  of which numbered lists flattened inline, all levels",
        "\(flattened.found)/\(flattened.total)")
      print(table.render())
      if !misses.isEmpty { print("  examples of misses:\n" + misses.joined(separator: "\n")) }
    }
  }

  /// The line under a false-finding count: how many of `findings` rest on answers to other prompts.
  static func countOnOtherPrompts(_ findings: [Passage], in table: inout ResultTable) {
    table.info(
      "  of them on prompts the panel never answered (\"none to this prompt\", one step weaker)",
      "\(findings.filter { $0.best?.significance.restsOnOtherPrompts == true }.count)")
  }

  static func questionNumber(_ id: String) -> Int? {
    let parts = id.split(separator: ":")
    return parts.count >= 2 ? Int(parts[1]) : nil
  }

  func evaluate(
    reference: (name: String, path: String), panelFiles: [String], evaluatedFiles: [String], label: String,
    questions: (calibrate: ClosedRange<Int>, scan: ClosedRange<Int>)?, panelOfCalibrationQuestionsOnly: Bool = false,
    listing: inout [String], belowThreshold: inout [String], pooled: inout PooledSelfCheck
  ) throws {
    var panelInputs = panelFiles.map(context.data)
    var panelName = panelFiles.map { $0.replacingOccurrences(of: ".jsonl", with: "") }.joined(separator: "+")
    if panelOfCalibrationQuestionsOnly, let q = questions?.calibrate {
      // The panel's records for those questions only, their lines as they are (with their conversations).
      var kept: [Substring] = []
      for path in panelInputs {
        kept += try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").filter { line in
          let raw = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
          return (raw?["id"] as? String).flatMap(Self.questionNumber).map(q.contains) ?? false
        }
      }
      let filtered = context.scratchPath("mtbench-panel-questions-\(q.lowerBound)-\(q.upperBound).jsonl")
      try Data((kept.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: filtered), options: .atomic)
      panelInputs = [filtered]
      panelName += "-questions-\(q.lowerBound)-\(q.upperBound)"
    }
    let panelPath = try context.cachedIndex("mtbench-panel-\(panelName).eli", inputs: panelInputs)
    let references = try ReferenceIndexSet(paths: [reference.path])
    let panel = try ReferenceIndexSet(paths: [panelPath])
    let identities = try IdentityCatalog.builtIn()
    let parameters = ScanParameters()
    var table = ResultTable("calibration: MT-bench, reference \(reference.name), \(label)")
    table.info(
      "panel (calibration) models",
      panelFiles.map { $0.replacingOccurrences(of: "mtbench_", with: "") }.joined(separator: " "))

    // Calibrate.
    let calibrator = try NullCalibrator(
      scanner: try EchoScanner(
        references: references, background: panel, identities: identities,
        parameters: NullCalibrator.parameters(for: parameters)))
    let answers = calibrator.answers { document in
      guard let q = questions?.calibrate else { return true }
      return Self.questionNumber(document.id).map(q.contains) ?? false
    }
    let (scans, calibrationSeconds) = Clock.measure {
      ScanJobs.run(answers.count, jobs: ProcessInfo.processInfo.activeProcessorCount) {
        (try? calibrator.scan(answers[$0]))
          ?? NullCalibrator.AnswerScan(promptedBits: [], bareBits: [], tokens: 0, prompted: false)
      }
    }
    let calibration = calibrator.calibration(answers: answers, scans: scans, tool: "echolens-bench")
    let file = try CalibrationFile.write(calibration, to: context.scratchPath("mtbench-calibration.json"))
    let loaded = try CalibrationFile.load(path: file.path)
    table.info(
      "calibration: \(answers.count) null answers, time", Format.fixed(calibrationSeconds, 1) + " s")
    Self.describeNulls(of: calibration, in: &table)

    // Scan the held-out models' answers.
    var evaluatedAnswers: [CorpusRecord] = []
    for name in evaluatedFiles {
      evaluatedAnswers += try BenchContext.records([context.data(name)]).filter { record in
        guard let q = questions?.scan else { return true }
        return Self.questionNumber(record.id).map(q.contains) ?? false
      }
    }
    // Each answer as a chat record with its prompt and, for second turns, the conversation's earlier turns as the
    // data gives them (`history`), as an auditor's chat logs carry them.
    var rawLines: [String: [Substring]] = [:]
    for source in Set(evaluatedAnswers.map(\.source)) {
      rawLines[source] = try String(contentsOfFile: source, encoding: .utf8).split(
        separator: "\n", omittingEmptySubsequences: false)
    }
    func transcript(_ answer: CorpusRecord, withHistory: Bool) throws -> [UInt8] {
      var record: [String: Any] = ["prompt": answer.prompt ?? "", "output": answer.text]
      if withHistory, answer.line > 0, let line = rawLines[answer.source]?[answer.line - 1],
        let raw = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
        let history = raw["history"] as? [Any], !history.isEmpty
      {
        record["history"] = history
      }
      return Array(try JSONSerialization.data(withJSONObject: record, options: [.sortedKeys])) + [10]
    }
    let transcripts = try evaluatedAnswers.map { try transcript($0, withHistory: true) }
    let withoutHistory = try evaluatedAnswers.map { try transcript($0, withHistory: false) }
    func scanAll(_ scanner: EchoScanner, _ chosen: [[UInt8]]? = nil) -> ([ScanResult], Double) {
      let scanned = chosen ?? transcripts
      return Clock.measure {
        ScanJobs.run(scanned.count, jobs: ProcessInfo.processInfo.activeProcessorCount) {
          (try? scanner.scan(bytes: scanned[$0], format: .jsonLines))
            ?? ScanResult(passages: [], tokenCount: 0, scannedBytes: 0, coverage: [], truncated: false)
        }
      }
    }
    func echoes(_ results: [ScanResult]) -> [(Int, Passage)] {
      results.enumerated().flatMap { i, r in r.passages.filter { $0.kind == .echo }.map { (i, $0) } }
    }
    let t = Double(transcripts.count)
    let calibrated = try EchoScanner(
      references: references, background: panel, identities: identities, parameters: parameters, calibration: loaded)
    let (calibratedResults, calibratedSeconds) = scanAll(calibrated)
    let found = echoes(calibratedResults)
    table.atMost(
      "echo passages per 100 independent answers, calibrated (\(found.count)/\(transcripts.count))",
      100 * Double(found.count) / t, 1, unit: "")
    Self.countOnOtherPrompts(found.map(\.1), in: &table)
    let foundWithoutHistory = echoes(scanAll(calibrated, withoutHistory).0)
    table.info(
      "  the same answers without the conversation's earlier turns (\(foundWithoutHistory.count))",
      Format.fixed(100 * Double(foundWithoutHistory.count) / t, 2) + " per 100")

    var uncalibratedParameters = parameters
    let uncalibrated = try EchoScanner(
      references: references, background: nil, identities: identities, parameters: uncalibratedParameters)
    let (uncalibratedResults, uncalibratedSeconds) = scanAll(uncalibrated)
    let plain = echoes(uncalibratedResults)
    table.info(
      "  uncalibrated, no panel, default E <= \(uncalibratedParameters.maxUncalibratedEValue) (\(plain.count))",
      Format.fixed(100 * Double(plain.count) / t, 2) + " per 100")
    uncalibratedParameters.maxUncalibratedEValue = 1e-6
    let old = echoes(
      scanAll(
        try EchoScanner(
          references: references, background: nil, identities: identities, parameters: uncalibratedParameters)
      ).0)
    table.info(
      "  uncalibrated, no panel, E <= 1e-6 (the old default) (\(old.count))",
      Format.fixed(100 * Double(old.count) / t, 2) + " per 100")
    table.info(
      "  scan time of these answers: calibrated / uncalibrated without panel",
      Format.fixed(calibratedSeconds, 2) + " s / " + Format.fixed(uncalibratedSeconds, 2) + " s")
    // Cost of the calibration itself: the same scanner and panel with and without it. One pass takes some 50 ms, so
    // the two alternate, seven times each, and the best of each counts: three runs one after the other once read
    // 1.25x from timer noise alone.
    let samePanel = try EchoScanner(
      references: references, background: panel, identities: identities, parameters: parameters)
    var withCalibration = Double.infinity
    var withoutCalibration = Double.infinity
    for _ in 0..<7 {
      withCalibration = min(withCalibration, scanAll(calibrated).1)
      withoutCalibration = min(withoutCalibration, scanAll(samePanel).1)
    }
    table.atMost(
      "  scan time with the calibration / without it, same panel (best of 7, alternating)",
      withCalibration / max(withoutCalibration, 1e-9), 1.2, unit: "x")

    // Self-check: passages with calibrated E <= x against T·x.
    var loose = NullCalibrator.parameters(for: parameters)
    loose.maxEValue = Self.checkPoints.max()!
    let checker = try EchoScanner(
      references: references, background: panel, identities: identities, parameters: loose, calibration: loaded)
    let checkedResults = scanAll(checker).0
    let checked = echoes(checkedResults)
    // A transcript cannot expect more reportable passages than the null has over its length: passages of at most
    // `NullDistribution.evidenceBits` are never reported, so E-values below x are out of reach where even the
    // weakest reportable passage has E <= x. The expected count is Σ min(x, E of the weakest), T·x where every x
    // is reachable. (The answers are chat records whose prompts the panel answered, so the prompted null applies,
    // or, with the panel cut to the calibration's questions, never answered: the bare null applies.)
    let null = calibration.distribution(prompted: !panelOfCalibrationQuestionsOnly)
    let weakest = checkedResults.map {
      null.eValue(bits: NullDistribution.evidenceBits.nextUp, transcriptTokens: $0.tokenCount)
    }
    for x in Self.checkPoints {
      let observed = checked.filter { ($0.1.best?.eValue ?? .infinity) <= x }.count
      let expected = weakest.reduce(0) { $0 + min(x, $1) }
      if questions == nil { pooled.add(x: x, observed: observed, expected: expected) }
      let name =
        "self-check: passages with E <= \(x) (expected Σ min(x, E0) = \(Format.fixed(expected, 1)), T·x = \(Format.fixed(t * x, 1)))"
      PooledSelfCheck.addRow(to: &table, name: name, observed: observed, expected: expected)
    }
    print(table.render())
    func describe(_ i: Int, _ p: Passage, number: Int) -> String? {
      guard let best = p.best else { return nil }
      let answer = evaluatedAnswers[i]
      return
        """
        [\(number)] \(reference.name), \(label): \(answer.model) \(answer.id) -> \(best.documentID) (\(best.model))
            E \(String(format: "%.1e", best.eValue)), \(Format.fixed(best.bits, 1)) bits, similarity \(Format.fixed(best.similarity, 2)), \(best.tokenCount) tokens\(p.contrast.map { ", contrast \($0.model) \(Format.fixed($0.share * 100, 0))%" } ?? "")
            transcript: \(Format.excerpt(p.text, limit: 260))
            reference:  \(Format.excerpt(best.referenceExcerpt, limit: 260))
        """
    }
    for (i, p) in found where listing.count < 12 {
      if let line = describe(i, p, number: listing.count + 1) { listing.append(line) }
    }
    let near = checked.filter { ($0.1.best?.eValue ?? .infinity) > parameters.maxEValue }
      .filter { ($0.1.best?.eValue ?? .infinity) <= 0.01 }.sorted {
        ($0.1.best?.eValue ?? 1) < ($1.1.best?.eValue ?? 1)
      }
    for (i, p) in near.prefix(2) where belowThreshold.count < 10 {
      if let line = describe(i, p, number: belowThreshold.count + 1) { belowThreshold.append(line) }
    }
  }
}
