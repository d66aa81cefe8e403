import Foundation
import TextProcessing

/// The empirical null of a reference index: how strong the passages are that the ordinary engine finds in answers
/// known to be independent of the reference, and the tails fitted to them.
///
/// The unigram chance model (`SignificanceModel`) treats fluent, conventional text as astronomically unlikely, so
/// its E-values cannot be read as odds. BLAST and HMMER made E-values trustworthy by fitting them to the scores of
/// alignments known to be unrelated; this is the same discipline with "unrelated" meaning *answers by other models
/// and people, ideally to the same prompts*. `echolens calibrate` makes one (`NullCalibrator`), `scan` and the
/// server load it, and every finding's E-value then says how often independent text reaches that strength.
/// `Protocol/CALIBRATION.md` documents the file.
public struct NullCalibration: Codable, Sendable, Hashable {
  /// The file's kind, so that a foreign JSON file is refused with a clear message.
  public static let formatName = "echolens-calibration"
  /// Bumped whenever the file's meaning changes.
  public static let formatVersion = 1
  /// Bumped whenever the engine's bits change meaning (discounts, weights, edit costs), or which passages count as
  /// echoes rather than common text: a calibration of other bits or of another set of null passages would give
  /// wrong E-values, so it is refused. Version 5 judged common text over the passage's own tokens; version 6 charges
  /// edits `SignificanceModel.calibratedEditBits` in calibrated scans and null collection; version 7 ends a
  /// prompt-dictated stretch at the answer's own runs (`PromptDictation.maximumUndictatedRun`).
  public static let scoringVersion = 7

  public var format: String
  public var version: Int
  public var scoring: Int
  /// The echolens version that made it.
  public var tool: String
  /// The reference index set the null passages were found in (`ReferenceIndexSet.identity`).
  public var reference: IndexSummary
  /// The panel of independent answers (the background index set) that was scanned as the null.
  public var panel: IndexSummary
  /// The thresholds that shape which passages exist at all; a scan may be stricter, never looser.
  public var minTokens: Int
  public var minSimilarity: Double
  public var maxSeedDocuments: Int
  /// How many independent answers were scanned.
  public var nullAnswers: Int
  /// Models of the panel whose answers were scanned (each with its own model's answers left out of the discounts
  /// and the background, as if it were a new transcript).
  public var nullModels: [String]
  /// The null of answers scanned with their prompts, where the panel's same-prompt answers discount what every
  /// model says: applies to transcript segments whose prompt the panel answered.
  public var prompted: NullDistribution
  /// The null of the same answers scanned as bare text: applies to everything else (Markdown, plain text, records
  /// whose prompt the panel never saw), whose scores get no same-prompt discount and so run higher.
  public var bare: NullDistribution
  /// The fit checked on the panel itself, by halves of its models (`CalibrationSelfCheck`), as `calibrate` found
  /// it; nil in files made before it was kept, and for a panel of one model. Nothing is computed from it: it tells
  /// whoever holds the file, or an evidence report that rests on it, how far the panel's own E-values held.
  public var selfCheck: CalibrationSelfCheck?

  /// Index identity and size, enough to tell a stale calibration from a current one.
  public struct IndexSummary: Codable, Sendable, Hashable {
    public var identity: String
    public var documents: Int
    public var tokens: Int

    public init(identity: String, documents: Int, tokens: Int) {
      self.identity = identity
      self.documents = documents
      self.tokens = tokens
    }
  }

  public init(
    tool: String, reference: IndexSummary, panel: IndexSummary, parameters: ScanParameters, nullAnswers: Int,
    nullModels: [String], prompted: NullDistribution, bare: NullDistribution
  ) {
    format = Self.formatName
    version = Self.formatVersion
    scoring = Self.scoringVersion
    self.tool = tool
    self.reference = reference
    self.panel = panel
    minTokens = parameters.minTokens
    minSimilarity = parameters.minSimilarity
    maxSeedDocuments = parameters.maxSeedDocuments
    self.nullAnswers = nullAnswers
    self.nullModels = nullModels.sorted()
    self.prompted = prompted
    self.bare = bare
  }

  /// What is wrong with a calibration read from a file, or nil when `echolens calibrate` could have made it: the
  /// gates in range, and both nulls as their fit makes them (`NullDistribution.problem`).
  public var problem: String? {
    guard minTokens >= 1, minSimilarity > 0, minSimilarity <= 1, maxSeedDocuments >= 1, nullAnswers >= 1 else {
      return "its gates (minTokens \(minTokens), minSimilarity \(minSimilarity), maxSeedDocuments "
        + "\(maxSeedDocuments)) or its count of null answers (\(nullAnswers)) are out of range"
    }
    if let problem = prompted.problem { return "the prompted null " + problem }
    if let problem = bare.problem { return "the bare null " + problem }
    return selfCheck?.problem
  }

  /// The null that applies to a segment: `prompted` when the panel answered its prompt, else `bare`.
  public func distribution(prompted isPrompted: Bool) -> NullDistribution { isPrompted ? prompted : bare }

  /// The file's bytes: sorted keys and fixed formatting, so the same calibration always gives the same digest.
  public func encoded() throws -> [UInt8] {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
    return Array(try encoder.encode(self)) + [10]
  }
}
