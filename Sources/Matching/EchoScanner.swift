import ReferenceIndex
import TextProcessing

/// The engine's entry point: scans transcripts for echoes of a reference index and for self-identification.
///
/// `echolens scan`, `echolens demo` and the language server all call this one type with one `ScanParameters`, which
/// is why a CLI finding and an editor diagnostic can never disagree. A scanner is immutable and `Sendable`; each
/// `scan` call keeps its caches to itself, so several scans may run at once.
public final class EchoScanner: Sendable {
  public let references: ReferenceIndexSet
  public let background: ReferenceIndexSet?
  public let parameters: ScanParameters
  /// The empirical null that turns bits into calibrated E-values; nil for uncalibrated (word-frequency) E-values.
  public let calibration: CalibrationFile?
  let identities: SelfIdentificationFinder
  /// The background's answers by prompt, for discounting what independent answers to the same prompt also say.
  let panel: SamePromptPanel?
  /// Prompt masks of the references' and the background's answers, kept across scans (`PromptMaskCache`).
  let referenceMasks: PromptMaskCache
  let backgroundMasks: PromptMaskCache?
  /// Term bits of the references and of the background, kept across scans (`TermBitsCache`).
  let referenceBits = TermBitsCache()
  let backgroundBits = TermBitsCache()

  /// - Throws: `CalibrationError` when `calibration` was made for other indexes or looser thresholds.
  public init(
    references: ReferenceIndexSet, background: ReferenceIndexSet?, identities: IdentityCatalog,
    parameters: ScanParameters, calibration: CalibrationFile? = nil
  ) throws {
    try calibration?.check(references: references, background: background, parameters: parameters)
    self.references = references
    self.background = background
    self.parameters = parameters
    self.calibration = calibration
    self.identities = SelfIdentificationFinder(catalog: identities, ownIdentities: parameters.ownIdentities)
    panel = background.map(SamePromptPanel.init(set:))
    referenceMasks = PromptMaskCache(set: references)
    backgroundMasks = background.map(PromptMaskCache.init(set:))
  }

  /// How a scan runs: normally, or as the null of a calibration.
  struct Mode {
    /// Calibration: the model whose answers are scanned as independent text; its own answers are left out of the
    /// same-prompt discounts and the background, and every passage is kept whatever its strength.
    var nullModel: String?
    static let normal = Mode(nullModel: nil)
  }

  /// Parses `bytes` as `format` and scans it.
  ///
  /// - Throws: `TextParseError` (or the parser's error) when the transcript cannot be parsed; it names the
  ///   byte offset or line at fault.
  public func scan(bytes: [UInt8], format: TranscriptFormat) throws -> ScanResult {
    try scan(try Transcript.parse(bytes, format: format), isCancelled: { false })
  }

  /// Scans every segment of `transcript`. Returns an empty, truncated result as soon as `isCancelled` says so.
  ///
  /// - Throws: `IndexError` when an index turns out to be damaged, or changed on disk while it was read; nothing
  ///   is reported from it then, since what it gave cannot be trusted.
  public func scan(_ transcript: Transcript, isCancelled: @Sendable () -> Bool) throws(IndexError) -> ScanResult {
    try scan(transcript, mode: .normal, isCancelled: isCancelled)
  }

  func scan(_ transcript: Transcript, mode: Mode, isCancelled: () -> Bool) throws(IndexError) -> ScanResult {
    // Segment by segment, as the language server also scans (EchoScanner+Segments.swift). The E-value needs the
    // transcript's token count before anything is scanned; segments of one piece are tokenised for it once and
    // their tokens kept for the scan, up to `heldTokenTextBytes` of text; every other segment is tokenised one
    // piece at a time, twice (to count, then to scan), so that memory stays bounded whatever the file's size.
    var held: [[Token]?] = []
    var heldBytes = 0
    var tokenCount = 0
    for segment in transcript.segments {
      if segment.text.count <= SegmentPieces.singlePieceBytes,
        heldBytes + segment.text.count <= Self.heldTokenTextBytes
      {
        let tokens = Tokenizer.tokenize(segment.text)
        heldBytes += segment.text.count
        tokenCount += tokens.count
        held.append(tokens)
      } else {
        tokenCount += SegmentScan.tokenCount(of: segment)
        held.append(nil)
      }
    }
    let session = SegmentScan(scanner: self, mode: mode, transcriptTokens: tokenCount)
    var passages: [Passage] = []
    for (segment, tokens) in zip(transcript.segments, held) {
      if isCancelled() { break }
      if let tokens {
        passages += try session.passages(ofSinglePiece: segment, tokens: tokens, isCancelled: isCancelled)
      } else {
        passages += try session.passages(of: segment, isCancelled: isCancelled)
      }
    }
    if isCancelled() { return ScanResult(passages: [], tokenCount: 0, scannedBytes: 0, coverage: [], truncated: true) }
    return try session.finish(passages, transcript: transcript, tokenCount: tokenCount)
  }

  /// How much of a transcript's text a scan keeps tokenised between counting and scanning (`scan`): tokenising
  /// was a fifth of a batch scan of short chat answers, the count pass 6 points of it. A token takes 16 bytes, three
  /// times the text of an English word and five times a CJK character's, so this holds about 12 to 22 MiB at most.
  static let heldTokenTextBytes = 4 << 20

  /// Applies the passage limit, sorts by position and computes coverage per model.
  func finish(_ all: [Passage], transcript: Transcript, tokenCount: Int) -> ScanResult {
    let limit = parameters.maxPassagesPerDocument
    var order = Array(all.indices)
    var truncated = false
    all.withUnsafeBufferPointer { p in
      if p.count > limit {
        order.sort(by: Passage.strongerFirst(p, bits: p.indices.map { p[$0].best?.bits ?? .infinity }))
        order.removeSubrange(limit...)
        truncated = true
      }
      order.sort(by: Passage.inFileOrder(p))
    }
    let passages = order.map { all[$0] }
    let scannedBytes = transcript.segments.reduce(0) { $0 + $1.text.count }
    var covered: [String: [ByteRange]] = [:]
    for p in passages where p.kind == .echo {
      if let best = p.best { covered[best.model, default: []].append(p.range) }
    }
    let coverage = covered.map { model, ranges -> ModelCoverage in
      let bytes = ByteRangeUnion.length(of: ranges)
      return ModelCoverage(
        model: model, coveredBytes: bytes, share: scannedBytes == 0 ? 0 : min(1, Double(bytes) / Double(scannedBytes)))
    }.sorted { $0.coveredBytes > $1.coveredBytes }
    return ScanResult(
      passages: passages, tokenCount: tokenCount, scannedBytes: scannedBytes, coverage: coverage, truncated: truncated)
  }
}

/// Total length of a set of possibly overlapping byte ranges.
enum ByteRangeUnion {
  static func length(of ranges: [ByteRange]) -> Int {
    var total = 0
    var end = Int.min
    for r in ranges.sorted() {
      if r.utf8Start >= end {
        total += r.count
        end = r.utf8End
      } else if r.utf8End > end {
        total += r.utf8End - end
        end = r.utf8End
      }
    }
    return total
  }
}
