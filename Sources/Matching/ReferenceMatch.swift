/// How one reference output matches a transcript passage.
public struct ReferenceMatch: Codable, Sendable, Hashable {
  /// The reference document's id in the index (for example `alpaca:123`).
  public var documentID: String
  /// The model that wrote the reference output.
  public var model: String
  /// Where the reference came from (the input file it was read from).
  public var source: String
  /// The prompt the reference answered, when the corpus had one.
  public var prompt: String?
  /// The identity of the index shard that holds the reference (`IndexIdentity.hex`).
  public var indexIdentity: String
  /// The reference's number in that shard. It names the answer exactly where ids repeat: a panel index (MT-bench
  /// and the like) gives every model's answer to a prompt the prompt's id. Nil only in scan outputs written before
  /// it was recorded.
  public var documentNumber: Int?
  /// The matched bytes of the stored reference text.
  public var referenceRange: ByteRange
  /// The matched reference text itself, so that a report can quote it without the index.
  public var referenceExcerpt: String
  /// The transcript bytes this reference matches (may be a little narrower than the passage).
  public var transcriptRange: ByteRange
  /// Share of aligned token columns that are equal, 0...1.
  public var similarity: Double
  /// The longest run of equal tokens.
  public var longestVerbatimRun: Int
  /// Transcript tokens in the aligned region.
  public var tokenCount: Int
  /// How surprising the match is under the chance model, in bits (see `Protocol/SIGNIFICANCE.md`).
  public var bits: Double
  /// Expected number of passages at least this strong in a transcript of this size that is independent of the
  /// reference: calibrated against independent answers when the scan has a calibration, else the word-frequency
  /// model's (see `significance`).
  public var eValue: Double
  /// What `eValue` rests on.
  public var significance: SignificanceBasis
  /// The token alignment, transcript against reference.
  public var alignment: [AlignmentSpan]

  public init(
    documentID: String, model: String, source: String, prompt: String?, indexIdentity: String,
    documentNumber: Int? = nil, referenceRange: ByteRange, referenceExcerpt: String, transcriptRange: ByteRange,
    similarity: Double, longestVerbatimRun: Int, tokenCount: Int, bits: Double, eValue: Double,
    significance: SignificanceBasis = .uncalibrated, alignment: [AlignmentSpan]
  ) {
    self.documentID = documentID
    self.model = model
    self.source = source
    self.prompt = prompt
    self.indexIdentity = indexIdentity
    self.documentNumber = documentNumber
    self.referenceRange = referenceRange
    self.referenceExcerpt = referenceExcerpt
    self.transcriptRange = transcriptRange
    self.similarity = similarity
    self.longestVerbatimRun = longestVerbatimRun
    self.tokenCount = tokenCount
    self.bits = bits
    self.eValue = eValue
    self.significance = significance
    self.alignment = alignment
  }
}
