import Foundation

/// HMMER's "E@10" check of a calibration, on the user's own panel: fitted on half of the panel's models, do the other
/// half's answers hold as many passages with E ≤ x as the fit expects?
///
/// A calibration is only as good as its panel, and the bench's self-check (`echolens-bench --section calibration`)
/// says nothing about a panel an auditor brings. The null scans that `echolens calibrate` has already made answer
/// the question at no further cost: each answer was scanned with its own model left out of the background and the
/// same-prompt discounts, exactly as a held-out transcript would be, so the passages of one half's answers can be
/// counted against a null fitted to the other half's. Splitting by model, not by answer, is what makes it a test:
/// a model's answers resemble each other, and an answer's neighbours in its own model would flatter the fit.
public struct CalibrationSelfCheck: Codable, Sendable, Hashable {
  /// The thresholds checked, as in the bench.
  public static let thresholds = [0.001, 0.01, 0.1]
  /// A row is judged only where at least this many passages are expected; fewer say nothing either way.
  public static let minimumExpected = 5.0

  /// One threshold's count, summed over both halves.
  public struct Row: Codable, Sendable, Hashable {
    public var threshold: Double
    public var observed: Int
    /// Σ over the counted answers of min(x, E at the weakest reportable strength): an answer cannot expect more
    /// passages than its null has over its length, since passages of `NullDistribution.evidenceBits` or fewer are
    /// never reported.
    public var expected: Double

    /// Whether enough passages are expected for the factor of 2 to mean anything.
    public var isJudged: Bool { expected >= CalibrationSelfCheck.minimumExpected }
    /// Observed over expected.
    public var ratio: Double { Double(observed) / max(expected, .leastNonzeroMagnitude) }
    /// Within a factor of 2 of the expected count.
    public var isWithin: Bool { ratio >= 0.5 && ratio <= 2 }

    public init(threshold: Double, observed: Int, expected: Double) {
      self.threshold = threshold
      self.observed = observed
      self.expected = expected
    }
  }

  /// A count or ratio as the self-check prints it: two decimals below 10, one above.
  public static func decimal(_ x: Double) -> String { String(format: x < 10 ? "%.2f" : "%.1f", x) }

  /// `rows` in words, one cell per threshold: "E <= 0.01: 5 where 7.51 (x0.67, within x0.5-x2)", the verdict only
  /// where the row is judged; `lessOrEqual` and `times` are the signs the medium writes (`<=`/`x` on a terminal,
  /// `≤`/`×` in Markdown).
  public static func describe(_ rows: [Row], lessOrEqual: String = "<=", times: String = "x") -> String {
    rows.map { row in
      var cell = "E \(lessOrEqual) \(row.threshold): \(row.observed) where \(decimal(row.expected))"
      if row.isJudged {
        cell += " (\(times)\(decimal(row.ratio)), \(row.isWithin ? "within" : "outside") \(times)0.5-\(times)2)"
      }
      return cell
    }.joined(separator: "; ")
  }

  /// The panel's models in each half (sorted by name, dealt alternately).
  public var halves: [[String]]
  /// Answers with a prompt the panel also answered, each counted with the prompted null; and every answer counted
  /// with the bare null, as text without a prompt is.
  public var promptedAnswers: Int
  public var bareAnswers: Int
  public var prompted: [Row]
  public var bare: [Row]

  /// The check of the null that `calibrator` fitted to `scans` of `answers`, or nil when the panel has fewer than
  /// two models (nothing to hold out).
  public init?(
    calibrator: NullCalibrator, answers: [NullCalibrator.Answer], scans: [NullCalibrator.AnswerScan],
    thresholds: [Double] = Self.thresholds
  ) {
    precondition(answers.count == scans.count, "one scan per answer")
    let models = Set(answers.map(\.model)).sorted()
    guard models.count >= 2 else { return nil }
    halves = [
      stride(from: 0, to: models.count, by: 2).map { models[$0] },
      stride(from: 1, to: models.count, by: 2).map { models[$0] },
    ]
    prompted = thresholds.map { Row(threshold: $0, observed: 0, expected: 0) }
    bare = prompted
    promptedAnswers = 0
    bareAnswers = 0
    for (fitted, counted) in [(halves[0], halves[1]), (halves[1], halves[0])] {
      let fit = Set(fitted)
      let held = Set(counted)
      let fitIndices = answers.indices.filter { fit.contains(answers[$0].model) }
      let calibration = calibrator.calibration(
        answers: fitIndices.map { answers[$0] }, scans: fitIndices.map { scans[$0] }, tool: "self-check")
      // A half without prompted answers has no prompted null to check the other half's against.
      let promptedNull = fitIndices.contains { scans[$0].prompted }
      for i in answers.indices where held.contains(answers[i].model) {
        let scan = scans[i]
        if scan.prompted, promptedNull {
          promptedAnswers += 1
          Self.count(scan.promptedBits, tokens: scan.tokens, null: calibration.prompted, into: &prompted)
        }
        bareAnswers += 1
        Self.count(scan.bareBits, tokens: scan.tokens, null: calibration.bare, into: &bare)
      }
    }
  }

  /// Adds one held-out answer's passages (their bits) and its expected counts to `rows`.
  static func count(_ bits: [Double], tokens: Int, null: NullDistribution, into rows: inout [Row]) {
    let weakest = null.eValue(bits: NullDistribution.evidenceBits.nextUp, transcriptTokens: tokens)
    let eValues = bits.filter { $0 > NullDistribution.evidenceBits }.map {
      null.eValue(bits: $0, transcriptTokens: tokens)
    }
    for r in rows.indices {
      rows[r].observed += eValues.filter { $0 <= rows[r].threshold }.count
      rows[r].expected += min(rows[r].threshold, weakest)
    }
  }

  /// What is wrong with a self-check read from a calibration file, or nil when `calibrate` could have written it:
  /// two halves of models, counts that are not negative, expected counts that are finite.
  var problem: String? {
    let rows = prompted + bare
    guard halves.count == 2, halves.allSatisfy({ !$0.isEmpty }), promptedAnswers >= 0, bareAnswers >= 0,
      rows.allSatisfy({ $0.observed >= 0 && $0.expected >= 0 && $0.expected.isFinite && $0.threshold > 0 })
    else { return "its self-check holds numbers `calibrate` never writes" }
    return nil
  }

  /// Both nulls' counts, each with the name a reader sees and the answers it counted.
  var nulls: [(name: String, answers: Int, rows: [Row])] {
    [("with prompts", promptedAnswers, prompted), ("as bare text", bareAnswers, bare)]
  }

  /// One line per null, as `calibrate` prints them and evidence Markdown writes them: "with prompts, 800 answers:
  /// E <= 0.001: …", or "none" for a null that counted no answer (see `describe` for the signs).
  public func lines(lessOrEqual: String = "<=", times: String = "x") -> [String] {
    nulls.map { name, answers, rows in
      "\(name), \(answers) answers: "
        + (answers == 0 ? "none" : Self.describe(rows, lessOrEqual: lessOrEqual, times: times))
    }
  }

  /// The judged rows that are outside the factor of 2 with too many passages: E-values that understate chance,
  /// the direction that would accuse independent text.
  public var tooMany: [(null: String, row: Row)] {
    nulls.flatMap { name, _, rows in rows.filter { $0.isJudged && $0.ratio > 2 }.map { (name, $0) } }
  }
}
