import Matching

/// How one reference (or background) output matches a passage, with its scores and its alignment.
public struct EvidenceMatch: Codable, Sendable, Hashable {
  /// The reference document's id in the index (for example `alpaca:123`).
  public var documentID: String
  public var model: String
  /// The input file the reference was read from when the index was built.
  public var source: String
  public var prompt: String?
  /// Identity of the shard that holds the reference (one of the report's `indexes`).
  public var indexIdentity: String
  /// The matched bytes of the stored reference text.
  public var referenceRange: ByteRange
  /// The matched reference text itself.
  public var referenceExcerpt: String
  /// The transcript bytes this reference matches.
  public var transcriptRange: EvidenceRange
  /// Share of aligned token columns that are equal, 0...1.
  public var similarity: Double
  /// The longest run of equal tokens.
  public var longestVerbatimRun: Int
  /// Transcript tokens in the aligned region.
  public var tokenCount: Int
  /// Strength of the match after the discounts of `Protocol/SIGNIFICANCE.md`, in bits.
  public var bits: Double
  /// Expected number of passages at least this strong in an independent transcript of this size: calibrated
  /// against independent answers, or the uncalibrated word-frequency figure (see `significance`).
  public var eValue: Double
  /// What `eValue` rests on.
  public var significance: SignificanceBasis
  /// `eValue` and its basis in plain words (`SignificanceWording.strength`).
  public var chance: String
  public var alignment: [EvidenceSpan]

  public init(
    documentID: String, model: String, source: String, prompt: String?, indexIdentity: String,
    referenceRange: ByteRange, referenceExcerpt: String, transcriptRange: EvidenceRange, similarity: Double,
    longestVerbatimRun: Int, tokenCount: Int, bits: Double, eValue: Double,
    significance: SignificanceBasis = .uncalibrated, chance: String, alignment: [EvidenceSpan]
  ) {
    self.documentID = documentID
    self.model = model
    self.source = source
    self.prompt = prompt
    self.indexIdentity = indexIdentity
    self.referenceRange = referenceRange
    self.referenceExcerpt = referenceExcerpt
    self.transcriptRange = transcriptRange
    self.similarity = similarity
    self.longestVerbatimRun = longestVerbatimRun
    self.tokenCount = tokenCount
    self.bits = bits
    self.eValue = eValue
    self.significance = significance
    self.chance = chance
    self.alignment = alignment
  }
}
