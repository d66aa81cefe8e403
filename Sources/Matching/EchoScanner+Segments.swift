import ReferenceIndex
import TextProcessing

extension EchoScanner {
  /// One scan of one transcript, taken segment by segment.
  ///
  /// `scan` is a loop over segments that share only two things: the transcript's token count (the E-value of a
  /// match is counted over the whole transcript) and, at the end, the passage limit and the coverage. A scan taken
  /// segment by segment lets the language server rescan only the segments an edit touched, reuse the others'
  /// passages, and publish the first segments' passages before the last are scanned; and since `scan` itself is
  /// this loop, the result is the same passage for passage.
  ///
  /// - Important: one instance per scan and thread; it keeps the scan's index caches.
  public final class SegmentScan {
    let scanner: EchoScanner
    let mode: Mode
    /// Tokens of the whole transcript, for the E-values.
    public let transcriptTokens: Int
    /// The token count pieces are searched with: the lower bound of `transcriptTokens`'s bucket, so that a piece's
    /// candidates hold for every count of the bucket (`reported(_:of:)`); the exact count when calibrating.
    let searchTokens: Int
    /// The bucket of `transcriptTokens`: the language server reuses a piece's candidates within it.
    public let tokenBucket: Int
    let referenceLookup: ReferenceIndexLookup
    let backgroundLookup: ReferenceIndexLookup?
    let null: NullCalibration?
    let maxEValue: Double
    let notNullModel: ((ReferenceDocument) -> Bool)?

    init(scanner: EchoScanner, mode: Mode, transcriptTokens: Int) {
      self.scanner = scanner
      self.mode = mode
      self.transcriptTokens = max(1, transcriptTokens)
      tokenBucket = Self.tokenBucket(of: self.transcriptTokens)
      searchTokens = mode.nullModel == nil ? Self.bucketLowerBound(tokenBucket) : self.transcriptTokens
      referenceLookup = ReferenceIndexLookup(
        set: scanner.references, masks: scanner.referenceMasks, bits: scanner.referenceBits)
      backgroundLookup = scanner.background.map {
        ReferenceIndexLookup(
          set: $0, masks: scanner.backgroundMasks ?? PromptMaskCache(set: $0), bits: scanner.backgroundBits)
      }
      let calibrating = mode.nullModel != nil
      null = calibrating ? nil : scanner.calibration?.calibration
      maxEValue =
        calibrating
        ? Double.greatestFiniteMagnitude
        : scanner.calibration == nil ? scanner.parameters.maxUncalibratedEValue : scanner.parameters.maxEValue
      notNullModel = mode.nullModel.map { model in { $0.model != model } }
    }

    /// The tokens of `segment` that count towards the transcript's total (each piece's own part, see
    /// `SegmentPieces`), counted one piece at a time.
    public static func tokenCount(of segment: TranscriptSegment) -> Int {
      pieces(of: segment).reduce(0) { $0 + tokenCount(of: segment, piece: $1) }
    }

    /// The passages of one segment, scanned a piece at a time; what is found so far when `isCancelled` says so.
    public func passages(of whole: TranscriptSegment, isCancelled: () -> Bool) throws(IndexError) -> [Passage] {
      var collected: [Passage] = []
      var cover = CutFragments()
      for piece in Self.pieces(of: whole) {
        if isCancelled() { break }
        collected += try passages(of: whole, piece: piece, isCancelled: isCancelled).filter {
          cover.admits(kind: $0.kind, end: $0.range.utf8End)
        }
        cover.endPiece()
      }
      return collected
    }

    /// The candidates of one piece of a segment (or of a whole short one), whose tokens are `tokens`: its passages
    /// at the threshold of `searchTokens`, common text included (`reported(_:of:)` makes them the scan's).
    func passages(
      ofPiece segment: TranscriptSegment, tokens: [Token], isCancelled: () -> Bool
    ) throws(IndexError) -> [Passage] {
      let parameters = scanner.parameters
      let terms = tokens.map(\.term)
      let context = SegmentContext(segment: segment, tokens: tokens)
      var passages: [Passage] = []
      if parameters.kinds.contains(.echo) || parameters.kinds.contains(.commonText) {
        let panel = scanner.panel
        let mode = self.mode
        let referenceLookup = self.referenceLookup
        let (scale, backgroundScale, panelAnsweredPrompt) = scales(for: segment)
        let distribution = scale.calibration
        var finder = EchoFinder(
          lookup: referenceLookup, parameters: parameters, queryTokensForEValue: searchTokens, scale: scale,
          maxEValue: maxEValue)
        finder.layoutTokens = ListMarkers.mask(tokens: tokens, text: segment.text)
        // Tokenised once for both finders; the reference's finder also weighs the reference's prompt words by it.
        let promptTerms = segment.prompt.map { Tokenizer.terms($0) }
        finder.transcriptPromptTerms = promptTerms
        // What the user dictated, for the prompt-dictation discount: the conversation's earlier user turns too.
        let dictatingTerms = segment.earlierPrompts.flatMap { Tokenizer.terms($0) } + (promptTerms ?? [])
        let panelWeights = { () -> [Double]? in
          var weights =
            segment.prompt.flatMap { prompt in
              panel?.weights(
                terms: terms, prompt: prompt, excludingModel: mode.nullModel, seedLength: referenceLookup.seedLength)
            } ?? [Double](repeating: 1, count: tokens.count)
          for (i, token) in tokens.enumerated() where token.utf8End - token.utf8Start == 1 {
            weights[i] *= SignificanceModel.singleCharacterWeight
          }
          return weights
        }
        let found = try finder.matches(
          terms: terms, promptTerms: dictatingTerms, panelWeights: panelWeights, isCancelled: isCancelled)
        var backgroundMatches: [EchoMatch] = []
        let backgroundMaxEValue = max(maxEValue, 1)
        if let backgroundLookup, let backgroundScale, !found.isEmpty {
          var loose = parameters
          loose.minSimilarity = min(parameters.minSimilarity, 0.5)
          var backgroundFinder = EchoFinder(
            lookup: backgroundLookup, parameters: loose, queryTokensForEValue: searchTokens, scale: backgroundScale,
            maxEValue: backgroundMaxEValue)
          backgroundFinder.acceptsDocument = notNullModel
          backgroundFinder.layoutTokens = finder.layoutTokens
          backgroundMatches = try backgroundFinder.matches(
            terms: terms, promptTerms: dictatingTerms, panelWeights: { () -> [Double]? in nil },
            isCancelled: isCancelled)
        }
        passages += try PassageAssembler(
          context: context, references: referenceLookup, background: backgroundLookup,
          backgroundScale: backgroundScale, queryTokensForEValue: searchTokens,
          backgroundMaxEValue: backgroundMaxEValue,
          kinds: parameters.kinds.union([.commonText]),
          parameters: parameters, calibration: null, distribution: distribution,
          panelAnsweredPrompt: panelAnsweredPrompt, panel: panel, nullModel: mode.nullModel
        ).passages(from: found, backgroundMatches: backgroundMatches)
      }
      if parameters.kinds.contains(.selfIdentification) {
        for claim in scanner.identities.claims(in: terms) {
          let range = context.rawRange(tokens: claim.tokenRange)
          passages.append(
            Passage(
              id: PassageID.make(kind: .selfIdentification, range: range, reference: claim.identity.maker),
              kind: .selfIdentification, strength: .strong, range: range, role: segment.role,
              text: context.text(tokens: claim.tokenRange), best: nil, alternatives: [], background: nil,
              identity: claim.identity))
        }
      }
      return passages
    }

    /// The scan's result from every segment's passages, in segment order: the passage limit, order and coverage.
    ///
    /// - Throws: `IndexError` when an index was found damaged, or changed on disk, during the scan (met where it
    ///   could not be thrown at once, or files overwritten in place).
    public func finish(_ passages: [Passage], transcript: Transcript, tokenCount: Int) throws(IndexError) -> ScanResult
    {
      try throwIfDamaged()
      return scanner.finish(passages, transcript: transcript, tokenCount: tokenCount)
    }

    /// Throws the damage this scan met where it could not throw (term statistics), or the indexes' change on disk;
    /// a scan whose pieces were found by several segment scans asks each of them.
    public func throwIfDamaged() throws(IndexError) {
      if let damage = referenceLookup.damage ?? backgroundLookup?.damage { throw damage }
      if let changed = scanner.references.changeError() ?? scanner.background?.changeError() { throw changed }
    }
  }

  /// Starts a scan of a transcript of `transcriptTokens` tokens, to be taken segment by segment.
  public func segmentScan(transcriptTokens: Int) -> SegmentScan {
    SegmentScan(scanner: self, mode: .normal, transcriptTokens: transcriptTokens)
  }
}
