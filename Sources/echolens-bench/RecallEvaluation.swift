import Dispatch
import EchoLensCommands
import Foundation
import Matching
import TextProcessing

/// Scans planted transcripts and counts how many plants were found, with why the others were missed.
struct RecallEvaluation {
  /// A plant counts as found when one reported echo names its reference and covers this share of its bytes.
  static let requiredCoverage = 0.8

  var found = 0
  var total = 0
  /// Found with the right reference only among the alternatives, not as the best match.
  var foundAsAlternative = 0
  var missedNothingReported = 0
  /// Which plants those were (their positions in the evaluated array), for `unreported` to diagnose.
  var nothingReported: [Int] = []
  var missedWrongReference = 0
  /// Of those, how many named (as best or alternative) another reference holding the planted passage word for word:
  /// the transcript cannot tell which of the identical references it was taken from.
  var namedAnIdenticalCopy = 0
  var missedShortCoverage = 0
  var seconds = 0.0
  var scannedBytes = 0
  /// The first few misses, for the report.
  var missExamples: [(PassagePlanter.Plant, String)] = []

  var recall: Double { total == 0 ? .nan : Double(found) / Double(total) }

  /// Evaluates `plants` with `scanner`, scanning on every core; results do not depend on the thread count.
  ///
  /// - Parameter prompts: when given, each transcript is scanned as a chat answer to its prompt here (the host
  ///   answer's own prompt), as a real chat log carries it; otherwise as bare Markdown.
  static func evaluate(
    _ plants: [PassagePlanter.Plant], scanner: EchoScanner, prompts: [String?]? = nil
  ) -> RecallEvaluation {
    var results = [ScanResult?](repeating: nil, count: plants.count)
    let (_, seconds) = Clock.measure {
      results.withUnsafeMutableBufferPointer { buffer in
        nonisolated(unsafe) let out = buffer
        DispatchQueue.concurrentPerform(iterations: plants.count) { i in
          if let prompts {
            out[i] = scanAsAnswer(plants[i], prompt: prompts[i], with: scanner)
          } else {
            out[i] = try? scanner.scan(bytes: Array(plants[i].transcript.utf8), format: .markdown)
          }
        }
      }
    }
    var e = RecallEvaluation()
    e.seconds = seconds
    for (index, (plant, result)) in zip(plants, results).enumerated() {
      e.total += 1
      e.scannedBytes += plant.transcript.utf8.count
      let echoes = (result?.passages ?? []).filter { $0.kind == .echo }
      let overlapping = echoes.filter { coverage(of: plant.plantedRange, by: $0.range) > 0 }
      let right = overlapping.filter { names($0, plant.referenceID) }
      if let hit = right.first(where: { coverage(of: plant.plantedRange, by: $0.range) >= requiredCoverage }) {
        e.found += 1
        if hit.best?.documentID != plant.referenceID { e.foundAsAlternative += 1 }
        continue
      }
      let reason: String
      if overlapping.isEmpty {
        e.missedNothingReported += 1
        e.nothingReported.append(index)
        reason = "nothing reported over the plant"
      } else if right.isEmpty {
        e.missedWrongReference += 1
        let planted = Tokenizer.terms(plant.original)
        let identical = overlapping.contains { passage in
          coverage(of: plant.plantedRange, by: passage.range) >= requiredCoverage
            && ([passage.best].compactMap { $0 } + passage.alternatives).contains {
              contains(Tokenizer.terms($0.referenceExcerpt), planted)
            }
        }
        if identical { e.namedAnIdenticalCopy += 1 }
        reason = "reported against \(overlapping.compactMap { $0.best?.documentID }.joined(separator: ", "))"
      } else {
        e.missedShortCoverage += 1
        let best = right.map { coverage(of: plant.plantedRange, by: $0.range) }.max() ?? 0
        reason = "right reference, covers \(Format.fixed(best * 100, 0))% of the plant"
      }
      if e.missExamples.count < 3 { e.missExamples.append((plant, reason)) }
    }
    return e
  }

  /// Why plants that nothing was reported over were missed, by a second scan that also reports common text and
  /// every echo however weak.
  struct Unreported {
    /// The panel's own answers hold the passage as well: it was reported as common text, not as an echo.
    var panelHoldsIt = 0
    /// An echo naming the plant's reference covers it, but independent text reaches its strength too often.
    var belowThreshold = 0
    /// The E-values of those, smallest first.
    var belowThresholdEValues: [Double] = []
    /// An echo naming the plant's reference covers it at an E-value the threshold accepts, yet the scan never
    /// aligned it: its seed chain's quick estimate fell short of the alignment gate (`EchoFinder.alignmentGate`),
    /// which only the lifted threshold of this diagnosis lowers.
    var neverAligned = 0
    /// No passage over the plant names its reference: too little left once prompt words, stock phrases and single
    /// characters are discounted, no candidate found, or only other references matched.
    var noPassage = 0
  }

  /// Sorts plants that `scanner` reported nothing over (`nothingReported` of its evaluation) into the reasons of
  /// `Unreported`.
  ///
  /// - Parameter scanner: the scanner that missed them; the diagnosis scans with its indexes, calibration and
  ///   gates, reporting common text too and with the E-value threshold lifted.
  static func unreported(
    _ plants: [PassagePlanter.Plant], scanner: EchoScanner, identities: IdentityCatalog, prompts: [String?]
  ) throws -> Unreported {
    var parameters = scanner.parameters
    parameters.kinds = [.echo, .commonText]
    parameters.maxEValue = 1e6
    let diagnostic = try EchoScanner(
      references: scanner.references, background: scanner.background, identities: identities,
      parameters: parameters, calibration: scanner.calibration)
    var out = Unreported()
    for (plant, prompt) in zip(plants, prompts) {
      let passages = scanAsAnswer(plant, prompt: prompt, with: diagnostic)?.passages ?? []
      let over = passages.filter {
        coverage(of: plant.plantedRange, by: $0.range) >= 0.5 && names($0, plant.referenceID)
      }
      if over.contains(where: { $0.kind == .commonText }) {
        out.panelHoldsIt += 1
      } else if let echo = over.first(where: { $0.kind == .echo }), let e = echo.best?.eValue {
        if e <= scanner.parameters.maxEValue {
          out.neverAligned += 1
        } else {
          out.belowThreshold += 1
          out.belowThresholdEValues.append(e)
        }
      } else {
        out.noPassage += 1
      }
    }
    out.belowThresholdEValues.sort()
    return out
  }

  /// The smallest E-value threshold at which `scanner`, otherwise unchanged, finds `target` of the plants, with the
  /// recall measured at it (nil when no threshold reaches the target), and the recall with no threshold at all.
  ///
  /// It turns a missed recall target into a question of the false-finding budget: a calibrated threshold x admits
  /// x false findings per independent answer by the E-value's meaning, so a target that only a threshold above 0.01
  /// reaches, or none, cannot be met within one false finding per 100 answers by moving the threshold. The
  /// candidates are the E-values at which a scan with no threshold finds each plant; every one tried is measured by
  /// scanning again, since a lower threshold also aligns fewer chains (`EchoFinder.alignmentGate`) and so finds a
  /// little less than the unthresholded scan's E-values promise.
  static func thresholdNeeded(
    _ plants: [PassagePlanter.Plant], target: Double, scanner: EchoScanner, identities: IdentityCatalog,
    prompts: [String?]
  ) throws -> (reached: (threshold: Double, recall: RecallEvaluation)?, foundWithoutThreshold: Int) {
    func thresholded(_ threshold: Double) throws -> EchoScanner {
      var parameters = scanner.parameters
      parameters.maxEValue = threshold
      return try EchoScanner(
        references: scanner.references, background: scanner.background, identities: identities,
        parameters: parameters, calibration: scanner.calibration)
    }
    let unthresholded = try thresholded(1e6)
    // Found as `evaluate` finds a plant: an echo naming its reference over `requiredCoverage` of it.
    let needed = ScanJobs.run(plants.count, jobs: ProcessInfo.processInfo.activeProcessorCount) { i in
      let plant = plants[i]
      return (scanAsAnswer(plant, prompt: prompts[i], with: unthresholded)?.passages ?? [])
        .filter {
          $0.kind == .echo && names($0, plant.referenceID)
            && coverage(of: plant.plantedRange, by: $0.range) >= requiredCoverage
        }
        .compactMap { $0.best?.eValue }.min()
    }
    let sorted = needed.compactMap { $0 }.sorted()
    let required = Int((target * Double(plants.count) - 1e-9).rounded(.up))
    guard sorted.count >= required else { return (nil, sorted.count) }
    var candidates: [Double] = []
    for e in sorted.dropFirst(max(0, required - 1)) where candidates.last != e && candidates.count < 40 {
      candidates.append(e)
    }
    // Past the E-values themselves, doublings up to the lifted threshold, where the scan is the unthresholded one.
    if candidates.isEmpty { candidates = [sorted.last ?? 1e-6] }
    while let last = candidates.last, last < 1e6 { candidates.append(min(1e6, max(last, 1e-12) * 2)) }
    for candidate in candidates {
      let e = evaluate(plants, scanner: try thresholded(max(candidate, Double.leastNormalMagnitude)), prompts: prompts)
      if e.found >= required { return ((candidate, e), sorted.count) }
    }
    return (nil, sorted.count)
  }

  /// Scans `plant`'s transcript as one chat answer to `prompt`, as a JSONL record would carry it.
  static func scanAsAnswer(_ plant: PassagePlanter.Plant, prompt: String?, with scanner: EchoScanner) -> ScanResult? {
    let segment = TranscriptSegment(
      role: .answer, text: Array(plant.transcript.utf8), offsets: OffsetMap(base: 0), record: 0, prompt: prompt)
    return try? scanner.scan(Transcript(format: .jsonLines, segments: [segment]), isCancelled: { false })
  }

  /// Whether `needle` occurs as a contiguous run in `haystack`.
  static func contains(_ haystack: [UInt64], _ needle: [UInt64]) -> Bool {
    guard !needle.isEmpty, haystack.count >= needle.count else { return false }
    return (0...(haystack.count - needle.count)).contains { haystack[$0..<($0 + needle.count)].elementsEqual(needle) }
  }

  static func names(_ passage: Passage, _ id: String) -> Bool {
    passage.best?.documentID == id || passage.alternatives.contains { $0.documentID == id }
  }

  /// Share of `planted` that `range` covers.
  static func coverage(of planted: Range<Int>, by range: ByteRange) -> Double {
    let overlap = min(planted.upperBound, range.utf8End) - max(planted.lowerBound, range.utf8Start)
    return planted.isEmpty ? 0 : Double(max(0, overlap)) / Double(planted.count)
  }
}
