import Foundation
import Matching
import Provenance
import ProvenanceReport
import ReferenceIndex
import TextProcessing

/// Section `provenance` (issue 10): `echolens report`'s verdict on every MT-bench model, against the labels.
///
/// Candidate teachers: the five vendor models (the index). Independent panel: the models labelled `non-distilled`
/// plus chatglm-6b, each left out when it is itself the suspect. Every other model is a suspect. Ground truth comes
/// from the data README's labels: ShareGPT, ChatGPT self-chat or gpt-3.5-turbo generations → gpt-3.5-turbo, "GPT-4
/// synthetic" → gpt-4; Alpaca (text-davinci-003) has no candidate teacher; partly distilled models are reported apart.
struct ProvenanceBenchmark {
  let context: BenchContext

  static let candidates: [(file: String, model: String)] = [
    ("mtbench_gpt_4.jsonl", "gpt-4"), ("mtbench_gpt_3_5_turbo.jsonl", "gpt-3.5-turbo"),
    ("mtbench_claude_v1.jsonl", "claude-v1"), ("mtbench_claude_instant_v1.jsonl", "claude-instant-v1"),
    ("mtbench_palm_2_chat_bison_001.jsonl", "palm-2-chat-bison-001"),
  ]
  static let panel = [
    "mtbench_llama_13b.jsonl", "mtbench_dolly_v2_12b.jsonl", "mtbench_oasst_sft_4_pythia_12b.jsonl",
    "mtbench_oasst_sft_7_llama_30b.jsonl", "mtbench_guanaco_33b.jsonl", "mtbench_guanaco_65b.jsonl",
    "mtbench_h2ogpt_oasst_open_llama_13b.jsonl", "mtbench_lima_whole_13b.jsonl", "mtbench_chatglm_6b.jsonl",
  ]

  enum Truth: Equatable {
    /// Learned from this candidate (the label names its data).
    case teacher(String)
    /// Learned from a model that is not a candidate (Alpaca: text-davinci-003).
    case nonCandidate(String)
    /// Partly distilled: a mix of data, some of it from vendor models.
    case partly
    /// An independent (panel) model.
    case independent
  }

  /// The data README's labels, by file.
  static let truth: [String: Truth] = [
    "mtbench_vicuna_7b_v1_3.jsonl": .teacher("gpt-3.5-turbo"),
    "mtbench_vicuna_13b_v1_3.jsonl": .teacher("gpt-3.5-turbo"),
    "mtbench_vicuna_33b_v1_3.jsonl": .teacher("gpt-3.5-turbo"), "mtbench_koala_13b.jsonl": .teacher("gpt-3.5-turbo"),
    "mtbench_baize_v2_13b.jsonl": .teacher("gpt-3.5-turbo"), "mtbench_wizardlm_13b.jsonl": .teacher("gpt-3.5-turbo"),
    "mtbench_wizardlm_30b.jsonl": .teacher("gpt-3.5-turbo"),
    "mtbench_gpt4all_13b_snoozy.jsonl": .teacher("gpt-3.5-turbo"),
    "mtbench_fastchat_t5_3b.jsonl": .teacher("gpt-3.5-turbo"), "mtbench_nous_hermes_13b.jsonl": .teacher("gpt-4"),
    "mtbench_alpaca_13b.jsonl": .nonCandidate("text-davinci-003"),
    "mtbench_mpt_7b_chat.jsonl": .partly, "mtbench_mpt_30b_chat.jsonl": .partly, "mtbench_tulu_30b.jsonl": .partly,
    "mtbench_stablelm_tuned_alpha_7b.jsonl": .partly, "mtbench_rwkv_4_raven_14b.jsonl": .partly,
    "mtbench_falcon_40b_instruct.jsonl": .partly, "mtbench_mpt_30b_instruct.jsonl": .partly,
  ]

  func run() throws {
    let candidateFiles = Self.candidates.map(\.file)
    let modelFiles = try context.allDataFiles().map { ($0 as NSString).lastPathComponent }.filter {
      $0.hasPrefix("mtbench_") && $0 != "mtbench_gpt_4_reference_answers.jsonl"
    }
    let indexPath = try context.cachedIndex("provenance-vendors.eli", inputs: candidateFiles.map(context.data))
    let scanner = try BenchContext.scanner([indexPath], parameters: ReportScanParameters.defaults)

    // Every model's answers, scanned once (as `report` scans each file once).
    let (observations, scanSeconds) = try Clock.measure { () -> [String: [AnswerObservation]] in
      var out: [String: [AnswerObservation]] = [:]
      for file in modelFiles where !candidateFiles.contains(file) {
        let path = context.data(file)
        let transcript = try Transcript.parse(
          Array(try Data(contentsOf: URL(fileURLWithPath: path))), format: .jsonLines)
        let result = try scanner.scan(transcript, isCancelled: { false })
        out[file] = AnswerObservation.observations(
          path: path, answers: TranscriptAnswer.answers(of: transcript),
          passages: result.passages.map {
            ObservedPassage(
              utf8Start: $0.range.utf8Start, utf8End: $0.range.utf8End, kind: $0.kind, model: $0.best?.model,
              identity: $0.identity)
          }, fallbackModel: AnswerObservation.fileModel(path))
      }
      return out
    }

    let suspects = modelFiles.filter { !candidateFiles.contains($0) }.sorted()
    // Questions 81-120 (records 1-80) and 121-160 (records 81-160) as two halves, besides all 160 answers.
    let splits: [(name: String, keep: (AnswerObservation) -> Bool)] = [
      ("all questions", { _ in true }), ("questions 81-120", { ($0.record ?? 0) <= 80 }),
      ("questions 121-160", { ($0.record ?? 0) > 80 }),
    ]
    var analysisSeconds = 0.0
    for split in splits {
      var table = ResultTable("provenance: report verdict per MT-bench model, \(split.name)")
      var lines: [String] = []
      var distilledNamed = 0
      var distilledTotal = 0
      var independentNamed = 0
      var independentTotal = 0
      var partlyNamed = 0
      var partlyTotal = 0
      // How many suspects echo a candidate more than every panel model does: a distilled suspect that does not, for
      // its true teacher, cannot be named by any test under the "exceeds every panel model" rule (a ceiling on the
      // first figure); an independent model that does, for some candidate, shows that the rule alone does not
      // keep independent models from being named, and the test across prompts must.
      var distilledAboveEveryPanelModel = 0
      var independentAboveEveryPanelModel = 0
      for file in suspects {
        let suspectAnswers = (observations[file] ?? []).filter(split.keep)
        let panelAnswers = Self.panel.filter { $0 != file }.flatMap { observations[$0] ?? [] }.filter(split.keep)
        let name = suspectAnswers.first?.model ?? file
        let (result, seconds) = Clock.measure {
          ProvenanceAnalysis().run(
            suspect: suspectAnswers, panel: panelAnswers, candidates: Self.candidates.map(\.model), suspectName: name)
        }
        analysisSeconds += seconds
        let truth = Self.panel.contains(file) ? .independent : (Self.truth[file] ?? .partly)
        let named = result.verdict.teacher
        let shown =
          named.flatMap { n in result.candidates.first { $0.candidate == n } }
          ?? result.candidates.min { $0.adjustedPValue < $1.adjustedPValue }
        let trueTeacher: String
        let mark: String
        switch truth {
        case .teacher(let t):
          trueTeacher = t
          distilledTotal += 1
          if named == t { distilledNamed += 1 }
          if result.candidates.contains(where: { $0.candidate == t && $0.exceedsEveryPanelModel }) {
            distilledAboveEveryPanelModel += 1
          }
          mark = named == t ? "ok" : "MISS"
        case .nonCandidate(let t):
          trueTeacher = "(\(t))"
          mark = named == nil ? "ok" : "named"
        case .partly:
          trueTeacher = "(partly)"
          partlyTotal += 1
          if named != nil { partlyNamed += 1 }
          mark = ""
        case .independent:
          trueTeacher = "(independent)"
          independentTotal += 1
          if named != nil { independentNamed += 1 }
          if result.candidates.contains(where: \.exceedsEveryPanelModel) { independentAboveEveryPanelModel += 1 }
          mark = named == nil ? "ok" : "FALSE"
        }
        lines.append(
          "  " + Format.pad(name, 28) + Format.pad(trueTeacher, 19) + Format.pad(named ?? "—", 23)
            + Format.pad(
              shown.map { "\($0.candidate): p=\(ProvenanceVerdict.pValueText($0.adjustedPValue))" } ?? "", 32)
            + Format.pad(shown.map { ProvenanceVerdict.ratioText($0.rateRatio) } ?? "", 8) + mark)
      }
      table.atLeast(
        "true teacher named, distilled suspects (\(distilledNamed)/\(distilledTotal))",
        Double(distilledNamed) / Double(max(1, distilledTotal)) * 100, 90, unit: "%", digits: 0)
      table.atMost(
        "independent models with a teacher named (of \(independentTotal))", Double(independentNamed), 0, unit: "",
        digits: 0)
      table.info("partly distilled models with a teacher named", "\(partlyNamed)/\(partlyTotal)")
      table.info(
        "distilled suspects echoing their true teacher above every panel model (ceiling of the first figure)",
        "\(distilledAboveEveryPanelModel)/\(distilledTotal)")
      table.info(
        "independent models echoing some candidate above every other panel model",
        "\(independentAboveEveryPanelModel)/\(independentTotal)")
      print(table.render(), terminator: "")
      print(
        "  " + Format.pad("suspect", 28) + Format.pad("true teacher", 19) + Format.pad("named teacher", 23)
          + Format.pad("p (Holm; named, else lowest)", 32) + Format.pad("effect", 8))
      for line in lines { print(line) }
    }

    var timing = ResultTable("provenance: cost")
    timing.info(
      "scan of \(observations.count) models' answers (report parameters, in-process)",
      Format.fixed(scanSeconds, 2) + " s")
    timing.info("analysis of \(suspects.count) suspects x 3 splits", Format.fixed(analysisSeconds, 2) + " s")
    // One `echolens report` process over all 32 models' answers: the 9 panel models as panel, the other 23 files
    // (the vendors' own answers included) as the suspect.
    let echolens = try context.echolens()
    var arguments = ["report", "--index", indexPath, "--format", "json"]
    for file in Self.panel { arguments += ["--panel", context.data(file)] }
    arguments += modelFiles.filter { !Self.panel.contains($0) }.map(context.data)
    let outcome = try ChildProcess.run(echolens, arguments, errorFile: context.scratchPath("provenance-report.err"))
    guard outcome.status == 0 || outcome.status == 1 else {
      throw BenchError("echolens report failed (\(outcome.status)): \(outcome.standardError)")
    }
    timing.atMost("echolens report over all \(modelFiles.count) models (wall)", outcome.seconds, 10, unit: " s")
    timing.info("  peak memory", Format.megabytes(outcome.maxResidentBytes))
    print(timing.render(), terminator: "")
  }
}
