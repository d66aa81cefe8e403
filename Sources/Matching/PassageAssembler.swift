import ReferenceIndex
import TextProcessing

/// Turns scored matches into passages: one per contiguous transcript region, its best reference, the references
/// that match almost as well, and whether the background explains it as common text.
struct PassageAssembler {
  let context: SegmentContext
  let references: ReferenceIndexLookup
  let background: ReferenceIndexLookup?
  /// The background's bits-to-E-value scale, the transcript tokens it counts and the E-value its matches must reach:
  /// a background match cut down to a passage's region (`EchoMatch.clipped(toQuery:scale:queryTokensForEValue:)`)
  /// must still reach it to explain the passage, as `EchoScanner.SegmentScan.reported(_:of:)` requires too.
  let backgroundScale: SignificanceScale?
  let queryTokensForEValue: Int
  let backgroundMaxEValue: Double
  let kinds: Set<FindingKind>
  let parameters: ScanParameters
  /// The null the E-values were calibrated against, for each match's basis (nil: uncalibrated).
  let calibration: NullCalibration?
  /// The part of it that applied to this segment.
  let distribution: NullDistribution?
  /// Whether the panel answered the segment's prompt (nil: the segment has none).
  let panelAnsweredPrompt: Bool?
  /// The panel, to ask in a segment without a prompt whether it answered the matched reference answer's prompt.
  let panel: SamePromptPanel?
  /// The model whose answer is being scanned as the null during calibration (its own answers do not count).
  let nullModel: String?
  /// A second reference is listed when it reaches this share of the best one's bits.
  static let alternativeShare = 0.8
  static let maxAlternatives = 4
  /// The background explains a passage when its best match reaches this share of the reference's bits.
  static let backgroundShare = 0.8

  func passages(from matches: [EchoMatch], backgroundMatches: [EchoMatch]) throws(IndexError) -> [Passage] {
    var groups: [(best: EchoMatch, others: [EchoMatch])] = []
    for match in matches.sorted(by: { $0.bits > $1.bits }) {
      if let g = groups.firstIndex(where: { $0.best.queryOverlap(with: match) >= 0.5 }) {
        let sameDocument = groups[g].best.shard == match.shard && groups[g].best.document == match.document
        if !sameDocument, match.bits >= Self.alternativeShare * groups[g].best.bits,
          groups[g].others.count < Self.maxAlternatives,
          !groups[g].others.contains(where: { $0.shard == match.shard && $0.document == match.document })
        {
          groups[g].others.append(match)
        }
        continue
      }
      if groups.contains(where: { $0.best.queryOverlap(with: match) > 0 }) { continue }
      // A transcript that repeats itself echoes one reference region many times; that is one piece of evidence.
      if groups.contains(where: { $0.best.referenceOverlap(with: match) >= 0.5 }) { continue }
      groups.append((match, []))
    }
    var out: [Passage] = []
    for group in groups {
      let best = try referenceMatch(group.best, lookup: references)
      let contrast = try self.contrast(for: group.best, model: best.model, among: matches)
      var alternatives: [ReferenceMatch] = []
      for other in group.others { alternatives.append(try referenceMatch(other, lookup: references)) }
      // The background's matches over this passage, each scored over the passage's own tokens only.
      let backgroundBest =
        backgroundMatches
        .filter { $0.queryOverlap(with: group.best) >= 0.5 }
        .compactMap { match in
          backgroundScale.flatMap {
            match.clipped(toQuery: group.best.queryRange, scale: $0, queryTokensForEValue: queryTokensForEValue)
          }
        }
        .filter { $0.eValue <= backgroundMaxEValue }
        .max(by: { $0.bits < $1.bits })
      var backgroundMatch: ReferenceMatch?
      if let backgroundBest, let background { backgroundMatch = try referenceMatch(backgroundBest, lookup: background) }
      let isCommon = (backgroundBest?.bits ?? -.infinity) >= Self.backgroundShare * group.best.bits
      let kind: FindingKind = isCommon ? .commonText : .echo
      guard kinds.contains(kind) else { continue }
      let range = context.rawRange(tokens: group.best.queryRange)
      var strength =
        isCommon ? EvidenceStrength.weak : EvidenceStrength(eValue: best.eValue, basis: best.significance)
      if contrast?.isNearlyAsGood == true { strength = strength.weaker }
      out.append(
        Passage(
          id: PassageID.make(kind: kind, range: range, reference: best.documentID), kind: kind,
          strength: strength, range: range, role: context.segment.role,
          text: context.text(tokens: group.best.queryRange), best: best, alternatives: alternatives,
          background: backgroundMatch, identity: nil, contrast: contrast))
    }
    return out
  }

  /// The strongest match over the same region by a reference of another model group than `model`'s.
  func contrast(for best: EchoMatch, model: String, among matches: [EchoMatch]) throws(IndexError) -> ModelContrast? {
    let bestGroup = parameters.group(of: model)
    var winner: (match: EchoMatch, document: ReferenceDocument, group: String)?
    for match in matches where match.queryOverlap(with: best) >= 0.5 && match.bits > (winner?.match.bits ?? 0) {
      let document = try references.document(shard: match.shard, number: match.document).document
      let group = parameters.group(of: document.model)
      if group != bestGroup { winner = (match, document, group) }
    }
    guard let winner, best.bits > 0 else { return nil }
    return ModelContrast(
      model: winner.group, documentID: winner.document.id, bits: winner.match.bits,
      share: min(1, winner.match.bits / best.bits))
  }

  /// The public form of a match: reference metadata, excerpt and alignment runs in byte ranges.
  func referenceMatch(_ match: EchoMatch, lookup: ReferenceIndexLookup) throws(IndexError) -> ReferenceMatch {
    let document = try lookup.document(shard: match.shard, number: match.document)
    let refTokens = try document.tokens(upTo: match.referenceRange.upperBound)
    let refStart = Int(refTokens[match.referenceRange.lowerBound].utf8Start)
    let refEnd = Int(refTokens[match.referenceRange.upperBound - 1].utf8End)
    let excerpt = String(decoding: document.document.text[refStart..<refEnd], as: UTF8.self)
    return ReferenceMatch(
      documentID: document.document.id, model: document.document.model, source: document.document.source,
      prompt: document.document.prompt, indexIdentity: lookup.set.shards[match.shard].identity,
      documentNumber: match.document,
      referenceRange: ByteRange(utf8Start: refStart, utf8End: refEnd), referenceExcerpt: excerpt,
      transcriptRange: context.rawRange(tokens: match.queryRange), similarity: match.similarity,
      longestVerbatimRun: match.longestRun, tokenCount: match.tokenCount, bits: match.bits, eValue: match.eValue,
      significance: lookup === references
        ? significanceBasis(of: match, answering: document.document.prompt) : .uncalibrated,
      alignment: spans(match.columns, referenceTokens: refTokens))
  }

  /// What a reference match's E-value rests on: the null, and whether the panel answered the prompt the text
  /// answers, the segment's own or, without one, that of the reference answer it echoes (`referencePrompt`).
  func significanceBasis(of match: EchoMatch, answering referencePrompt: String?) -> SignificanceBasis {
    var answered = panelAnsweredPrompt
    var checked = SignificanceBasis.CheckedPrompt.transcript
    if answered == nil, calibration != nil, let referencePrompt {
      answered = (panel?.answerCount(prompt: referencePrompt, excludingModel: nullModel) ?? 0) > 0
      checked = .reference
    }
    return SignificanceBasis(
      bits: match.bits, calibration: calibration, distribution: distribution, panelAnsweredPrompt: answered,
      checkedPrompt: checked)
  }

  /// Groups alignment columns into runs of one kind with their byte ranges on both sides.
  func spans(_ columns: [TokenAligner.Column], referenceTokens: [Token]) -> [AlignmentSpan] {
    var spans: [AlignmentSpan] = []
    var i = 0
    var lastQuery = -1
    var lastReference = -1
    while i < columns.count {
      let kind = Self.kind(columns[i])
      var queryIndices: [Int] = []
      var referenceIndices: [Int] = []
      var j = i
      while j < columns.count, Self.kind(columns[j]) == kind {
        switch columns[j] {
        case .equal(let q, let r), .substitute(let q, let r):
          queryIndices.append(q)
          referenceIndices.append(r)
        case .insert(let q):
          queryIndices.append(q)
        case .delete(let r):
          referenceIndices.append(r)
        }
        j += 1
      }
      let transcript =
        queryIndices.isEmpty
        ? context.rawPoint(before: lastQuery + 1)
        : context.rawRange(tokens: queryIndices.first!..<(queryIndices.last! + 1))
      let reference: ByteRange
      if let first = referenceIndices.first, let last = referenceIndices.last {
        reference = ByteRange(
          utf8Start: Int(referenceTokens[first].utf8Start), utf8End: Int(referenceTokens[last].utf8End))
      } else {
        let point = lastReference >= 0 ? Int(referenceTokens[lastReference].utf8End) : 0
        reference = ByteRange(utf8Start: point, utf8End: point)
      }
      if let q = queryIndices.last { lastQuery = q }
      if let r = referenceIndices.last { lastReference = r }
      spans.append(
        AlignmentSpan(
          kind: kind, transcript: transcript, reference: reference,
          tokenCount: max(queryIndices.count, referenceIndices.count)))
      i = j
    }
    return spans
  }

  static func kind(_ column: TokenAligner.Column) -> AlignmentSpan.Kind {
    switch column {
    case .equal: .equal
    case .substitute: .substitute
    case .insert: .insert
    case .delete: .delete
    }
  }
}
